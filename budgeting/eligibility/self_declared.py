"""Self-declared eligibility (demo and low-stakes rounds): the person's word for their age and residence, and
the district they choose."""

from __future__ import annotations

from maps.models import District

from ..models import BudgetRound, Eligibility
from .rules import Decision, Moment, Person, decide


class SelfDeclaredProvider:
    method = Eligibility.SELF_DECLARED
    template_name = "budgeting/eligibility_self_declared.html"

    def check(self, round: BudgetRound, *, district: District | None, confirmed: bool, at: Moment = None) -> Decision:
        """Eligible when the person confirms that they are old enough and live in the municipality, and chose a
        district that has a sub-budget (when the round has sub-budgets)."""
        person = Person(
            age_confirmed=confirmed,
            lives_in_municipality=confirmed,
            districts=(district,) if district is not None else (),
        )
        return decide(round, person, at=at)
