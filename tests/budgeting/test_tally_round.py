"""Counting a round: each sub-budget its own election, online and paper apart, once, after voting has closed."""

import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone, translation

from budgeting import services
from budgeting.models import (
    Ballot,
    BallotChoice,
    BallotType,
    BudgetRound,
    Channel,
    Tally,
    TallyResult,
    Voter,
    WinnerRule,
)
from budgeting.rules import can
from budgeting.tally import Election, tally
from participation.models import Phase, PhaseType
from tests.budgeting.conftest import AFTER, BEFORE, BISPEBJERG, DURING, RUNDDEL, days, make_proposal, voting_phases
from tests.budgeting.test_tally_oracle import pabutools_winners
from tests.cms.factories import create_project

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english():
    """The messages are asserted in English, the language they are written in."""
    with translation.override("en"):
        yield


@pytest.fixture
def people(django_user_model):
    def make(count: int, prefix: str = "vaelger") -> list:
        start = django_user_model.objects.count()
        return [
            django_user_model.objects.create_user(email=f"{prefix}{start + n}@example.dk", password="pw")
            for n in range(count)
        ]

    return make


def vote(budget_round, user, selections: dict, *, district=None, at=DURING) -> Ballot:
    voter = services.voter_for(round=budget_round, user=user, district=district)
    return services.ballot_submit(voter=voter, selections=selections, at=at)


def paper_ballot(budget_round, choices: dict, *, sub_budget=None) -> Ballot:
    """A paper ballot that both keyers agreed on (the paper workflow's end result)."""
    ballot = Ballot.objects.create(round=budget_round, sub_budget=sub_budget, channel=Channel.PAPER)
    BallotChoice.objects.bulk_create(
        [BallotChoice(ballot=ballot, proposal=proposal, points=points) for proposal, points in choices.items()]
    )
    return ballot


@pytest.fixture
def knapsack(budget_round):
    """2.000.000 kr., MES; proposals A 900.000, B 800.000, C 600.000, D 300.000."""
    return budget_round, {
        name: make_proposal(budget_round, title=name, cost=cost)
        for name, cost in (("A", 900_000), ("B", 800_000), ("C", 600_000), ("D", 300_000))
    }


def test_a_round_is_counted_with_its_rule_and_the_links_are_dropped(knapsack, people):
    """Counting stores each proposal's votes and whether it won (the winners of the pure tally), sets the
    tally time, and forgets whose ballot is whose while keeping that they voted."""
    budget_round, p = knapsack
    wishes = [("A", "B"), ("A", "B"), ("A", "C"), ("C", "D"), ("D",), ("B", "C")]
    for user, wish in zip(people(len(wishes)), wishes, strict=True):
        vote(budget_round, user, {p[name].pk: 1 for name in wish})
    paper_ballot(budget_round, {p["D"]: 1, p["C"]: 1})

    stored = services.round_tally(round=budget_round, at=AFTER)

    election = Election.from_votes(
        budget=2_000_000,
        projects={proposal.code: proposal.cost for proposal in p.values()},
        votes=[[p[name].code for name in wish] for wish in [*wishes, ("D", "C")]],
    )
    expected = set(tally(election, "mes"))
    results = {result.proposal.title: result for result in TallyResult.objects.filter(tally=stored)}
    assert {result.proposal.code for result in results.values() if result.selected} == expected
    assert (results["A"].votes_online, results["A"].votes_paper) == (3, 0)
    assert (results["D"].votes_online, results["D"].votes_paper) == (2, 1)
    assert (results["C"].votes_online, results["C"].votes_paper) == (3, 1)
    budget_round.refresh_from_db()
    assert budget_round.tallied_at is not None
    assert stored.rule == WinnerRule.MES
    assert not Voter.objects.filter(round=budget_round, ballot__isnull=False).exists()
    assert Voter.objects.filter(round=budget_round, voted=True).count() == 6


@pytest.mark.parametrize("rule", list(services.TALLY_RULES))
def test_the_stored_winners_equal_pabutools(knapsack, people, rule):
    """Knapsack ballots are counted as approval ballots with cost satisfaction: pabutools agrees, under each rule."""
    budget_round, p = knapsack
    BudgetRound.objects.filter(pk=budget_round.pk).update(winner_rule=rule)
    wishes = [("A",), ("A", "D"), ("B",), ("B", "C"), ("C", "D"), ("D",), ("A", "B"), ("C",)]
    for user, wish in zip(people(len(wishes)), wishes, strict=True):
        vote(budget_round, user, {p[name].pk: 1 for name in wish})
    election = Election.from_votes(
        budget=2_000_000,
        projects={proposal.code: proposal.cost for proposal in p.values()},
        votes=[[p[name].code for name in wish] for wish in wishes],
    )

    stored = services.round_tally(round=budget_round, at=AFTER)

    winners = sorted(result.proposal.code for result in TallyResult.objects.filter(tally=stored, selected=True))
    assert winners == pabutools_winners(election, services.TALLY_RULES[rule])


