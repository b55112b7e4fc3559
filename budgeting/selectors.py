"""Reads for budget rounds, proposals, ballots and tallies. Query shape is decided here and nowhere else.

A project exists as a Danish and an English page sharing a `translation_key`; its round is found
from either page, so both languages show the same round, proposals and results.

Nothing here returns ballots together with people: the voters' side is offered as counts only.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from wagtail.models import Locale

from .models import (
    Ballot,
    BudgetRound,
    Channel,
    Proposal,
    SubBudget,
    Tally,
    TallyResult,
    Voter,
    normalize_receipt_code,
)


def _project_model():
    # cms.ProjectPage, reached through the relation so that this app does not import `cms`.
    return BudgetRound._meta.get_field("project").related_model


def _administration_model():
    return Proposal._meta.get_field("administration").related_model


def round_for_project(*, project) -> BudgetRound | None:
    """The project's round, from the page of any of its languages, with its page joined."""
    return (
        BudgetRound.objects.filter(project__translation_key=project.translation_key).select_related("project").first()
    )


def sub_budgets(*, round: BudgetRound) -> list[SubBudget]:
    """The round's sub-budgets with their districts, by district number."""
    return list(round.sub_budgets.select_related("district").order_by("district__code"))


def sub_budget_for(*, round: BudgetRound, district) -> SubBudget | None:
    """The sub-budget of the district in the round, if it has one."""
    if district is None:
        return None
    return round.sub_budgets.select_related("district").filter(district=district).first()


def ballot_proposals(*, round: BudgetRound, district=None) -> QuerySet[Proposal]:
    """The proposals on the ballot (feasible), in order of their numbers; only the district's when given."""
    proposals = round.proposals.on_ballot().select_related("district")
    if district is not None:
        proposals = proposals.filter(district=district)
    return proposals.order_by("pk")


def round_proposals(*, round: BudgetRound) -> QuerySet[Proposal]:
    """Every proposal of the round, assessed or not, with its district, administration and idea count."""
    return (
        round.proposals.select_related("district", "administration")
        .annotate(idea_count=Count("ideas", distinct=True))
        .order_by("pk")
    )


def voter_of(*, round: BudgetRound, user) -> Voter | None:
    """The person's voter row in the round, if they have one."""
    if not user.is_authenticated:
        return None
    return Voter.objects.filter(round=round, user=user).select_related("district").first()


def ballot_by_receipt(*, round: BudgetRound, code: str) -> bool:
    """Whether a submitted ballot of the round has this receipt code (as typed: case, spaces and dashes ignored)."""
    normalized = normalize_receipt_code(code)
    if not normalized:
        return False
    return Ballot.objects.filter(round=round, receipt_code=normalized).exists()


def ballot_of(*, voter: Voter) -> dict[int, int]:
    """The voter's submitted choices {proposal id: points}, while the link is kept; {} otherwise.

    For the voter themself (to show and change their vote), never for anyone else.
    """
    if voter.ballot_id is None:
        return {}
    return dict(Ballot.objects.get(pk=voter.ballot_id).choices.values_list("proposal_id", "points"))


@dataclass(frozen=True)
class Turnout:
    voters: int
    voted: int
    online: int
    paper: int


def turnout(*, round: BudgetRound) -> Turnout:
    """How many people take part in the round and how many have voted, online and on paper. Counts only."""
    counts = Voter.objects.filter(round=round).aggregate(
        n_voters=Count("pk"),
        n_voted=Count("pk", filter=Q(voted=True)),
        n_online=Count("pk", filter=Q(voted=True, channel=Channel.ONLINE)),
        n_paper=Count("pk", filter=Q(voted=True, channel=Channel.PAPER)),
    )
    return Turnout(
        voters=counts["n_voters"], voted=counts["n_voted"], online=counts["n_online"], paper=counts["n_paper"]
    )


def tally_results(*, round: BudgetRound) -> list[TallyResult]:
    """The stored result of the round, winners first, with proposals and districts joined; [] before the tally."""
    return list(
        TallyResult.objects.filter(tally__round=round)
        .select_related("proposal", "proposal__district", "sub_budget__district")
        .order_by("-selected", "-votes_online", "proposal__pk")
    )


# The Wagtail admin --------------------------------------------------------------------------------


def admin_rounds() -> QuerySet[BudgetRound]:
    """Every round with its page and counts of proposals, for the admin list."""
    return BudgetRound.objects.select_related("project").annotate(proposal_count=Count("proposals", distinct=True))


def admin_sub_budgets() -> QuerySet[SubBudget]:
    return SubBudget.objects.select_related("round", "district")


def admin_proposals() -> QuerySet[Proposal]:
    """Every proposal with its round, district and administration, and the phases of its project (which
    decide what may be done to it), for the admin list."""
    return Proposal.objects.select_related("round__project", "district", "administration").prefetch_related(
        "round__project__phases"
    )


def admin_tallies() -> QuerySet[Tally]:
    return Tally.objects.select_related("round")


def round_ideas(*, round: BudgetRound) -> QuerySet:
    """The ideas a proposal of the round can grow from: those of its project, in any language."""
    idea_model = Proposal._meta.get_field("ideas").related_model
    return (
        idea_model.objects.filter(project__translation_key=round.project.translation_key, merged_into__isnull=True)
        .select_related("project")
        .order_by("-created_at", "-pk")
    )


def proposing_ideas() -> QuerySet:
    """The ideas of every project that has a budget round: what a new proposal can grow from."""
    idea_model = Proposal._meta.get_field("ideas").related_model
    keys = BudgetRound.objects.values("project__translation_key")
    return (
        idea_model.objects.filter(project__translation_key__in=keys, merged_into__isnull=True)
        .select_related("project")
        .order_by("-created_at", "-pk")
    )


def administrations() -> QuerySet:
    """The administrations in the default language, by name: those that can own a proposal."""
    return _administration_model().objects.filter(locale=Locale.get_default()).order_by("name")
