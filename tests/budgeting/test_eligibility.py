"""The eligibility rules every provider shares (age on the day, residence, district), the postcode table, the
identity hashes, and the self-declared provider. The MitID flow is in test_oidc.py, census lists in test_census.py."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import translation

from budgeting import services
from budgeting.eligibility import (
    PROVIDERS,
    CensusProvider,
    Code,
    Decision,
    OidcProvider,
    Person,
    SelfDeclaredProvider,
    age_on,
    decide,
    provider_for,
)
from budgeting.eligibility.identity import identity_hash, normalize_identity_number, round_identity_hash
from budgeting.eligibility.oidc import parse_birthdate, person_from_claims
from budgeting.eligibility.postcodes import district_numbers
from budgeting.models import BudgetRound, CensusList, Voter
from maps.models import District
from tests.budgeting.conftest import days

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """These tests read the services' messages in English, the source language (tests of the Danish
    wording switch to Danish themselves)."""
    with translation.override("en"):
        yield


TODAY = datetime.date(2027, 3, 10)


def born(years_ago: int, *, days_later: int = 0) -> datetime.date:
    """A birth date `years_ago` years before TODAY, moved `days_later` days later (younger)."""
    return TODAY.replace(year=TODAY.year - years_ago) + datetime.timedelta(days=days_later)


@pytest.fixture
def district_round(open_round, norrebro, bispebjerg):
    """The open round with a sub-budget each for Nørrebro and Bispebjerg."""
    for district in (norrebro, bispebjerg):
        services.sub_budget_set(round=open_round, district=district, amount=1_000_000, at=days(-10))
    return open_round


def resident(**kwargs) -> Person:
    return Person(lives_in_municipality=True, **kwargs)


class TestAge:
    @pytest.mark.parametrize(
        ("birthdate", "eligible"),
        [
            (born(15), True),  # 15 today
            (born(15, days_later=1), False),  # 15 tomorrow
            (born(14), False),
            (born(18), True),
            (born(90), True),
        ],
    )
    def test_the_minimum_age_is_measured_on_the_day(self, open_round, norrebro, birthdate, eligible):
        """A person may vote from their 15th birthday, not the day before."""
        decision = decide(open_round, resident(birthdate=birthdate, districts=(norrebro,)), at=TODAY)
        assert decision.eligible is eligible
        if not eligible:
            assert decision.code == Code.AGE
            assert decision.message == "You must be at least 15 years old to vote."

    def test_the_rounds_minimum_age_counts(self, open_round, norrebro):
        """A round with minimum age 18 refuses a 17-year-old and says 18."""
        BudgetRound.objects.filter(pk=open_round.pk).update(minimum_age=18)
        open_round.refresh_from_db()
        decision = decide(open_round, resident(birthdate=born(17), districts=(norrebro,)), at=TODAY)
        assert (decision.code, decision.message) == (Code.AGE, "You must be at least 18 years old to vote.")

    def test_leap_day_birthdays(self):
        """Someone born on 29 February is a year older on 1 March in other years."""
        leapling = datetime.date(2012, 2, 29)
        assert age_on(leapling, datetime.date(2027, 2, 28)) == 14
        assert age_on(leapling, datetime.date(2027, 3, 1)) == 15

    def test_without_a_birth_date_the_age_cannot_be_checked(self, open_round, norrebro):
        decision = decide(open_round, resident(districts=(norrebro,)), at=TODAY)
        assert decision.code == Code.BIRTHDATE_UNKNOWN and not decision.eligible

    def test_a_day_of_coming_of_age_counts_like_a_birth_date(self, open_round, norrebro):
        """A census entry says from which day the person is old enough."""
        person = resident(of_age_from=TODAY, age_confirmed=True, districts=(norrebro,))
        assert decide(open_round, person, at=TODAY).eligible
        assert decide(open_round, person, at=TODAY - datetime.timedelta(days=1)).code == Code.AGE


class TestResidenceAndDistrict:
    def test_someone_outside_the_municipality_is_refused(self, open_round):
        decision = decide(open_round, Person(birthdate=born(30)), at=TODAY)
        assert decision.code == Code.RESIDENCE
        assert decision.message == "You must live in Copenhagen Municipality to vote."

    @pytest.mark.parametrize(
        ("district_codes", "code", "voting_in"),
        [
            ((3,), Code.ELIGIBLE, 3),  # Nørrebro has a sub-budget
            ((8,), Code.ELIGIBLE, 8),
            ((1,), Code.DISTRICT, None),  # Indre By has none
            ((9, 10), Code.DISTRICT, None),  # neither Amager district has one
            ((3, 8), Code.CHOOSE_DISTRICT, None),
            ((), Code.CHOOSE_DISTRICT, None),  # unknown: choose among the sub-budgets' districts
        ],
    )
    def test_with_sub_budgets_the_person_votes_in_their_districts(
        self, district_round, district_codes, code, voting_in
    ):
        districts = tuple(District.objects.filter(code__in=district_codes).order_by("code"))
        decision = decide(district_round, resident(birthdate=born(30), districts=districts), at=TODAY)
        assert decision.code == code
        assert (decision.district.code if decision.district else None) == voting_in
        if code == Code.DISTRICT:
            assert decision.message == "You must live in Nørrebro or Bispebjerg to vote in this district budget."
        if code == Code.CHOOSE_DISTRICT:
            expected = district_codes or (3, 8)
            assert sorted(district.code for district in decision.choices) == sorted(expected)

    def test_one_sub_budget_names_its_district(self, open_round, norrebro):
        services.sub_budget_set(round=open_round, district=norrebro, amount=1_000_000, at=days(-10))
        indre_by = District.objects.get(code=1)
        decision = decide(open_round, resident(birthdate=born(30), districts=(indre_by,)), at=TODAY)
        assert decision.message == "You must live in Nørrebro to vote in this district budget."

    def test_without_sub_budgets_a_person_of_unknown_district_chooses_among_all(self, open_round):
        decision = decide(open_round, resident(birthdate=born(30)), at=TODAY)
        assert decision.code == Code.CHOOSE_DISTRICT and len(decision.choices) == 10


class TestPostcodes:
    @pytest.mark.parametrize(
        ("postcode", "districts"),
        [
            ("2200", (3,)),
            ("2400", (8,)),
            ("2300", (9, 10)),
            ("2450", (4, 5)),
            ("1050", (1,)),
            ("1620", (1, 4)),
            ("2100", (2,)),
            ("2150", (2,)),
            ("2500", (5,)),
            ("2700", (7,)),
            ("2720", (6,)),
            ("2000", None),  # Frederiksberg is its own municipality
            ("1850", None),  # Frederiksberg C
            ("1999", None),
            ("2800", None),  # Kongens Lyngby
            ("2770", None),  # Kastrup (Tårnby)
            ("", None),
            ("abc", None),
        ],
    )
    def test_the_table_of_copenhagen_postcodes(self, postcode, districts):
        assert district_numbers(postcode) == districts

    @pytest.mark.parametrize(
        ("claims", "lives_here", "district_codes"),
        [
            ({"postal_code": "2200"}, True, (3,)),
            ({"postal_code": "2000"}, False, ()),
            ({"postal_code": "2300"}, True, (9, 10)),
            ({"municipality_code": "0101", "postal_code": "2000"}, True, ()),  # the municipality code decides
            ({"municipality_code": "147", "postal_code": "2200"}, False, ()),  # Frederiksberg Municipality
            ({"municipality_code": 101}, True, ()),
            ({}, False, ()),
        ],
    )
    def test_claims_give_residence_and_districts(self, areas, claims, lives_here, district_codes):
        person = person_from_claims({"birthdate": "1990-01-01", **claims})
        assert person.lives_in_municipality is lives_here
        assert tuple(district.code for district in person.districts) == district_codes

    @override_settings(
        BUDGETING_OIDC_CLAIMS={"birthdate": "dob", "postal_code": "address.postal_code", "municipality": ""}
    )
    def test_claim_names_come_from_settings(self, areas):
        """Claim names are settings; "a.b" reads a nested claim such as OpenID Connect's address."""
        person = person_from_claims({"dob": "2000-05-01", "address": {"postal_code": "2400"}})
        assert person.birthdate == datetime.date(2000, 5, 1)
        assert [district.code for district in person.districts] == [8]

    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            ("2008-05-01", datetime.date(2008, 5, 1)),
            ("2008", datetime.date(2008, 12, 31)),  # only the year: taken as young as possible
            ("0000-05-01", None),
            ("1. maj 2008", None),
            (None, None),
            (20080501, None),
        ],
    )
    def test_birthdate_claims(self, value, expected):
        assert parse_birthdate(value) == expected


