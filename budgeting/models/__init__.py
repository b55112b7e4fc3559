"""The budgeting app's models, re-exported so that `from budgeting.models import Ballot` works."""

from .committees import (
    AuditAction,
    CommitteeAuditEntry,
    CommitteeDecision,
    CommitteeMembership,
    CommitteeRole,
    ConflictOfInterest,
    DecisionKind,
)
from .eligibility import CensusEntry, CensusList
from .implementation import Implementation, ImplementationStatus, ImplementationUpdate, ProposalFollow
from .paper import PaperBatch, PaperEntry, PaperEntryStatus
from .proposals import Feasibility, Proposal, ProposalQuerySet
from .rounds import BallotType, BudgetRound, Eligibility, SubBudget, WinnerRule
from .survey import AgeBand, FirstTime, SurveyAnswer
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
    "AgeBand",
    "AuditAction",
    "Ballot",
    "BallotChoice",
    "BallotType",
    "BudgetRound",
    "CensusEntry",
    "CensusList",
    "Channel",
    "CommitteeAuditEntry",
    "CommitteeDecision",
    "CommitteeMembership",
    "CommitteeRole",
    "ConflictOfInterest",
    "DecisionKind",
    "Eligibility",
    "Feasibility",
    "FirstTime",
    "Implementation",
    "ImplementationStatus",
    "ImplementationUpdate",
    "PaperBatch",
    "PaperEntry",
    "PaperEntryStatus",
    "Proposal",
    "ProposalFollow",
    "ProposalQuerySet",
    "SubBudget",
    "SurveyAnswer",
    "Tally",
    "TallyResult",
    "Voter",
    "WinnerRule",
    "format_receipt_code",
    "new_receipt_code",
    "normalize_receipt_code",
]
