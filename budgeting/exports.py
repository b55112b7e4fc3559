"""The published files of a counted round: its anonymised ballots as pabulib `.pb` files, and a CSV of its
proposals with their votes.

**One `.pb` file per election.** A pabulib file holds one election (one budget, one set of projects, one
set of voters), and each sub-budget of a round is an election of its own: its district's proposals, its
amount, the ballots of the people who live there. So a round with sub-budgets publishes one file per
sub-budget (`Denmark_Copenhagen_<round>_<district>.pb`), and a round without one file
(`Denmark_Copenhagen_<round>.pb`); `pabutools.election.parse_pabulib` reads each, and tallying it with the
round's rule gives the published winners.

**Nothing in them identifies anyone.** A ballot's voter id is its receipt code, which only its voter
knows, so that they can find their own ballot; ballots are in the order of their random ids (never the
order they were cast in); dates are the voting phase's first and last day. Neither file holds a user, an
e-mail address, a voter row, a census hash or the day a ballot was cast.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from maps.services import area_slug
from participation.models import Feature

from . import selectors
from .models import BallotType, BudgetRound, SubBudget, format_receipt_code
from .pabulib import format_pabulib
from .services import TALLY_RULES
from .tally import Ballot, Election

# The `rule` META value pabulib uses for each of our rules.
PABULIB_RULES = {"greedy": "greedy", "mes": "equalshares", "mes-add1": "equalshares/add1"}
CSV_HEADER = ["code", "title", "district", "cost", "votes_online", "votes_paper", "votes_total", "selected"]


class NotPublished(Exception):
    """The round has not been counted: nothing of it is published yet."""


@dataclass(frozen=True)
class BallotFile:
    """One published ballot file: its sub-budget (None for a round without) and its file name."""

    sub_budget: SubBudget | None
    filename: str

    @property
    def district(self):
        return self.sub_budget.district if self.sub_budget is not None else None


def _file_base(round: BudgetRound) -> str:
    """Pabulib's naming: country, unit, instance."""
    return f"Denmark_Copenhagen_{area_slug(round.title) or round.pk}"


def proposals_csv_filename(*, round: BudgetRound) -> str:
    return f"{_file_base(round)}_proposals.csv"


def ballot_files(*, round: BudgetRound, sub_budget_list: list[SubBudget] | None = None) -> list[BallotFile]:
    """The ballot files a counted round publishes: one per sub-budget, or one for the whole round."""
    subs = sub_budget_list if sub_budget_list is not None else selectors.sub_budgets(round=round)
    base = _file_base(round)
    if not subs:
        return [BallotFile(sub_budget=None, filename=f"{base}.pb")]
    return [BallotFile(sub_budget=sub, filename=f"{base}_{sub.district.slug}.pb") for sub in subs]


def _check_published(round: BudgetRound) -> None:
    if round.tallied_at is None:
        raise NotPublished(f"Round {round.pk} has not been counted")


def _voting_days(round: BudgetRound) -> dict[str, str]:
    """date_begin and date_end as pabulib writes them (dd.mm.yyyy): the voting phases' first and last day."""
    phases = [phase for phase in round.project.ordered_phases() if Feature.VOTE in phase.features]
    if not phases:
        return {}
    return {
        "date_begin": min(phase.start for phase in phases).strftime("%d.%m.%Y"),
        "date_end": max(phase.end for phase in phases).strftime("%d.%m.%Y"),
    }


