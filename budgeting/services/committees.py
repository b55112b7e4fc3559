"""The local committees' work after the vote: members, decisions on the winning proposals, conflicts of interest.

Who may do what is `budgeting.rules.can` (the views ask it); these services keep what must hold whoever calls
them, under row locks, and write one `CommitteeAuditEntry` per step in the same transaction:

- a decision is recorded only on a winning proposal of a counted round (selected in its tally), in the
  recorder's committee's area, by a member without a conflict of interest on it, and not once the committee has
  approved it for good (a proposal referred back can be decided again);
- a proposal has at most one draft; a member changes or withdraws it, and only a chair of the committee without
  a conflict confirms it (a chair with a conflict leaves it to another chair, the deputy);
- a member who declares a conflict of interest takes no part from then on: a draft they recorded is withdrawn.

Every write on one proposal locks the proposal's row first, so a declaration and a decision, or two decisions,
cannot cross. The database backs the rest (one draft per proposal, a reason always, changes named, one
declaration per member, one membership per person and committee).

Membership (`CommitteeMembership`) is the one source of truth for who sits on which committee. Members are also
put in the shared "Lokaludvalg" group, which does nothing but open Wagtail admin to them; these services keep
the group in step (`budgeting/migrations/0004_committee_groups.py` makes it).
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from maps.models import LocalCommittee

from ..models import (
    AuditAction,
    CommitteeAuditEntry,
    CommitteeDecision,
    CommitteeMembership,
    CommitteeRole,
    ConflictOfInterest,
    DecisionKind,
    Proposal,
)
from ..selectors.committees import APPROVALS, CommitteeCase, committee_case
from .announce import announce_proposal_event
from .implementation import implementation_ensure

COMMITTEE_GROUP = "Lokaludvalg"


def _now(at: datetime.datetime | None) -> datetime.datetime:
    return at if isinstance(at, datetime.datetime) and timezone.is_aware(at) else timezone.now()


def _name(user) -> str:
    return (user.get_full_name() or user.email)[:150] if user is not None else ""


def _audit(*, committee: LocalCommittee, action: str, by, proposal: Proposal | None = None, **details) -> None:
    CommitteeAuditEntry.objects.create(
        committee=committee, proposal=proposal, actor=by, actor_name=_name(by), action=action, details=details
    )


def _source_label(choice) -> str:
    """The English source text of a choice's label (what the notifications translate when shown)."""
    with translation.override(None):
        return str(choice.label)


# Members --------------------------------------------------------------------------------------------


def _committee_group() -> Group:
    group, created = Group.objects.get_or_create(name=COMMITTEE_GROUP)
    if created:
        group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    return group


def _role(role: str) -> str:
    if role not in CommitteeRole.values:
        raise ValidationError(_("Choose the member's role."), code="role")
    return role


@transaction.atomic
def membership_add(*, committee: LocalCommittee, user, role: str = CommitteeRole.MEMBER, by) -> CommitteeMembership:
    """Make the person a member (or chair) of the committee, with access to Wagtail admin."""
    role = _role(role)
    if not user.is_active:
        raise ValidationError(_("This account is closed."), code="user")
    try:
        with transaction.atomic():
            membership = CommitteeMembership.objects.create(committee=committee, user=user, role=role)
    except IntegrityError:
        raise ValidationError(
            _("%(person)s is already a member of the %(committee)s Local Committee.")
            % {"person": _name(user), "committee": committee},
            code="user",
        ) from None
    user.groups.add(_committee_group())
    _audit(
        committee=committee, action=AuditAction.MEMBER_ADDED, by=by, member=_name(user), member_id=user.pk, role=role
    )
    return membership


@transaction.atomic
def membership_change(*, membership: CommitteeMembership, role: str, by) -> CommitteeMembership:
    """Give a member another role (member or chair)."""
    role = _role(role)
    locked = CommitteeMembership.objects.select_for_update().select_related("user", "committee").get(pk=membership.pk)
    if locked.role == role:
        return locked
    before, locked.role = locked.role, role
    locked.save(update_fields=["role"])
    _audit(
        committee=locked.committee,
        action=AuditAction.MEMBER_CHANGED,
        by=by,
        member=_name(locked.user),
        member_id=locked.user_id,
        role_before=before,
        role=role,
    )
    return locked


@transaction.atomic
def membership_remove(*, membership: CommitteeMembership, by) -> None:
    """Take the person off the committee; off the admin group too when they sit on no other committee.

    Their decisions, declarations and audit entries stay: they are the committee's record.
    """
    locked = (
        CommitteeMembership.objects.select_for_update().select_related("user", "committee").filter(pk=membership.pk)
    ).first()
    if locked is None:
        return
    user, committee, role = locked.user, locked.committee, locked.role
    locked.delete()
    if not CommitteeMembership.objects.filter(user=user).exists():
        user.groups.remove(*Group.objects.filter(name=COMMITTEE_GROUP))
    _audit(
        committee=committee, action=AuditAction.MEMBER_REMOVED, by=by, member=_name(user), member_id=user.pk, role=role
    )


