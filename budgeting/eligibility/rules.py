"""The rules every way of checking eligibility shares: minimum age on the day, residence in the municipality,
and the district whose sub-budget the person votes in.

A provider says what it knows of a person as a `Person`; `decide` answers with a `Decision`. Reasons are
rebuilt from their code and the round (`reason`), so a decision can wait in the session as a code.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext as _

from maps.models import District
from participation.models import local_date

from .. import selectors
from ..models import BudgetRound

Moment = datetime.datetime | datetime.date | None


class Code(StrEnum):
    ELIGIBLE = "eligible"
    CHOOSE_DISTRICT = "choose_district"  # eligible; the person says which of several districts they live in
    AGE = "age"
    BIRTHDATE_UNKNOWN = "birthdate_unknown"
    RESIDENCE = "residence"
    DISTRICT = "district"
    NOT_LISTED = "not_listed"
    IDENTITY_USED = "identity_used"
    OTHER_IDENTITY = "other_identity"


ELIGIBLE_CODES = (Code.ELIGIBLE, Code.CHOOSE_DISTRICT)


@dataclass(frozen=True)
class Person:
    """What a provider knows of a person.

    Age: a birth date, or the day they reach the round's minimum age (census lists), or their word that they
    are old enough (`age_confirmed`). Residence: whether they live in the municipality. District: the one they
    live in, or the districts they may live in (a postcode that spans several); empty when unknown.
    """

    birthdate: datetime.date | None = None
    of_age_from: datetime.date | None = None
    age_confirmed: bool = False
    lives_in_municipality: bool = False
    districts: tuple[District, ...] = ()


@dataclass(frozen=True)
class Decision:
    """Eligible or not, and why; the district whose sub-budget the person votes in, or the districts they choose
    from. `identity_hash` is the salted hash of the identity the provider saw (empty for self-declared)."""

    code: Code
    message: str = ""
    district: District | None = None
    choices: tuple[District, ...] = ()
    identity_hash: str = ""

    @property
    def eligible(self) -> bool:
        return self.code in ELIGIBLE_CODES

    @property
    def needs_district(self) -> bool:
        return self.code == Code.CHOOSE_DISTRICT


def age_on(birthdate: datetime.date, day: datetime.date) -> int:
    """Whole years of age on the day. Someone born on 29 February is a year older on 1 March in other years."""
    return day.year - birthdate.year - ((day.month, day.day) < (birthdate.month, birthdate.day))


def _names(districts: Sequence[District]) -> str:
    names = [district.name for district in districts]
    if len(names) < 2:
        return "".join(names)
    return _("%(first)s or %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}


def reason(code: Code | str, round: BudgetRound) -> str:
    """Why a person may not vote in the round, in words they can act on; "" for an eligible code."""
    code = Code(code)
    if code == Code.AGE:
        return _("You must be at least %(age)s years old to vote.") % {"age": round.minimum_age}
    if code == Code.BIRTHDATE_UNKNOWN:
        return _("We did not get your date of birth, so we cannot see that you are old enough to vote.")
    if code == Code.RESIDENCE:
        return _("You must live in Copenhagen Municipality to vote.")
    if code == Code.DISTRICT:
        districts = [sub_budget.district for sub_budget in selectors.sub_budgets(round=round)]
        return _("You must live in %(districts)s to vote in this district budget.") % {"districts": _names(districts)}
    if code == Code.NOT_LISTED:
        return _(
            "The number is not on the list of people who may vote in this round. Check that you typed it correctly."
        )
    if code == Code.IDENTITY_USED:
        return _(
            "Someone has already taken part in this vote with this identity, online or on paper. Each person can "
            "vote once. If it was not you, contact the municipality."
        )
    if code == Code.OTHER_IDENTITY:
        return _("You have already shown with another identity that you may vote in this round.")
    return ""


def refused(code: Code, round: BudgetRound, **kwargs) -> Decision:
    return Decision(code=code, message=reason(code, round), **kwargs)


def _old_enough(round: BudgetRound, person: Person, day: datetime.date) -> Code | None:
    """None when the person is old enough on the day; else why not."""
    if person.birthdate is not None:
        return None if age_on(person.birthdate, day) >= round.minimum_age else Code.AGE
    if person.of_age_from is not None:
        return None if day >= person.of_age_from else Code.AGE
    return None if person.age_confirmed else Code.BIRTHDATE_UNKNOWN


def place(round: BudgetRound, districts: Sequence[District]) -> Decision:
    """Where the person votes, given the districts they may live in (one when known, none when unknown).

    With sub-budgets a person votes in their own district's and is refused when it has none. A person who
    may live in several districts (or in one we do not know) chooses; a choice among districts that all lack
    a sub-budget is no choice, so it is refused at once.
    """
    budget_districts = [sub_budget.district for sub_budget in selectors.sub_budgets(round=round)]
    budget_ids = {district.pk for district in budget_districts}
    districts = tuple(districts)
    if len(districts) == 1:
        district = districts[0]
        if budget_ids and district.pk not in budget_ids:
            return refused(Code.DISTRICT, round)
        return Decision(code=Code.ELIGIBLE, district=district)
    if budget_ids:
        if districts and not any(district.pk in budget_ids for district in districts):
            return refused(Code.DISTRICT, round)
        return Decision(code=Code.CHOOSE_DISTRICT, choices=districts or tuple(budget_districts))
    return Decision(code=Code.CHOOSE_DISTRICT, choices=districts or tuple(District.objects.order_by("code")))


def decide(round: BudgetRound, person: Person, *, at: Moment = None) -> Decision:
    """May this person vote in the round on the day of `at` (today by default), and where?"""
    if code := _old_enough(round, person, local_date(at)):
        return refused(code, round)
    if not person.lives_in_municipality:
        return refused(Code.RESIDENCE, round)
    return place(round, person.districts)
