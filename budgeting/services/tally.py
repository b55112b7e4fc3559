"""Counting a round: its winner rule run on its ballots, once, after voting has closed.

Each sub-budget is an election of its own (its amount, its district's proposals, the ballots cast in it); a
round without sub-budgets is one election with the total budget. Knapsack ballots are counted as approval
ballots (with cost satisfaction, as pabulib and pabutools do), cumulative ballots with their points. The
result is stored as a `Tally` with a `TallyResult` per proposal on the ballot, and in the same transaction
every person ↔ ballot link is dropped (`round_close_links`).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ..models import BallotType, BudgetRound, Channel, Tally, TallyResult, WinnerRule
from ..selectors import BallotBox, BallotBoxError, ballot_boxes
from ..tally import Election, tally
from .ballots import round_close_links
from .common import Moment, lock_round

Progress = Callable[[str], None]

# The names of the rules in `budgeting.tally` (and in pabulib's `rule` column, for the published files).
TALLY_RULES = {WinnerRule.GREEDY: "greedy", WinnerRule.MES: "mes", WinnerRule.MES_ADD1: "mes-add1"}


def box_election(box: BallotBox, *, ballot_type: str) -> Election:
    """The election of a ballot box, with identical ballots grouped. Project ids are the proposals' codes."""
    code_of = {proposal.pk: proposal.code for proposal in box.proposals}
    cumulative = ballot_type == BallotType.CUMULATIVE
    votes = []
    for ballot in box.ballots:
        try:
            chosen = [(code_of[proposal_id], points) for proposal_id, points in ballot.choices]
        except KeyError:
            raise BallotBoxError(f"Ballot {ballot.id} chooses a proposal that is not on its ballot") from None
        votes.append(dict(chosen) if cumulative else [code for code, _points in chosen])
    return Election.from_votes(
        budget=box.budget,
        projects={proposal.code: proposal.cost for proposal in box.proposals},
        votes=votes,
        vote_type="cumulative" if cumulative else "approval",
    )


def _votes(box: BallotBox) -> dict[int, dict[str, int]]:
    """{proposal id: {channel: votes}}: approvals, or points on cumulative ballots (approval points are 1)."""
    votes = {proposal.pk: {Channel.ONLINE: 0, Channel.PAPER: 0} for proposal in box.proposals}
    for ballot in box.ballots:
        for proposal_id, points in ballot.choices:
            votes[proposal_id][ballot.channel] += points
    return votes


def _refusal(round: BudgetRound, at: Moment) -> ValidationError | None:
    if round.tallied_at is not None:
        day = date_format(timezone.localtime(round.tallied_at), "DATE_FORMAT")
        return ValidationError(
            _("The votes of this round were counted on %(day)s. A round is counted only once."),
            code="tallied",
            params={"day": day},
        )
    if round.voting_open(at):
        return ValidationError(_("Voting is still open: the votes cannot be counted yet."), code="open")
    if not round.voting_closed(at):
        return ValidationError(
            _("Voting has not taken place yet: the votes are counted after the project's voting phase."),
            code="not_closed",
        )
    return None


def round_tally_refusal(*, round: BudgetRound, at: Moment = None) -> str | None:
    """Why the round cannot be counted now (already counted, voting open or not held yet), or None."""
    error = _refusal(round, at)
    return error.messages[0] if error is not None else None


@transaction.atomic
def round_tally(*, round: BudgetRound, at: Moment = None, progress: Progress | None = None) -> Tally:
    """Count the round's votes with its winner rule, store the result and forget who cast which ballot.

    Refused while voting is open, before it has taken place, and when the round has been counted already
    (a round is counted once: its stored tally is the published result). The round's row is locked for the
    whole transaction, so two counts at once cannot both pass.
    """
    round = lock_round(round.pk)
    if error := _refusal(round, at):
        raise error
    rule = TALLY_RULES[round.winner_rule]
    say = progress or (lambda message: None)
    try:
        boxes = ballot_boxes(round=round)
        elections = [box_election(box, ballot_type=round.ballot_type) for box in boxes]
    except BallotBoxError as error:
        raise ValidationError(
            _("A ballot does not fit the round's sub-budgets, so the votes cannot be counted: %(error)s"),
            code="inconsistent",
            params={"error": str(error)},
        ) from None

    now = at if isinstance(at, datetime.datetime) and timezone.is_aware(at) else timezone.now()
    stored = Tally.objects.create(round=round, rule=round.winner_rule, computed_at=now)
    results = []
    for box, election in zip(boxes, elections, strict=True):
        where = box.district.name if box.district is not None else round.title
        say(f"{where}: {len(box.ballots)} ballots, {len(box.proposals)} proposals, budget {box.budget} kr.")
        winners = set(tally(election, rule))
        votes = _votes(box)
        say(f"{where}: {len(winners)} selected by {rule}: {', '.join(sorted(winners)) or 'none'}")
        results += [
            TallyResult(
                tally=stored,
                proposal=proposal,
                sub_budget=box.sub_budget,
                votes_online=votes[proposal.pk][Channel.ONLINE],
                votes_paper=votes[proposal.pk][Channel.PAPER],
                selected=proposal.code in winners,
            )
            for proposal in box.proposals
        ]
    TallyResult.objects.bulk_create(results)
    dropped = round_close_links(round=round, at=at)
    say(f"Dropped {dropped} links between people and ballots.")
    round.tallied_at = now
    round.save(update_fields=["tallied_at", "updated_at"])
    return stored
