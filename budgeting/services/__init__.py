"""Writes for budget rounds, proposals, feasibility and ballots. Keyword-only, typed and atomic.

Permission is checked by the caller through `budgeting.rules.can`; these services enforce the
invariants that must hold whoever calls them: what is locked once voting has opened, what a valid
ballot is, one ballot per voter, and the secrecy of the vote (see `models/voting.py`).

"Voting has opened" means a voting phase of the project has started (`BudgetRound.voting_has_opened`)
or a ballot exists: the second half keeps the lock on even if someone moves the voting phase later.

`rounds.py` (rounds and sub-budgets), `proposals.py` (proposals and feasibility), `ballots.py`
(voters, drafts, ballots and the end of the person ↔ ballot links) and `tally.py` (counting a round once
voting has closed), `imports.py` (a pabulib election as a counted round); their public names are here.

What happens after the vote is written by its own modules, imported by name: `committees.py` (memberships,
decisions, conflicts of interest, each step audited), `implementation.py` (status and dated updates),
`announce.py` (telling followers, in a task), `follows.py` (following a proposal) and `survey.py` (the anonymous
end-of-vote question).
"""

from .ballots import ballot_submit, ballot_validate, draft_save, round_close_links, voter_for
from .census import CensusImport, census_list_import
from .common import FROZEN_PROPOSAL_FIELDS, LOCKED_ROUND_FIELDS, kroner, voting_started
from .eligibility import voter_verify
from .imports import ImportRefused, round_import
from .paper import paper_batch_create, paper_entry_key, paper_links_drop, paper_refusal
from .proposals import (
    feasibility_assess,
    proposal_create,
    proposal_delete,
    proposal_from_ideas,
    proposal_update,
)
from .rounds import round_create, round_delete, round_save, round_update, sub_budget_delete, sub_budget_set
from .tally import TALLY_RULES, box_election, round_tally, round_tally_refusal

__all__ = [
    "CensusImport",
    "FROZEN_PROPOSAL_FIELDS",
    "ImportRefused",
    "LOCKED_ROUND_FIELDS",
    "TALLY_RULES",
    "ballot_submit",
    "ballot_validate",
    "box_election",
    "census_list_import",
    "draft_save",
    "feasibility_assess",
    "kroner",
    "paper_batch_create",
    "paper_entry_key",
    "paper_links_drop",
    "paper_refusal",
    "proposal_create",
    "proposal_delete",
    "proposal_from_ideas",
    "proposal_update",
    "round_close_links",
    "round_create",
    "round_delete",
    "round_import",
    "round_save",
    "round_tally",
    "round_tally_refusal",
    "round_update",
    "sub_budget_delete",
    "sub_budget_set",
    "voter_for",
    "voter_verify",
    "voting_started",
]
