from .ballot import ballot, eligibility, review
from .receipts import receipt, receipt_check

__all__ = ["ballot", "eligibility", "receipt", "receipt_check", "review"]
