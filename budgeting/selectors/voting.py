"""Reads for voters and ballots. Only what one voter may see of their own vote, and counts."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from ..models import (
    Ballot,
    BudgetRound,
    Channel,
    Voter,
    normalize_receipt_code,
)


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
