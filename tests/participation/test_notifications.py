import io
from unittest import mock
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.template.loader import render_to_string
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import translation
from django_tasks import default_task_backend
from wagtail.models import Locale

from participation import notifications, services
from participation.models import (
    Follow,
    ModerationMode,
    Notification,
    NotificationKind,
    NotificationPreference,
    PhaseNotice,
    PhaseType,
)
from participation.tasks import send_notification_email
from tests.cms.factories import create_project
from tests.participation.conftest import RUNDDEL, days

pytestmark = pytest.mark.django_db


def submit(project, author, **kwargs):
    fields = {"title": "Flere træer", "description": "Plant træer ved Runddelen.", "latitude": RUNDDEL[0]}
    fields["longitude"] = RUNDDEL[1]
    fields.update(kwargs)
    return services.idea_submit(project=project, author=author, **fields)


@pytest.fixture
def idea(project, citizen):
    return submit(project, citizen)


@pytest.fixture
def neighbour(django_user_model):
    return django_user_model.objects.create_user(email="hanne@example.dk", password="pw")


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what services leave for after the commit (notifications, then the e-mail tasks) at once."""

    def run(function, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(**kwargs)

    return run


def answer(committed, idea, tmf, by, status="considering", text="Vi ser på det."):
    return committed(services.idea_answer, idea=idea, status=status, text=text, administration=tmf, by=by)


def told(user) -> list[Notification]:
    return list(Notification.objects.filter(user=user))


def mails_to(user) -> list:
    return [message for message in mail.outbox if message.to == [user.email]]


def english(path_name: str, **kwargs) -> str:
    with translation.override("en"):
        return reverse(path_name, kwargs=kwargs)


class TestFollow:
    def test_submitting_an_idea_makes_its_author_follow_it(self, idea, citizen):
        """The author of a new idea follows it, without doing anything."""
        assert notifications.is_following(user=citizen, idea=idea)

    def test_following_twice_is_one_follow(self, project, other_citizen):
        """Following a project again changes nothing; unfollowing ends it."""
        notifications.follow(user=other_citizen, project=project)
        notifications.follow(user=other_citizen, project=project)
        assert Follow.objects.filter(user=other_citizen).count() == 1
        assert notifications.unfollow(user=other_citizen, project=project)
        assert not notifications.is_following(user=other_citizen, project=project)

    def test_following_remembers_the_language(self, project, other_citizen):
        """The language a person follows in is the language of their e-mails; an unknown one is ignored."""
        notifications.follow(user=other_citizen, project=project, language="en")
        assert NotificationPreference.objects.get(user=other_citizen).language == "en"
        notifications.remember_language(user=other_citizen, language="xx")
        assert NotificationPreference.objects.get(user=other_citizen).language == "en"


class TestAnswerNotifications:
    def test_author_and_followers_are_told_once_each_but_not_the_case_officer(
        self, committed, idea, tmf, project, citizen, other_citizen, neighbour, case_officer
    ):
        """An answer reaches the author, the idea's and the project's followers once each, in the site and by
        e-mail; the case officer who answered is not told, even though she follows the idea."""
        notifications.follow(user=other_citizen, idea=idea)
        notifications.follow(user=other_citizen, project=project)
        notifications.follow(user=neighbour, project=project)
        notifications.follow(user=case_officer, idea=idea)

        answer(committed, idea, tmf, by=case_officer)

        for person in (citizen, other_citizen, neighbour):
            assert [n.kind for n in told(person)] == [NotificationKind.ANSWERED]
            assert len(mails_to(person)) == 1
        assert told(case_officer) == [] and mails_to(case_officer) == []
        assert len(mail.outbox) == 3

    def test_a_person_who_turned_email_off_is_told_only_in_the_site(
        self, committed, idea, tmf, citizen, other_citizen, case_officer
    ):
        """With e-mails off (all, or only those about answers) the in-site notification still comes."""
        notifications.follow(user=other_citizen, idea=idea)
        NotificationPreference.objects.update_or_create(user=other_citizen, defaults={"email_enabled": False})
        NotificationPreference.objects.update_or_create(user=citizen, defaults={"email_answers": False})

        answer(committed, idea, tmf, by=case_officer)

        assert len(told(other_citizen)) == 1 and len(told(citizen)) == 1
        assert mail.outbox == []

    def test_the_email_is_in_the_recipients_language(self, committed, idea, tmf, citizen, other_citizen, case_officer):
        """Amira chose English: her subject and text are English and her links go to /en/; Jens's are Danish."""
        notifications.remember_language(user=citizen, language="en")
        notifications.follow(user=other_citizen, idea=idea, language="da")

        answer(committed, idea, tmf, by=case_officer)

        (amira,) = mails_to(citizen)
        assert amira.subject == "“Flere træer” has been answered: Under consideration."
        assert "You get this e-mail because you wrote this idea." in amira.body
        assert "Vi ser på det." in amira.body
        assert f"/en/ideer/{idea.pk}/" in amira.body
        html, mimetype = amira.alternatives[0]
        assert mimetype == "text/html" and '<html lang="en">' in html
        (jens,) = mails_to(other_citizen)
        assert "Under overvejelse" in jens.subject
        assert f"/da/ideer/{idea.pk}/" in jens.body

    def test_every_email_has_a_one_click_unsubscribe(self, committed, idea, tmf, citizen, case_officer):
        """Each e-mail carries the unsubscribe link in its text and in the RFC 8058 headers."""
        answer(committed, idea, tmf, by=case_officer)
        (message,) = mails_to(citizen)
        link = message.extra_headers["List-Unsubscribe"].strip("<>")
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert link in message.body and link.startswith("http")

    def test_a_rolled_back_answer_sends_nothing(self, django_capture_on_commit_callbacks, idea, tmf, case_officer):
        """When the transaction around an answer is rolled back, no one is told anything."""
        with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
            services.idea_answer(idea=idea, status="considering", text="Vi ser på det.", administration=tmf)
            raise RuntimeError("rolled back")
        assert not Notification.objects.exists()
        assert mail.outbox == []

    def test_a_new_status_is_a_status_change_and_the_same_answer_again_is_nothing(
        self, committed, idea, tmf, citizen, case_officer
    ):
        """After the first answer, a new status tells people "status changed"; saving the same answer tells no one."""
        answer(committed, idea, tmf, by=case_officer)
        answer(committed, idea, tmf, by=case_officer)
        answer(committed, idea, tmf, by=case_officer, status="planned", text="Det er planlagt.")
        assert [n.kind for n in told(citizen)] == [NotificationKind.STATUS_CHANGED, NotificationKind.ANSWERED]
        with translation.override("en"):
            assert told(citizen)[0].text() == "The status of “Flere træer” is now: Already planned."

    def test_the_email_is_sent_by_the_task(self, committed, idea, tmf, citizen, case_officer):
        """The request only enqueues `send_notification_email`; the task sends the e-mail, and only once."""
        with override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}):
            answer(committed, idea, tmf, by=case_officer)
            (result,) = default_task_backend.results
        (notification,) = told(citizen)
        assert result.task.func is send_notification_email.func
        assert result.kwargs == {"notification_id": notification.pk}
        assert mail.outbox == []

        assert send_notification_email.call(**result.kwargs) is True
        assert send_notification_email.call(**result.kwargs) is False
        assert len(mails_to(citizen)) == 1


