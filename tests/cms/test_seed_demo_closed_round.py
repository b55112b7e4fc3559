"""`manage.py seed_demo`, the closed round: "Borgerbudget Nørrebro og Bispebjerg 2026" with 500 ballots, counted and
published, and the two local committees' members and decisions on its winners (`cms.demo.committees`)."""

import io
from dataclasses import dataclass

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale

from budgeting import exports
from budgeting.models import (
    Ballot,
    BallotChoice,
    BudgetRound,
    Channel,
    CommitteeAuditEntry,
    CommitteeMembership,
    Feasibility,
    Implementation,
    Proposal,
    Tally,
    Voter,
)
from budgeting.pabulib import parse_pabulib
from budgeting.selectors import committees as selectors
from budgeting.tally import tally
from cms.demo import closed_round, committees
from cms.models import ProjectPage
from maps import geometry
from maps.models import LocalCommittee

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
    assert "“Borgerbudget Nørrebro og Bispebjerg 2026” was there already" in seeded.second_output
    assert "The results of “Borgerbudget Nørrebro og Bispebjerg 2026”" in seeded.first_output


def test_the_round_is_counted_after_its_voting_phase(budget_round):
    """A knapsack round of 1.500.000 kr. (Nørrebro 900.000, Bispebjerg 600.000) with MES + add1 on the Nørrebro og
    Bispebjerg 2026 project, whose voting is over; counted the day after voting closed, every person ↔ ballot link
    dropped."""
    project = budget_round.project
    assert project.slug == closed_round.PROJECT
    assert project.locale == Locale.get_default()
    assert (budget_round.total_budget, budget_round.ballot_type, budget_round.winner_rule) == (
        1_500_000,
        "knapsack",
        "mes_add1",
    )
    assert {sub.district.code: sub.amount for sub in budget_round.sub_budgets.all()} == {3: 900_000, 8: 600_000}
    voting = project.phases.get(phase_type="voting")
    assert budget_round.voting_closed() and not budget_round.voting_open()
    assert budget_round.tallied_at.date() > voting.end
    assert not Voter.objects.filter(round=budget_round, ballot__isnull=False).exists()


def test_twelve_feasible_proposals_lie_in_norrebro_and_bispebjerg(budget_round):
    """The 12 proposals are all feasible, 7 placed in Nørrebro and 5 in Bispebjerg."""
    proposals = list(budget_round.proposals.select_related("district"))
    assert len(proposals) == 12
    assert all(proposal.feasibility == Feasibility.FEASIBLE for proposal in proposals)
    districts = [proposal.district.name for proposal in proposals]
    assert (districts.count("Nørrebro"), districts.count("Bispebjerg")) == (7, 5)
    for proposal in proposals:
        assert geometry.contains(proposal.district.outline, proposal.latitude, proposal.longitude)


def test_500_ballots_some_on_paper_each_within_the_budget(budget_round):
    """500 ballots, about one in eight on paper, each choosing 1 to 5 of its district's proposals within its
    sub-budget; as many voters, each living in the district of their ballot."""
    ballots = Ballot.objects.filter(round=budget_round).prefetch_related("choices__proposal")
    assert ballots.count() == 500
    paper = ballots.filter(channel=Channel.PAPER).count()
    assert 30 <= paper <= 100
    for ballot in ballots.select_related("sub_budget"):
        chosen = [choice.proposal for choice in ballot.choices.all()]
        assert 1 <= len(chosen) <= 5
        assert {proposal.district_id for proposal in chosen} == {ballot.sub_budget.district_id}
        assert sum(proposal.cost for proposal in chosen) <= ballot.sub_budget.amount
    voters = Voter.objects.filter(round=budget_round, voted=True)
    assert voters.count() == 500
    assert voters.filter(district__code=3).count() > 250 and voters.filter(district__code=8).count() > 150
    by_district = {code: ballots.filter(sub_budget__district__code=code).count() for code in (3, 8)}
    assert by_district == {code: voters.filter(district__code=code).count() for code in (3, 8)}
    assert voters.filter(channel=Channel.PAPER).count() == paper