class TestIdentityHashes:
    def test_numbers_are_normalized_before_hashing(self):
        assert normalize_identity_number(" 010203-1234 ") == "0102031234"
        assert normalize_identity_number("ab 12.34/5") == "AB12345"

    def test_the_same_number_hashes_differently_per_round_and_per_pepper(self, open_round, budget_round):
        """Each round has its own random salt; the pepper is a secret outside the database."""
        first = round_identity_hash(open_round, "0102031234")
        assert first == round_identity_hash(open_round, "0102031234")
        assert first != round_identity_hash(budget_round, "0102031234")
        assert len(first) == 64 and "0102031234" not in first
        assert CensusList.objects.get(round=open_round).salt not in first
        salt = CensusList.objects.get(round=open_round).salt
        with override_settings(BUDGETING_CENSUS_PEPPER="another secret"):
            assert identity_hash(salt=salt, number="0102031234") != first


class TestProviders:
    def test_each_method_has_a_provider(self, open_round):
        assert set(PROVIDERS) == {"self_declared", "oidc", "census"}
        assert isinstance(provider_for(open_round), SelfDeclaredProvider)
        open_round.eligibility = "oidc"
        assert isinstance(provider_for(open_round), OidcProvider)
        open_round.eligibility = "census"
        assert isinstance(provider_for(open_round), CensusProvider)

    def test_self_declared_goes_through_the_same_rules(self, district_round, norrebro):
        """The person's word stands for age and residence; the district must have a sub-budget."""
        provider = SelfDeclaredProvider()
        decision = provider.check(district_round, district=norrebro, confirmed=True)
        assert decision.code == Code.ELIGIBLE and decision.district == norrebro and decision.identity_hash == ""
        indre_by = District.objects.get(code=1)
        assert provider.check(district_round, district=indre_by, confirmed=True).code == Code.DISTRICT
        assert provider.check(district_round, district=norrebro, confirmed=False).code == Code.BIRTHDATE_UNKNOWN


