"""When a proposal of a citizens' budget grows from ideas: their authors are told, and the idea page links it.

The budgeting services call `participation.notifications.notify_proposal_made` once the proposal is committed,
with the proposal's title and the address of its page in each language (participation does not import budgeting).
After the vote, committee decisions, implementation status changes and updates reach everyone concerned with the
proposal (`notify_about_proposal`), at once or in a weekly e-mail (`participation.digests`).
"""

import datetime
import io
import math

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import default_task_backend
from wagtail.models import Locale

from budgeting import services as budget_services
from budgeting.models import BallotType, ProposalFollow, WinnerRule
from budgeting.services.announce import announce_proposal_event
from budgeting.tasks import fan_out_proposal_event
from participation import notifications, services
from participation.digests import send_digests
from participation.models import EmailFrequency, Notification, NotificationKind, NotificationPreference, Visibility
from participation.tasks import send_notification_email, send_notification_emails, send_weekly_digests
from tests.participation.conftest import RUNDDEL

pytestmark = pytest.mark.django_db


def submit(project, author, title, **kwargs):
    return services.idea_submit(
        project=project,
        author=author,
        title=title,
        description="Gerne.",
        latitude=RUNDDEL[0],
        longitude=RUNDDEL[1],
        **kwargs,
    )


def told(user) -> list[Notification]:
    return list(Notification.objects.filter(user=user, kind=NotificationKind.PROPOSAL_MADE))


def mails_to(user) -> list:
    return [message for message in mail.outbox if message.to == [user.email]]


def page_of(proposal, language: str) -> str:
    with translation.override(language):
        return reverse("budgeting:proposal_detail", kwargs={"pk": proposal.pk})


@pytest.fixture
def budget_round(project):
    """A round on the ideas project itself (its ideas phase runs today; it has no voting phase yet)."""
    return budget_services.round_create(
        project=project,
        title="Borgerbudget Nørrebro",
        total_budget=1_000_000,
        ballot_type=BallotType.KNAPSACK,
        winner_rule=WinnerRule.MES,
    )


@pytest.fixture
def grow(django_capture_on_commit_callbacks, budget_round, case_officer):
    """Make a proposal from ideas as the case officer, running what waits for the commit (notifications, e-mails)."""

    def run(ideas, title="Træer og bænke ved Runddelen", by=case_officer):
        with django_capture_on_commit_callbacks(execute=True):
            return budget_services.proposal_from_ideas(
                round=budget_round,
                ideas=ideas,
                title=title,
                cost=300_000,
                administration=budget_round.project.administration,
                by=by,
            )

    return run


