"""The case officers' side in Wagtail admin: the work queue and approving, hiding, answering and merging."""

import datetime
import re

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail import hooks
from wagtail.models import ModelLogEntry

from maps.models import District
from participation import services
from participation.models import AnswerStatus, Comment, Idea, ModerationMode, Support, Visibility
from tests.cms.factories import create_project
from tests.participation.conftest import RUNDDEL, days

pytestmark = pytest.mark.django_db

QUEUE = "/admin/participation/queue/"
REPORTS = "/admin/participation/reports/"
# session, user, permissions, profile, menu (with committee roles), case-officer check, filter choices, count, page
QUEUE_QUERY_BUDGET = 17


def submit(project, author, title="Flere træer") -> Idea:
    latitude, longitude = RUNDDEL
    return services.idea_submit(
        project=project, author=author, title=title, description="Plant træer.", latitude=latitude, longitude=longitude
    )


def count_queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def permission(codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label="participation", codename=codename)


def created_days_ago(idea: Idea, n: int) -> Idea:
    Idea.objects.filter(pk=idea.pk).update(created_at=timezone.now() - datetime.timedelta(days=n))
    idea.refresh_from_db()
    return idea


def action_url(name: str, idea: Idea) -> str:
    return f"/admin/participation/ideas/{name}/{idea.pk}/"


@pytest.fixture(autouse=True)
def officers_may_open_the_admin(tmf, kff):
    """Case-officer groups are given access to Wagtail admin; nothing else."""
    access = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    tmf.moderators.permissions.add(access)
    kff.moderators.permissions.add(access)


def browser(user) -> Client:
    """A signed-in client reading the admin in English."""
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


@pytest.fixture
def kff_project(project_index, kff):
    return create_project(
        project_index,
        title="Kultur i Nordvest",
        administration=kff,
        districts=[District.objects.get(code=3)],
        phases=[("ideas", days(-10), days(10))],
    )


@pytest.fixture
def sofie(case_officer):
    return browser(case_officer)


