"""Reads for counting and publishing: the ballot boxes, results and turnout. Nothing about who voted."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import CharField, Count, Q
from django.db.models.functions import Cast

from ..models import (
    Ballot,
    BallotChoice,
    BudgetRound,
    Channel,
    Proposal,
    SubBudget,
    TallyResult,
    Voter,
)
from .proposals import ballot_proposals, sub_budgets


def tally_results(*, round: BudgetRound) -> list[TallyResult]:
    """The stored result of the round, winners first, with proposals and districts joined; [] before the tally."""
    return list(
        TallyResult.objects.filter(tally__round=round)
        .select_related("proposal", "proposal__district", "sub_budget__district")
        .order_by("-selected", "-votes_online", "proposal__pk")
    )


# The Wagtail admin --------------------------------------------------------------------------------


# Counting and publishing the votes ----------------------------------------------------------------


@dataclass(frozen=True)
class CastBallot:
    """A submitted ballot as counted and published: its random id (as text), receipt code, channel and choices
    ((proposal id, points), by proposal id). Nothing about who cast it."""

    id: str
    receipt_code: str
    channel: str
    choices: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class BallotBox:
    """The ballots of one election in a round: one per sub-budget (its district's proposals, its amount), or
    the whole round when it has none. Proposals by id, ballots in the order of their random ids."""

    sub_budget: SubBudget | None
    budget: int
    proposals: list[Proposal]
    ballots: list[CastBallot]

    @property
    def district(self):
        return self.sub_budget.district if self.sub_budget is not None else None


class BallotBoxError(ValueError):
    """A ballot that fits no election of its round (a choice outside its sub-budget's district)."""


def ballot_boxes(*, round: BudgetRound) -> list[BallotBox]:
    """Every election of the round with its proposals on the ballot and its submitted ballots (online and paper).

    Four queries whatever the number of ballots. A ballot without a sub-budget in a round with sub-budgets
    (none are made so, but a paper batch could be) goes to the sub-budget of the district its choices are in.
    """
    boxes = sub_budgets(round=round)
    proposals = list(ballot_proposals(round=round))
    # Ballot ids as text, compared as text: turning 100,000 of them into UUID objects would take most of the time.
    key = Cast("id", output_field=CharField())
    rows = (
        Ballot.objects.filter(round=round)
        .order_by("id")
        .annotate(key=key)
        .values_list("key", "receipt_code", "channel", "sub_budget")
    )
    choices: dict[str, list[tuple[int, int]]] = {}
    chosen = BallotChoice.objects.filter(ballot__round=round).order_by("proposal_id")
    chosen = chosen.annotate(key=Cast("ballot_id", output_field=CharField()))
    for ballot_id, proposal_id, points in chosen.values_list("key", "proposal_id", "points"):
        choices.setdefault(ballot_id, []).append((proposal_id, points))
    if not boxes:
        ballots = [CastBallot(pk, code, channel, tuple(choices.get(pk, ()))) for pk, code, channel, _sub in rows]
        return [BallotBox(sub_budget=None, budget=round.total_budget, proposals=proposals, ballots=ballots)]
    by_district = {sub.district_id: sub.pk for sub in boxes}
    district_of = {proposal.pk: proposal.district_id for proposal in proposals}
    in_box: dict[int, list[CastBallot]] = {sub.pk: [] for sub in boxes}
    for pk, code, channel, sub_budget_id in rows:
        ballot = CastBallot(pk, code, channel, tuple(choices.get(pk, ())))
        if sub_budget_id is None:
            districts = {district_of.get(proposal_id) for proposal_id, _points in ballot.choices}
            sub_budget_id = by_district.get(districts.pop()) if len(districts) == 1 else None
        if sub_budget_id not in in_box:
            raise BallotBoxError(f"Ballot {pk} belongs to no sub-budget of round {round.pk}")
        in_box[sub_budget_id].append(ballot)
    return [
        BallotBox(
            sub_budget=sub,
            budget=sub.amount,
            proposals=[proposal for proposal in proposals if proposal.district_id == sub.district_id],
            ballots=in_box[sub.pk],
        )
        for sub in boxes
    ]


@dataclass(frozen=True)
class ResultGroup:
    """The results of one election of a tallied round: winners first (most votes first), then the rest."""

    sub_budget: SubBudget | None
    budget: int
    results: list[TallyResult]

    @property
    def district(self):
        return self.sub_budget.district if self.sub_budget is not None else None

    @property
    def funded(self) -> int:
        return sum(result.proposal.cost for result in self.results if result.selected)

    @property
    def left(self) -> int:
        return self.budget - self.funded

    @property
    def winners(self) -> list[TallyResult]:
        return [result for result in self.results if result.selected]

    @property
    def most_votes(self) -> int:
        return max((result.votes for result in self.results), default=0)


def result_groups(*, round: BudgetRound, sub_budget_list: list[SubBudget] | None = None) -> list[ResultGroup]:
    """The stored results of the round by election (sub-budget, or the whole round), in district order. One query
    (two without `sub_budget_list`)."""
    subs = sub_budget_list if sub_budget_list is not None else sub_budgets(round=round)
    results = sorted(tally_results(round=round), key=lambda r: (not r.selected, -r.votes, r.proposal.title, r.pk))
    if not subs:
        return [ResultGroup(sub_budget=None, budget=round.total_budget, results=results)]
    return [
        ResultGroup(sub_budget=sub, budget=sub.amount, results=[r for r in results if r.sub_budget_id == sub.pk])
        for sub in subs
    ]


@dataclass(frozen=True)
class DistrictTurnout:
    district: object
    voters: int

    @property
    def per_thousand(self) -> float | None:
        population = self.district.population if self.district is not None else None
        return 1000 * self.voters / population if population else None


@dataclass(frozen=True)
class ResultTurnout:
    """How many ballots were counted (online and on paper), per 1,000 inhabitants of the round's area, and how
    many people voted per district of residence. Counts only."""

    ballots: int
    online: int
    paper: int
    population: int | None
    districts: list[DistrictTurnout]
    unknown_district: int

    @property
    def per_thousand(self) -> float | None:
        return 1000 * self.ballots / self.population if self.population else None


def result_turnout(*, round: BudgetRound, sub_budget_list: list[SubBudget] | None = None) -> ResultTurnout:
    """Turnout of a round: ballots by channel, the population of its area (its sub-budgets' districts, else its
    project's, else the city), and voters per district from `Voter.district` (counts, never who). Four queries."""
    district_model = Proposal._meta.get_field("district").related_model
    subs = sub_budget_list if sub_budget_list is not None else sub_budgets(round=round)
    counts = Ballot.objects.filter(round=round).aggregate(
        n_online=Count("pk", filter=Q(channel=Channel.ONLINE)), n_paper=Count("pk", filter=Q(channel=Channel.PAPER))
    )
    if subs:
        area = district_model.objects.filter(pk__in=[sub.district_id for sub in subs])
    else:
        area = district_model.objects.filter(pk__in=round.project.districts.values("pk"))
    districts = list(area.order_by("code")) or list(district_model.objects.order_by("code"))
    known = [district.population for district in districts]
    population = sum(known) if known and None not in known else None
    voted = dict(
        Voter.objects.filter(round=round, voted=True)
        .values_list("district")
        .annotate(n=Count("pk"))
        .values_list("district", "n")
    )
    by_district = [DistrictTurnout(district=d, voters=voted.pop(d.pk, 0)) for d in districts]
    others = [pk for pk in voted if pk is not None]
    elsewhere = list(district_model.objects.filter(pk__in=others).order_by("code")) if others else []
    by_district += [DistrictTurnout(district=d, voters=voted.pop(d.pk)) for d in elsewhere]
    people = sum(item.voters for item in by_district) + voted.get(None, 0)
    return ResultTurnout(
        ballots=counts["n_online"] + counts["n_paper"],
        online=counts["n_online"],
        paper=counts["n_paper"],
        population=population,
        districts=by_district if people else [],
        unknown_district=voted.get(None, 0),
    )