class TestVoterVerify:
    def decision(self, district=None, identity="a" * 64) -> Decision:
        return Decision(code=Code.ELIGIBLE, district=district, identity_hash=identity)

    def test_an_eligible_person_gets_a_voter_row_with_district_and_identity(self, open_round, citizen, norrebro):
        voter = services.voter_verify(round=open_round, user=citizen, decision=self.decision(norrebro))
        assert (voter.user, voter.district, voter.census_hash, voter.voted) == (citizen, norrebro, "a" * 64, False)
        again = services.voter_verify(round=open_round, user=citizen, decision=self.decision())
        assert again.pk == voter.pk and again.district == norrebro

    def test_one_identity_takes_part_once(self, open_round, citizen, other_citizen):
        """The identity of one person cannot make two accounts voters, nor can one account show two identities."""
        services.voter_verify(round=open_round, user=citizen, decision=self.decision())
        with pytest.raises(ValidationError) as refused:
            services.voter_verify(round=open_round, user=other_citizen, decision=self.decision())
        assert refused.value.code == Code.IDENTITY_USED
        assert "Someone has already taken part in this vote with this identity" in refused.value.messages[0]
        with pytest.raises(ValidationError) as refused:
            services.voter_verify(round=open_round, user=citizen, decision=self.decision(identity="b" * 64))
        assert refused.value.code == Code.OTHER_IDENTITY
        assert Voter.objects.filter(round=open_round).count() == 1

    def test_a_refusal_is_never_recorded(self, open_round, citizen):
        with pytest.raises(ValueError):
            services.voter_verify(round=open_round, user=citizen, decision=Decision(code=Code.AGE))
