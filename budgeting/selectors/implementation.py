"""Reads for what became of the funded proposals: "Hvad skete der?", a proposal's implementation, the project
page's list, and the case officers' list in Wagtail admin.

A proposal is *funded* when a tally selected it. Where it stands is its `state`, annotated in SQL so that the
city-wide page can filter on it: waiting for the local committee, referred back by it, or (once approved) the
status of its implementation. An approved proposal whose implementation has not been opened yet counts as
planned. Every list costs the same number of queries whatever its length.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..models import (
    BudgetRound,
    CommitteeDecision,
    DecisionKind,
    Implementation,
    ImplementationStatus,
    ImplementationUpdate,
    Proposal,
    TallyResult,
)
from .proposals import administration_in

AWAITING = "awaiting"
REFERRED_BACK = "referred_back"

# Where a funded proposal stands, in the order it gets there. The values are those of `state`.
STATES: list[tuple[str, str]] = [
    (AWAITING, _("Awaiting the local committee")),
    (REFERRED_BACK, _("Referred back")),
    (ImplementationStatus.PLANNED, _("Planned")),
    (ImplementationStatus.IN_PROGRESS, _("In progress")),
    (ImplementationStatus.DONE, _("Done")),
    (ImplementationStatus.CANCELLED, _("Cancelled")),
]
STATE_LABELS = dict(STATES)


def _latest_decision(field: str) -> Subquery:
    """A field of the proposal's latest confirmed committee decision (drafts are not public)."""
    decisions = CommitteeDecision.objects.filter(proposal=OuterRef("pk"), confirmed_at__isnull=False)
    return Subquery(decisions.order_by("-confirmed_at", "-pk").values(field)[:1])


def _with_state(proposals: QuerySet[Proposal]) -> QuerySet[Proposal]:
    """`decision_kind` (of the latest confirmed decision, or None) and `state` (see `STATES`)."""
    return proposals.annotate(decision_kind=_latest_decision("kind")).annotate(
        state=Case(
            When(decision_kind=DecisionKind.REFER_BACK, then=Value(REFERRED_BACK)),
            When(implementation__status__isnull=False, then=F("implementation__status")),
            When(decision_kind__isnull=False, then=Value(ImplementationStatus.PLANNED.value)),
            default=Value(AWAITING),
            output_field=CharField(),
        )
    )


def funded_proposals(*, district=None, round: BudgetRound | None = None, state: str | None = None) -> QuerySet:
    """Every funded proposal of every counted round whose project page is live, newest round first, with its
    round, district, implementation and responsible administration joined and its `decision_kind` and `state`
    annotated; only those in `district`, of `round`, or in `state` when given."""
    selected = TallyResult.objects.filter(proposal=OuterRef("pk"), selected=True)
    proposals = _with_state(
        Proposal.objects.filter(Exists(selected), round__project__live=True).select_related(
            "round", "district", "implementation__administration"
        )
    )
    if district is not None:
        proposals = proposals.filter(district=district)
    if round is not None:
        proposals = proposals.filter(round=round)
    if state:
        proposals = proposals.filter(state=state)
    return proposals.order_by("-round__tallied_at", "-round__pk", "district__code", "pk")


def funded_rounds() -> QuerySet[BudgetRound]:
    """The counted rounds with at least one funded proposal and a live project page, newest first."""
    selected = TallyResult.objects.filter(tally__round=OuterRef("pk"), selected=True)
    return BudgetRound.objects.filter(Exists(selected), project__live=True).order_by("-tallied_at", "-pk")


def funded_districts() -> QuerySet:
    """The districts with at least one funded proposal, by number."""
    district_model = Proposal._meta.get_field("district").related_model
    selected = TallyResult.objects.filter(selected=True, proposal__round__project__live=True)
    return district_model.objects.filter(pk__in=selected.values("proposal__district")).order_by("code")


def state_counts(proposals: QuerySet[Proposal]) -> dict[str, int]:
    """How many of these (annotated) proposals are in each state, in one query: {state: count} for every state."""
    counts = dict.fromkeys(STATE_LABELS, 0)
    rows = proposals.order_by().values("state").annotate(count=Count("pk", distinct=True))
    for row in rows:
        counts[row["state"]] = row["count"]
    return counts


@dataclass(frozen=True)
class StateMarker:
    """The map's marker token and label of a state (see templates/maps/map.html: "phase" and "phaseLabel")."""

    token: str
    label: str


def state_marker(state: str) -> StateMarker:
    return StateMarker(token=f"impl-{state.replace('_', '-')}", label=str(STATE_LABELS.get(state, state)))


def funded_map_data(*, proposals: QuerySet[Proposal]) -> dict | None:
    """The map of "Hvad skete der?": a marker per funded proposal with a place, styled and labelled by its state,
    leading to its page (one query, whatever the number). None when no proposal has a place."""
    rows = proposals.filter(latitude__isnull=False, longitude__isnull=False).values_list(
        "pk", "title", "latitude", "longitude", "state"
    )
    markers = []
    for pk, title, latitude, longitude, state in rows:
        marker = state_marker(state)
        markers.append(
            {
                "title": title,
                "url": reverse("budgeting:proposal_detail", kwargs={"pk": pk}),
                "lat": latitude,
                "lon": longitude,
                "phase": marker.token,
                "phaseLabel": marker.label,
            }
        )
    if not markers:
        return None
    return {"markers": markers, "districtsUrl": reverse("maps:districts_geojson"), "highlight": [], "cluster": False}


# A proposal's page and its project's page ----------------------------------------------------------------


@dataclass(frozen=True)
class ImplementationView:
    """What a proposal's page shows of its implementation: the implementation, its updates newest first, and
    the responsible administration in the page's language."""

    implementation: Implementation
    updates: list[ImplementationUpdate]
    administration: object | None

    @property
    def status_label(self) -> str:
        return str(STATE_LABELS[self.implementation.status])


def implementation_for_page(*, proposal: Proposal, language: str) -> ImplementationView | None:
    """The proposal's implementation with its dated updates (three queries), or None when it has none."""
    implementation = (
        Implementation.objects.filter(proposal_id=proposal.pk)
        .select_related("administration")
        .prefetch_related(Prefetch("updates", queryset=ImplementationUpdate.objects.order_by("-date", "-pk")))
        .first()
    )
    if implementation is None:
        return None
    return ImplementationView(
        implementation=implementation,
        updates=list(implementation.updates.all()),
        administration=administration_in(implementation.administration, language=language),
    )


def round_funded_proposals(*, round: BudgetRound | None) -> list[Proposal]:
    """A counted round's funded proposals with their state and implementation, by number; [] before the count."""
    if round is None or round.tallied_at is None:
        return []
    selected = TallyResult.objects.filter(proposal=OuterRef("pk"), selected=True)
    proposals = _with_state(
        Proposal.objects.filter(Exists(selected), round=round).select_related("district", "implementation")
    )
    return list(proposals.order_by("pk"))


# Wagtail admin --------------------------------------------------------------------------------------


def admin_implementations(*, user, editor: bool) -> QuerySet[Implementation]:
    """The implementations the user works on, with the proposal, round, district and administration joined and
    the number of updates: every one for editors, else those of the administrations whose case officer they are."""
    implementations = Implementation.objects.select_related(
        "proposal__round", "proposal__district", "administration"
    ).annotate(update_count=Count("updates"))
    if editor:
        return implementations
    if not user.is_authenticated or not user.is_active:
        return implementations.none()
    return implementations.filter(administration__moderators__in=user.groups.all())
