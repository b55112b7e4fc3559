"""The budgeting screens in Wagtail admin: who sees them, and that writes go through the services."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import ModelLogEntry

from budgeting.models import BallotType, BudgetRound, Feasibility, Proposal, Tally, TallyResult
from tests.budgeting.conftest import make_proposal

pytestmark = pytest.mark.django_db

ADMIN = "/admin/budgeting"


def browser(user) -> Client:
    """A signed-in client reading the admin in English."""
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def count_queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def round_form(budget_round: BudgetRound, **changes) -> dict:
    data = {
        "project": budget_round.project_id,
        "title": budget_round.title,
        "total_budget": budget_round.total_budget,
        "ballot_type": budget_round.ballot_type,
        "max_choices": budget_round.max_choices or "",
        "min_spend_percent": budget_round.min_spend_percent,
        "points_total": budget_round.points_total or "",
        "points_per_proposal_max": budget_round.points_per_proposal_max or "",
        "winner_rule": budget_round.winner_rule,
        "eligibility": budget_round.eligibility,
        "minimum_age": budget_round.minimum_age,
    }
    return {**data, **changes}


def proposal_form(proposal: Proposal, **changes) -> dict:
    data = {
        "round": proposal.round_id,
        "title": proposal.title,
        "description": proposal.description,
        "cost": proposal.cost,
        "administration": proposal.administration_id,
        "latitude": proposal.latitude or "",
        "longitude": proposal.longitude or "",
        "district": proposal.district_id or "",
    }
    return {**data, **changes}


@pytest.fixture(autouse=True)
def _officers_may_open_the_admin(officers_may_open_the_admin):
    """Case-officer groups have access to Wagtail admin, and no model permissions."""


@pytest.fixture
def tally(open_round):
    tally = Tally.objects.create(round=open_round, rule=open_round.winner_rule, computed_at="2026-12-01T12:00:00Z")
    for proposal in open_round.proposals.all():
        TallyResult.objects.create(tally=tally, proposal=proposal, votes_online=3, votes_paper=1, selected=True)
    return tally


class TestScreensOpen:
    def test_every_screen_opens_for_an_editor(self, editor, open_round, tally, norrebro):
        client = browser(editor)
        proposal = open_round.proposals.first()
        urls = [
            f"{ADMIN}/rounds/",
            f"{ADMIN}/rounds/new/",
            f"{ADMIN}/rounds/edit/{open_round.pk}/",
            f"{ADMIN}/rounds/inspect/{open_round.pk}/",
            f"{ADMIN}/sub-budgets/",
            f"{ADMIN}/sub-budgets/new/",
            f"{ADMIN}/proposals/",
            f"{ADMIN}/proposals/new/",
            f"{ADMIN}/proposals/edit/{proposal.pk}/",
            f"{ADMIN}/tallies/",
            f"{ADMIN}/tallies/inspect/{tally.pk}/",
        ]
        assert {url: client.get(url).status_code for url in urls} == dict.fromkeys(urls, 200)

    def test_case_officers_see_proposals_and_rounds_but_do_not_edit_rounds(self, case_officer, open_round, tally):
        client = browser(case_officer)
        proposal = open_round.proposals.first()
        for url in (
            f"{ADMIN}/proposals/",
            f"{ADMIN}/proposals/new/",
            f"{ADMIN}/proposals/edit/{proposal.pk}/",
            f"{ADMIN}/proposals/assess/{proposal.pk}/",
            f"{ADMIN}/rounds/",
            f"{ADMIN}/rounds/inspect/{open_round.pk}/",
            f"{ADMIN}/tallies/inspect/{tally.pk}/",
        ):
            assert client.get(url).status_code == 200, url
        assert client.get(f"{ADMIN}/rounds/edit/{open_round.pk}/").status_code == 302  # Wagtail's "no permission"
        assert client.get(f"{ADMIN}/rounds/new/").status_code == 302

    def test_a_citizen_sees_nothing(self, citizen, open_round):
        client = browser(citizen)
        assert client.get(f"{ADMIN}/proposals/").status_code == 302
        assert client.get(f"{ADMIN}/rounds/").status_code == 302

    def test_the_round_page_shows_turnout_as_counts_only(self, editor, open_round, citizen):
        from budgeting import services

        voter = services.voter_for(round=open_round, user=citizen)
        proposal = open_round.proposals.order_by("pk").last()
        ballot = services.ballot_submit(voter=voter, selections={proposal.pk: 1})
        content = browser(editor).get(f"{ADMIN}/rounds/inspect/{open_round.pk}/").content.decode()
        assert "People who have voted" in content
        assert citizen.email not in content and ballot.receipt_code not in content

    def test_the_proposal_list_costs_the_same_for_1_and_50_proposals(self, editor, budget_round, case_officer):
        """The list's query count does not grow with the number of proposals."""
        make_proposal(budget_round)
        one = count_queries(browser(case_officer), f"{ADMIN}/proposals/")
        for n in range(49):
            make_proposal(budget_round, title=f"Forslag {n}")
        fifty = count_queries(browser(case_officer), f"{ADMIN}/proposals/")
        assert fifty == one


