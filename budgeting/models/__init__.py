"""The budgeting app's models, re-exported so that `from budgeting.models import Ballot` works."""

from .eligibility import CensusEntry, CensusList
from .paper import PaperBatch, PaperEntry, PaperEntryStatus
from .proposals import Feasibility, Proposal, ProposalQuerySet
from .rounds import BallotType, BudgetRound, Eligibility, SubBudget, WinnerRule
from .tallies import Tally, TallyResult
from .voting import (
    RECEIPT_ALPHABET,
    RECEIPT_LENGTH,
    Ballot,
    BallotChoice,
    Channel,
    Voter,
    format_receipt_code,
    new_receipt_code,
    normalize_receipt_code,
)

__all__ = [
    "RECEIPT_ALPHABET",
    "RECEIPT_LENGTH",
    "Ballot",
    "BallotChoice",
    "BallotType",
    "BudgetRound",
    "CensusEntry",
    "CensusList",
    "Channel",
    "Eligibility",
    "Feasibility",
    "PaperBatch",
    "PaperEntry",
    "PaperEntryStatus",
    "Proposal",
    "ProposalQuerySet",
    "SubBudget",
    "Tally",
    "TallyResult",
    "Voter",
    "WinnerRule",
    "format_receipt_code",
    "new_receipt_code",
    "normalize_receipt_code",
]
