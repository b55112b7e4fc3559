"""Reads for budget rounds, proposals, ballots and tallies. Query shape is decided here and nowhere else.

A project exists as a Danish and an English page sharing a `translation_key`; its round is found
from either page, so both languages show the same round, proposals and results.

Nothing here returns ballots together with people: the voters' side is offered as counts only.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import CharField, Count, Prefetch, Q, QuerySet
from django.db.models.functions import Cast, Lower
from django.urls import reverse
from wagtail.models import Locale

from participation import selectors as idea_selectors
from participation.models import Visibility

from .models import (
    Ballot,
    BallotChoice,
    BudgetRound,
    CensusList,
    Channel,
    PaperBatch,
    PaperEntry,
    PaperEntryStatus,
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


# The public proposal pages ----------------------------------------------------------------------

PROPOSAL_SORTS = {
    "titel": (Lower("title"), "pk"),
    "billigst": ("cost", "pk"),
    "dyrest": ("-cost", "pk"),
}


def proposal_for_page(*, pk: int, user=None) -> Proposal | None:
    """One proposal with what its page shows: its round and project page, district and administration joined,
    and the ideas it grew from that this person may see (by number). None when its project page is not live."""
    ideas = idea_selectors.visible_ideas(user=user).order_by("pk")
    return (
        Proposal.objects.filter(pk=pk, round__project__live=True)
        .select_related("round__project__locale", "district", "administration")
        .prefetch_related(Prefetch("ideas", queryset=ideas))
        .first()
    )


def administration_in(administration, *, language: str):
    """The administration's translation in this language when it has one, else the administration itself."""
    if administration is None:
        return None
    translated = (
        _administration_model()
        .objects.filter(translation_key=administration.translation_key, locale__language_code=language)
        .first()
    )
    return translated or administration


def round_districts(*, round: BudgetRound) -> QuerySet:
    """The districts a round's proposals can be in, by number: its sub-budgets' districts, else its project's,
    else all ten."""
    district_model = Proposal._meta.get_field("district").related_model
    if round.sub_budgets.exists():
        return district_model.objects.filter(pk__in=round.sub_budgets.values("district")).order_by("code")
    if round.project.districts.exists():
        return district_model.objects.filter(pk__in=round.project.districts.values("pk")).order_by("code")
    return district_model.objects.order_by("code")


def public_proposals(
    *, round: BudgetRound, district=None, feasibility: str | None = None, sort: str = "titel"
) -> QuerySet[Proposal]:
    """Every proposal of the round, assessed or not, for the public list: with its district, filtered and sorted
    (`PROPOSAL_SORTS`: by title, cheapest or dearest first). One query, whatever the number."""
    proposals = round.proposals.select_related("district")
    if district is not None:
        proposals = proposals.filter(district=district)
    if feasibility:
        proposals = proposals.filter(feasibility=feasibility)
    return proposals.order_by(*PROPOSAL_SORTS.get(sort, PROPOSAL_SORTS["titel"]))


def proposal_map_data(*, proposal: Proposal) -> dict | None:
    """What the proposal page's map needs (see templates/maps/map.html): its pin, not a link since the page is
    the proposal's own, over the district outlines with its district highlighted. None without a point."""
    if proposal.latitude is None or proposal.longitude is None:
        return None
    district = proposal.district
    return {
        "markers": [
            {
                "title": proposal.title,
                "lat": proposal.latitude,
                "lon": proposal.longitude,
                "phase": "voting",
                "phaseLabel": district.name if district else "",
            }
        ],
        "districtsUrl": reverse("maps:districts_geojson"),
        "highlight": [district.slug] if district else [],
    }


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


def receipt_code_of(*, voter: Voter) -> str:
    """The receipt code of the voter's current ballot, while the link to it exists (until the count); else ""."""
    if voter.ballot_id is None:
        return ""
    return Ballot.objects.filter(pk=voter.ballot_id).values_list("receipt_code", flat=True).first() or ""


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


def _idea_model():
    return Proposal._meta.get_field("ideas").related_model


def round_ideas(*, round: BudgetRound) -> QuerySet:
    """The ideas a proposal of the round can grow from (the rule of `services.proposals._check_ideas`): those of
    its project, in any language, and the public ideas of other projects placed in the project's districts."""
    in_area = Q(visibility=Visibility.PUBLISHED, district__in=round.project.districts.values("pk"))
    return (
        _idea_model()
        .objects.filter(Q(project__translation_key=round.project.translation_key) | in_area, merged_into__isnull=True)
        .select_related("project")
        .order_by("-created_at", "-pk")
    )


def proposing_ideas() -> QuerySet:
    """What a new proposal can grow from: the ideas of every project that has a budget round, and the public
    ideas placed in those projects' districts."""
    keys = BudgetRound.objects.values("project__translation_key")
    districts = _project_model().objects.filter(budget_rounds__isnull=False).values("districts")
    in_area = Q(visibility=Visibility.PUBLISHED, district__in=districts)
    return (
        _idea_model()
        .objects.filter(Q(project__translation_key__in=keys) | in_area, merged_into__isnull=True)
        .select_related("project")
        .order_by("-created_at", "-pk")
    )


def administrations() -> QuerySet:
    """The administrations in the default language, by name: those that can own a proposal."""
    return _administration_model().objects.filter(locale=Locale.get_default()).order_by("name")


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


# Census lists and paper ballots (Wagtail admin) -----------------------------------------------------


def census_rounds() -> QuerySet[BudgetRound]:
    """The rounds not yet tallied, with their pages: those a census list can be uploaded or paper ballots keyed for."""
    return BudgetRound.objects.filter(tallied_at__isnull=True).select_related("project").order_by("-created_at")


def admin_census_lists() -> QuerySet[CensusList]:
    """The uploaded census lists (counts, who and when; never entries), with their rounds."""
    return CensusList.objects.filter(uploaded_at__isnull=False).select_related("round", "uploaded_by")


def admin_paper_batches() -> QuerySet[PaperBatch]:
    """Every batch of paper ballots with its round, its maker, and how many of its ballots are in each state."""
    statuses = {
        "counted": PaperEntryStatus.MATCHED,
        "pending": PaperEntryStatus.PENDING,
        "mismatches": PaperEntryStatus.MISMATCH,
        "refused": PaperEntryStatus.REFUSED,
    }
    counts = {name: Count("entries", filter=Q(entries__status=status)) for name, status in statuses.items()}
    return (
        PaperBatch.objects.select_related("round__project", "created_by")
        .annotate(entry_count=Count("entries"), **counts)
        .order_by("-created_at", "-pk")
    )


def paper_entries(*, batch: PaperBatch) -> QuerySet[PaperEntry]:
    """The batch's ballots by number, with who keyed them."""
    return batch.entries.select_related("first_keyed_by", "second_keyed_by", "third_keyed_by").order_by("sequence")


def next_paper_sequence(*, batch: PaperBatch, user) -> int:
    """The lowest ballot number this person can key next: one waiting for a keying they have not made, or a new one."""
    waiting = (
        batch.entries.filter(status=PaperEntryStatus.PENDING)
        .exclude(first_keyed_by=user)
        .order_by("sequence")
        .values_list("sequence", flat=True)
        .first()
    )
    if waiting is not None:
        return waiting
    highest = batch.entries.order_by("-sequence").values_list("sequence", flat=True).first()
    return (highest or 0) + 1
