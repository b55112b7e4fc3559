"""Reads for the local committees' work after the vote: whose area a proposal is in, a committee's winning
proposals with their decisions and declarations, the public record, and the audit trail.

A proposal belongs to the local committee (`maps.LocalCommittee`) whose outline contains its point (within
`maps.selectors.BORDER_TOLERANCE_M`, looked for first among the committees of its district), else to the only
committee of its district. A proposal without a point in a district with two committees (Indre By, Vesterbro-
Kongens Enghave) belongs to none, and no committee can decide on it.

What the committee's screens and `budgeting.rules` need to know about one proposal is a `CommitteeCase`: its
committee, whether it won in a counted round, its decisions (newest first) and the declared conflicts of
interest. `committee_cases` builds them for a whole committee in a fixed number of queries.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _

from maps import geometry
from maps.models import LocalCommittee
from maps.selectors import BORDER_TOLERANCE_M

from ..models import (
    CommitteeAuditEntry,
    CommitteeDecision,
    CommitteeMembership,
    ConflictOfInterest,
    DecisionKind,
    Proposal,
    TallyResult,
)

APPROVALS = (DecisionKind.APPROVE, DecisionKind.APPROVE_WITH_CHANGES)


class CaseState:
    """Where a winning proposal stands with its committee (the `state` of a `CommitteeCase`)."""

    UNDECIDED = "undecided"
    DRAFT = "draft"
    APPROVED = "approved"
    REFERRED_BACK = "referred_back"


STATE_LABELS = {
    CaseState.UNDECIDED: _("Waiting for a decision"),
    CaseState.DRAFT: _("Waiting for the chair"),
    CaseState.APPROVED: _("Decided"),
    CaseState.REFERRED_BACK: _("Referred back: can be decided again"),
}


@dataclass
class CommitteeCase:
    """A proposal as its committee sees it."""

    proposal: Proposal
    committee: LocalCommittee | None
    # Selected in the tally of a counted round: only winners are decided on.
    winner: bool
    votes: int | None = None
    # Newest first: at most one draft (not confirmed), then the confirmed decisions.
    decisions: list[CommitteeDecision] = field(default_factory=list)
    conflicts: list[ConflictOfInterest] = field(default_factory=list)

    @property
    def draft(self) -> CommitteeDecision | None:
        return next((decision for decision in self.decisions if decision.confirmed_at is None), None)

    @property
    def final(self) -> CommitteeDecision | None:
        """The decision in force: the last one the chair confirmed."""
        confirmed = [decision for decision in self.decisions if decision.confirmed_at is not None]
        return max(confirmed, key=lambda decision: (decision.confirmed_at, decision.pk), default=None)

    @property
    def history(self) -> list[CommitteeDecision]:
        """The confirmed decisions, newest first."""
        confirmed = [decision for decision in self.decisions if decision.confirmed_at is not None]
        return sorted(confirmed, key=lambda decision: (decision.confirmed_at, decision.pk), reverse=True)

    @property
    def approved(self) -> bool:
        final = self.final
        return final is not None and final.kind in APPROVALS

    @property
    def open(self) -> bool:
        """Whether the committee can still decide: a winner with a committee, not yet approved for good.
        A proposal that was referred back can be decided again."""
        return self.winner and self.committee is not None and not self.approved

    @property
    def state(self) -> str:
        if self.draft is not None:
            return CaseState.DRAFT
        final = self.final
        if final is None:
            return CaseState.UNDECIDED
        return CaseState.APPROVED if final.kind in APPROVALS else CaseState.REFERRED_BACK

    @property
    def state_label(self) -> str:
        final = self.final
        if self.state == CaseState.APPROVED and final is not None:
            return final.get_kind_display()
        return str(STATE_LABELS[self.state])

    @property
    def conflicted_ids(self) -> set[int]:
        return {conflict.member_id for conflict in self.conflicts if conflict.member_id is not None}

    def is_conflicted(self, user) -> bool:
        return getattr(user, "pk", None) in self.conflicted_ids


# Which committee ----------------------------------------------------------------------------------


def local_committees() -> list[LocalCommittee]:
    """The 12 local committees with their districts and outlines, by number."""
    return list(LocalCommittee.objects.select_related("district").order_by("code"))


def _committee_among(proposal: Proposal, committees: list[LocalCommittee]) -> LocalCommittee | None:
    """The proposal's committee among these (no queries)."""
    in_district = [committee for committee in committees if committee.district_id == proposal.district_id]
    if proposal.latitude is not None and proposal.longitude is not None:
        lat, lon = proposal.latitude, proposal.longitude
        for candidates in (in_district, committees):
            near = [committee for committee in candidates if _near_bbox(committee, lat, lon)]
            for committee in near:
                if geometry.contains(committee.outline, lat, lon):
                    return committee
            nearest = min(near, key=lambda committee: geometry.distance_m(committee.outline, lat, lon), default=None)
            if nearest is not None and geometry.distance_m(nearest.outline, lat, lon) <= BORDER_TOLERANCE_M:
                return nearest
    # No point, or a point outside every committee's area: the district's committee, if it has only one.
    return in_district[0] if len(in_district) == 1 and proposal.district_id is not None else None