class TestAuthorsAreTold:
    def test_each_author_is_told_once_in_the_site_and_by_email(self, grow, project, citizen, other_citizen):
        """Amira wrote two of the ideas and Jens one: each gets one notification and one e-mail, which names their
        idea and the proposal and links to the proposal's page."""
        ideas = [
            submit(project, citizen, "Flere træer"),
            submit(project, other_citizen, "Bænke"),
            submit(project, citizen, "Skygge"),
        ]
        proposal = grow(ideas)

        (amira,) = told(citizen)
        assert amira.idea_id == ideas[0].pk and amira.url == page_of(proposal, "da")
        with translation.override("en"):
            assert amira.text() == "Your idea “Flere træer” is now part of the proposal “Træer og bænke ved Runddelen”."
        (jens,) = told(other_citizen)
        assert jens.idea_id == ideas[1].pk
        (message,) = mails_to(citizen)
        assert "Træer og bænke ved Runddelen" in message.subject
        assert f"http://127.0.0.1:8000{page_of(proposal, 'da')}" in message.body
        assert "List-Unsubscribe" in message.extra_headers
        assert len(mails_to(other_citizen)) == 1
        assert len(mail.outbox) == 2

    def test_the_staff_member_who_made_it_is_not_told(self, grow, project, citizen, case_officer):
        """A case officer who also wrote one of the ideas is not told about the proposal she made herself."""
        ideas = [submit(project, citizen, "Flere træer"), submit(project, case_officer, "Bænke")]
        grow(ideas, by=case_officer)
        assert len(told(citizen)) == 1
        assert told(case_officer) == [] and mails_to(case_officer) == []

    def test_the_email_is_sent_by_the_task_once(self, grow, project, citizen):
        """The commit only enqueues `send_notification_email`; the task sends the e-mail, and only once."""
        idea = submit(project, citizen, "Flere træer")
        with override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}):
            grow([idea])
            (result,) = default_task_backend.results
        (notification,) = told(citizen)
        assert result.task.func is send_notification_email.func
        assert result.kwargs == {"notification_id": notification.pk}
        assert mail.outbox == []
        assert send_notification_email.call(**result.kwargs) is True
        assert send_notification_email.call(**result.kwargs) is False
        assert len(mails_to(citizen)) == 1

    def test_the_answers_switch_governs_the_email(self, grow, project, citizen, other_citizen):
        """With e-mails about answers off (or all e-mails off) the author is told only in the site."""
        NotificationPreference.objects.update_or_create(user=citizen, defaults={"email_answers": False})
        NotificationPreference.objects.update_or_create(user=other_citizen, defaults={"email_enabled": False})
        grow([submit(project, citizen, "Flere træer"), submit(project, other_citizen, "Bænke")])
        assert len(told(citizen)) == 1 and len(told(other_citizen)) == 1
        assert mail.outbox == []

    def test_in_the_authors_language(self, grow, project, citizen):
        """Amira chose English: her e-mail is in English and links to the English proposal page."""
        idea = submit(project, citizen, "Flere træer")
        notifications.remember_language(user=citizen, language="en")
        proposal = grow([idea])
        (notification,) = told(citizen)
        assert notification.url == page_of(proposal, "en")
        (message,) = mails_to(citizen)
        assert message.subject == "Your idea “Flere træer” is now part of the proposal “Træer og bænke ved Runddelen”."
        assert "You get this e-mail because you wrote this idea." in message.body

    def test_more_ideas_later_tell_only_new_authors(
        self, grow, django_capture_on_commit_callbacks, project, citizen, other_citizen, case_officer
    ):
        """Linking more ideas to a proposal tells the authors not told about it before; saving the same ideas again
        tells no one."""
        first = submit(project, citizen, "Flere træer")
        proposal = grow([first])
        more = [first, submit(project, citizen, "Skygge"), submit(project, other_citizen, "Bænke")]
        for _ in range(2):
            with django_capture_on_commit_callbacks(execute=True):
                budget_services.proposal_update(proposal=proposal, ideas=more, by=case_officer)
        assert len(told(citizen)) == 1
        assert len(told(other_citizen)) == 1

    def test_a_rolled_back_proposal_tells_no_one(
        self, django_capture_on_commit_callbacks, budget_round, project, citizen
    ):
        idea = submit(project, citizen, "Flere træer")
        with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
            budget_services.proposal_from_ideas(
                round=budget_round, ideas=[idea], cost=10_000, administration=project.administration
            )
            raise RuntimeError("rolled back")
        assert told(citizen) == [] and mail.outbox == []

    def test_inactive_authors_are_not_told(self, grow, project, citizen):
        idea = submit(project, citizen, "Flere træer")
        citizen.is_active = False
        citizen.save()
        grow([idea])
        assert told(citizen) == []

    def test_the_notification_list_links_the_proposal(self, client, grow, project, citizen):
        proposal = grow([submit(project, citizen, "Flere træer")])
        client.force_login(citizen)
        with translation.override("en"):
            html = client.get(reverse("participation:notifications")).content.decode()
        assert f'<a href="{page_of(proposal, "da")}">' in html


