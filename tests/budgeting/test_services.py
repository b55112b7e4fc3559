"""Rounds, proposals, feasibility and ballots through the services: what they accept, and the messages
with which they refuse."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from wagtail.models import Locale

from budgeting import selectors, services
from budgeting.models import Ballot, BallotChoice, BallotType, BudgetRound, Channel, Feasibility, Voter, WinnerRule
from budgeting.services import ballots as ballot_services
from participation import services as idea_services
from tests.budgeting.conftest import AFTER, BEFORE, BISPEBJERG, DURING, KONGENS_NYTORV, RUNDDEL, days, make_proposal
from tests.cms.factories import create_project

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """These tests read the services' messages in English, the source language (tests of the Danish
    wording switch to Danish themselves)."""
    with translation.override("en"):
        yield


def messages(error: ValidationError) -> list[str]:
    return list(error.messages)


def refusal(call, **kwargs) -> list[str]:
    with pytest.raises(ValidationError) as error:
        call(**kwargs)
    return messages(error.value)


# Rounds and sub-budgets --------------------------------------------------------------------------


class TestRounds:
    def test_one_round_per_project_in_either_language(self, budget_round, project):
        """The English page of the project cannot get a second round: the pages share a translation key."""
        english = project.copy_for_translation(Locale.objects.get_or_create(language_code="en")[0], copy_parents=True)
        errors = refusal(
            services.round_create,
            project=english,
            title="Citizens' budget",
            total_budget=1000,
            ballot_type=BallotType.KNAPSACK,
            winner_rule=WinnerRule.GREEDY,
        )
        assert errors == ["The project already has a budget round."]
        assert selectors.round_for_project(project=english) == budget_round

    def test_rules_and_budget_can_change_before_voting(self, budget_round):
        """Until voting opens, the editor may change anything."""
        updated = services.round_update(
            round=budget_round, at=BEFORE, ballot_type=BallotType.APPROVAL, max_choices=3, total_budget=3_000_000
        )
        assert (updated.ballot_type, updated.max_choices, updated.total_budget) == ("approval", 3, 3_000_000)

    @pytest.mark.parametrize(
        "changes",
        [
            {"ballot_type": BallotType.APPROVAL, "max_choices": 3},
            {"winner_rule": WinnerRule.GREEDY},
            {"total_budget": 2_500_000},
            {"min_spend_percent": 50},
        ],
    )
    def test_rules_and_budget_are_locked_once_voting_has_opened(self, budget_round, changes):
        """Once voting has opened, each locked field that changes is refused with a message on it."""
        with pytest.raises(ValidationError) as error:
            services.round_update(round=budget_round, at=DURING, **changes)
        assert set(error.value.message_dict) == set(changes)
        assert "can no longer change" in messages(error.value)[0]
        budget_round.refresh_from_db()
        assert budget_round.winner_rule == WinnerRule.MES and budget_round.total_budget == 2_000_000

    def test_the_title_can_change_after_voting_opened(self, budget_round):
        assert services.round_update(round=budget_round, at=AFTER, title="Ny titel").title == "Ny titel"

    def test_a_ballot_locks_the_round_even_if_the_phase_moves(self, budget_round):
        """Once someone has voted, the rules stay fixed, whatever the phase dates say."""
        Ballot.objects.create(round=budget_round)
        with pytest.raises(ValidationError):
            services.round_update(round=budget_round, at=BEFORE, winner_rule=WinnerRule.GREEDY)

    def test_impossible_numbers_are_refused_with_a_message(self, project):
        errors = refusal(
            services.round_create,
            project=project,
            title="Point",
            total_budget=1000,
            ballot_type=BallotType.CUMULATIVE,
            winner_rule=WinnerRule.MES,
            points_total=5,
            points_per_proposal_max=8,
        )
        assert errors == ["The most points on one proposal cannot be more than the points per voter."]

    def test_a_round_without_votes_can_be_deleted_but_not_once_voting_opened(self, budget_round):
        assert refusal(services.round_delete, round=budget_round, at=DURING) == [
            "Voting has opened: the round can no longer be deleted."
        ]
        services.round_delete(round=budget_round, at=BEFORE)
        assert not BudgetRound.objects.exists()


class TestSubBudgets:
    def test_sub_budgets_may_not_exceed_the_total(self, budget_round, norrebro, bispebjerg):
        services.sub_budget_set(round=budget_round, district=norrebro, amount=1_200_000)
        errors = refusal(services.sub_budget_set, round=budget_round, district=bispebjerg, amount=900_000)
        assert errors == [
            "The sub-budgets would add up to 2,100,000 kr., but the round's total budget is 2,000,000 kr."
        ]
        services.sub_budget_set(round=budget_round, district=bispebjerg, amount=800_000)
        services.sub_budget_set(round=budget_round, district=norrebro, amount=1_100_000)  # changes, not adds
        assert sorted(budget_round.sub_budgets.values_list("amount", flat=True)) == [800_000, 1_100_000]

    def test_the_total_cannot_fall_below_the_sub_budgets(self, budget_round, norrebro):
        services.sub_budget_set(round=budget_round, district=norrebro, amount=1_500_000)
        errors = refusal(services.round_update, round=budget_round, total_budget=1_000_000)
        assert errors == ["The sub-budgets add up to 1,500,000 kr.: the total cannot be less."]

    def test_a_sub_budget_must_be_in_the_projects_districts(self, budget_round, areas):
        from maps.models import District

        errors = refusal(services.sub_budget_set, round=budget_round, district=District.objects.get(code=1), amount=10)
        assert errors == ["Indre By is not one of the project's districts (Nørrebro, Bispebjerg)."]

    def test_sub_budgets_are_locked_once_voting_has_opened(self, budget_round, norrebro):
        sub_budget = services.sub_budget_set(round=budget_round, district=norrebro, amount=1_000_000)
        expected = ["Voting has opened: the sub-budgets can no longer change."]
        assert refusal(services.sub_budget_set, round=budget_round, district=norrebro, amount=5, at=DURING) == expected
        assert refusal(services.sub_budget_delete, sub_budget=sub_budget, at=DURING) == expected


# Proposals and feasibility -----------------------------------------------------------------------


class TestProposals:
    def test_proposals_are_numbered_in_order_and_located_on_the_server(self, budget_round, norrebro, bispebjerg):
        """Codes "1", "2", … per round; the district comes from the point, not from the caller."""
        first = make_proposal(budget_round, point=RUNDDEL, district=bispebjerg)
        second = make_proposal(budget_round, point=BISPEBJERG)
        third = make_proposal(budget_round, point=None, district=norrebro)
        assert [first.code, second.code, third.code] == ["1", "2", "3"]
        assert [first.district, second.district, third.district] == [norrebro, bispebjerg, norrebro]

    def test_a_deleted_proposals_number_is_not_given_again(self, budget_round):
        make_proposal(budget_round)
        second = make_proposal(budget_round)
        services.proposal_delete(proposal=second, at=BEFORE)
        assert make_proposal(budget_round).code == "3"

    def test_a_point_outside_the_project_is_refused(self, budget_round):
        errors = refusal(make_proposal, budget_round=budget_round, point=KONGENS_NYTORV)
        assert errors == ["The place is outside the project's area (Nørrebro, Bispebjerg)."]

    def test_no_new_proposals_once_voting_has_opened(self, budget_round):
        errors = refusal(make_proposal, budget_round=budget_round, at=DURING)
        assert errors == ["Voting has opened: no more proposals can be added."]

    def test_with_sub_budgets_a_proposal_must_be_in_one_of_their_districts(self, budget_round, norrebro):
        services.sub_budget_set(round=budget_round, district=norrebro, amount=1_000_000)
        errors = refusal(make_proposal, budget_round=budget_round, point=BISPEBJERG)
        assert errors == ["The round has budgets per district: place the proposal in one of them (Nørrebro)."]

    def test_a_proposal_grows_from_ideas_whose_authors_are_told_on_commit(
        self, budget_round, citizen, monkeypatch, django_capture_on_commit_callbacks
    ):
        """The ideas link to the proposal; the hook that tells their authors runs once committed."""
        project = budget_round.project
        ideas = [
            idea_services.idea_submit(
                project=project,
                author=citizen,
                title=title,
                description="Gerne.",
                latitude=lat,
                longitude=lon,
                at=days(-30),
            )
            for title, (lat, lon) in (("Bænke", RUNDDEL), ("Træer", BISPEBJERG))
        ]
        told = []
        monkeypatch.setattr(
            services.proposals, "_tell_idea_authors", lambda proposal, ideas, by=None: told.append((proposal, ideas))
        )
        with django_capture_on_commit_callbacks(execute=True):
            proposal = services.proposal_from_ideas(
                round=budget_round, ideas=ideas, cost=300_000, administration=project.administration
            )
        assert (proposal.title, proposal.latitude) == ("Bænke", RUNDDEL[0])
        assert set(ideas[0].proposals.all()) == {proposal}
        assert told == [(proposal, ideas)]

    def test_ideas_of_another_project_are_refused(self, budget_round, project_index, citizen):
        other = create_project(project_index, title="Andet projekt")
        idea = idea_services.idea_submit(project=other, author=citizen, title="Idé", description="Tekst")
        errors = refusal(
            services.proposal_from_ideas,
            round=budget_round,
            ideas=[idea],
            cost=10,
            administration=budget_round.project.administration,
        )
        assert errors == [
            "A proposal can only grow from ideas of its project or public ideas placed in Nørrebro, Bispebjerg."
        ]

    def test_public_ideas_of_another_project_in_the_rounds_districts_can_grow_a_proposal(
        self, budget_round, project_index, citizen, case_officer, norrebro
    ):
        """A citizens' budget takes up ideas sent to its districts' other dialogues: a public idea placed in one of
        the round's districts may grow a proposal; a hidden one, or one placed elsewhere, may not. The admin offers
        the same ideas."""
        other = create_project(project_index, title="Et grønnere Nørrebro", districts=[norrebro])
        city = create_project(project_index, title="Hele byen")

        def idea(project, title, point):
            return idea_services.idea_submit(
                project=project, author=citizen, title=title, description="Tekst", latitude=point[0], longitude=point[1]
            )

        public = idea(other, "Træer", RUNDDEL)
        hidden = idea(other, "Skjult", RUNDDEL)
        idea_services.moderate(target=hidden, visibility="hidden", reason="Personoplysninger")
        elsewhere = idea(city, "Indre By", KONGENS_NYTORV)

        proposal = services.proposal_from_ideas(
            round=budget_round, ideas=[public], cost=10_000, administration=budget_round.project.administration
        )
        assert list(proposal.ideas.all()) == [public] and proposal.district == norrebro
        for refused in (hidden, elsewhere):
            errors = refusal(
                services.proposal_from_ideas,
                round=budget_round,
                ideas=[refused],
                cost=10,
                administration=budget_round.project.administration,
            )
            assert errors == [
                "A proposal can only grow from ideas of its project or public ideas placed in Nørrebro, Bispebjerg."
            ]
        offered = set(selectors.round_ideas(round=budget_round))
        assert public in offered and hidden not in offered and elsewhere not in offered
        assert public in set(selectors.proposing_ideas()) and elsewhere not in set(selectors.proposing_ideas())

    def test_a_proposal_can_be_edited_until_voting_opens(self, budget_round, bispebjerg):
        proposal = make_proposal(budget_round)
        edited = services.proposal_update(proposal=proposal, title="Flere bænke", cost=650_000, at=BEFORE)
        assert (edited.title, edited.cost) == ("Flere bænke", 650_000)
        moved = services.proposal_update(proposal=proposal, latitude=BISPEBJERG[0], longitude=BISPEBJERG[1])
        assert moved.district == bispebjerg

    @pytest.mark.parametrize("changes", [{"title": "Ny"}, {"description": "Ny"}, {"cost": 1}, {"latitude": None}])
    def test_a_frozen_proposal_refuses_edits(self, budget_round, changes):
        """Once voting has opened, what voters see cannot change."""
        proposal = make_proposal(budget_round)
        if "latitude" in changes:
            changes["longitude"] = None
        errors = refusal(services.proposal_update, proposal=proposal, at=DURING, **changes)
        assert errors == ["Voting has opened: the proposal is frozen and can no longer be changed."]

    def test_a_frozen_proposal_may_change_its_owner_and_unchanged_values_pass(self, budget_round, kff):
        proposal = make_proposal(budget_round)
        updated = services.proposal_update(proposal=proposal, title=proposal.title, administration=kff, at=DURING)
        assert updated.administration == kff

    def test_a_frozen_proposal_cannot_be_deleted(self, budget_round):
        proposal = make_proposal(budget_round)
        errors = refusal(services.proposal_delete, proposal=proposal, at=DURING)
        assert errors == ["Voting has opened: the proposal is frozen and can no longer be changed."]


class TestFeasibility:
    def test_not_feasible_needs_a_public_reason(self, budget_round):
        proposal = make_proposal(budget_round, feasible=None)
        errors = refusal(services.feasibility_assess, proposal=proposal, feasible=False, reason="  ")
        assert errors == ["Say why the proposal is not feasible: the reason is public."]

    def test_an_assessment_is_stored_with_its_time(self, budget_round, case_officer):
        proposal = make_proposal(budget_round, feasible=None)
        assert proposal.feasibility == Feasibility.PENDING and not proposal.on_ballot
        assessed = services.feasibility_assess(
            proposal=proposal, feasible=False, reason="Grunden er privat.", by=case_officer
        )
        assert (assessed.feasibility, assessed.feasibility_reason) == ("not_feasible", "Grunden er privat.")
        assert assessed.assessed_at is not None

    def test_a_frozen_proposal_cannot_be_assessed(self, budget_round):
        proposal = make_proposal(budget_round, feasible=None)
        errors = refusal(services.feasibility_assess, proposal=proposal, feasible=True, reason="", at=DURING)
        assert errors == ["Voting has opened: the proposal is frozen and can no longer be changed."]


# Ballots -----------------------------------------------------------------------------------------


@pytest.fixture
def knapsack(budget_round):
    """Four proposals, three on the ballot: 900.000, 800.000 and 600.000 kr.; budget 2.000.000 kr."""
    proposals = {
        "bænke": make_proposal(budget_round, title="Bænke", cost=900_000),
        "træer": make_proposal(budget_round, title="Træer", cost=800_000, point=BISPEBJERG),
        "lys": make_proposal(budget_round, title="Lys", cost=600_000),
        "bro": make_proposal(budget_round, title="Bro", cost=100_000, feasible=False),
    }
    return budget_round, proposals


def choose(*proposals, points=1) -> dict[int, int]:
    return {proposal.pk: points for proposal in proposals}


def set_round(budget_round, **fields) -> BudgetRound:
    BudgetRound.objects.filter(pk=budget_round.pk).update(**fields)
    return BudgetRound.objects.select_related("project").get(pk=budget_round.pk)


class TestBallotValidation:
    def test_a_ballot_within_budget_is_valid(self, knapsack):
        round_, p = knapsack
        assert services.ballot_validate(round=round_, sub_budget=None, selections=choose(p["bænke"], p["træer"])) == []

    def test_over_budget_is_refused_with_amounts_in_the_readers_format(self, knapsack):
        """The amounts are written with the thousands separator of the language: 2.300.000 in Danish."""
        round_, p = knapsack
        selections = choose(p["bænke"], p["træer"], p["lys"])
        with translation.override("da"):
            assert services.ballot_validate(round=round_, sub_budget=None, selections=selections) == [
                "Du har valgt forslag for 2.300.000 kr., men budgettet er 2.000.000 kr."
            ]
        with translation.override("en"):
            assert services.ballot_validate(round=round_, sub_budget=None, selections=selections) == [
                "You have chosen proposals for 2,300,000 kr., but the budget is 2,000,000 kr."
            ]

    def test_a_minimum_share_of_the_budget_must_be_used(self, knapsack):
        round_, p = knapsack
        round_ = set_round(round_, min_spend_percent=50)
        assert services.ballot_validate(round=round_, sub_budget=None, selections=choose(p["lys"])) == [
            "You have chosen proposals for 600,000 kr., but you must use at least 1,000,000 kr."
        ]

    def test_more_than_k_approvals_are_refused(self, knapsack):
        round_, p = knapsack
        round_ = set_round(round_, ballot_type=BallotType.APPROVAL, max_choices=2)
        selections = choose(p["bænke"], p["træer"], p["lys"])
        assert services.ballot_validate(round=round_, sub_budget=None, selections=selections) == [
            "You may choose at most 2 proposals, but you have chosen 3."
        ]

    def test_approval_and_knapsack_give_one_vote_per_proposal(self, knapsack):
        round_, p = knapsack
        assert services.ballot_validate(round=round_, sub_budget=None, selections=choose(p["lys"], points=2)) == [
            "In this vote a proposal is either chosen or not: it cannot get more than one vote."
        ]

    def test_cumulative_points_over_the_total_and_over_the_most_per_proposal_are_refused(self, knapsack):
        round_, p = knapsack
        round_ = set_round(round_, ballot_type=BallotType.CUMULATIVE, points_total=10, points_per_proposal_max=4)
        assert services.ballot_validate(
            round=round_, sub_budget=None, selections={p["bænke"].pk: 4, p["træer"].pk: 4, p["lys"].pk: 3}
        ) == ["You have given 11 points, but you have 10 points to give."]
        assert services.ballot_validate(round=round_, sub_budget=None, selections={p["bænke"].pk: 5}) == [
            "You have given “Bænke” 5 points, but one proposal can get at most 4."
        ]
        assert services.ballot_validate(round=round_, sub_budget=None, selections={p["bænke"].pk: 0}) == [
            "Give each chosen proposal at least 1 point."
        ]
        assert services.ballot_validate(round=round_, sub_budget=None, selections={p["bænke"].pk: 4}) == []

    def test_only_feasible_proposals_of_the_round_can_be_chosen(self, knapsack, project_index):
        round_, p = knapsack
        assert services.ballot_validate(round=round_, sub_budget=None, selections=choose(p["bro"])) == [
            "“Bro” is not on the ballot."
        ]
        other_round = services.round_create(
            project=create_project(project_index, title="Andet"),
            title="Andet",
            total_budget=10**6,
            ballot_type=BallotType.KNAPSACK,
            winner_rule=WinnerRule.GREEDY,
        )
        stranger = make_proposal(other_round, point=None)
        assert services.ballot_validate(round=round_, sub_budget=None, selections=choose(stranger)) == [
            "One of your choices is not a proposal in this vote. Reload the page and choose again."
        ]

    def test_nothing_chosen_or_unreadable_choices_are_refused(self, knapsack):
        round_, _ = knapsack
        assert services.ballot_validate(round=round_, sub_budget=None, selections={}) == [
            "Choose at least one proposal."
        ]
        assert services.ballot_validate(round=round_, sub_budget=None, selections={"x": "y"}) == [
            "Your choices could not be read. Reload the page and choose again."
        ]

    def test_with_sub_budgets_only_the_voters_districts_proposals_and_budget_count(
        self, knapsack, norrebro, bispebjerg
    ):
        """A Nørrebro voter chooses among Nørrebro's proposals, within Nørrebro's budget."""
        round_, p = knapsack
        nørrebro_budget = services.sub_budget_set(round=round_, district=norrebro, amount=1_000_000)
        services.sub_budget_set(round=round_, district=bispebjerg, amount=1_000_000)
        assert services.ballot_validate(round=round_, sub_budget=nørrebro_budget, selections=choose(p["træer"])) == [
            "“Træer” is not in Nørrebro, where you vote."
        ]
        assert services.ballot_validate(
            round=round_, sub_budget=nørrebro_budget, selections=choose(p["bænke"], p["lys"])
        ) == ["You have chosen proposals for 1,500,000 kr., but the budget is 1,000,000 kr."]
        assert services.ballot_validate(round=round_, sub_budget=None, selections=choose(p["bænke"])) == [
            "Tell us which district you live in: each district has its own budget in this vote."
        ]


class TestVoting:
    def test_a_voter_row_is_made_once(self, budget_round, citizen, norrebro):
        first = services.voter_for(round=budget_round, user=citizen)
        again = services.voter_for(round=budget_round, user=citizen, district=norrebro)
        assert first.pk == again.pk and again.district == norrebro
        assert Voter.objects.get(pk=first.pk).district == norrebro

    def test_voting_needs_the_voting_phase(self, knapsack, citizen):
        round_, p = knapsack
        voter = services.voter_for(round=round_, user=citizen)
        for at in (BEFORE, AFTER):
            errors = refusal(services.ballot_submit, voter=voter, selections=choose(p["lys"]), at=at)
            assert errors == ["Voting is not open."]
        assert not Ballot.objects.exists()

    def test_a_ballot_is_stored_without_the_person_and_the_draft_is_cleared(self, knapsack, citizen):
        round_, p = knapsack
        voter = services.voter_for(round=round_, user=citizen)
        services.draft_save(voter=voter, selections=choose(p["lys"]), at=DURING)
        ballot = services.ballot_submit(voter=voter, selections=choose(p["bænke"], p["lys"]), at=DURING)
        voter.refresh_from_db()
        assert voter.voted and voter.ballot_id == ballot.pk and voter.draft == {}
        assert ballot.selections() == {p["bænke"].pk: 1, p["lys"].pk: 1}
        assert ballot.channel == Channel.ONLINE and len(ballot.receipt_code) == 10
        assert selectors.ballot_of(voter=voter) == ballot.selections()

    def test_an_invalid_ballot_is_refused_and_nothing_is_stored(self, knapsack, citizen):
        round_, p = knapsack
        voter = services.voter_for(round=round_, user=citizen)
        errors = refusal(
            services.ballot_submit, voter=voter, selections=choose(p["bænke"], p["træer"], p["lys"]), at=DURING
        )
        assert errors == ["You have chosen proposals for 2,300,000 kr., but the budget is 2,000,000 kr."]
        assert not Ballot.objects.exists() and not Voter.objects.get(pk=voter.pk).voted

    def test_a_changed_vote_replaces_the_ballot_with_a_new_receipt(self, knapsack, citizen):
        """The new ballot replaces the old one: one ballot per voter, and the old receipt no longer checks out."""
        round_, p = knapsack
        voter = services.voter_for(round=round_, user=citizen)
        first = services.ballot_submit(voter=voter, selections=choose(p["bænke"]), at=DURING)
        second = services.ballot_submit(voter=voter, selections=choose(p["træer"], p["lys"]), at=DURING)
        assert list(Ballot.objects.all()) == [second]
        assert BallotChoice.objects.count() == 2
        assert second.receipt_code != first.receipt_code
        assert selectors.ballot_by_receipt(round=round_, code=second.receipt.lower())
        assert not selectors.ballot_by_receipt(round=round_, code=first.receipt)

    def test_the_voter_votes_in_their_districts_sub_budget(self, knapsack, citizen, norrebro, bispebjerg):
        round_, p = knapsack
        services.sub_budget_set(round=round_, district=norrebro, amount=1_000_000)
        bispebjerg_budget = services.sub_budget_set(round=round_, district=bispebjerg, amount=1_000_000)
        voter = services.voter_for(round=round_, user=citizen)
        errors = refusal(services.ballot_submit, voter=voter, selections=choose(p["træer"]), at=DURING)
        assert errors == ["Tell us which district you live in: each district has its own budget in this vote."]
        voter = services.voter_for(round=round_, user=citizen, district=bispebjerg)
        ballot = services.ballot_submit(voter=voter, selections=choose(p["træer"]), at=DURING)
        assert ballot.sub_budget == bispebjerg_budget

    def test_a_paper_voter_cannot_also_vote_online(self, knapsack, citizen):
        round_, p = knapsack
        voter = services.voter_for(round=round_, user=citizen)
        Voter.objects.filter(pk=voter.pk).update(voted=True, channel=Channel.PAPER)
        errors = refusal(services.ballot_submit, voter=voter, selections=choose(p["lys"]), at=DURING)
        assert errors == ["You have voted on paper: you cannot also vote online."]

    def test_a_draft_keeps_over_budget_choices_but_only_known_proposals(self, knapsack, citizen):
        round_, p = knapsack
        voter = services.voter_for(round=round_, user=citizen)
        selections = {**choose(p["bænke"], p["træer"], p["lys"], p["bro"]), 999_999: 1}
        services.draft_save(voter=voter, selections=selections, at=DURING)
        stored = Voter.objects.get(pk=voter.pk)
        assert stored.draft_selections() == choose(p["bænke"], p["træer"], p["lys"])
        assert refusal(services.draft_save, voter=voter, selections={}, at=AFTER) == ["Voting is not open."]

    def test_a_submission_after_the_count_is_refused(self, knapsack, citizen, other_citizen):
        """Once counted, nobody votes, even on a day inside the voting phase: a new vote and a draft are refused."""
        round_, p = knapsack
        voter = services.voter_for(round=round_, user=citizen)
        services.ballot_submit(voter=voter, selections=choose(p["lys"]), at=DURING)
        late = services.voter_for(round=round_, user=other_citizen)
        services.round_tally(round=round_, at=AFTER)
        for call in (services.ballot_submit, services.draft_save):
            assert refusal(call, voter=late, selections=choose(p["bænke"]), at=DURING) == [
                "The votes have been counted: voting is closed."
            ]
        assert Ballot.objects.count() == 1
        assert Voter.objects.get(pk=late.pk).draft == {}

    @pytest.mark.parametrize("call", [services.ballot_submit, services.draft_save], ids=["submit", "draft"])
    def test_a_submission_that_waited_for_the_count_is_refused(self, knapsack, citizen, monkeypatch, call):
        """The count finishes while a submission waits for the round's lock (it found voting open before): with the
        lock it reads the round again and is refused, leaving no ballot, link or draft behind the count."""
        round_, p = knapsack
        voter = services.voter_for(round=round_, user=citizen)
        granted = ballot_services.share_round

        def after_the_count(pk):
            BudgetRound.objects.filter(pk=pk).update(tallied_at=timezone.now())
            return granted(pk)

        monkeypatch.setattr(ballot_services, "share_round", after_the_count)
        errors = refusal(call, voter=voter, selections=choose(p["lys"]), at=DURING)
        assert errors == ["The votes have been counted: voting is closed."]
        assert not Ballot.objects.exists()
        assert Voter.objects.filter(pk=voter.pk).values_list("voted", "ballot", "draft").get() == (False, None, {})


class TestClosingLinks:
    def test_links_cannot_be_dropped_while_voting_is_open(self, budget_round):
        errors = refusal(services.round_close_links, round=budget_round, at=DURING)
        assert errors == ["Voting is still open: the votes cannot be counted yet."]

    def test_closing_drops_links_and_drafts_but_not_who_voted(self, knapsack, citizen, other_citizen):
        """After the tally, no ballot can be traced to a person, nobody can vote again, and ballots stay."""
        round_, p = knapsack
        voter = services.voter_for(round=round_, user=citizen)
        ballot = services.ballot_submit(voter=voter, selections=choose(p["lys"]), at=DURING)
        drafter = services.voter_for(round=round_, user=other_citizen)
        services.draft_save(voter=drafter, selections=choose(p["bænke"]), at=DURING)

        assert services.round_close_links(round=round_, at=AFTER) == 1

        assert list(Voter.objects.values_list("ballot", "draft", "voted").order_by("pk")) == [
            (None, {}, True),
            (None, {}, False),
        ]
        assert list(Ballot.objects.all()) == [ballot]
        assert selectors.ballot_by_receipt(round=round_, code=ballot.receipt_code)
        errors = refusal(services.ballot_submit, voter=voter, selections=choose(p["bænke"]), at=DURING)
        assert errors == ["Your vote is counted and can no longer be changed."]
        assert selectors.turnout(round=round_) == selectors.Turnout(voters=2, voted=1, online=1, paper=0)

    def test_closing_forgets_the_days_people_came_and_voted(self, knapsack, citizen, other_citizen):
        """Every ballot and voter row carries the voting's first day after the tally, whatever day it was cast."""
        round_, p = knapsack
        for user, day in ((citizen, 7), (other_citizen, 12)):
            voter = services.voter_for(round=round_, user=user)
            ballot = services.ballot_submit(voter=voter, selections=choose(p["lys"]), at=DURING)
            Ballot.objects.filter(pk=ballot.pk).update(submitted_on=days(day))
            Voter.objects.filter(pk=voter.pk).update(created_on=days(day))
        services.round_close_links(round=round_, at=AFTER)
        first_day = min(phase.start for phase in round_.project.ordered_phases() if phase.phase_type == "voting")
        assert set(Ballot.objects.values_list("submitted_on", flat=True)) == {first_day}
        assert set(Voter.objects.values_list("created_on", flat=True)) == {first_day}