class TestModerationNotifications:
    def test_hiding_tells_the_author_why_and_followers_without_the_title(
        self, committed, idea, citizen, other_citizen, case_officer
    ):
        """The author learns that and why the idea was hidden; a follower learns only that an idea they follow
        was hidden (the title may be the reason it was hidden)."""
        notifications.follow(user=other_citizen, idea=idea)
        committed(services.moderate, target=idea, visibility="hidden", reason="Personoplysninger", by=case_officer)

        (author_mail,) = mails_to(citizen)
        assert "Personoplysninger" in author_mail.body
        (follower_note,) = told(other_citizen)
        assert "Flere træer" not in follower_note.text()
        assert "Personoplysninger" not in mails_to(other_citizen)[0].body

    def test_approving_a_waiting_idea_tells_its_author(self, committed, project, citizen, case_officer):
        """Under pre-moderation, the author is told when the idea is approved; approving again tells no one."""
        project.moderation_mode = ModerationMode.PRE
        project.save()
        idea = submit(project, citizen)
        committed(services.moderate, target=idea, visibility="published", by=case_officer)
        committed(services.moderate, target=idea, visibility="published", by=case_officer)
        assert [n.kind for n in told(citizen)] == [NotificationKind.APPROVED]

    def test_merging_tells_the_duplicates_people_who_then_follow_the_kept_idea(
        self, committed, project, idea, citizen, other_citizen, neighbour, case_officer
    ):
        """The author and followers of a merged duplicate are told, with a link to the kept idea, and follow it."""
        duplicate = submit(project, other_citizen, title="Træer på Runddelen")
        notifications.follow(user=neighbour, idea=duplicate)
        committed(services.idea_merge, duplicate=duplicate, keep=idea, by=case_officer)

        for person in (other_citizen, neighbour):
            (note,) = told(person)
            assert note.kind == NotificationKind.MERGED
            with translation.override("en"):
                assert note.text() == "“Træer på Runddelen” has been merged with “Flere træer”."
            assert note.url.endswith(f"/ideer/{idea.pk}/")
            assert notifications.is_following(user=person, idea=idea)
        assert told(citizen) == []


