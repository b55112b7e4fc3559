"""Budget rounds, proposals, ballots and tallies arrive with the participatory-budgeting issue."""