class TestWorkQueue:
    def test_only_the_administrations_unanswered_ideas_oldest_first(self, project, kff_project, citizen, sofie, tmf):
        """Sofie (TMF) sees TMF's unanswered ideas, oldest first, including "Received" ones; not answered or
        merged ideas, and not another administration's."""
        newest = submit(project, citizen, "Nyeste idé")
        created_days_ago(submit(project, citizen, "Ældste idé"), 5)
        received = created_days_ago(submit(project, citizen, "Modtaget idé"), 2)
        services.idea_answer(idea=received, status=AnswerStatus.RECEIVED, text="", administration=tmf)
        answered = submit(project, citizen, "Besvaret idé")
        services.idea_answer(idea=answered, status=AnswerStatus.CONSIDERING, text="Vi ser på den.", administration=tmf)
        services.idea_merge(duplicate=submit(project, citizen, "Dublet"), keep=newest)
        submit(kff_project, citizen, "Kulturidé")

        page = sofie.get(QUEUE).content.decode()

        titles = re.findall(r"(Nyeste idé|Ældste idé|Modtaget idé|Besvaret idé|Dublet|Kulturidé)\s*</a>", page)
        assert titles == ["Ældste idé", "Modtaget idé", "Nyeste idé"]
        assert "Et grønnere Nørrebro" in page and "Nørrebro" in page

    def test_a_breached_deadline_is_marked_in_words(self, project, citizen, sofie):
        """With a one-day deadline, an idea from three days ago is marked "Deadline passed"; a new one is not."""
        project.answer_deadline_days = 1
        project.save()
        late = created_days_ago(submit(project, citizen, "Gammel idé"), 3)
        submit(project, citizen, "Ny idé")

        page = sofie.get(QUEUE).content.decode()

        assert page.count("Deadline passed") == 1
        row = page[page.index("Gammel idé") :]
        assert row.index("Deadline passed") < row.index("Ny idé")
        assert timezone.localtime(late.created_at + datetime.timedelta(days=1)).date().isoformat() in row

    def test_pending_ideas_are_marked_as_waiting_for_approval(self, project, citizen, sofie):
        """With pre-moderation a new idea is in the queue, marked as waiting for approval, with Approve."""
        project.moderation_mode = ModerationMode.PRE
        project.save()
        idea = submit(project, citizen, "Venter")
        assert idea.visibility == Visibility.PENDING

        page = sofie.get(QUEUE).content.decode()

        assert "Waiting for approval" in page
        assert action_url("approve", idea) in page

    def test_another_administrations_case_officer_sees_none_of_them(self, project, citizen, other_case_officer):
        """Mads (KFF) gets an empty queue: TMF's ideas are not his to answer."""
        submit(project, citizen, "TMF-idé")

        response = browser(other_case_officer).get(QUEUE)

        assert response.status_code == 200
        assert "TMF-idé" not in response.content.decode()
        assert "No ideas are waiting for an answer." in response.content.decode()

    def test_superusers_see_all_and_filter_by_administration(
        self, project, kff_project, citizen, django_user_model, kff
    ):
        """An administrator sees every administration's ideas and can narrow the queue to one."""
        submit(project, citizen, "TMF-idé")
        submit(kff_project, citizen, "KFF-idé")
        admin = browser(django_user_model.objects.create_superuser(email="admin@kk.dk", password="pw"))

        everything = admin.get(QUEUE).content.decode()
        only_kff = admin.get(QUEUE, {"administration": kff.pk}).content.decode()

        refreshed = admin.get(QUEUE + "results/", {"administration": kff.pk}).content.decode()

        assert "TMF-idé" in everything and "KFF-idé" in everything
        for page in (only_kff, refreshed):
            assert "KFF-idé" in page and "TMF-idé" not in page

    @override_settings(PARTICIPATION_AUTO_HIDE_REPORTS=1)
    def test_ideas_hidden_by_reports_wait_for_a_moderator(self, project, citizen, other_citizen, sofie):
        """An idea hidden automatically after reports stays in the queue, marked, until a moderator decides;
        hidden by a moderator, with a reason, it leaves the queue."""
        idea = submit(project, citizen, "Anmeldt idé")
        services.report_create(reporter=other_citizen, reason="Spam", idea=idea)

        page = sofie.get(QUEUE).content.decode()
        assert "Anmeldt idé" in page and "Hidden" in page and "1 open report" in page

        services.moderate(target=idea, visibility=Visibility.HIDDEN, reason="Reklame.")
        assert "Anmeldt idé" not in sofie.get(QUEUE).content.decode()

    def test_staff_who_are_not_case_officers_are_refused(self, project, django_user_model, tmf):
        """An editor with admin access but in no case-officer group gets a 403 that says why."""
        editor = django_user_model.objects.create_user(email="mads.editor@kk.dk", password="pw")
        editor.user_permissions.add(Permission.objects.get(codename="access_admin"))

        response = browser(editor).get(QUEUE)

        assert response.status_code == 403
        assert "case-officer group" in response.content.decode()

    def test_citizens_cannot_open_it(self, citizen):
        """A citizen without admin access is sent to the admin's sign-in page."""
        assert browser(citizen).get(QUEUE).status_code == 302

    def test_the_number_of_queries_does_not_grow_with_the_ideas(
        self, project, citizen, sofie, django_user_model, django_assert_max_num_queries, tmf
    ):
        """The queue costs the same number of queries for 1 idea as for 50 (pending, reported, received),
        and stays within its budget."""
        reporter = django_user_model.objects.create_user(email="reporter@example.dk", password="pw")
        services.report_create(reporter=reporter, reason="Reklame", idea=submit(project, citizen, "Idé 0"))
        one = count_queries(sofie, QUEUE)
        project.moderation_mode = ModerationMode.PRE
        project.save()
        for n in range(1, 50):
            idea = submit(project, citizen, f"Idé {n}")
            if n % 5 == 0:
                services.report_create(reporter=reporter, reason="Spam", idea=idea)
            if n % 7 == 0:
                services.idea_answer(idea=idea, status=AnswerStatus.RECEIVED, text="", administration=tmf)

        with django_assert_max_num_queries(QUEUE_QUERY_BUDGET):
            page = sofie.get(QUEUE).content.decode()

        assert page.count('<td class="title">') == 50
        assert count_queries(sofie, QUEUE) == one


class TestActionsAreForTheOwningAdministration:
    @pytest.mark.parametrize("name", ["approve", "hide", "answer", "merge"])
    def test_another_administrations_case_officer_gets_403(self, name, project, citizen, other_case_officer, kff):
        """Mads (KFF) is refused every action on a TMF idea, when opening the form and when sending it."""
        idea = submit(project, citizen)
        other = submit(project, citizen, "Dublet")
        mads = browser(other_case_officer)
        data = {"reason": "Spam", "status": AnswerStatus.PLANNED, "text": "Ja", "administration": kff.pk}
        data["keep"] = other.pk

        assert mads.get(action_url(name, idea)).status_code == 403
        assert mads.post(action_url(name, idea), data).status_code == 403

        idea.refresh_from_db()
        assert (idea.visibility, idea.answer_status, idea.merged_into) == (Visibility.PUBLISHED, "", None)

    def test_the_idea_admin_page_is_for_the_owning_administration(self, project, citizen, sofie, other_case_officer):
        """Sofie opens the idea's admin page with its actions; Mads is refused."""
        idea = submit(project, citizen)
        page = sofie.get(f"/admin/participation/ideas/inspect/{idea.pk}/")

        assert page.status_code == 200
        assert action_url("answer", idea) in page.content.decode()
        assert browser(other_case_officer).get(f"/admin/participation/ideas/inspect/{idea.pk}/").status_code == 403