class TestIdeaPage:
    def test_the_idea_page_links_its_proposals(self, client, grow, project, citizen):
        """An idea that is part of two proposals links both."""
        idea = submit(project, citizen, "Flere træer")
        first = grow([idea], title="Træer ved Runddelen")
        second = grow([idea], title="Skygge på Nørrebro")
        with translation.override("en"):
            html = client.get(idea.get_absolute_url()).content.decode()
        assert "This idea is part of the proposals" in html
        assert f'<a href="{page_of(first, "en")}">Træer ved Runddelen</a>' in html
        assert f'<a href="{page_of(second, "en")}">Skygge på Nørrebro</a>' in html

    def test_one_proposal_and_none(self, client, grow, project, citizen):
        idea = submit(project, citizen, "Flere træer")
        alone = submit(project, citizen, "Skygge")
        grow([idea])
        with translation.override("en"):
            assert "This idea is part of the proposal\n" in client.get(idea.get_absolute_url()).content.decode()
            assert "This idea is part of" not in client.get(alone.get_absolute_url()).content.decode()

    def test_a_proposal_of_an_unpublished_project_is_not_linked(self, client, grow, project, citizen, budget_round):
        """The proposal page of an unpublished project would be a 404, so the idea page does not link it."""
        idea = submit(project, citizen, "Flere træer")
        grow([idea])
        # The idea's page stays (ideas show on their own page); only the budget's page is gone.
        type(budget_round.project).objects.filter(pk=budget_round.project_id).update(live=False)
        with translation.override("en"):
            response = client.get(idea.get_absolute_url())
        assert response.status_code == 200
        assert "This idea is part of" not in response.content.decode()


# After the vote: committee decisions, implementation status and updates ------------------------------------
#
# The budgeting app calls `budgeting.services.announce.announce_proposal_event`; once committed, its task
# `fan_out_proposal_event` works out who is concerned and hands plain values to
# `participation.notifications.notify_about_proposal`.

DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
PROPOSAL_KINDS = (
    NotificationKind.PROPOSAL_DECIDED,
    NotificationKind.IMPLEMENTATION_STATUS,
    NotificationKind.IMPLEMENTATION_UPDATE,
)


def person(django_user_model, email: str, **kwargs):
    return django_user_model.objects.create_user(email=email, password="pw", **kwargs)


def told_about(user, kind=None) -> list[Notification]:
    kinds = [kind] if kind else PROPOSAL_KINDS
    return list(Notification.objects.filter(user=user, kind__in=kinds).order_by("pk"))


def insert_batches(count: int) -> int:
    """How many INSERTs Django needs for `count` notifications: one on PostgreSQL; on SQLite, batches of Django's
    fixed 999-parameter budget (`bulk_batch_size`), whatever the number of queries around them."""
    fields = [field for field in Notification._meta.concrete_fields if not field.primary_key]
    per_batch = max(connection.ops.bulk_batch_size(fields, [None] * count), 1)
    return math.ceil(count / per_batch)


@pytest.fixture
def announce(django_capture_on_commit_callbacks):
    """Announce an event of a proposal as the budgeting services do, and run what waits for the commit (the
    fan-out task, then the e-mail task: both run at once in tests)."""

    def run(proposal, kind=NotificationKind.PROPOSAL_DECIDED, detail="Approved with changes", by=None):
        with django_capture_on_commit_callbacks(execute=True):
            announce_proposal_event(proposal=proposal, kind=kind, detail=detail, by=by)

    return run


@pytest.fixture
def proposal(grow, project, citizen):
    """A proposal that grew from Amira's idea, which the case officer made (Amira is told, and her e-mail sent)."""
    made = grow([submit(project, citizen, "Flere træer")])
    mail.outbox.clear()
    return made


