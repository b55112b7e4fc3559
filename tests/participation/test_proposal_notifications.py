"""When a proposal of a citizens' budget grows from ideas: their authors are told, and the idea page links it.

The budgeting services call `participation.notifications.notify_proposal_made` once the proposal is committed,
with the proposal's title and the address of its page in each language (participation does not import budgeting).
"""

import pytest
from django.core import mail
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import translation
from django_tasks import default_task_backend

from budgeting import services as budget_services
from budgeting.models import BallotType, WinnerRule
from participation import notifications, services
from participation.models import Notification, NotificationKind, NotificationPreference
from participation.tasks import send_notification_email
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