# Decisions ------------------------------------------------------------------------------------------


def _locked_case(proposal_pk: int) -> CommitteeCase:
    """The proposal's row locked until the transaction ends, and the proposal as its committee sees it."""
    Proposal.objects.select_for_update(no_key=True).filter(pk=proposal_pk).values_list("pk", flat=True).first()
    case = committee_case(proposal=proposal_pk)
    if case is None:
        raise ValidationError(_("The proposal no longer exists."), code="missing")
    return case


def _refuse_closed(case: CommitteeCase) -> None:
    if case.committee is None:
        raise ValidationError(
            _("No local committee covers the place of this proposal, so no committee can decide on it."),
            code="no_committee",
        )
    if not case.winner:
        raise ValidationError(
            _("Only the winning proposals of a counted round go to the local committee."), code="not_winner"
        )
    if case.approved:
        raise ValidationError(
            _("The committee has approved this proposal for good: it cannot be decided again."), code="decided"
        )


def _membership(committee: LocalCommittee, user) -> CommitteeMembership | None:
    if user is None or not user.is_active:
        return None
    return CommitteeMembership.objects.select_for_update().filter(committee=committee, user=user).first()


def _refuse_non_member(case: CommitteeCase, user) -> CommitteeMembership:
    membership = _membership(case.committee, user)
    if membership is None:
        raise ValidationError(
            _("Only the members of the %(committee)s Local Committee decide on this proposal.")
            % {"committee": case.committee},
            code="not_member",
        )
    if case.is_conflicted(user):
        raise ValidationError(
            _("You declared a conflict of interest on this proposal, so you take no part in its decisions."),
            code="conflict",
        )
    return membership


def _cleaned(kind: str, changes: str, reason: str) -> tuple[str, str, str]:
    errors = {}
    if kind not in DecisionKind.values:
        errors["kind"] = ValidationError(_("Choose the decision."), code="kind")
    changes, reason = (changes or "").strip(), (reason or "").strip()
    if kind != DecisionKind.APPROVE_WITH_CHANGES:
        changes = ""
    elif not changes:
        errors["changes"] = ValidationError(_("Say which changes the approval comes with."), code="changes")
    if not reason:
        errors["reason"] = ValidationError(_("Give the reason for the decision: it is published."), code="reason")
    if errors:
        raise ValidationError(errors)
    return kind, changes, reason


def _as_details(decision: CommitteeDecision) -> dict[str, object]:
    return {"decision": decision.pk, "kind": decision.kind, "changes": decision.changes, "reason": decision.reason}


@transaction.atomic
def decision_record(
    *, proposal: Proposal, kind: str, reason: str, changes: str = "", by, at: datetime.datetime | None = None
) -> CommitteeDecision:
    """Record the committee's decision on a winning proposal, as a draft for the chair to confirm.

    `kind` is a `DecisionKind`; `changes` (which changes, public) is needed for an approval with changes and
    dropped otherwise; `reason` (public) always. Refused when the proposal already has a draft: change that one.
    """
    kind, changes, reason = _cleaned(kind, changes, reason)
    case = _locked_case(proposal.pk)
    _refuse_closed(case)
    _refuse_non_member(case, by)
    if case.draft is not None:
        raise ValidationError(
            _("This proposal already has a decision waiting for the chair. Change that one instead."), code="draft"
        )
    try:
        with transaction.atomic():
            decision = CommitteeDecision.objects.create(
                proposal_id=proposal.pk,
                committee=case.committee,
                kind=kind,
                changes=changes,
                reason=reason,
                recorded_by=by,
                recorded_at=_now(at),
            )
    except IntegrityError:
        raise ValidationError(
            _("This proposal already has a decision waiting for the chair. Change that one instead."), code="draft"
        ) from None
    _audit(
        committee=case.committee,
        proposal=proposal,
        action=AuditAction.DECISION_RECORDED,
        by=by,
        **_as_details(decision),
    )
    return decision


def _locked_draft(decision: CommitteeDecision) -> tuple[CommitteeDecision, CommitteeCase]:
    case = _locked_case(decision.proposal_id)
    locked = CommitteeDecision.objects.select_for_update().filter(pk=decision.pk).first()
    if locked is None:
        raise ValidationError(_("The decision was withdrawn in the meantime."), code="missing")
    if locked.confirmed_at is not None:
        raise ValidationError(_("The chair has confirmed this decision: it can no longer change."), code="confirmed")
    return locked, case