class TestWhoIsToldOfAProposalEvent:
    def test_followers_of_the_proposal_project_and_idea_and_the_idea_authors_are_told_once(
        self, announce, django_user_model, proposal, project, citizen
    ):
        """The proposal's follower, the project's follower, the idea's follower and the idea's author (who also
        follows the proposal and the project) are each told once, in the site and by one e-mail."""
        proposal_follower = person(django_user_model, "p@example.dk")
        project_follower = person(django_user_model, "projekt@example.dk")
        idea_follower = person(django_user_model, "ide@example.dk")
        bystander = person(django_user_model, "ingen@example.dk")
        ProposalFollow.objects.create(user=proposal_follower, proposal=proposal)
        ProposalFollow.objects.create(user=citizen, proposal=proposal)
        notifications.follow(user=project_follower, project=project)
        notifications.follow(user=citizen, project=project)
        notifications.follow(user=idea_follower, idea=proposal.ideas.get())

        announce(proposal)

        for user in (proposal_follower, project_follower, idea_follower, citizen):
            (notification,) = told_about(user)
            assert notification.kind == NotificationKind.PROPOSAL_DECIDED
            assert notification.url == page_of(proposal, "da")
            assert notification.detail == "Approved with changes"
            assert len(mails_to(user)) == 1
        assert told_about(bystander) == [] and mails_to(bystander) == []
        assert len(mail.outbox) == 4

    def test_the_follower_of_the_english_project_page_is_told(self, announce, django_user_model, proposal, project):
        """A project is followed in any of its languages: the follower of its English page is told too."""
        english_page = project.copy_for_translation(
            Locale.objects.get_or_create(language_code="en")[0], copy_parents=True
        )
        english_page.save_revision().publish()
        reader = person(django_user_model, "reader@example.dk")
        notifications.follow(user=reader, project=english_page, language="en")

        announce(proposal, kind=NotificationKind.IMPLEMENTATION_UPDATE, detail="")

        (notification,) = told_about(reader)
        assert notification.url == page_of(proposal, "en")
        (message,) = mails_to(reader)
        assert message.subject == "There is news about “Træer og bænke ved Runddelen”."

    def test_the_person_who_acted_and_inactive_people_are_not_told(
        self, announce, django_user_model, proposal, citizen, case_officer
    ):
        """The case officer who wrote the update follows the proposal but is not told; a closed account is not told."""
        gone = person(django_user_model, "gone@example.dk", is_active=False)
        for user in (case_officer, gone, citizen):
            ProposalFollow.objects.create(user=user, proposal=proposal)

        announce(proposal, kind=NotificationKind.IMPLEMENTATION_STATUS, detail="In progress", by=case_officer)

        assert told_about(case_officer) == [] and mails_to(case_officer) == []
        assert told_about(gone) == [] and mails_to(gone) == []
        assert len(told_about(citizen)) == 1

    def test_followers_of_a_hidden_idea_are_not_told_but_its_author_is(
        self, announce, django_user_model, proposal, citizen, case_officer
    ):
        """Once an idea is hidden its followers no longer see it, so they hear nothing of the proposal through it;
        its author still does."""
        idea_follower = person(django_user_model, "ide@example.dk")
        idea = proposal.ideas.get()
        notifications.follow(user=idea_follower, idea=idea)
        type(idea).objects.filter(pk=idea.pk).update(visibility=Visibility.HIDDEN, hidden_reason="Dublet")

        announce(proposal)

        assert told_about(idea_follower) == []
        assert len(told_about(citizen)) == 1

    def test_a_rolled_back_event_tells_no_one(self, django_capture_on_commit_callbacks, proposal, citizen):
        """A decision that is not committed is not announced."""
        with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
            announce_proposal_event(proposal=proposal, kind=NotificationKind.PROPOSAL_DECIDED, detail="Approved")
            raise RuntimeError("rolled back")
        assert told_about(citizen) == [] and mail.outbox == []

    def test_only_proposal_events_are_accepted(self, proposal):
        with pytest.raises(ValueError, match="not an event of a proposal"):
            announce_proposal_event(proposal=proposal, kind=NotificationKind.ANSWERED)
        with pytest.raises(ValueError, match="not an event of a proposal"):
            notifications.notify_about_proposal(
                kind=NotificationKind.PHASE_STARTED, proposal_title="x", urls={}, user_ids=[1]
            )