def _near_bbox(area: LocalCommittee, lat: float, lon: float, margin: float = 0.001) -> bool:
    within_lat = area.min_lat - margin <= lat <= area.max_lat + margin
    return within_lat and area.min_lon - margin <= lon <= area.max_lon + margin


def committee_for_proposal(*, proposal: Proposal) -> LocalCommittee | None:
    """The local committee whose area the proposal is in (see the module's notes), or None."""
    return _committee_among(proposal, local_committees())


# Cases --------------------------------------------------------------------------------------------


def _winner_results() -> QuerySet[TallyResult]:
    return TallyResult.objects.filter(selected=True, tally__round__tallied_at__isnull=False)


def _votes() -> Subquery:
    results = TallyResult.objects.filter(proposal=OuterRef("pk")).annotate(total=F("votes_online") + F("votes_paper"))
    return Subquery(results.values("total")[:1])


def _decisions() -> Prefetch:
    return Prefetch(
        "decisions",
        queryset=CommitteeDecision.objects.select_related("committee", "recorded_by", "confirmed_by").order_by(
            "-recorded_at", "-pk"
        ),
    )


def _conflicts() -> Prefetch:
    return Prefetch("conflicts", queryset=ConflictOfInterest.objects.order_by("declared_at", "pk"))


def _case_proposals() -> QuerySet[Proposal]:
    return (
        Proposal.objects.select_related("round__project", "district", "administration")
        .annotate(votes=_votes())
        .prefetch_related(_decisions(), _conflicts())
    )


def _case(proposal: Proposal, committee: LocalCommittee | None, winner: bool) -> CommitteeCase:
    return CommitteeCase(
        proposal=proposal,
        committee=committee,
        winner=winner,
        votes=getattr(proposal, "votes", None),
        decisions=list(proposal.decisions.all()),
        conflicts=list(proposal.conflicts.all()),
    )


def committee_case(*, proposal: Proposal | int) -> CommitteeCase | None:
    """One proposal as its committee sees it, with its round, decisions and declarations (None if it does not exist)."""
    pk = proposal.pk if isinstance(proposal, Proposal) else proposal
    found = _case_proposals().filter(pk=pk).first()
    if found is None:
        return None
    winner = _winner_results().filter(proposal_id=pk).exists()
    return _case(found, committee_for_proposal(proposal=found), winner)


def committee_cases(*, committee: LocalCommittee) -> list[CommitteeCase]:
    """The committee's winning proposals of counted rounds, newest round first, each with its decisions and
    declarations. Four queries, whatever the number of proposals."""
    committees = local_committees()
    candidates = _case_proposals().filter(
        Q(district_id=committee.district_id) | Q(district__isnull=True, latitude__isnull=False),
        pk__in=_winner_results().values("proposal_id"),
    )
    cases = []
    for proposal in candidates.order_by("-round__tallied_at", "round_id", "pk"):
        found = _committee_among(proposal, committees)
        if found is not None and found.pk == committee.pk:
            cases.append(_case(proposal, found, True))
    return cases


