"""What became of a funded proposal: its implementation, tracked by case officers and shown to everyone.

Each approved proposal gets one `Implementation` (status, progress, expected completion, responsible
administration) and a dated list of `ImplementationUpdate`s, each with a text and an optional photo.
An update remembers the status and progress it was written at, so the list reads as a timeline.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .proposals import Proposal


class ImplementationStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class Implementation(models.Model):
    proposal = models.OneToOneField(
        Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="implementation"
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ImplementationStatus.choices,
        default=ImplementationStatus.PLANNED,
        db_index=True,
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    expected_completion = models.DateField(_("expected completion"), null=True, blank=True)
    administration = models.ForeignKey(
        "cms.Administration",
        verbose_name=_("responsible administration"),
        on_delete=models.PROTECT,
        null=True,
        related_name="implementations",
    )
    cancel_reason = models.TextField(
        _("why it was cancelled"), blank=True, max_length=3000, help_text=_("Public. Required when cancelled.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("implementation")
        verbose_name_plural = _("implementations")
        ordering = ["proposal"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ImplementationStatus.values), name="budgeting_implementation_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(progress__lte=100),
                name="budgeting_implementation_progress_percent",
                violation_error_message=_("Progress is a percentage from 0 to 100."),
            ),
            models.CheckConstraint(
                condition=~Q(status=ImplementationStatus.CANCELLED) | ~Q(cancel_reason=""),
                name="budgeting_implementation_cancel_reason",
                violation_error_message=_("Say why it was cancelled: the reason is public."),
            ),
            models.CheckConstraint(
                condition=~Q(status=ImplementationStatus.DONE) | Q(progress=100),
                name="budgeting_implementation_done_is_100",
                violation_error_message=_("A finished project is 100 per cent done."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.proposal}: {self.get_status_display()}"


class ImplementationUpdate(models.Model):
    implementation = models.ForeignKey(
        Implementation, verbose_name=_("implementation"), on_delete=models.CASCADE, related_name="updates"
    )
    date = models.DateField(_("date"))
    text = models.TextField(_("text"), max_length=5000, help_text=_("Public. Plain text."))
    photo = models.ImageField(_("photo"), upload_to="implementation/%Y/%m/", blank=True)
    photo_alt = models.CharField(
        _("photo description"),
        max_length=250,
        blank=True,
        help_text=_("What the photo shows, for those who cannot see it."),
    )
    # The state the update was written at, so that the list reads as a timeline.
    status = models.CharField(_("status"), max_length=12, choices=ImplementationStatus.choices)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("written by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("implementation update")
        verbose_name_plural = _("implementation updates")
        ordering = ["implementation", "-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(text=""), name="budgeting_update_has_text", violation_error_message=_("Write the update.")
            ),
            models.CheckConstraint(
                condition=Q(photo="") | ~Q(photo_alt=""),
                name="budgeting_update_photo_described",
                violation_error_message=_("Describe the photo for those who cannot see it."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.implementation.proposal}: {self.date}"


class ProposalFollow(models.Model):
    """A person who wants to hear about a proposal: committee decisions, status changes and updates."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="proposal_follows"
    )
    proposal = models.ForeignKey(Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="follows")
    # The language of the page they followed from: links in e-mails go to that language.
    language = models.CharField(_("language"), max_length=10, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("proposal follow")
        verbose_name_plural = _("proposal follows")
        constraints = [models.UniqueConstraint(fields=["user", "proposal"], name="budgeting_proposal_follow_once")]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.proposal_id}"