class TestHiddenComments:
    def test_hiding_a_comment_tells_its_author_why(self, committed, idea, other_citizen, case_officer):
        """The author of a hidden comment is told in the site and by e-mail, with the reason and a link to it."""
        comment = services.comment_create(idea=idea, author=other_citizen, text="Skriv til mig på 12345678")
        committed(services.moderate, target=comment, visibility="hidden", reason="Telefonnummer", by=case_officer)

        (note,) = told(other_citizen)
        assert note.kind == NotificationKind.COMMENT_HIDDEN
        assert note.url.endswith(f"/ideer/{idea.pk}/#kommentar-{comment.pk}")
        with translation.override("en"):
            assert note.text() == "Your comment on “Flere træer” has been hidden. The idea's page says why."
        (message,) = mails_to(other_citizen)
        assert "Telefonnummer" in message.body
        assert "Telefonnummer" in message.alternatives[0][0]
        assert told(case_officer) == []

    @override_settings(PARTICIPATION_AUTO_HIDE_REPORTS=2)
    def test_a_comment_hidden_by_reports_tells_its_author_once(
        self, committed, idea, citizen, other_citizen, neighbour
    ):
        """When reports hide a comment automatically, its author hears it once, and a third report tells nobody."""
        comment = services.comment_create(idea=idea, author=other_citizen, text="Dumme forslag")
        committed(services.report_create, reporter=citizen, reason="Grimt sprog", comment=comment)
        assert told(other_citizen) == []
        committed(services.report_create, reporter=neighbour, reason="Chikane", comment=comment)
        (note,) = told(other_citizen)
        assert note.kind == NotificationKind.COMMENT_HIDDEN
        assert "Skjult automatisk efter flere anmeldelser" in mails_to(other_citizen)[0].body

    @override_settings(PARTICIPATION_AUTO_HIDE_REPORTS=2)
    def test_an_idea_hidden_by_reports_tells_its_author(self, committed, idea, citizen, other_citizen, neighbour):
        """Reports that hide an idea automatically tell its author, who can then see why on its page."""
        committed(services.report_create, reporter=other_citizen, reason="Reklame", idea=idea)
        committed(services.report_create, reporter=neighbour, reason="Reklame", idea=idea)
        (note,) = told(citizen)
        assert note.kind == NotificationKind.HIDDEN
        assert note.url.endswith(f"/ideer/{idea.pk}/")