def test_each_sub_budget_is_an_election_of_its_own(budget_round, norrebro, bispebjerg, people):
    """A round with sub-budgets counts each district's ballots over its own proposals and its own amount."""
    BudgetRound.objects.filter(pk=budget_round.pk).update(winner_rule=WinnerRule.GREEDY)
    services.sub_budget_set(round=budget_round, district=norrebro, amount=1_000_000)
    services.sub_budget_set(round=budget_round, district=bispebjerg, amount=500_000)
    n1 = make_proposal(budget_round, title="Nørrebro 1", cost=700_000, point=RUNDDEL)
    n2 = make_proposal(budget_round, title="Nørrebro 2", cost=600_000, point=RUNDDEL)
    b1 = make_proposal(budget_round, title="Bispebjerg 1", cost=400_000, point=BISPEBJERG)
    b2 = make_proposal(budget_round, title="Bispebjerg 2", cost=300_000, point=BISPEBJERG)
    for user in people(3, "n"):
        vote(budget_round, user, {n1.pk: 1}, district=norrebro)
    for user in people(2, "nn"):
        vote(budget_round, user, {n2.pk: 1}, district=norrebro)
    for user in people(2, "b"):
        vote(budget_round, user, {b1.pk: 1}, district=bispebjerg)
    vote(budget_round, people(1, "bb")[0], {b2.pk: 1}, district=bispebjerg)

    stored = services.round_tally(round=budget_round, at=AFTER)

    results = {r.proposal.title: r for r in TallyResult.objects.filter(tally=stored).select_related("sub_budget")}
    assert {title for title, r in results.items() if r.selected} == {"Nørrebro 1", "Bispebjerg 1"}
    # Greedy: 700.000 + 600.000 kr. is more than Nørrebro's 1.000.000, and 400.000 + 300.000 more than Bispebjerg's.
    assert results["Nørrebro 2"].votes == 2 and not results["Nørrebro 2"].selected
    assert {r.sub_budget.district.name for r in results.values() if r.proposal.title.startswith("Bis")} == {
        "Bispebjerg"
    }


def test_cumulative_ballots_count_points(project, people):
    """On cumulative ballots a proposal's votes are its points, and the rule runs with points as utilities."""
    budget_round = services.round_create(
        project=project,
        title="Point",
        total_budget=1_000,
        ballot_type=BallotType.CUMULATIVE,
        winner_rule=WinnerRule.GREEDY,
        points_total=10,
        points_per_proposal_max=6,
    )
    a = make_proposal(budget_round, title="A", cost=600)
    b = make_proposal(budget_round, title="B", cost=500)
    c = make_proposal(budget_round, title="C", cost=400)
    users = people(3)
    vote(budget_round, users[0], {a.pk: 6, b.pk: 4})
    vote(budget_round, users[1], {b.pk: 6, c.pk: 4})
    vote(budget_round, users[2], {b.pk: 5, c.pk: 5})

    stored = services.round_tally(round=budget_round, at=AFTER)

    results = {r.proposal.title: r for r in TallyResult.objects.filter(tally=stored)}
    assert [results[name].votes for name in "ABC"] == [6, 15, 9]
    assert {name for name in "ABC" if results[name].selected} == {"B", "C"}


def test_a_round_is_counted_only_once(knapsack, people):
    """A second count is refused with a message naming the day of the first; nothing is stored twice."""
    budget_round, p = knapsack
    vote(budget_round, people(1)[0], {p["A"].pk: 1})
    services.round_tally(round=budget_round, at=AFTER)

    with pytest.raises(ValidationError, match="were counted on .* A round is counted only once") as refused:
        services.round_tally(round=budget_round, at=AFTER)

    assert refused.value.error_list[0].code == "tallied"
    assert Tally.objects.count() == 1
    assert TallyResult.objects.count() == 4


def test_counting_is_refused_while_voting_is_open_or_before_it(knapsack):
    budget_round, _p = knapsack
    with pytest.raises(ValidationError, match="Voting is still open") as during:
        services.round_tally(round=budget_round, at=DURING)
    with pytest.raises(ValidationError, match="Voting has not taken place yet") as before:
        services.round_tally(round=budget_round, at=BEFORE)
    assert (during.value.error_list[0].code, before.value.error_list[0].code) == ("open", "not_closed")
    assert not Tally.objects.exists()


def test_a_ballot_outside_its_sub_budget_stops_the_count_and_changes_nothing(budget_round, norrebro, people):
    """A ballot whose choice lies outside its sub-budget's district is refused as a whole: no tally, links kept."""
    outside = make_proposal(budget_round, title="Bispebjerg", cost=500_000, point=BISPEBJERG)
    sub = services.sub_budget_set(round=budget_round, district=norrebro, amount=1_000_000)
    inside = make_proposal(budget_round, title="Nørrebro", cost=500_000, point=RUNDDEL)
    vote(budget_round, people(1)[0], {inside.pk: 1}, district=norrebro)
    paper_ballot(budget_round, {outside: 1}, sub_budget=sub)

    with pytest.raises(ValidationError, match="does not fit the round's sub-budgets"):
        services.round_tally(round=budget_round, at=AFTER)

    budget_round.refresh_from_db()
    assert budget_round.tallied_at is None
    assert not Tally.objects.exists()
    assert Voter.objects.filter(ballot__isnull=False).count() == 1


