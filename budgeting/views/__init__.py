from .ballot import ballot, review
from .eligibility import eligibility
from .proposals import proposal_detail, proposal_list
from .receipts import receipt, receipt_check
from .results import ballot_file, proposals_csv, results

__all__ = [
    "ballot",
    "ballot_file",
    "eligibility",
    "proposal_detail",
    "proposal_list",
    "proposals_csv",
    "receipt",
    "receipt_check",
    "results",
    "review",
]