@transaction.atomic
def decision_update(*, decision: CommitteeDecision, kind: str, reason: str, changes: str = "", by) -> CommitteeDecision:
    """Change a draft decision (any member of its committee without a conflict on the proposal)."""
    kind, changes, reason = _cleaned(kind, changes, reason)
    locked, case = _locked_draft(decision)
    _refuse_non_member(_for_committee(case, locked), by)
    before = _as_details(locked)
    locked.kind, locked.changes, locked.reason = kind, changes, reason
    locked.save(update_fields=["kind", "changes", "reason"])
    after = _as_details(locked)
    _audit(
        committee=locked.committee,
        proposal=case.proposal,
        action=AuditAction.DECISION_CHANGED,
        by=by,
        decision=locked.pk,
        before={key: value for key, value in before.items() if key != "decision"},
        after={key: value for key, value in after.items() if key != "decision"},
    )
    return locked


@transaction.atomic
def decision_withdraw(*, decision: CommitteeDecision, by) -> None:
    """Withdraw a draft decision, so that another can be recorded."""
    locked, case = _locked_draft(decision)
    _refuse_non_member(_for_committee(case, locked), by)
    details = _as_details(locked)
    locked.delete()
    _audit(committee=locked.committee, proposal=case.proposal, action=AuditAction.DECISION_WITHDRAWN, by=by, **details)


def _for_committee(case: CommitteeCase, decision: CommitteeDecision) -> CommitteeCase:
    """The case as the committee that recorded the decision sees it (the one whose members act on the draft)."""
    if case.committee is not None and case.committee.pk == decision.committee_id:
        return case
    return CommitteeCase(
        proposal=case.proposal,
        committee=decision.committee,
        winner=case.winner,
        decisions=case.decisions,
        conflicts=case.conflicts,
    )


@transaction.atomic
def decision_confirm(*, decision: CommitteeDecision, by, at: datetime.datetime | None = None) -> CommitteeDecision:
    """The chair confirms a draft: the decision becomes final and public.

    An approval opens the proposal's implementation (planned); everyone concerned is told once this commits. A
    chair who declared a conflict of interest on the proposal cannot confirm: another chair (the deputy) must.
    """
    locked, case = _locked_draft(decision)
    case = _for_committee(case, locked)
    membership = _membership(case.committee, by)
    if membership is None or membership.role != CommitteeRole.CHAIR:
        raise ValidationError(
            _("Only the chair of the %(committee)s Local Committee confirms its decisions.")
            % {"committee": case.committee},
            code="not_chair",
        )
    if case.is_conflicted(by):
        raise ValidationError(
            _(
                "You declared a conflict of interest on this proposal, so you cannot confirm its decision: another "
                "chair of the committee (the deputy chair) must."
            ),
            code="conflict",
        )
    locked.confirmed_by, locked.confirmed_at = by, _now(at)
    locked.save(update_fields=["confirmed_by", "confirmed_at"])
    _audit(
        committee=locked.committee,
        proposal=case.proposal,
        action=AuditAction.DECISION_CONFIRMED,
        by=by,
        **_as_details(locked),
    )
    if locked.kind in APPROVALS:
        implementation_ensure(proposal=case.proposal, by=by)
    announce_proposal_event(
        proposal=case.proposal,
        kind="proposal_decided",
        detail=_source_label(DecisionKind(locked.kind)),
        by=by,
    )
    return locked


# Conflicts of interest ------------------------------------------------------------------------------


@transaction.atomic
def conflict_declare(
    *, proposal: Proposal, member, reason: str = "", at: datetime.datetime | None = None
) -> ConflictOfInterest:
    """A member declares a conflict of interest on a proposal of their committee: from now on they take no part
    in its decisions, and the declaration (with the optional reason) is published with the decision. A draft
    they recorded is withdrawn."""
    case = _locked_case(proposal.pk)
    _refuse_closed(case)
    if _membership(case.committee, member) is None:
        raise ValidationError(
            _("Only the members of the %(committee)s Local Committee declare conflicts of interest on this proposal.")
            % {"committee": case.committee},
            code="not_member",
        )
    reason = " ".join((reason or "").split())
    if len(reason) > ConflictOfInterest._meta.get_field("reason").max_length:
        raise ValidationError(_("Keep the reason under 500 characters."), code="reason")
    try:
        with transaction.atomic():
            conflict = ConflictOfInterest.objects.create(
                proposal_id=proposal.pk, member=member, member_name=_name(member), reason=reason, declared_at=_now(at)
            )
    except IntegrityError:
        raise ValidationError(
            _("You have already declared a conflict of interest on this proposal."), code="declared"
        ) from None
    _audit(
        committee=case.committee,
        proposal=case.proposal,
        action=AuditAction.CONFLICT_DECLARED,
        by=member,
        member=conflict.member_name,
        reason=reason,
    )
    draft = case.draft
    if draft is not None and draft.recorded_by_id == member.pk:
        details = _as_details(draft)
        CommitteeDecision.objects.filter(pk=draft.pk, confirmed_at__isnull=True).delete()
        _audit(
            committee=draft.committee,
            proposal=case.proposal,
            action=AuditAction.DECISION_WITHDRAWN,
            by=member,
            because="conflict_of_interest",
            **details,
        )
    return conflict