class TestAnswer:
    def test_answering_publishes_the_answer(self, project, citizen, sofie, case_officer, tmf):
        """The answer gets its status, text, the answering administration and the date, and leaves the queue."""
        idea = submit(project, citizen)
        form = sofie.get(action_url("answer", idea)).content.decode()
        assert re.search(rf'<option value="{tmf.pk}" selected>', form), "the project's administration is the default"

        response = sofie.post(
            action_url("answer", idea) + f"?next={QUEUE}",
            {"status": AnswerStatus.PLANNED, "text": "Det er planlagt til foråret.", "administration": tmf.pk},
        )

        assert response.status_code == 302 and response.url == QUEUE
        idea.refresh_from_db()
        assert idea.answer_status == AnswerStatus.PLANNED
        assert idea.answer_text == "Det er planlagt til foråret."
        assert idea.answer_administration == tmf
        assert idea.answered_at is not None and idea.answered_at.date() == timezone.now().date()
        queue = sofie.get(QUEUE).content.decode()
        assert "The answer to “Flere træer” is published." in queue
        assert f"/ideas/inspect/{idea.pk}/" not in queue
        entry = ModelLogEntry.objects.get(action="participation.answer")
        assert entry.user == case_officer and entry.object_id == str(idea.pk)

    def test_not_possible_without_a_reason_shows_the_error_and_keeps_the_input(self, project, citizen, sofie, kff):
        """ "Not possible" with no reason is refused with the service's message; the choices stay as typed."""
        idea = submit(project, citizen)

        response = sofie.post(
            action_url("answer", idea), {"status": AnswerStatus.NOT_POSSIBLE, "text": "  ", "administration": kff.pk}
        )

        page = response.content.decode()
        assert response.status_code == 200
        assert "Say why the idea is not possible." in page
        assert re.search(r'value="not_possible"[^>]*checked', page)
        assert re.search(rf'<option value="{kff.pk}" selected>', page)
        idea.refresh_from_db()
        assert idea.answer_status == ""

    def test_a_missing_status_keeps_the_typed_text(self, project, citizen, sofie, tmf):
        """Forgetting the status keeps the answer text that was typed."""
        idea = submit(project, citizen)

        page = sofie.post(action_url("answer", idea), {"text": "Tak for idéen.", "administration": tmf.pk})

        assert page.status_code == 200
        assert "Tak for idéen." in page.content.decode()


class TestModeration:
    def test_hiding_needs_a_reason_which_the_author_sees(self, project, citizen, sofie):
        """Without a reason the idea stays public and the form says why; with one, it is hidden with that reason."""
        idea = submit(project, citizen)

        refused = sofie.post(action_url("hide", idea), {"reason": " "})
        idea.refresh_from_db()
        assert refused.status_code == 200
        assert "Give the reason for hiding: the author will see it." in refused.content.decode()
        assert idea.visibility == Visibility.PUBLISHED

        sofie.post(action_url("hide", idea), {"reason": "Indeholder personoplysninger."})
        idea.refresh_from_db()
        assert idea.visibility == Visibility.HIDDEN
        assert idea.hidden_reason == "Indeholder personoplysninger."

    def test_approving_publishes_a_pending_idea(self, project, citizen, sofie):
        """Approving an idea that waits for approval makes it public."""
        project.moderation_mode = ModerationMode.PRE
        project.save()
        idea = submit(project, citizen)

        response = sofie.post(action_url("approve", idea))

        assert response.status_code == 302
        idea.refresh_from_db()
        assert idea.visibility == Visibility.PUBLISHED

    def test_comments_are_approved_and_hidden_by_the_owning_administration(
        self, project, citizen, sofie, other_case_officer
    ):
        """Sofie hides a comment with a reason; Mads may not."""
        comment = services.comment_create(idea=submit(project, citizen), author=citizen, text="Dumt forslag")
        url = f"/admin/participation/comments/hide/{comment.pk}/"

        assert browser(other_case_officer).post(url, {"reason": "Tone"}).status_code == 403
        assert sofie.post(url, {"reason": "Tonen er ikke i orden."}).status_code == 302

        comment.refresh_from_db()
        assert comment.visibility == Visibility.HIDDEN and comment.hidden_reason == "Tonen er ikke i orden."


