"""After the vote: the local committees (lokaludvalg) decide on the winning proposals in their area.

Who sits on which committee, and who chairs it, is a `CommitteeMembership` (one committee's members
see only that committee's proposals in Wagtail admin). A member records a `CommitteeDecision` on a
winning proposal: approve, approve with changes (which), or refer back (why), always with a public
reason. It is a draft until the chair confirms it; only a confirmed decision is public, and a
proposal can be decided again after it was referred back, so a proposal keeps its decisions as a
history with at most one draft at a time. A member who declares a `ConflictOfInterest` on a proposal
takes no part in its decisions, and the declaration is published with the decision. Every step is an
immutable `CommitteeAuditEntry` (who, what, when), which staff read in Wagtail admin.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .proposals import Proposal


class CommitteeRole(models.TextChoices):
    MEMBER = "member", _("Member")
    CHAIR = "chair", _("Chair")


class CommitteeMembership(models.Model):
    committee = models.ForeignKey(
        "maps.LocalCommittee", verbose_name=_("local committee"), on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="committee_memberships",
    )
    role = models.CharField(_("role"), max_length=6, choices=CommitteeRole.choices, default=CommitteeRole.MEMBER)
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("committee membership")
        verbose_name_plural = _("committee memberships")
        ordering = ["committee", "-role", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "user"],
                name="budgeting_membership_once",
                violation_error_message=_("This person is already a member of this committee."),
            ),
            models.CheckConstraint(condition=Q(role__in=CommitteeRole.values), name="budgeting_membership_role_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}, {self.committee})"

    @property
    def is_chair(self) -> bool:
        return self.role == CommitteeRole.CHAIR


class DecisionKind(models.TextChoices):
    APPROVE = "approve", _("Approved")
    APPROVE_WITH_CHANGES = "changes", _("Approved with changes")
    REFER_BACK = "refer_back", _("Referred back")


class CommitteeDecision(models.Model):
    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="decisions"
    )
    committee = models.ForeignKey(
        "maps.LocalCommittee", verbose_name=_("local committee"), on_delete=models.PROTECT, related_name="decisions"
    )
    kind = models.CharField(_("decision"), max_length=10, choices=DecisionKind.choices)
    changes = models.TextField(
        _("changes"), blank=True, max_length=3000, help_text=_("Public. Required when approved with changes.")
    )
    reason = models.TextField(_("reason"), max_length=3000, help_text=_("Public. Why the committee decided so."))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded"))
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    class Meta:
        verbose_name = _("committee decision")
        verbose_name_plural = _("committee decisions")
        ordering = ["proposal", "-recorded_at", "-pk"]
        indexes = [models.Index(fields=["proposal", "-confirmed_at"], name="budgeting_decision_latest")]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=DecisionKind.values), name="budgeting_decision_kind_valid"),
            models.CheckConstraint(
                condition=~Q(reason=""),
                name="budgeting_decision_has_reason",
                violation_error_message=_("Give the reason for the decision: it is published."),
            ),
            models.CheckConstraint(
                condition=~Q(kind=DecisionKind.APPROVE_WITH_CHANGES) | ~Q(changes=""),
                name="budgeting_decision_changes_named",
                violation_error_message=_("Say which changes the approval comes with."),
            ),
            # One draft at a time per proposal; confirmed decisions are its history.
            models.UniqueConstraint(
                fields=["proposal"],
                condition=Q(confirmed_at__isnull=True),
                name="budgeting_decision_one_draft",
                violation_error_message=_("This proposal already has a decision waiting for the chair."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.proposal}: {self.get_kind_display()}"

    @property
    def is_final(self) -> bool:
        return self.confirmed_at is not None


class ConflictOfInterest(models.Model):
    """A member's declaration that they take no part in the decisions on a proposal. Public."""

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="conflicts"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    # The name as it was declared, so that the public record outlives the account.
    member_name = models.CharField(_("member's name"), max_length=150)
    reason = models.CharField(_("reason"), max_length=500, blank=True, help_text=_("Public. Optional."))
    declared_at = models.DateTimeField(_("declared"))

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        ordering = ["proposal", "declared_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "member"],
                name="budgeting_conflict_once",
                violation_error_message=_("You have already declared a conflict of interest on this proposal."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_name}: {self.proposal}"


class AuditAction(models.TextChoices):
    DECISION_RECORDED = "decision_recorded", _("Decision recorded")
    DECISION_CHANGED = "decision_changed", _("Draft decision changed")
    DECISION_WITHDRAWN = "decision_withdrawn", _("Draft decision withdrawn")
    DECISION_CONFIRMED = "decision_confirmed", _("Decision confirmed by the chair")
    CONFLICT_DECLARED = "conflict_declared", _("Conflict of interest declared")
    MEMBER_ADDED = "member_added", _("Member added")
    MEMBER_CHANGED = "member_changed", _("Member's role changed")
    MEMBER_REMOVED = "member_removed", _("Member removed")


class CommitteeAuditEntry(models.Model):
    """One step in a committee's work, kept for good: who did what, when, to which proposal."""

    committee = models.ForeignKey(
        "maps.LocalCommittee", verbose_name=_("local committee"), on_delete=models.PROTECT, related_name="+"
    )
    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # Kept as written at the time, so the trail still reads right after an account is deleted.
    actor_name = models.CharField(_("by (name)"), max_length=150)
    action = models.CharField(_("action"), max_length=20, choices=AuditAction.choices)
    # What changed, as plain values (decision kind, texts, role, the member concerned).
    details = models.JSONField(_("details"), default=dict, blank=True)
    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("committee audit entry")
        verbose_name_plural = _("committee audit trail")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["committee", "-at"], name="budgeting_audit_committee")]
        constraints = [
            models.CheckConstraint(condition=Q(action__in=AuditAction.values), name="budgeting_audit_action_valid")
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name}: {self.get_action_display()}"