# Members ------------------------------------------------------------------------------------------


def memberships_of(*, user) -> list[CommitteeMembership]:
    """The person's committee memberships with their committees, by committee number."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(CommitteeMembership.objects.filter(user=user).select_related("committee").order_by("committee__code"))


def committee_members(*, committee: LocalCommittee) -> list[CommitteeMembership]:
    """The committee's members with their accounts, chairs first."""
    return list(committee.memberships.select_related("user").order_by("-role", "user__first_name", "user__email"))


def admin_memberships() -> QuerySet[CommitteeMembership]:
    """Every membership with its committee and person, for the admin list."""
    return CommitteeMembership.objects.select_related("committee", "user").order_by("committee__code", "-role", "pk")


def committee_overview(*, committees: list[LocalCommittee]) -> list[dict]:
    """For each committee: how many winning proposals wait for a decision or for the chair. Constant queries."""
    all_committees = local_committees()
    wanted = {committee.pk for committee in committees}
    districts = {committee.district_id for committee in committees}
    counts = {pk: {"winners": 0, "undecided": 0, "draft": 0} for pk in wanted}
    candidates = _case_proposals().filter(
        Q(district_id__in=districts) | Q(district__isnull=True, latitude__isnull=False),
        pk__in=_winner_results().values("proposal_id"),
    )
    for proposal in candidates:
        found = _committee_among(proposal, all_committees)
        if found is None or found.pk not in wanted:
            continue
        case = _case(proposal, found, True)
        counts[found.pk]["winners"] += 1
        if case.state in (CaseState.UNDECIDED, CaseState.REFERRED_BACK):
            counts[found.pk]["undecided"] += 1
        elif case.state == CaseState.DRAFT:
            counts[found.pk]["draft"] += 1
    return [{"committee": committee, **counts[committee.pk]} for committee in committees]


# The public record --------------------------------------------------------------------------------


@dataclass
class PublicDecision:
    """What a proposal's page says about its committee: the decision in force (if any), earlier confirmed
    decisions, the declared conflicts of interest, and whether a decision is still awaited."""

    final: CommitteeDecision | None
    earlier: list[CommitteeDecision]
    conflicts: list[ConflictOfInterest]
    awaited: bool


def public_decision(*, proposal: Proposal) -> PublicDecision:
    """The confirmed decisions on the proposal, newest first, and its declarations. Drafts are never public,
    and the declarations are published with the decision. Three queries."""
    confirmed = list(
        proposal.decisions.filter(confirmed_at__isnull=False)
        .select_related("committee")
        .order_by("-confirmed_at", "-pk")
    )
    conflicts = list(proposal.conflicts.order_by("declared_at", "pk")) if confirmed else []
    awaited = not confirmed and _winner_results().filter(proposal_id=proposal.pk).exists()
    return PublicDecision(
        final=confirmed[0] if confirmed else None, earlier=confirmed[1:], conflicts=conflicts, awaited=awaited
    )


# The audit trail ----------------------------------------------------------------------------------


def audit_entries(*, committees: list[LocalCommittee] | None = None) -> QuerySet[CommitteeAuditEntry]:
    """The audit trail, newest first, of these committees (of all when None)."""
    entries = CommitteeAuditEntry.objects.select_related("committee", "proposal").order_by("-at", "-pk")
    if committees is not None:
        entries = entries.filter(committee__in=[committee.pk for committee in committees])
    return entries


def proposal_audit_entries(*, proposal: Proposal) -> list[CommitteeAuditEntry]:
    """Every step taken on one proposal, oldest first."""
    return list(CommitteeAuditEntry.objects.filter(proposal=proposal).select_related("committee").order_by("at", "pk"))
