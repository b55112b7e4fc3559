"""Census-list eligibility: the salted hash of the identity number the person types is on the list staff
uploaded for the round (`services.census_list_import`)."""

from __future__ import annotations

import dataclasses

from ..models import BudgetRound, CensusEntry, Eligibility
from .identity import normalize_identity_number, round_identity_hash
from .rules import Code, Decision, Moment, Person, decide, refused


class CensusProvider:
    method = Eligibility.CENSUS
    template_name = "budgeting/eligibility_census.html"

    def check(self, round: BudgetRound, *, number: str = "", identity_hash: str = "", at: Moment = None) -> Decision:
        """Eligible when the number (or its hash) is on the round's list, the person has reached the minimum age
        by the day, and their district (from the list, or to choose) has a sub-budget when the round has them."""
        if not identity_hash:
            identity_hash = round_identity_hash(round, normalize_identity_number(number))
        entry = CensusEntry.objects.filter(round=round, census_hash=identity_hash).select_related("district").first()
        if entry is None:
            return refused(Code.NOT_LISTED, round, identity_hash=identity_hash)
        person = Person(
            of_age_from=entry.eligible_from,
            age_confirmed=True,
            lives_in_municipality=True,
            districts=(entry.district,) if entry.district is not None else (),
        )
        return dataclasses.replace(decide(round, person, at=at), identity_hash=identity_hash)
