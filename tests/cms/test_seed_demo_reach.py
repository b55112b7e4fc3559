"""`manage.py seed_demo`, the reach report's part: participants, their ideas, comments and support spread unevenly,
and answers to the end-of-vote question on the closed round; enough that the report flags districts."""

import io
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction

from budgeting.models import BudgetRound, Channel, SurveyAnswer, Voter
from budgeting.selectors.reach import SMALL_CELL, reach_report
from budgeting.selectors.you_said import you_said_we_did
from cms.demo import closed_round, reach
from cms.models import ProjectPage
from participation.models import Comment, Idea, NotificationPreference, Support

COUNTED_MODELS = (Idea, Comment, Support, SurveyAnswer, NotificationPreference)


@dataclass(frozen=True)
class Seeded:
    first_output: str
    second_output: str
    counts_after_first: dict[str, int]
    counts_after_second: dict[str, int]


def _counts() -> dict[str, int]:
    counts = {model.__name__: model.objects.count() for model in COUNTED_MODELS}
    counts["User"] = get_user_model().objects.count()
    counts["surveyed"] = Voter.objects.filter(surveyed=True).count()
    return counts


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """Seed twice, once for the whole module, and roll it all back afterwards (as in test_seed_demo)."""
    with django_db_blocker.unblock(), transaction.atomic():
        first, second = io.StringIO(), io.StringIO()
        call_command("seed_demo", stdout=first, stderr=first)
        counts_after_first = _counts()
        call_command("seed_demo", stdout=second, stderr=second)
        yield Seeded(first.getvalue(), second.getvalue(), counts_after_first, _counts())
        transaction.set_rollback(True)


@pytest.fixture
def closed(seeded, db) -> BudgetRound:
    return BudgetRound.objects.select_related("project").get(title=closed_round.ROUND_TITLE)


def test_the_second_run_creates_nothing(seeded, db):
    assert seeded.counts_after_second == seeded.counts_after_first
    assert "created 80 demo participants" in seeded.first_output
    assert "the participants of the reach report were there already" in seeded.second_output
    assert "answers to the end-of-vote question in" in seeded.second_output


def test_the_participants_cannot_sign_in_and_get_no_email(seeded, db):
    participants = get_user_model().objects.filter(email__startswith="deltager")
    assert participants.count() == reach.PARTICIPANTS
    assert not any(user.has_usable_password() for user in participants)
    assert NotificationPreference.objects.filter(user__in=participants, email_enabled=False).count() == 80


def test_the_report_flags_districts_and_shows_no_small_figure(closed):
    """The whole city's report flags at least one district for outreach, and every figure it shows is about at
    least five people; the closed round's answers fill the question's table."""
    report = reach_report()
    assert report.flagged_districts
    for table in (report.districts, report.projects):
        for row in (*table.rows, table.total):
            for figure in row.figures.values():
                assert figure.suppressed or figure.cell.people >= SMALL_CELL
    survey = reach_report(round=closed).survey
    assert survey.answers is not None and survey.answers >= 200
    for row in (*survey.rows, survey.total):
        assert all(cell.suppressed or cell.value >= SMALL_CELL for cell in row.cells)


def test_only_online_voters_answered_once_each(closed):
    """Answers come from online voters who were asked (paper voters never see the question), fewer than were
    asked, since some skipped; each in the district of a voter of the round, on a day of its vote."""
    answers = SurveyAnswer.objects.filter(round=closed)
    asked = Voter.objects.filter(round=closed, surveyed=True)
    assert not asked.filter(channel=Channel.PAPER).exists()
    assert 0 < answers.count() < asked.count()
    voting = closed.voting_phases()
    assert all(voting[0].start <= day <= voting[-1].end for day in answers.values_list("answered_on", flat=True))
    homes = set(Voter.objects.filter(round=closed).values_list("district", flat=True))
    assert set(answers.values_list("district", flat=True)) <= homes


def test_the_closed_project_says_what_came_of_its_ideas(closed):
    """ "You said, we did" on the closed round's project: its 24 ideas, 20 answered in days, its proposals,
    500 votes and the winners."""
    summary = you_said_we_did(project=ProjectPage.objects.get(pk=closed.project.pk))
    assert (summary.ideas, summary.answered) == (24, 20)
    assert 2 <= summary.median_days <= 30
    assert summary.proposals == len(closed_round.PROPOSALS) and summary.ballots == closed_round.BALLOTS
    assert summary.winners >= 1
