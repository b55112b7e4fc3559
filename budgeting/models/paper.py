"""Paper ballots keyed by staff: in batches, each ballot keyed twice by two different people.

A paper ballot counts only when two keyings by different people agree (the choices and the identity
number on the ballot's stub), or when a third person resolves a mismatch. Then it becomes a `Ballot`
with channel "paper", and the person a `Voter` row with their identity hash, channel "paper",
`voted` true and no link to the ballot. The identity hashes of the keyings are blanked once the entry
is counted or refused, so a counted entry holds the choices and never who made them; the links from
entries to their ballots are dropped with the other person ↔ ballot links when the round is tallied.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from .rounds import BudgetRound
from .voting import Ballot


class PaperBatch(models.Model):
    """A stack of paper ballots keyed together, e.g. "Nørrebro Bibliotek, 12 March"."""

    round = models.ForeignKey(
        BudgetRound, verbose_name=_("budget round"), on_delete=models.CASCADE, related_name="paper_batches"
    )
    label = models.CharField(
        _("label"), max_length=80, help_text=_("Where and when the ballots were collected, as written on the stack.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("batch of paper ballots")
        verbose_name_plural = _("batches of paper ballots")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "label"],
                name="budgeting_paper_batch_label_once",
                violation_error_message=_("The round already has a batch with this label."),
            ),
        ]

    def __str__(self) -> str:
        return self.label


class PaperEntryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the second keying")
    MATCHED = "matched", _("Counted")
    MISMATCH = "mismatch", _("The keyings differ")
    REFUSED = "refused", _("Not counted")


# Entries whose identity hashes are still needed: to compare with the next keying.
OPEN_STATUSES = (PaperEntryStatus.PENDING, PaperEntryStatus.MISMATCH)


class PaperEntry(models.Model):
    """One paper ballot of a batch, by its number within the batch, and its keyings.

    A keying is the choices {"proposal id": points} and the hash of the identity number; the database
    refuses the same person keying one ballot twice.
    """

    batch = models.ForeignKey(PaperBatch, verbose_name=_("batch"), on_delete=models.CASCADE, related_name="entries")
    sequence = models.PositiveIntegerField(_("number in the batch"))
    status = models.CharField(
        _("status"), max_length=8, choices=PaperEntryStatus.choices, default=PaperEntryStatus.PENDING
    )
    first_keying = models.JSONField(_("first keying"), default=dict)
    first_census_hash = models.CharField(max_length=64, blank=True, editable=False)
    first_keyed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("keyed first by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    first_keyed_at = models.DateTimeField(_("keyed first"))
    second_keying = models.JSONField(_("second keying"), null=True, blank=True)
    second_census_hash = models.CharField(max_length=64, blank=True, editable=False)
    second_keyed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("keyed second by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    second_keyed_at = models.DateTimeField(_("keyed second"), null=True, blank=True)
    # A mismatch is resolved by a third person, who keys the ballot again: their keying decides.
    third_keying = models.JSONField(_("resolving keying"), null=True, blank=True)
    third_census_hash = models.CharField(max_length=64, blank=True, editable=False)
    third_keyed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolved by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    third_keyed_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    ballot = models.OneToOneField(
        Ballot, verbose_name=_("ballot"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Why a ballot was not counted, for staff: the person had voted already, or the ballot is not valid.
    problem = models.CharField(_("problem"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("paper ballot")
        verbose_name_plural = _("paper ballots")
        ordering = ["batch", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "sequence"],
                name="budgeting_paper_entry_sequence_once",
                violation_error_message=_("The batch already has a ballot with this number."),
            ),
            models.CheckConstraint(condition=Q(sequence__gte=1), name="budgeting_paper_entry_sequence_positive"),
            models.CheckConstraint(
                condition=Q(status__in=PaperEntryStatus.values), name="budgeting_paper_entry_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(second_keyed_by__isnull=True) | ~Q(second_keyed_by=F("first_keyed_by")),
                name="budgeting_paper_entry_second_keyer_differs",
                violation_error_message=_("The second keying must be made by someone other than the first."),
            ),
            models.CheckConstraint(
                condition=Q(third_keyed_by__isnull=True)
                | (~Q(third_keyed_by=F("first_keyed_by")) & ~Q(third_keyed_by=F("second_keyed_by"))),
                name="budgeting_paper_entry_third_keyer_differs",
                violation_error_message=_("A mismatch must be resolved by someone who keyed neither keying."),
            ),
            models.CheckConstraint(
                condition=Q(ballot__isnull=True) | Q(status=PaperEntryStatus.MATCHED),
                name="budgeting_paper_entry_ballot_means_counted",
            ),
            # Once counted or refused, nothing ties the entry's choices to a person any more.
            models.CheckConstraint(
                condition=Q(status__in=OPEN_STATUSES)
                | Q(first_census_hash="", second_census_hash="", third_census_hash=""),
                name="budgeting_paper_entry_closed_keeps_no_identity",
            ),
        ]

    def __str__(self) -> str:
        return str(_("%(batch)s, ballot %(sequence)s") % {"batch": self.batch, "sequence": self.sequence})
