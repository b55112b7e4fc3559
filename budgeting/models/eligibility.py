"""The census list of a round, kept only as salted hashes, and the round's secret salt.

Staff upload the people who may vote (an identity number each, optionally a birth date and a district);
what is stored is HMAC-SHA256 of the number under a secret pepper (`BUDGETING_CENSUS_PEPPER`) and the
round's random salt, never the number. The same hash marks a person's `Voter` row, whether they vote
online (census list, or MitID with an identity claim) or on paper, so that nobody takes part twice.

Of the birth date only what the rule needs is kept: nothing for a person who is old enough when voting
opens; the day they reach the minimum age for the few who do so while voting runs.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .rounds import BudgetRound


def new_salt() -> str:
    return secrets.token_hex(32)


class CensusList(models.Model):
    """A round's identity salt, and what is known of the list uploaded for it (counts, who, when).

    Made the first time the round hashes an identity (an upload, a check on the eligibility page, a paper
    ballot): a round without an uploaded list still needs a salt for its voters' identities. Uploading
    again replaces the entries and keeps the salt, so the hashes of people already taking part stay valid.
    """

    round = models.OneToOneField(
        BudgetRound, verbose_name=_("budget round"), on_delete=models.CASCADE, related_name="census_list"
    )
    salt = models.CharField(_("salt"), max_length=64, default=new_salt, editable=False)
    uploaded_at = models.DateTimeField(_("uploaded"), null=True, blank=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    entry_count = models.PositiveIntegerField(_("people on the list"), default=0, editable=False)
    # The round's minimum age when the list was uploaded: `CensusEntry.eligible_from` was worked out with it.
    minimum_age = models.PositiveSmallIntegerField(_("minimum age checked"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("census list")
        verbose_name_plural = _("census lists")
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return str(self.round)


class CensusEntry(models.Model):
    """One person who may vote in the round: the salted hash of their identity number, and their district
    when the list gives it. The unique constraint is also the index every look-up uses."""

    round = models.ForeignKey(
        BudgetRound, verbose_name=_("budget round"), on_delete=models.CASCADE, related_name="census_entries"
    )
    census_hash = models.CharField(_("identity (salted hash)"), max_length=64)
    district = models.ForeignKey(
        "maps.District", verbose_name=_("district"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Only for a person who reaches the minimum age after the list was uploaded: the first day they may vote.
    eligible_from = models.DateField(_("may vote from"), null=True, blank=True)

    class Meta:
        verbose_name = _("census entry")
        verbose_name_plural = _("census entries")
        constraints = [
            models.UniqueConstraint(fields=["round", "census_hash"], name="budgeting_census_entry_once"),
        ]

    def __str__(self) -> str:
        return str(_("Census entry %(number)s") % {"number": self.pk})
