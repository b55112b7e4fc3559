"""Writes for budget rounds, proposals, feasibility and ballots. Keyword-only, typed and atomic.

Permission is checked by the caller through `budgeting.rules.can`; these services enforce the
invariants that must hold whoever calls them: what is locked once voting has opened, what a valid
ballot is, one ballot per voter, and the secrecy of the vote (see `models/voting.py`).

"Voting has opened" means a voting phase of the project has started (`BudgetRound.voting_has_opened`)
or a ballot exists: the second half keeps the lock on even if someone moves the voting phase later.

`rounds.py` (rounds and sub-budgets), `proposals.py` (proposals and feasibility) and `ballots.py`
(voters, drafts, ballots and the end of the person ↔ ballot links); every public name is here.
"""

from .ballots import ballot_submit, ballot_validate, draft_save, round_close_links, voter_for
from .common import FROZEN_PROPOSAL_FIELDS, LOCKED_ROUND_FIELDS, kroner, voting_started
from .proposals import (
    feasibility_assess,
    proposal_create,
    proposal_delete,
    proposal_from_ideas,
    proposal_update,
)
from .rounds import round_create, round_delete, round_save, round_update, sub_budget_delete, sub_budget_set

__all__ = [
    "FROZEN_PROPOSAL_FIELDS",
    "LOCKED_ROUND_FIELDS",
    "ballot_submit",
    "ballot_validate",
    "draft_save",
    "feasibility_assess",
    "kroner",
    "proposal_create",
    "proposal_delete",
    "proposal_from_ideas",
    "proposal_update",
    "round_close_links",
    "round_create",
    "round_delete",
    "round_save",
    "round_update",
    "sub_budget_delete",
    "sub_budget_set",
    "voter_for",
    "voting_started",
]