class TestWrites:
    def test_a_case_officer_adds_a_proposal_through_the_service(self, case_officer, budget_round, tmf):
        response = browser(case_officer).post(
            f"{ADMIN}/proposals/new/",
            {
                "round": budget_round.pk,
                "title": "Legeplads",
                "description": "En ny legeplads.",
                "cost": "400000",
                "administration": tmf.pk,
                "latitude": "55.6945",
                "longitude": "12.5480",
            },
        )
        assert response.status_code == 302
        proposal = Proposal.objects.get()
        assert (proposal.code, proposal.district.name, proposal.feasibility) == ("1", "Nørrebro", "pending")

    def test_a_frozen_proposal_refuses_an_edit_with_a_message(self, editor, open_round):
        proposal = open_round.proposals.first()
        response = browser(editor).post(f"{ADMIN}/proposals/edit/{proposal.pk}/", proposal_form(proposal, cost="100"))
        assert response.status_code == 200
        assert "Voting has opened: the proposal is frozen and can no longer be changed." in response.content.decode()
        proposal.refresh_from_db()
        assert proposal.cost != 100

    def test_a_case_officer_of_another_administration_cannot_edit_the_proposal(self, other_case_officer, budget_round):
        proposal = make_proposal(budget_round)
        response = browser(other_case_officer).get(f"{ADMIN}/proposals/edit/{proposal.pk}/")
        assert response.status_code == 403

    def test_locked_round_fields_are_refused_with_a_message(self, editor, open_round):
        response = browser(editor).post(
            f"{ADMIN}/rounds/edit/{open_round.pk}/",
            round_form(open_round, ballot_type=BallotType.APPROVAL, max_choices=3, title="Ny titel"),
        )
        assert response.status_code == 200
        content = response.content.decode()
        assert "Voting has opened: the budget, ballot type and rules of the round can no longer change." in content
        open_round.refresh_from_db()
        assert (open_round.ballot_type, open_round.title) == (BallotType.KNAPSACK, "Borgerbudget nu")

    def test_the_title_of_an_open_round_can_change(self, editor, open_round):
        response = browser(editor).post(f"{ADMIN}/rounds/edit/{open_round.pk}/", round_form(open_round, title="Ny"))
        assert response.status_code == 302
        open_round.refresh_from_db()
        assert open_round.title == "Ny"

    def test_an_editor_creates_a_round_and_a_sub_budget(self, editor, project, norrebro):
        client = browser(editor)
        data = round_form(
            BudgetRound(project=project, title="Ny runde", total_budget=1_000_000, ballot_type="approval"),
            max_choices=3,
            winner_rule="greedy",
        )
        assert client.post(f"{ADMIN}/rounds/new/", data).status_code == 302
        budget_round = BudgetRound.objects.get()
        response = client.post(
            f"{ADMIN}/sub-budgets/new/", {"round": budget_round.pk, "district": norrebro.pk, "amount": "2000000"}
        )
        assert response.status_code == 200
        assert "the round&#x27;s total budget is 1,000,000 kr." in response.content.decode()
        response = client.post(
            f"{ADMIN}/sub-budgets/new/", {"round": budget_round.pk, "district": norrebro.pk, "amount": "600000"}
        )
        assert response.status_code == 302
        assert budget_round.sub_budgets.get().amount == 600_000

    def test_a_round_with_open_voting_cannot_be_deleted(self, editor, open_round):
        response = browser(editor).post(f"{ADMIN}/rounds/delete/{open_round.pk}/")
        assert response.status_code == 302
        assert BudgetRound.objects.filter(pk=open_round.pk).exists()


class TestAssessment:
    def test_a_case_officer_of_another_administration_is_refused(self, other_case_officer, budget_round):
        """Only the owning administration's case officers assess; others get a 403 that says why."""
        proposal = make_proposal(budget_round, feasible=None)
        client = browser(other_case_officer)
        for response in (
            client.get(f"{ADMIN}/proposals/assess/{proposal.pk}/"),
            client.post(f"{ADMIN}/proposals/assess/{proposal.pk}/", {"verdict": "feasible"}),
        ):
            assert response.status_code == 403
            assert "Only the case officers of the administration that owns the proposal" in response.content.decode()
        proposal.refresh_from_db()
        assert proposal.feasibility == Feasibility.PENDING

    def test_the_owning_case_officer_assesses_with_a_public_reason(self, case_officer, budget_round):
        proposal = make_proposal(budget_round, feasible=None)
        client = browser(case_officer)
        url = f"{ADMIN}/proposals/assess/{proposal.pk}/"
        response = client.post(url, {"verdict": "not_feasible", "reason": ""})
        assert response.status_code == 200
        assert "Say why the proposal is not feasible: the reason is public." in response.content.decode()
        response = client.post(url, {"verdict": "not_feasible", "reason": "Grunden er privat."})
        assert response.status_code == 302
        proposal.refresh_from_db()
        assert (proposal.feasibility, proposal.feasibility_reason) == ("not_feasible", "Grunden er privat.")
        assert ModelLogEntry.objects.filter(action="budgeting.assess", user=case_officer).exists()

    def test_a_frozen_proposal_cannot_be_assessed(self, case_officer, open_round):
        proposal = open_round.proposals.first()
        response = browser(case_officer).post(
            f"{ADMIN}/proposals/assess/{proposal.pk}/", {"verdict": "not_feasible", "reason": "For dyrt"}
        )
        assert response.status_code == 200
        assert "the proposal is frozen" in response.content.decode()
