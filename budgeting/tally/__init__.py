"""Participatory-budgeting tallies (greedy, method of equal shares, MES + add1), equal to pabutools 1.2.3.

Pure Python and numpy; no Django models.
"""

from .election import VOTE_TYPES, Ballot, Election, Number, VoteType, exact_number
from .engine import RULES, Rule, tally

__all__ = ["RULES", "VOTE_TYPES", "Ballot", "Election", "Number", "Rule", "VoteType", "exact_number", "tally"]