class TestFanOutAtScale:
    def fan_out(self, proposal, followers: int, django_user_model):
        users = django_user_model.objects.bulk_create(
            [django_user_model(email=f"f{proposal.pk}-{n}@example.dk", password="!") for n in range(followers)]
        )
        ProposalFollow.objects.bulk_create([ProposalFollow(user=user, proposal=proposal) for user in users])
        return users

    def test_the_same_queries_for_one_follower_as_for_five_hundred_and_one_mail_task(
        self, django_capture_on_commit_callbacks, django_assert_num_queries, django_user_model, grow, project, citizen
    ):
        """Telling 500 followers costs the queries of telling one (the notifications are inserted together; on
        SQLite Django splits the insert into its batches), and their e-mails are one queued task, not 500."""
        small = grow([submit(project, citizen, "Flere træer")], title="Lille")
        large = grow([submit(project, citizen, "Bænke")], title="Stor")
        self.fan_out(small, 1, django_user_model)
        self.fan_out(large, 500, django_user_model)
        mail.outbox.clear()
        arguments = {"kind": NotificationKind.PROPOSAL_DECIDED, "detail": "Approved", "by_id": None}

        with override_settings(TASKS=DUMMY_TASKS):
            with CaptureQueriesContext(connection) as one, django_capture_on_commit_callbacks(execute=True):
                assert fan_out_proposal_event.call(proposal_id=small.pk, **arguments) == 2  # the follower, the author
            extra = insert_batches(501) - insert_batches(2)
            with (
                django_assert_num_queries(len(one) + extra),
                django_capture_on_commit_callbacks(execute=True),
            ):
                assert fan_out_proposal_event.call(proposal_id=large.pk, **arguments) == 501
            queued = default_task_backend.results
        assert [result.task.func for result in queued] == [send_notification_emails.func] * 2
        assert len(queued[1].kwargs["notification_ids"]) == 501
        assert mail.outbox == []


class TestEmailsAreSentByTasks:
    def test_the_service_queues_the_fan_out_which_queues_the_mails_which_are_sent_once(
        self, django_capture_on_commit_callbacks, django_user_model, proposal, citizen
    ):
        """Recording the event sends nothing by itself: it queues the fan-out task, which tells people and queues
        one e-mail task; that task sends each e-mail, and running it again sends none."""
        follower = person(django_user_model, "p@example.dk")
        ProposalFollow.objects.create(user=follower, proposal=proposal)
        with override_settings(TASKS=DUMMY_TASKS):
            with django_capture_on_commit_callbacks(execute=True):
                announce_proposal_event(proposal=proposal, kind=NotificationKind.PROPOSAL_DECIDED, detail="Approved")
            (fan_out,) = default_task_backend.results
            assert fan_out.task.func is fan_out_proposal_event.func and told_about(follower) == []
            with django_capture_on_commit_callbacks(execute=True):
                fan_out_proposal_event.call(**fan_out.kwargs)
            (_fan_out, mails) = default_task_backend.results
        assert mails.task.func is send_notification_emails.func
        assert len(told_about(follower)) == 1 and mail.outbox == []
        assert send_notification_emails.call(**mails.kwargs) == 2
        assert send_notification_emails.call(**mails.kwargs) == 0
        assert len(mails_to(follower)) == 1 and len(mails_to(citizen)) == 1

    def test_the_proposals_switch_governs_the_email(self, announce, proposal, citizen):
        """With e-mails about proposals off, the author is told in the site only."""
        NotificationPreference.objects.update_or_create(user=citizen, defaults={"email_proposals": False})
        announce(proposal)
        assert len(told_about(citizen)) == 1 and mails_to(citizen) == []