class TestUnsubscribe:
    def test_one_click_post_works_without_signing_in_or_csrf_token(self, committed, idea, tmf, citizen, case_officer):
        """A mail client's one-click POST to the List-Unsubscribe link turns e-mails off, with no session or token."""
        answer(committed, idea, tmf, by=case_officer)
        link = mails_to(citizen)[0].extra_headers["List-Unsubscribe"].strip("<>")
        client = Client(enforce_csrf_checks=True)

        assert client.get(urlsplit(link).path).status_code == 200
        assert NotificationPreference.objects.get(user=citizen).email_enabled  # GET only asks

        response = client.post(urlsplit(link).path, data="List-Unsubscribe=One-Click", content_type="text/plain")
        assert response.status_code == 200
        assert not NotificationPreference.objects.get(user=citizen).email_enabled

    def test_the_confirm_page_unsubscribes_with_its_button(self, citizen):
        """A person who opens the link sees what will happen and stops the e-mails with one button."""
        url = english("participation:unsubscribe", token=notifications.unsubscribe_token(citizen))
        page = Client().get(url).content.decode()
        assert "Stop e-mails from Sammen om byen?" in page and "a•••@example.dk" in page
        done = Client(enforce_csrf_checks=True).post(url).content.decode()
        assert "You will get no more e-mails" in done

    def test_a_tampered_token_gets_a_clear_page_not_an_error(self, citizen):
        """A changed or cut-off token is refused with a page that says the link does not work (400, not 500)."""
        token = notifications.unsubscribe_token(citizen)
        for bad in (token[:-1] + ("A" if token[-1] != "A" else "B"), token[:10], "nonsense"):
            url = english("participation:unsubscribe", token=bad)
            for response in (Client().get(url), Client(enforce_csrf_checks=True).post(url)):
                assert response.status_code == 400
                assert "This link does not work" in response.content.decode()
        assert not NotificationPreference.objects.filter(user=citizen, email_enabled=False).exists()

    def test_an_expired_token_says_so(self, citizen):
        """A link older than a year no longer works, and the page says it is too old."""
        with mock.patch("django.core.signing.time.time", return_value=1_000_000_000):
            token = notifications.unsubscribe_token(citizen)
        response = Client().post(english("participation:unsubscribe", token=token))
        assert response.status_code == 400
        assert "too old" in response.content.decode()


class TestFollowEndpoints:
    def test_following_needs_sign_in_and_a_post(self, client, project, idea, other_citizen):
        """Anonymous visitors are sent to sign in and nothing is followed; a GET is refused (405)."""
        for name, pk in (("follow_project", project.pk), ("follow_idea", idea.pk)):
            url = reverse(f"participation:{name}", kwargs={"pk": pk})
            response = client.post(url, {"next": project.url})
            assert response.status_code == 302 and reverse("account_login") in response["Location"]
            client.force_login(other_citizen)
            assert client.get(url).status_code == 405
            client.logout()
        assert not Follow.objects.filter(user=other_citizen).exists()

    def test_follow_and_unfollow_go_back_with_a_message(self, client, project, idea, other_citizen):
        """A signed-in person follows and unfollows a project and an idea, and returns to the page with a message."""
        client.force_login(other_citizen)
        for target, kwargs in (("project", {"project": project}), ("idea", {"idea": idea})):
            pk = kwargs[target].pk
            response = client.post(reverse(f"participation:follow_{target}", kwargs={"pk": pk}), {"next": project.url})
            assert response.status_code == 302 and response["Location"] == project.url
            assert notifications.is_following(user=other_citizen, **kwargs)
            response = client.post(
                reverse(f"participation:unfollow_{target}", kwargs={"pk": pk}), {"next": "https://evil.example/"}
            )
            assert response.status_code == 302 and not response["Location"].startswith("https://evil")
            assert not notifications.is_following(user=other_citizen, **kwargs)

    def test_a_hidden_idea_of_someone_else_cannot_be_followed(self, client, committed, idea, other_citizen):
        """Only ideas the person can see can be followed."""
        committed(services.moderate, target=idea, visibility="hidden", reason="Spam")
        client.force_login(other_citizen)
        assert client.post(reverse("participation:follow_idea", kwargs={"pk": idea.pk})).status_code == 404


class TestPages:
    def test_the_list_shows_new_notifications_once_and_marks_them_read(
        self, client, committed, idea, tmf, citizen, case_officer
    ):
        """The list shows the notification as new the first time, and marks it read."""
        answer(committed, idea, tmf, by=case_officer)
        client.force_login(citizen)
        url = english("participation:notifications")
        first = client.get(url).content.decode()
        assert "“Flere træer” has been answered: Under consideration." in first and "New" in first
        assert not Notification.objects.filter(user=citizen, read_at__isnull=True).exists()
        assert ">New<" not in client.get(url).content.decode()

    def test_the_list_needs_sign_in(self, client):
        """Anonymous visitors are sent to sign in."""
        response = client.get(reverse("participation:notifications"))
        assert response.status_code == 302 and reverse("account_login") in response["Location"]

    @pytest.mark.parametrize("count", [1, 50])
    def test_the_list_costs_the_same_queries_for_1_and_50(
        self, client, django_assert_max_num_queries, project, idea, citizen, count
    ):
        """With one notification or fifty (a full page of twenty), the list costs the same number of queries."""
        Notification.objects.bulk_create(
            Notification(user=citizen, kind=NotificationKind.ANSWERED, idea=idea, project=project, url="/")
            for _ in range(count)
        )
        client.force_login(citizen)
        with django_assert_max_num_queries(18):  # the page chrome included: header, footer links, userbar
            assert client.get(reverse("participation:notifications")).status_code == 200

    def test_settings_are_saved(self, client, citizen):
        """A person turns e-mails about phases off and chooses English."""
        client.force_login(citizen)
        url = reverse("participation:notification_settings")
        assert client.get(url).status_code == 200
        data = {"email_enabled": "on", "email_answers": "on", "email_moderation": "on", "language": "en"}
        assert client.post(url, data).status_code == 302
        preference = NotificationPreference.objects.get(user=citizen)
        assert preference.email_enabled and not preference.email_phases and preference.language == "en"


