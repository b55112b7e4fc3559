"""What the budgeting services share: the moment type, the locks, and how amounts are written."""

from __future__ import annotations

import datetime

from django.utils.formats import number_format

from ..models import BudgetRound

Moment = datetime.datetime | datetime.date | None

# What decides the vote: fixed once voting has opened.
LOCKED_ROUND_FIELDS = (
    "project",
    "total_budget",
    "ballot_type",
    "max_choices",
    "min_spend_percent",
    "points_total",
    "points_per_proposal_max",
    "winner_rule",
    "eligibility",
    "minimum_age",
)
# What voters see of a proposal: frozen once voting has opened.
FROZEN_PROPOSAL_FIELDS = ("title", "description", "cost", "latitude", "longitude", "district")


def kroner(amount: int) -> str:
    """An amount with the thousands separator of the active language: "2.300.000" in Danish."""
    return number_format(amount, decimal_pos=0, force_grouping=True)


def voting_started(round: BudgetRound, *, at: Moment = None) -> bool:
    """Whether what decides the vote is locked: a voting phase has started, or a ballot exists."""
    return round.voting_has_opened(at) or round.ballots.exists()


def lock_round(pk: int) -> BudgetRound:
    """The round with its page, the round's row locked until the transaction ends (not its page's).

    "No key" so that ballots and proposals referring to the round can still be inserted meanwhile.
    """
    return BudgetRound.objects.select_for_update(no_key=True, of=("self",)).select_related("project").get(pk=pk)


def locked_field_values(round: BudgetRound) -> dict[str, object]:
    """The round's locked fields as stored in columns (the project by its id)."""
    return {name: getattr(round, round._meta.get_field(name).attname) for name in LOCKED_ROUND_FIELDS}
