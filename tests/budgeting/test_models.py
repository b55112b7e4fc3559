"""What the database itself refuses, and what a round knows about its voting phase."""

import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import RestrictedError
from django.utils import translation

from budgeting.models import (
    RECEIPT_ALPHABET,
    Ballot,
    BallotChoice,
    BallotType,
    BudgetRound,
    Feasibility,
    Proposal,
    SubBudget,
    Voter,
    WinnerRule,
    format_receipt_code,
    new_receipt_code,
    normalize_receipt_code,
)
from tests.budgeting.conftest import AFTER, BEFORE, DURING, days
from tests.budgeting.factories import BudgetRoundFactory, ProposalFactory, SubBudgetFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """These tests read the services' messages in English, the source language (tests of the Danish
    wording switch to Danish themselves)."""
    with translation.override("en"):
        yield


def refused(make) -> bool:
    """Whether the database refuses what `make` writes."""
    try:
        with transaction.atomic():
            make()
    except IntegrityError:
        return True
    return False


class TestVoters:
    def test_one_voter_row_per_round_and_user(self, budget_round, citizen):
        """A person has one voter row per round: a second is refused by the database."""
        Voter.objects.create(round=budget_round, user=citizen)
        assert refused(lambda: Voter.objects.create(round=budget_round, user=citizen))

    def test_the_same_person_can_take_part_in_another_round(self, budget_round, citizen, project_index, project):
        """The one-row rule is per round."""
        from tests.cms.factories import create_project

        other_round = BudgetRoundFactory(project=create_project(project_index, title="Andet projekt"))
        Voter.objects.create(round=budget_round, user=citizen)
        Voter.objects.create(round=other_round, user=citizen)
        assert Voter.objects.filter(user=citizen).count() == 2

    def test_paper_voters_without_account_are_told_apart_by_census_identity(self, budget_round):
        """Many voters may have no account; a census identity votes once per round."""
        Voter.objects.create(round=budget_round, census_hash="a" * 64, channel="paper")
        Voter.objects.create(round=budget_round, census_hash="b" * 64, channel="paper")
        assert refused(lambda: Voter.objects.create(round=budget_round, census_hash="a" * 64, channel="paper"))

    def test_a_voter_linked_to_a_ballot_has_voted(self, budget_round, citizen):
        """A link to a ballot without `voted` is refused."""
        ballot = Ballot.objects.create(round=budget_round)
        assert refused(lambda: Voter.objects.create(round=budget_round, user=citizen, ballot=ballot, voted=False))

    def test_unknown_channel_is_refused(self, budget_round, citizen):
        assert refused(lambda: Voter.objects.create(round=budget_round, user=citizen, channel="fax"))


class TestBallots:
    def test_receipt_codes_are_unique(self, budget_round):
        """Two ballots cannot share a receipt code."""
        Ballot.objects.create(round=budget_round, receipt_code="ACDEF34679")
        assert refused(lambda: Ballot.objects.create(round=budget_round, receipt_code="ACDEF34679"))

    def test_receipt_codes_are_random_readable_and_shown_in_groups(self):
        """Ten characters without look-alikes, shown as two groups of five, typed in any case and spacing."""
        codes = {new_receipt_code() for _ in range(200)}
        assert len(codes) == 200
        assert all(len(code) == 10 and set(code) <= set(RECEIPT_ALPHABET) for code in codes)
        assert not set(RECEIPT_ALPHABET) & set("01OILSZB85UV2")
        assert format_receipt_code("ACDEF34679") == "ACDEF-34679"
        assert normalize_receipt_code(" acdef - 34679 ") == "ACDEF34679"

    def test_ballot_ids_are_random_not_a_sequence(self, budget_round):
        """A ballot's primary key is a random UUID, so ids tell nothing about the order of voting."""
        ballot = Ballot.objects.create(round=budget_round)
        assert isinstance(ballot.pk, uuid.UUID) and ballot.pk.version == 4
        assert isinstance(BallotChoice._meta.pk, type(Ballot._meta.pk))

    def test_ballots_carry_no_person_and_no_time_of_day(self):
        """No field of a ballot or its choices points at a person or records a time finer than the day."""
        for model in (Ballot, BallotChoice):
            for field in model._meta.get_fields():
                related = getattr(field, "related_model", None)
                assert related is None or related._meta.label not in {"accounts.User", "budgeting.Voter"}, field
                assert field.get_internal_type() != "DateTimeField", field

    def test_a_chosen_proposal_cannot_be_deleted_but_its_whole_round_can(self, budget_round):
        """Votes keep their proposals; deleting the round takes proposals, ballots and choices together."""
        proposal = ProposalFactory(round=budget_round)
        ballot = Ballot.objects.create(round=budget_round)
        BallotChoice.objects.create(ballot=ballot, proposal=proposal)
        with pytest.raises(RestrictedError):
            proposal.delete()
        budget_round.delete()
        assert not Ballot.objects.exists() and not BallotChoice.objects.exists()

    def test_a_proposal_is_chosen_once_with_at_least_one_point(self, budget_round):
        proposal = ProposalFactory(round=budget_round)
        ballot = Ballot.objects.create(round=budget_round)
        BallotChoice.objects.create(ballot=ballot, proposal=proposal, points=1)
        assert refused(lambda: BallotChoice.objects.create(ballot=ballot, proposal=proposal, points=2))
        other = Ballot.objects.create(round=budget_round)
        assert refused(lambda: BallotChoice.objects.create(ballot=other, proposal=proposal, points=0))