class TestPhaseCommand:
    def test_followers_are_told_once_even_if_the_command_runs_twice(
        self, django_capture_on_commit_callbacks, project, other_citizen, neighbour
    ):
        """The review phase starting on its day is announced to the project's followers once, however often it runs."""
        notifications.follow(user=other_citizen, project=project)
        notifications.follow(user=neighbour, project=project)
        NotificationPreference.objects.update_or_create(user=neighbour, defaults={"email_phases": False})
        out = io.StringIO()
        for _run in range(2):
            with django_capture_on_commit_callbacks(execute=True):
                call_command("notify_phase_changes", date=days(11).isoformat(), stdout=out)

        assert [n.kind for n in told(other_citizen)] == [NotificationKind.PHASE_STARTED]
        assert len(told(neighbour)) == 1
        assert len(mail.outbox) == 1 and mail.outbox[0].to == [other_citizen.email]
        assert PhaseNotice.objects.count() == 1
        output = out.getvalue()
        assert "2 follower(s) notified" in output and "already announced" in output

    def test_today_by_default_and_each_follower_in_their_own_language(
        self, django_capture_on_commit_callbacks, project_index, tmf, other_citizen, neighbour
    ):
        """Without --date, phases starting today are announced; the follower of the English page is sent to it
        and told the English phase title, the follower of the Danish page the Danish one, and no one twice."""
        project = create_project(
            project_index, title="Ny hal", administration=tmf, phases=[(PhaseType.IDEAS, days(0), days(5))]
        )
        en = Locale.objects.get_or_create(language_code="en")[0]
        english_page = project.copy_for_translation(en, copy_parents=True)
        english_page.title = "New hall"
        english_page.save_revision().publish()
        english_page.refresh_from_db()
        english_phase = english_page.phases.get()
        english_phase.title = "Ideas wanted"
        english_phase.save()
        notifications.follow(user=other_citizen, project=project)
        notifications.follow(user=neighbour, project=english_page, language="en")

        with django_capture_on_commit_callbacks(execute=True):
            call_command("notify_phase_changes", stdout=io.StringIO())

        (danish,) = told(other_citizen)
        (english,) = told(neighbour)
        assert danish.project_id == project.pk and english.project_id == english_page.pk
        assert english.url.startswith("/en/")
        with translation.override("en"):
            assert english.text() == "New hall has entered a new phase: Ideas wanted."
        assert "Ideas wanted" in mails_to(neighbour)[0].subject
        assert PhaseNotice.objects.count() == 1

    def test_a_bad_date_is_refused(self):
        """--date must be a date."""
        with pytest.raises(Exception, match="YYYY-MM-DD"):
            call_command("notify_phase_changes", date="tomorrow", stdout=io.StringIO())


class TestFollowButton:
    def test_the_include_posts_to_follow_or_stop_following(self, rf, project, idea, other_citizen):
        """The follow button posts to "follow" when the person does not follow yet, else to "stop following"."""
        request = rf.get("/da/ideer/1/")
        request.user = other_citizen
        template = "participation/notifications/follow_button.html"
        html = render_to_string(template, {"project": project, "following": False}, request=request)
        assert f'action="{reverse("participation:follow_project", kwargs={"pk": project.pk})}"' in html
        html = render_to_string(template, {"idea": idea, "following": True}, request=request)
        assert f'action="{reverse("participation:unfollow_idea", kwargs={"pk": idea.pk})}"' in html
        assert 'name="next" value="/da/ideer/1/"' in html
