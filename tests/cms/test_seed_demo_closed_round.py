"""`manage.py seed_demo`, the closed round: "Borgerbudget Amager Vest 2026" with 500 ballots, counted and published."""

import io
from dataclasses import dataclass

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale

from budgeting import exports
from budgeting.models import Ballot, BallotChoice, BudgetRound, Channel, Feasibility, Proposal, Tally, Voter
from budgeting.pabulib import parse_pabulib
from budgeting.tally import tally
from cms.demo import closed_round
from cms.models import ProjectPage
from maps import geometry

COUNTED_MODELS = (BudgetRound, Proposal, Ballot, BallotChoice, Voter, Tally)


@dataclass(frozen=True)
class Seeded:
    first_output: str
    second_output: str
    counts_after_first: dict[str, int]
    counts_after_second: dict[str, int]


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED_MODELS}


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
def budget_round(seeded, db) -> BudgetRound:
    return BudgetRound.objects.select_related("project").get(title=closed_round.ROUND_TITLE)


def test_the_second_run_creates_nothing(seeded, db):
    """Running the seed again makes no round, proposal, ballot, voter or tally, and says the round was there."""
    assert seeded.counts_after_second == seeded.counts_after_first
    assert "“Borgerbudget Amager Vest 2026” was there already" in seeded.second_output
    assert "The results of “Borgerbudget Amager Vest 2026”" in seeded.first_output


def test_the_round_is_counted_after_its_voting_phase(budget_round):
    """A knapsack round of 1.500.000 kr. with MES + add1 on the Amager Vest 2026 project, whose voting is over;
    counted the day after voting closed, and every person ↔ ballot link dropped."""
    project = budget_round.project
    assert project.slug == closed_round.PROJECT
    assert project.locale == Locale.get_default()
    assert (budget_round.total_budget, budget_round.ballot_type, budget_round.winner_rule) == (
        1_500_000,
        "knapsack",
        "mes_add1",
    )
    voting = project.phases.get(phase_type="voting")
    assert budget_round.voting_closed() and not budget_round.voting_open()
    assert budget_round.tallied_at.date() > voting.end
    assert not Voter.objects.filter(round=budget_round, ballot__isnull=False).exists()


def test_twelve_feasible_proposals_lie_in_amager_vest(budget_round):
    """The 12 proposals are all feasible and placed in Amager Vest."""
    proposals = list(budget_round.proposals.select_related("district"))
    assert len(proposals) == 12
    assert all(proposal.feasibility == Feasibility.FEASIBLE for proposal in proposals)
    assert {proposal.district.name for proposal in proposals} == {"Amager Vest"}
    for proposal in proposals:
        assert geometry.contains(proposal.district.outline, proposal.latitude, proposal.longitude)


def test_500_ballots_some_on_paper_each_within_the_budget(budget_round):
    """500 ballots, about one in eight on paper, each choosing 1 to 6 proposals within the budget; as many voters,
    most of them living in Amager Vest."""
    ballots = Ballot.objects.filter(round=budget_round).prefetch_related("choices__proposal")
    assert ballots.count() == 500
    paper = ballots.filter(channel=Channel.PAPER).count()
    assert 30 <= paper <= 100
    for ballot in ballots:
        chosen = [choice.proposal for choice in ballot.choices.all()]
        assert 1 <= len(chosen) <= 6
        assert sum(proposal.cost for proposal in chosen) <= budget_round.total_budget
    voters = Voter.objects.filter(round=budget_round, voted=True)
    assert voters.count() == 500
    assert voters.filter(district__code=10).count() > 400
    assert voters.filter(channel=Channel.PAPER).count() == paper


def test_the_ballots_are_the_same_on_every_run(budget_round):
    """The ballots come from a seeded generator: the votes per proposal are always these."""
    votes = {
        r.proposal.title: (r.votes_online, r.votes_paper) for r in budget_round.tally.results.select_related("proposal")
    }
    assert votes["Drikkefontæner på Amager Fælled"] == (214, 29)
    assert votes["Sauna ved havnebadet på Islands Brygge"] == (139, 24)


def test_the_published_file_recounts_to_the_published_winners(budget_round):
    """Counting the published ballot file again gives the winners on the results page, within the budget."""
    results = list(budget_round.tally.results.select_related("proposal"))
    winners = sorted(result.proposal.code for result in results if result.selected)
    assert 4 <= len(winners) < 12
    assert sum(result.proposal.cost for result in results if result.selected) <= budget_round.total_budget
    assert tally(parse_pabulib(exports.ballot_file_text(round=budget_round)).election, "mes-add1") == winners


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_results_page_is_public_in_both_languages(budget_round, client, language):
    """Anyone can read the results, in Danish and English."""
    with translation.override(language):
        url = reverse("budgeting:results", kwargs={"round_id": budget_round.pk})
    response = client.get(url)
    assert response.status_code == 200
    assert "Drikkefontæner på Amager Fælled" in response.content.decode()


def test_the_project_page_links_to_the_results(budget_round, client):
    """The Danish and the English project page both lead to the results."""
    danish = ProjectPage.objects.get(pk=budget_round.project_id)
    english = danish.get_translation(Locale.objects.get(language_code="en"))
    for page, language in ((danish, "da"), (english, "en")):
        with translation.override(language):
            url = reverse("budgeting:results", kwargs={"round_id": budget_round.pk})
        assert url in client.get(page.url).content.decode()
