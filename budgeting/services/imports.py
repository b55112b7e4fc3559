"""Loading a real election from a pabulib file as a closed, counted round (`manage.py pb_import`).

The round gets the file's budget, ballot type and (where it names one we have) rule; its proposals are
the file's projects, numbered by their pabulib ids; its ballots are the file's votes, anonymous and
online, each with a fresh receipt code (pabulib's voter ids are not ours to publish). Then the round is
counted like any other (`round_tally`). Everything is written with bulk inserts in one transaction, so
Warsaw-Mokotów's 12,021 ballots load in seconds, and a refused file leaves nothing behind.

A past election cannot be voted in: the services that guard proposals and ballots while voting is open
do not apply, so this writes the rows itself, after checking what the database's constraints would.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from fractions import Fraction

from django.db import transaction

from ..models import (
    Ballot,
    BallotChoice,
    BallotType,
    BudgetRound,
    Channel,
    Feasibility,
    Proposal,
    WinnerRule,
    new_receipt_code,
)
from ..pabulib import PabulibFile
from .rounds import round_create
from .tally import round_tally

Progress = Callable[[str], None]
BATCH = 5000
CODE_MAX = Proposal._meta.get_field("code").max_length
TITLE_MAX = Proposal._meta.get_field("title").max_length
DESCRIPTION_MAX = 3000
POINTS_MAX = 32767  # PositiveSmallIntegerField

# pabulib's `rule` META values, and the rule a round gets from each; any other (or none) gives MES + add1.
RULES_FROM_PABULIB = {
    "greedy": WinnerRule.GREEDY,
    "equalshares": WinnerRule.MES,
    "equalshares/add1": WinnerRule.MES_ADD1,
}


class ImportRefused(ValueError):
    """The file cannot become a round; the message says why, for the person importing."""


def rule_from_meta(meta: dict[str, str]) -> str:
    return RULES_FROM_PABULIB.get(meta.get("rule", "").strip().lower(), WinnerRule.MES_ADD1)


def _whole(value, what: str, *, least: int = 1, most: int | None = None) -> int:
    if isinstance(value, Fraction) or not isinstance(value, int) or value < least or (most and value > most):
        limit = f" and at most {most}" if most else ""
        raise ImportRefused(f"{what} must be a whole number from {least}{limit}, not {value}")
    return value


def _shorten(text: str, length: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def _round_options(parsed: PabulibFile) -> dict:
    """Ballot type and its limits: approval (at most max_length choices), or cumulative (points)."""
    election, meta = parsed.election, parsed.meta
    if election.vote_type == "approval":
        # Without a max_length a voter could choose every project; a longer ballot than max_length is kept as cast.
        longest = max((len(ballot.projects) for ballot in election.ballots), default=1)
        most = meta.get("max_length", "").strip()
        limit = int(most) if most.isdigit() and int(most) >= 1 else len(election.projects)
        return {
            "ballot_type": BallotType.APPROVAL,
            "max_choices": _whole(max(limit, longest, 1), "max_length", most=POINTS_MAX),
        }
    largest = max((max(ballot.points, default=1) for ballot in election.ballots), default=1)
    total = max((sum(ballot.points) for ballot in election.ballots), default=1)
    for key, value in (("max_points", "largest"), ("max_sum_points", "total")):
        text = meta.get(key, "").strip()
        if text.isdigit() and int(text) >= 1:
            if value == "largest":
                largest = max(largest, int(text))
            else:
                total = max(total, int(text))
    total = _whole(total, "The points a voter spreads", most=POINTS_MAX)
    largest = _whole(min(largest, total), "The most points on one project", most=POINTS_MAX)
    return {"ballot_type": BallotType.CUMULATIVE, "points_total": total, "points_per_proposal_max": largest}


def _proposals(parsed: PabulibFile, round: BudgetRound) -> list[Proposal]:
    proposals = []
    for project_id, cost in parsed.election.projects.items():
        if len(project_id) > CODE_MAX:
            raise ImportRefused(f"Project id {project_id!r} is longer than {CODE_MAX} characters")
        columns = parsed.project_columns.get(project_id, {})
        name = columns.get("name", "").strip() or f"Project {project_id}"
        description = columns.get("description", "").strip() or name
        proposals.append(
            Proposal(
                round=round,
                code=project_id,
                title=_shorten(name, TITLE_MAX),
                description=description[:DESCRIPTION_MAX],
                cost=_whole(cost, f"The cost of project {project_id}"),
                feasibility=Feasibility.FEASIBLE,
            )
        )
    return proposals


def _receipt_codes(count: int) -> list[str]:
    """`count` fresh receipt codes, none already taken (45 bits each: a clash is very unlikely, but checked)."""
    codes: set[str] = set()
    while len(codes) < count:
        wanted = {new_receipt_code() for _ in range(count - len(codes))} - codes
        taken = set()
        listed = list(wanted)
        for start in range(0, len(listed), 900):
            chunk = listed[start : start + 900]
            taken |= set(Ballot.objects.filter(receipt_code__in=chunk).values_list("receipt_code", flat=True))
        codes |= wanted - taken
    return list(codes)


@transaction.atomic
def round_import(
    *, project, parsed: PabulibFile, title: str, rule: str | None = None, progress: Progress | None = None
) -> BudgetRound:
    """A closed, counted round on `project` (whose voting phase must be over) from a pabulib election.

    `rule` is one of `WinnerRule`; by default the file's rule when it names greedy, equalshares or
    equalshares/add1, else MES + add1. Returns the round, counted.
    """
    say = progress or (lambda message: None)
    election = parsed.election
    budget = _whole(election.budget, "The budget")
    budget_round = round_create(
        project=project,
        title=_shorten(title, BudgetRound._meta.get_field("title").max_length),
        total_budget=budget,
        winner_rule=rule or rule_from_meta(parsed.meta),
        **_round_options(parsed),
    )
    say(
        f"Round {budget_round.pk} “{budget_round.title}”: {budget_round.get_ballot_type_display()}, "
        f"{budget_round.get_winner_rule_display()}, budget {budget:,}"
    )
    proposals = Proposal.objects.bulk_create(_proposals(parsed, budget_round), batch_size=BATCH)
    proposal_ids = [proposal.pk for proposal in proposals]
    if any(pk is None for pk in proposal_ids):  # a database that does not return ids from bulk inserts
        by_code = dict(budget_round.proposals.values_list("code", "pk"))
        proposal_ids = [by_code[code] for code in election.project_ids]
    say(f"{len(proposals)} proposals")

    total = election.num_voters
    codes = iter(_receipt_codes(total))
    ballots: list[Ballot] = []
    choices: list[BallotChoice] = []
    written = 0

    def flush() -> None:
        nonlocal written
        Ballot.objects.bulk_create(ballots, batch_size=BATCH)
        BallotChoice.objects.bulk_create(choices, batch_size=BATCH)
        written += len(ballots)
        ballots.clear()
        choices.clear()
        say(f"{written:,} of {total:,} ballots")

    cumulative = budget_round.ballot_type == BallotType.CUMULATIVE
    for group in election.ballots:
        points = [_whole(p, "Points", least=0, most=POINTS_MAX) for p in group.points] if cumulative else None
        for _copy in range(group.multiplicity):
            ballot = Ballot(id=uuid.uuid4(), round=budget_round, channel=Channel.ONLINE, receipt_code=next(codes))
            ballots.append(ballot)
            for position, index in enumerate(group.projects):
                given = points[position] if points is not None else 1
                if given:
                    choices.append(
                        BallotChoice(id=uuid.uuid4(), ballot=ballot, proposal_id=proposal_ids[index], points=given)
                    )
            if len(ballots) >= BATCH:
                flush()
    if ballots:
        flush()
    round_tally(round=budget_round, progress=say)
    budget_round.refresh_from_db()
    return budget_round