def test_only_editors_may_count_and_only_after_voting(knapsack, citizen, case_officer, editor, django_user_model):
    """The "tally" action: editors and superusers, once voting is over, until the round is counted."""
    budget_round, _p = knapsack
    superuser = django_user_model.objects.create_superuser(email="admin@kk.dk", password="pw")
    everyone = {"anonymous": AnonymousUser(), "citizen": citizen, "case_officer": case_officer}
    everyone |= {"editor": editor, "superuser": superuser}
    allowed = {
        when: sorted(role for role, person in everyone.items() if can(person, "tally", budget_round, at=at))
        for when, at in (("before", BEFORE), ("during", DURING), ("after", AFTER))
    }
    assert allowed == {"before": [], "during": [], "after": ["editor", "superuser"]}
    budget_round.tallied_at = timezone.now()
    assert not can(editor, "tally", budget_round, at=AFTER)


def test_the_command_counts_a_round_with_progress(closed_round):
    """`manage.py tally_round ID` prints what it counts and the result; a second run fails with the reason."""
    out = io.StringIO()

    call_command("tally_round", closed_round.pk, stdout=out)

    output = out.getvalue()
    assert "Counting “Lukket runde”" in output
    assert "Lukket runde: 3 ballots, 2 proposals, budget 1000000 kr." in output
    assert "Dropped 3 links between people and ballots." in output
    assert "1 proposals selected" in output
    with pytest.raises(CommandError, match="A round is counted only once"):
        call_command("tally_round", closed_round.pk, stdout=io.StringIO())
    with pytest.raises(CommandError, match="no budget round with id 999999"):
        call_command("tally_round", 999999, stdout=io.StringIO())


@pytest.fixture
def closed_round(project_index, tmf, norrebro, people):
    """A greedy knapsack round of 1.000.000 kr. whose voting phase ended yesterday: A (600.000 kr.) has two
    votes, B (500.000 kr.) one."""
    project = create_project(
        project_index, title="Lukket", slug="lukket", administration=tmf, districts=[norrebro], phases=voting_phases()
    )
    budget_round = services.round_create(
        project=project,
        title="Lukket runde",
        total_budget=1_000_000,
        ballot_type=BallotType.KNAPSACK,
        winner_rule=WinnerRule.GREEDY,
    )
    a = make_proposal(budget_round, title="A", cost=600_000)
    b = make_proposal(budget_round, title="B", cost=500_000)
    for user in people(2):
        vote(budget_round, user, {a.pk: 1}, at=days(10))
    vote(budget_round, people(1, "x")[0], {b.pk: 1}, at=days(10))
    project.phases.all().delete()
    Phase.objects.create(
        project=project, phase_type=PhaseType.VOTING, title="Afstemning", start=days(-10), end=days(-1)
    )
    return budget_round


def _admin(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def test_an_editor_counts_the_votes_from_the_rounds_admin_page(closed_round, editor):
    """The round's inspect view offers "Count the votes" once voting has closed; the confirmation page counts,
    logs it and leads to the stored result."""
    client = _admin(editor)
    inspect = client.get(f"/admin/budgeting/rounds/inspect/{closed_round.pk}/").content.decode()
    url = f"/admin/budgeting/rounds/tally/{closed_round.pk}/"
    assert f'href="{url}"' in inspect

    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "Ballots to count" in confirm.content.decode()

    response = client.post(url)

    closed_round.refresh_from_db()
    assert closed_round.tallied_at is not None
    assert response.status_code == 302
    assert response["Location"] == f"/admin/budgeting/tallies/inspect/{closed_round.tally.pk}/"
    assert TallyResult.objects.get(proposal__title="A").selected
    inspect = client.get(f"/admin/budgeting/rounds/inspect/{closed_round.pk}/").content.decode()
    assert "The votes were counted on" in inspect
    assert f"/en/afstemning/{closed_round.pk}/resultat/" in inspect
    again = client.post(url, follow=True)
    assert "A round is counted only once" in again.content.decode()


def test_case_officers_may_not_count(closed_round, case_officer, officers_may_open_the_admin):
    client = _admin(case_officer)
    response = client.post(f"/admin/budgeting/rounds/tally/{closed_round.pk}/")
    assert response.status_code == 403
    closed_round.refresh_from_db()
    assert closed_round.tallied_at is None


def test_the_admin_says_why_an_open_round_cannot_be_counted(open_round, editor):
    client = _admin(editor)
    inspect = client.get(f"/admin/budgeting/rounds/inspect/{open_round.pk}/").content.decode()
    assert "Voting is still open: the votes cannot be counted yet." in inspect
    assert "/admin/budgeting/rounds/tally/" not in inspect
    client.post(f"/admin/budgeting/rounds/tally/{open_round.pk}/")
    open_round.refresh_from_db()
    assert open_round.tallied_at is None
