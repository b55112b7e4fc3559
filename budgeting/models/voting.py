"""Voters and secret ballots.

What a person chose is stored in `Ballot` and `BallotChoice`, which have no link to a person: a
random id, a random receipt code, the day only. The one link between a person and a ballot is
`Voter.ballot`, kept only to stop double voting and to let the person change their vote; it is
dropped (set to NULL) when the round is tallied, while `Voter.voted` stays true. The link has no
reverse accessor (`related_name="+"`), so code that holds a ballot is not one attribute away from a
person. Nothing in the admin lists ballots next to people.
"""

from __future__ import annotations

import re
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .proposals import Proposal
from .rounds import BudgetRound, SubBudget

# Capitals and digits without look-alikes (0/O, 1/I/L, U/V, 2/Z, 5/S, 8/B): easy to read aloud and type.
RECEIPT_ALPHABET = "34679ACDEFGHJKMNPQRTWXY"
RECEIPT_LENGTH = 10
RECEIPT_GROUP = 5


def new_receipt_code() -> str:
    """A random receipt code of 10 characters (about 45 bits), stored without separators."""
    return "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(RECEIPT_LENGTH))


def normalize_receipt_code(code: str) -> str:
    """The stored form of a code as a person typed it: capitals, without spaces or dashes."""
    return re.sub(r"[\s\-–.]", "", code or "").upper()


def format_receipt_code(code: str) -> str:
    """The code as shown to a person: in groups of five, "K7QFM-X3PA9"."""
    return "-".join(code[i : i + RECEIPT_GROUP] for i in range(0, len(code), RECEIPT_GROUP))


class Channel(models.TextChoices):
    ONLINE = "online", _("Online")
    PAPER = "paper", _("Paper")


class Ballot(models.Model):
    """One submitted ballot. It says nothing about who cast it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(
        BudgetRound, verbose_name=_("budget round"), on_delete=models.CASCADE, related_name="ballots"
    )
    sub_budget = models.ForeignKey(
        SubBudget,
        verbose_name=_("sub-budget"),
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="ballots",
    )
    channel = models.CharField(_("channel"), max_length=6, choices=Channel.choices, default=Channel.ONLINE)
    receipt_code = models.CharField(_("receipt code"), max_length=RECEIPT_LENGTH, default=new_receipt_code)
    submitted_on = models.DateField(_("submitted on"), auto_now_add=True)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        constraints = [
            models.UniqueConstraint(fields=["receipt_code"], name="budgeting_ballot_receipt_unique"),
            models.CheckConstraint(condition=Q(channel__in=Channel.values), name="budgeting_ballot_channel_valid"),
        ]

    def __str__(self) -> str:
        return str(_("Ballot %(receipt)s") % {"receipt": self.receipt}) if self.receipt_code else str(self.pk)

    @property
    def receipt(self) -> str:
        return format_receipt_code(self.receipt_code)

    def selections(self) -> dict[int, int]:
        """{proposal id: points} of this ballot."""
        return dict(self.choices.values_list("proposal_id", "points"))


class BallotChoice(models.Model):
    """A proposal chosen on a ballot: 1 point for approval and knapsack ballots, the points given otherwise."""

    # A random id too: a sequence would give away the order in which ballots were cast.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ballot = models.ForeignKey(Ballot, verbose_name=_("ballot"), on_delete=models.CASCADE, related_name="choices")
    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.RESTRICT, related_name="ballot_choices"
    )
    points = models.PositiveSmallIntegerField(_("points"), default=1)

    class Meta:
        verbose_name = _("ballot choice")
        verbose_name_plural = _("ballot choices")
        constraints = [
            models.UniqueConstraint(fields=["ballot", "proposal"], name="budgeting_ballot_choice_once"),
            models.CheckConstraint(condition=Q(points__gte=1), name="budgeting_ballot_choice_points_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id}: {self.points}"


class Voter(models.Model):
    """A person's part in a round: whether they voted, their district, their draft, and (until the
    tally) which ballot is theirs.

    An online voter is known by their account, a paper or census voter by a salted hash of their
    census identity; the database allows one row per person and round either way. Dates are kept to
    the day.
    """

    round = models.ForeignKey(
        BudgetRound, verbose_name=_("budget round"), on_delete=models.CASCADE, related_name="voters"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    census_hash = models.CharField(_("census identity (salted hash)"), max_length=128, null=True, blank=True)
    ballot = models.OneToOneField(
        Ballot, verbose_name=_("ballot"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The choices being made before submitting, {"proposal id": points}. May be over budget: the
    # ballot page shows what is wrong.
    draft = models.JSONField(_("draft"), default=dict, blank=True)
    channel = models.CharField(_("channel"), max_length=6, choices=Channel.choices, default=Channel.ONLINE)
    district = models.ForeignKey(
        "maps.District", verbose_name=_("district"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    voted = models.BooleanField(_("voted"), default=False)
    # Only that the voter answered (or skipped) the end-of-vote question, so it is asked once; never the answer.
    surveyed = models.BooleanField(_("asked the end-of-vote question"), default=False)
    created_on = models.DateField(_("first seen on"), auto_now_add=True)

    class Meta:
        verbose_name = _("voter")
        verbose_name_plural = _("voters")
        indexes = [models.Index(fields=["round", "voted"], name="budgeting_voter_turnout")]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "user"],
                condition=Q(user__isnull=False),
                name="budgeting_voter_once_per_user",
                violation_error_message=_("This person already takes part in the round."),
            ),
            models.UniqueConstraint(
                fields=["round", "census_hash"],
                condition=Q(census_hash__isnull=False),
                name="budgeting_voter_once_per_census_identity",
                violation_error_message=_("This person already takes part in the round."),
            ),
            models.CheckConstraint(
                condition=Q(ballot__isnull=True) | Q(voted=True), name="budgeting_voter_ballot_means_voted"
            ),
            models.CheckConstraint(condition=Q(channel__in=Channel.values), name="budgeting_voter_channel_valid"),
        ]

    def __str__(self) -> str:
        return str(_("Voter %(number)s") % {"number": self.pk})

    def draft_selections(self) -> dict[int, int]:
        """The draft as {proposal id: points}."""
        return {int(key): int(value) for key, value in (self.draft or {}).items()}