def _meta(round: BudgetRound, box: selectors.BallotBox) -> dict[str, object]:
    meta: dict[str, object] = {
        "description": f"Sammen om byen, Københavns Kommune: {round.title}",
        "country": "Denmark",
        "unit": "Copenhagen",
        "instance": round.title,
    }
    if box.district is not None:
        meta.update(subunit=box.district.name, district=box.district.name)
    meta.update(_voting_days(round))
    meta["rule"] = PABULIB_RULES[TALLY_RULES[round.winner_rule]]
    meta["min_length"] = 1
    if round.ballot_type == BallotType.APPROVAL:
        meta["max_length"] = round.max_choices
    elif round.ballot_type == BallotType.KNAPSACK:
        meta["max_sum_cost"] = box.budget
        if round.min_spend_percent:
            meta["min_sum_cost"] = -(-box.budget * round.min_spend_percent // 100)
        meta["comment"] = (
            "#1: Knapsack ballots: each voter chose proposals whose total cost fits within the budget "
            "(max_sum_cost). They are written as approval ballots and counted with cost satisfaction."
        )
    else:
        meta.update(max_points=round.points_per_proposal_max, max_sum_points=round.points_total)
    meta.update(language="da", currency="DKK")
    return meta


def _box_for(round: BudgetRound, sub_budget: SubBudget | None) -> selectors.BallotBox:
    for box in selectors.ballot_boxes(round=round):
        if (box.sub_budget.pk if box.sub_budget else None) == (sub_budget.pk if sub_budget else None):
            return box
    raise NotPublished(f"Round {round.pk} has no such sub-budget")


def ballot_file_text(*, round: BudgetRound, sub_budget: SubBudget | None = None) -> str:
    """The pabulib text of one election of a counted round: the whole round, or one of its sub-budgets.

    PROJECTS: project_id (the proposal's number), cost, name, votes (ballots that chose it), score (points, on
    cumulative ballots) and selected (the stored result). VOTES: voter_id (the receipt code, as the voter
    sees it), vote, and points on cumulative ballots; one row per ballot, in the order of their random ids.
    """
    _check_published(round)
    box = _box_for(round, sub_budget)
    selected = {result.proposal_id for result in selectors.tally_results(round=round) if result.selected}
    position = {proposal.pk: index for index, proposal in enumerate(box.proposals)}
    cumulative = round.ballot_type == BallotType.CUMULATIVE
    # One Ballot per voter (no grouping), so that each row is one ballot and its receipt code.
    ballots = tuple(
        Ballot(
            tuple(position[proposal_id] for proposal_id, _points in ballot.choices),
            tuple(points if cumulative else 1 for _proposal_id, points in ballot.choices),
        )
        for ballot in box.ballots
    )
    election = Election(
        budget=box.budget,
        projects={proposal.code: proposal.cost for proposal in box.proposals},
        ballots=ballots,
        vote_type="cumulative" if cumulative else "approval",
    )
    chosen_by = {proposal.pk: 0 for proposal in box.proposals}
    points = dict(chosen_by)
    for ballot in box.ballots:
        for proposal_id, given in ballot.choices:
            chosen_by[proposal_id] += 1
            points[proposal_id] += given
    columns = {}
    for proposal in box.proposals:
        columns[proposal.code] = {"name": proposal.title, "votes": chosen_by[proposal.pk]}
        if cumulative:
            columns[proposal.code]["score"] = points[proposal.pk]
        columns[proposal.code]["selected"] = int(proposal.pk in selected)
    return format_pabulib(
        election,
        meta=_meta(round, box),
        project_columns=columns,
        voter_ids=[format_receipt_code(ballot.receipt_code) for ballot in box.ballots],
    )


def _cell(text: str) -> str:
    """Text that a spreadsheet shows as text: a leading =, +, - or @ would make it a formula."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@") else text


def proposals_csv(*, round: BudgetRound) -> str:
    """The counted round's proposals with their votes (points on cumulative ballots), online and on paper, and
    whether each was selected; winners first. UTF-8 with a byte-order mark, so that spreadsheets read æ, ø, å."""
    _check_published(round)
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for group in selectors.result_groups(round=round):
        for result in group.results:
            proposal = result.proposal
            writer.writerow(
                [
                    proposal.code,
                    _cell(proposal.title),
                    _cell(proposal.district.name if proposal.district else ""),
                    proposal.cost,
                    result.votes_online,
                    result.votes_paper,
                    result.votes,
                    int(result.selected),
                ]
            )
    return out.getvalue()
