"""Reads for budget rounds, proposals, ballots and tallies. Query shape is decided here and nowhere else.

A project exists as a Danish and an English page sharing a `translation_key`; its round is found
from either page, so both languages show the same round, proposals and results.

Nothing here returns ballots together with people: the voters' side is offered as counts only.

`proposals.py` (rounds, proposals, the ideas they grow from), `voting.py` (a voter's own ballot and
counts), `results.py` (ballot boxes, results, turnout), `admin.py` (Wagtail admin lists, census and
paper), `common.py` (helpers); their public names are here.

What happens after the vote is read from its own modules, imported by name (`from budgeting.selectors import
committees`): `committees.py` (workspaces, decisions, audit trail), `implementation.py` (funded proposals and
"Hvad skete der?"), `follows.py`, `reach.py` (the reach report, with small-cell suppression) and `you_said.py`
(a project's "you said, we did" figures).
"""

from .admin import (
    admin_census_lists,
    admin_paper_batches,
    admin_proposals,
    admin_rounds,
    admin_sub_budgets,
    admin_tallies,
    census_rounds,
    next_paper_sequence,
    paper_entries,
)
from .common import administrations
from .proposals import (
    PROPOSAL_SORTS,
    administration_in,
    ballot_proposals,
    proposal_for_page,
    proposal_map_data,
    proposing_ideas,
    public_proposals,
    round_districts,
    round_for_project,
    round_ideas,
    round_proposals,
    sub_budget_for,
    sub_budgets,
)
from .results import (
    BallotBox,
    BallotBoxError,
    CastBallot,
    DistrictTurnout,
    ResultGroup,
    ResultTurnout,
    ballot_boxes,
    result_groups,
    result_turnout,
    tally_results,
)
from .voting import Turnout, ballot_by_receipt, ballot_of, receipt_code_of, turnout, voter_of

__all__ = [
    "BallotBox",
    "BallotBoxError",
    "CastBallot",
    "DistrictTurnout",
    "PROPOSAL_SORTS",
    "ResultGroup",
    "ResultTurnout",
    "Turnout",
    "admin_census_lists",
    "admin_paper_batches",
    "admin_proposals",
    "admin_rounds",
    "admin_sub_budgets",
    "admin_tallies",
    "administration_in",
    "administrations",
    "ballot_boxes",
    "ballot_by_receipt",
    "ballot_of",
    "ballot_proposals",
    "census_rounds",
    "next_paper_sequence",
    "paper_entries",
    "proposal_for_page",
    "proposal_map_data",
    "proposing_ideas",
    "public_proposals",
    "receipt_code_of",
    "result_groups",
    "result_turnout",
    "round_districts",
    "round_for_project",
    "round_ideas",
    "round_proposals",
    "sub_budget_for",
    "sub_budgets",
    "tally_results",
    "turnout",
    "voter_of",
]