class TestMerge:
    def test_merging_moves_the_supports(self, project, citizen, other_citizen, sofie):
        """The duplicate points to the idea kept, and its supports move there."""
        keep, duplicate = submit(project, citizen, "Flere træer"), submit(project, other_citizen, "Træer, tak")
        services.support_toggle(idea=duplicate, user=citizen)
        services.support_toggle(idea=duplicate, user=other_citizen)

        response = sofie.post(action_url("merge", duplicate), {"keep": keep.pk})

        assert response.status_code == 302
        duplicate.refresh_from_db()
        assert duplicate.merged_into == keep
        assert Support.objects.filter(idea=keep).count() == 2
        assert not Support.objects.filter(idea=duplicate).exists()

    def test_only_the_same_projects_ideas_can_be_kept(self, project, kff_project, citizen, sofie):
        """An idea of another project is not offered, and is refused if sent anyway."""
        duplicate = submit(project, citizen, "Dublet")
        elsewhere = submit(kff_project, citizen, "Andet projekt")

        assert "Andet projekt" not in sofie.get(action_url("merge", duplicate)).content.decode()
        assert sofie.post(action_url("merge", duplicate), {"keep": elsewhere.pk}).status_code == 200
        duplicate.refresh_from_db()
        assert duplicate.merged_into is None


class TestPlainLists:
    def test_the_lists_follow_wagtails_model_permissions(self, project, citizen, case_officer, tmf):
        """The ideas list needs the "view idea" permission, given to a group in Wagtail's group editor."""
        submit(project, citizen, "Synlig idé")
        sofie = browser(case_officer)
        assert sofie.get("/admin/participation/ideas/").status_code == 302

        tmf.moderators.permissions.add(permission("view_idea"))

        page = sofie.get("/admin/participation/ideas/", {"q": "Synlig"})
        assert page.status_code == 200 and "Synlig idé" in page.content.decode()

    def test_view_and_delete_permissions_are_offered_to_groups(self):
        """The group editor offers view and delete for ideas, comments and reports; no add or change."""
        registered = {
            f"{p.content_type.app_label}.{p.codename}"
            for fn in hooks.get_hooks("register_permissions")
            for p in fn()
            if p.content_type.app_label == "participation"
        }
        for model in ("idea", "comment", "report"):
            assert {f"participation.view_{model}", f"participation.delete_{model}"} <= registered
            assert f"participation.add_{model}" not in registered

    def test_reports_list_open_reports_first_with_a_link_to_the_idea(
        self, project, citizen, other_citizen, django_user_model
    ):
        """Open reports come before resolved ones, and each links to the reported idea's admin page."""
        admin = browser(django_user_model.objects.create_superuser(email="admin@kk.dk", password="pw"))
        resolved_idea, open_idea = submit(project, citizen, "Løst"), submit(project, citizen, "Åben")
        services.report_create(reporter=other_citizen, reason="Gammel klage", idea=resolved_idea)
        services.moderate(target=resolved_idea, visibility=Visibility.PUBLISHED)
        services.report_create(reporter=other_citizen, reason="Ny klage", idea=open_idea)

        page = admin.get(REPORTS).content.decode()

        assert page.index("Ny klage") < page.index("Gammel klage")
        assert f"/admin/participation/ideas/inspect/{open_idea.pk}/" in page

    def test_comments_list_offers_hide_to_the_owning_administration(self, project, citizen, case_officer, tmf):
        """In the comments list, a TMF case officer with "view comment" sees Hide for a TMF comment."""
        comment = services.comment_create(idea=submit(project, citizen), author=citizen, text="En kommentar")
        tmf.moderators.permissions.add(permission("view_comment"))

        page = browser(case_officer).get("/admin/participation/comments/").content.decode()

        assert f"/admin/participation/comments/hide/{comment.pk}/" in page
        assert Comment.objects.count() == 1

    @pytest.mark.parametrize("url", ["/admin/participation/ideas/", "/admin/participation/comments/", REPORTS])
    def test_the_lists_cost_the_same_for_1_and_50_rows(self, url, project, citizen, other_citizen, django_user_model):
        """The ideas, comments and reports lists cost the same number of queries for 1 row as for 50."""
        admin = browser(django_user_model.objects.create_superuser(email="admin@kk.dk", password="pw"))

        def add_row(n):
            idea = submit(project, citizen, f"Idé {n}")
            comment = services.comment_create(idea=idea, author=citizen, text=f"Kommentar {n}")
            services.report_create(reporter=other_citizen, reason="Spam", comment=comment)

        add_row(0)
        one = count_queries(admin, url)
        for n in range(1, 50):
            add_row(n)

        assert count_queries(admin, url) == one