class TestRoundConstraints:
    @pytest.mark.parametrize(
        "fields",
        [
            {"total_budget": 0},
            {"min_spend_percent": 101},
            {"ballot_type": BallotType.APPROVAL, "max_choices": None},
            {"ballot_type": BallotType.APPROVAL, "max_choices": 0},
            {"ballot_type": BallotType.CUMULATIVE, "points_total": None, "points_per_proposal_max": 3},
            {"ballot_type": BallotType.CUMULATIVE, "points_total": 10, "points_per_proposal_max": 11},
            {"ballot_type": BallotType.CUMULATIVE, "points_total": 10, "points_per_proposal_max": 0},
            {"ballot_type": "ranked"},
            {"winner_rule": "borda"},
        ],
    )
    def test_impossible_numbers_are_refused(self, project, fields):
        """The database refuses a round whose numbers make no sense."""
        assert refused(lambda: BudgetRoundFactory(project=project, **fields))

    def test_sensible_rounds_are_accepted(self, project_index, project):
        from tests.cms.factories import create_project

        BudgetRoundFactory(
            project=project, ballot_type=BallotType.CUMULATIVE, points_total=10, points_per_proposal_max=10
        )
        other = create_project(project_index, title="Andet")
        BudgetRoundFactory(project=other, ballot_type=BallotType.APPROVAL, max_choices=5, min_spend_percent=100)

    def test_points_check_has_a_message(self, project):
        """Model validation explains the rule in words."""
        round_ = BudgetRound(
            project=project,
            title="Point",
            total_budget=1000,
            ballot_type=BallotType.CUMULATIVE,
            winner_rule=WinnerRule.GREEDY,
            points_total=5,
            points_per_proposal_max=6,
        )
        with pytest.raises(ValidationError) as error:
            round_.full_clean()
        assert "cannot be more than the points per voter" in str(error.value)

    def test_one_round_per_project_page(self, budget_round, project):
        assert refused(lambda: BudgetRoundFactory(project=project))

    def test_one_sub_budget_per_district(self, budget_round, norrebro):
        SubBudgetFactory(round=budget_round, district=norrebro)
        assert refused(lambda: SubBudgetFactory(round=budget_round, district=norrebro))
        assert refused(lambda: SubBudget.objects.filter(round=budget_round).update(amount=0))


class TestProposalConstraints:
    def test_not_feasible_needs_a_reason(self, budget_round):
        assert refused(
            lambda: ProposalFactory(round=budget_round, feasibility=Feasibility.NOT_FEASIBLE, feasibility_reason="")
        )

    def test_cost_must_be_positive(self, budget_round):
        assert refused(lambda: ProposalFactory(round=budget_round, cost=0))

    def test_codes_are_unique_in_a_round(self, budget_round):
        ProposalFactory(round=budget_round, code="7")
        assert refused(lambda: ProposalFactory(round=budget_round, code="7"))

    def test_a_point_needs_both_coordinates_in_range(self, budget_round):
        assert refused(lambda: ProposalFactory(round=budget_round, latitude=95.0, longitude=12.5))

    def test_on_ballot_means_feasible(self, budget_round):
        feasible = ProposalFactory(round=budget_round)
        ProposalFactory(round=budget_round, feasibility=Feasibility.PENDING)
        ProposalFactory(round=budget_round, feasibility=Feasibility.NOT_FEASIBLE, feasibility_reason="For dyrt")
        assert list(Proposal.objects.on_ballot()) == [feasible]
        assert feasible.on_ballot


class TestVotingPhase:
    def test_the_round_follows_the_projects_voting_phase(self, budget_round):
        """Open only during the voting phase; opened (started) from its first day on; closed after it."""
        assert [budget_round.voting_open(at) for at in (BEFORE, DURING, AFTER)] == [False, True, False]
        assert [budget_round.voting_has_opened(at) for at in (BEFORE, DURING, AFTER)] == [False, True, True]
        assert [budget_round.voting_closed(at) for at in (BEFORE, DURING, AFTER)] == [False, False, True]
        assert budget_round.voting_open(days(5)) and budget_round.voting_open(days(15))

    def test_a_tallied_round_is_closed(self, budget_round):
        from django.utils import timezone

        budget_round.tallied_at = timezone.now()
        assert not budget_round.voting_open(DURING)
        assert budget_round.voting_closed(DURING) and budget_round.is_closed