def test_the_ballots_are_the_same_on_every_run(budget_round):
    """The ballots come from a seeded generator: the votes per proposal are always these."""
    votes = {
        r.proposal.title: (r.votes_online, r.votes_paper) for r in budget_round.tally.results.select_related("proposal")
    }
    assert votes["Drikkefontæner i Nørrebroparken"] == (134, 25)
    assert votes["Sauna ved Utterslev Mose"] == (55, 4)


def test_the_published_file_recounts_to_the_published_winners(budget_round):
    """Counting each district's published ballot file again gives its winners on the results page, within its
    sub-budget; both districts have winners for their local committee to decide on."""
    results = list(budget_round.tally.results.select_related("proposal", "sub_budget"))
    for sub_budget in budget_round.sub_budgets.all():
        mine = [result for result in results if result.sub_budget_id == sub_budget.pk]
        winners = sorted(result.proposal.code for result in mine if result.selected)
        assert 2 <= len(winners) < len(mine)
        assert sum(result.proposal.cost for result in mine if result.selected) <= sub_budget.amount
        text = exports.ballot_file_text(round=budget_round, sub_budget=sub_budget)
        assert sorted(tally(parse_pabulib(text).election, "mes-add1")) == winners


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_results_page_is_public_in_both_languages(budget_round, client, language):
    """Anyone can read the results, in Danish and English."""
    with translation.override(language):
        url = reverse("budgeting:results", kwargs={"round_id": budget_round.pk})
    response = client.get(url)
    assert response.status_code == 200
    assert "Drikkefontæner i Nørrebroparken" in response.content.decode()


def test_the_project_page_links_to_the_results(budget_round, client):
    """The Danish and the English project page both lead to the results."""
    danish = ProjectPage.objects.get(pk=budget_round.project_id)
    english = danish.get_translation(Locale.objects.get(language_code="en"))
    for page, language in ((danish, "da"), (english, "en")):
        with translation.override(language):
            url = reverse("budgeting:results", kwargs={"round_id": budget_round.pk})
        assert url in client.get(page.url).content.decode()


# The local committees (cms.demo.committees) ------------------------------------------------------------


def test_each_committee_has_a_member_and_a_chair_with_printed_logins(seeded, db):
    """Nørrebro and Bispebjerg Lokaludvalg each have a member and a chair, who may open Wagtail admin; their logins
    are printed like the other demo accounts."""
    for committee in ("Nørrebro", "Bispebjerg"):
        roles = sorted(CommitteeMembership.objects.filter(committee__name=committee).values_list("role", flat=True))
        assert roles == ["chair", "member"]
    for membership in CommitteeMembership.objects.select_related("user"):
        assert membership.user.has_perm("wagtailadmin.access_admin")
        assert membership.user.check_password(committees.PASSWORD)
        for output in (seeded.first_output, seeded.second_output):
            assert f"/admin/ as {membership.user.email} / {committees.PASSWORD}" in output


def test_the_committees_have_decided_on_some_winners_and_left_one_for_the_demo(budget_round):
    """Nørrebro approved one winner with changes and left the others undecided; in Bispebjerg the member declared
    a conflict of interest on a winner that the chair approved. Each approval has its implementation."""
    benches = budget_round.proposals.get(title=committees.NORREBRO_APPROVED)
    decision = benches.decisions.get()
    assert (decision.kind, decision.is_final, decision.changes) == ("changes", True, committees.NORREBRO_CHANGES)
    assert decision.committee.name == "Nørrebro" and decision.recorded_by != decision.confirmed_by
    meadow = budget_round.proposals.get(title=committees.BISPEBJERG_CONFLICTED)
    conflict = meadow.conflicts.get()
    assert conflict.member_name == "Aisha Karim" and conflict.member_id != meadow.decisions.get().recorded_by_id
    assert meadow.decisions.get().is_final
    assert Implementation.objects.filter(proposal__in=[benches, meadow]).count() == 2
    undecided = selectors.committee_cases(committee=LocalCommittee.objects.get(name="Nørrebro"))
    assert [case.state for case in undecided].count("undecided") >= 1
    followed = budget_round.proposals.get(title=committees.NORREBRO_FOLLOWED)
    assert not followed.decisions.exists() and followed.follows.filter(user__email="borger@example.dk").exists()
    assert CommitteeAuditEntry.objects.filter(proposal=benches).count() == 2