class TestTexts:
    def test_each_kind_in_english_in_the_site_and_the_email(self, announce, client, proposal, citizen):
        """Amira reads English: the three kinds say what happened, with the decision or status in words, in the
        notification list and in the e-mails, which link to the English proposal page."""
        notifications.remember_language(user=citizen, language="en")
        announce(proposal, kind=NotificationKind.PROPOSAL_DECIDED, detail="Approved with changes")
        announce(proposal, kind=NotificationKind.IMPLEMENTATION_STATUS, detail="In progress")
        announce(proposal, kind=NotificationKind.IMPLEMENTATION_UPDATE, detail="")
        expected = [
            "The local committee has decided on “Træer og bænke ved Runddelen”: Approved with changes.",
            "“Træer og bænke ved Runddelen” is now: In progress.",
            "There is news about “Træer og bænke ved Runddelen”.",
        ]
        with translation.override("en"):
            assert [notification.text() for notification in told_about(citizen)] == expected
        assert [message.subject for message in mails_to(citizen)] == expected
        for message in mails_to(citizen):
            assert f"http://127.0.0.1:8000{page_of(proposal, 'en')}" in message.body
            assert "You get this e-mail because you follow this proposal or its project" in message.body
            assert "List-Unsubscribe" in message.extra_headers
        client.force_login(citizen)
        with translation.override("en"):
            html = client.get(reverse("participation:notifications")).content.decode()
        assert "“Træer og bænke ved Runddelen” is now: In progress." in html

    def test_the_detail_is_translated_for_a_danish_reader(self, announce, proposal, citizen):
        """The detail is stored as the English label and shown in the reader's language: a Danish reader sees the
        Danish word, and her e-mail links to the Danish page and is written in Danish."""
        announce(proposal, kind=NotificationKind.IMPLEMENTATION_STATUS, detail="Feasible")
        (notification,) = told_about(citizen)
        assert notification.detail == "Feasible"
        with translation.override("da"):
            assert "Gennemførlig" in notification.text() and "Feasible" not in notification.text()
        with translation.override("en"):
            assert notification.text() == "“Træer og bænke ved Runddelen” is now: Feasible."
        (message,) = mails_to(citizen)
        assert "Gennemførlig" in message.subject
        assert f"http://127.0.0.1:8000{page_of(proposal, 'da')}" in message.body
        assert "Læs mere:" in message.body


class TestWeeklyDigest:
    def weekly(self, user, **kwargs):
        NotificationPreference.objects.update_or_create(
            user=user, defaults={"email_frequency": EmailFrequency.WEEKLY, **kwargs}
        )

    def test_weekly_people_get_no_single_emails_and_one_digest_with_everything(
        self, announce, django_user_model, proposal, citizen
    ):
        """Amira chose a weekly e-mail: three events send her nothing at once, then one e-mail lists all three (and
        the older idea notification she was not e-mailed about), while Jens, who gets single e-mails, got three."""
        jens = person(django_user_model, "jens@example.dk")
        ProposalFollow.objects.create(user=jens, proposal=proposal)
        Notification.objects.filter(user=citizen).update(emailed_at=None)  # as if she had been weekly all along
        self.weekly(citizen, language="en")
        announce(proposal, kind=NotificationKind.PROPOSAL_DECIDED, detail="Approved")
        announce(proposal, kind=NotificationKind.IMPLEMENTATION_STATUS, detail="In progress")
        announce(proposal, kind=NotificationKind.IMPLEMENTATION_UPDATE, detail="")
        assert mails_to(citizen) == [] and len(mails_to(jens)) == 3

        assert send_digests() == 1

        (digest,) = mails_to(citizen)
        assert digest.subject == "Your week on Sammen om byen: 4 new notifications"
        for text in (
            "The local committee has decided on “Træer og bænke ved Runddelen”: Approved.",
            "“Træer og bænke ved Runddelen” is now: In progress.",
            "There is news about “Træer og bænke ved Runddelen”.",
            "Your idea “Flere træer” is now part of the proposal “Træer og bænke ved Runddelen”.",
        ):
            assert text in digest.body and text in digest.alternatives[0][0]
        assert f"http://127.0.0.1:8000{page_of(proposal, 'en')}" in digest.body
        assert "List-Unsubscribe" in digest.extra_headers
        assert "/notifikationer/afmeld/" in digest.body
        assert not Notification.objects.filter(user=citizen, emailed_at__isnull=True).exists()
        assert NotificationPreference.objects.get(user=citizen).digest_sent_at is not None
        assert len(mails_to(jens)) == 3

    def test_the_digest_is_sent_once_a_week_however_often_it_runs(self, announce, proposal, citizen):
        """Running it again the same day, or six days later, sends nothing more; seven days later the new
        notifications come in a second digest, without the ones sent before."""
        self.weekly(citizen, language="en")
        announce(proposal, detail="Approved")
        now = timezone.now()
        assert send_digests(now=now) == 1
        assert send_digests(now=now) == 0
        announce(proposal, kind=NotificationKind.IMPLEMENTATION_UPDATE, detail="")
        later = timezone.now()
        assert send_digests(now=later + datetime.timedelta(days=6)) == 0
        assert send_digests(now=later + datetime.timedelta(days=7)) == 1
        first, second = mails_to(citizen)
        decided = "The local committee has decided on “Træer og bænke ved Runddelen”: Approved."
        news = "There is news about “Træer og bænke ved Runddelen”."
        assert decided in first.body and news not in first.body
        assert news in second.body and decided not in second.body
        assert second.subject == "Your week on Sammen om byen: 1 new notification"

    def test_only_wanted_kinds_and_nothing_when_there_is_nothing(self, announce, proposal, citizen):
        """With e-mails about proposals off, proposal events are not in the digest, and with nothing else to say
        no digest is sent (and the next one is not put off)."""
        Notification.objects.filter(user=citizen).update(emailed_at=timezone.now())
        self.weekly(citizen, email_proposals=False)
        announce(proposal)
        assert send_digests() == 0
        assert mails_to(citizen) == []
        assert NotificationPreference.objects.get(user=citizen).digest_sent_at is None

    def test_nobody_with_emails_off_or_immediate_gets_a_digest(self, announce, proposal, citizen):
        NotificationPreference.objects.update_or_create(user=citizen, defaults={"email_enabled": False})
        announce(proposal)
        assert send_digests() == 0 and mails_to(citizen) == []

    def test_a_single_email_queued_before_switching_to_weekly_waits_for_the_digest(
        self, django_capture_on_commit_callbacks, proposal, citizen
    ):
        """The e-mail task finds that Amira switched to weekly after the event: it sends nothing, and the
        notification goes into her digest."""
        with override_settings(TASKS=DUMMY_TASKS):
            with django_capture_on_commit_callbacks(execute=True):
                fan_out_proposal_event.call(proposal_id=proposal.pk, kind=NotificationKind.PROPOSAL_DECIDED)
            (mails,) = default_task_backend.results
        self.weekly(citizen)
        assert send_notification_emails.call(**mails.kwargs) == 0
        assert send_digests() == 1
        assert "Træer og bænke ved Runddelen" in mails_to(citizen)[0].body

    def test_the_command_prints_progress_and_is_idempotent(self, announce, proposal, citizen):
        self.weekly(citizen)
        announce(proposal)
        out = io.StringIO()
        call_command("send_digests", stdout=out)
        call_command("send_digests", stdout=out)
        output = out.getvalue()
        assert "1 person(s) due" in output and f"person {citizen.pk}: 1 notification(s) sent" in output
        assert "Done: 1 weekly e-mail(s) sent." in output and "Done: 0 weekly e-mail(s) sent." in output
        assert len(mails_to(citizen)) == 1

    def test_the_task_sends_the_digests(self, announce, proposal, citizen):
        self.weekly(citizen)
        announce(proposal)
        assert send_weekly_digests.call() == 1
        assert send_weekly_digests.call() == 0
        assert len(mails_to(citizen)) == 1


class TestEmailSettings:
    def test_a_person_chooses_a_weekly_email_and_emails_about_proposals(self, client, citizen):
        client.force_login(citizen)
        url = reverse("participation:notification_settings")
        html = client.get(url).content.decode()
        assert 'name="email_frequency"' in html and 'name="email_proposals"' in html
        data = {"email_enabled": "on", "email_frequency": "weekly", "language": "da"}
        assert client.post(url, data).status_code == 302
        preference = NotificationPreference.objects.get(user=citizen)
        assert preference.email_frequency == EmailFrequency.WEEKLY and not preference.email_proposals

    def test_a_refused_choice_keeps_what_was_typed(self, client, citizen):
        """An unknown frequency is refused with a message beside the question, and the other choices stay as sent."""
        client.force_login(citizen)
        url = reverse("participation:notification_settings")
        data = {"email_enabled": "on", "email_proposals": "on", "email_frequency": "daily", "language": "en"}
        response = client.post(url, data)
        assert response.status_code == 400
        html = response.content.decode()
        assert 'id="id_email_frequency_error"' in html
        assert '<option value="en" selected>' in html
        assert 'name="email_answers" id="id_email_answers"' in html and 'id="id_email_answers" checked' not in html
        assert not NotificationPreference.objects.filter(user=citizen, language="en").exists()
