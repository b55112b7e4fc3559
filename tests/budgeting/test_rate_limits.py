"""Rate limits on the citizens' budget pages: a signed-in person is limited by their account, and an IP address only
by a far higher ceiling, since a library or a voting station puts many people behind one address; anonymous
requests (the receipt check) are limited by their address."""

import pytest
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import translation

from budgeting import services
from budgeting.models import Ballot, BudgetRound, Eligibility

pytestmark = pytest.mark.django_db

LIBRARY, HOME = "10.20.30.40", "10.99.0.7"


def url(name: str, budget_round) -> str:
    with translation.override("en"):
        return reverse(f"budgeting:{name}", kwargs={"round_id": budget_round.pk})


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate-limit counters live in the cache; each test starts from zero."""
    cache.clear()


@pytest.fixture
def people(citizen, other_citizen, django_user_model) -> list:
    return [citizen, other_citizen, django_user_model.objects.create_user(email="tredje@example.dk", password="pw")]


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def submit(client: Client, budget_round: BudgetRound, user, *, ip: str) -> int:
    """Choose a proposal and press "Submit my vote" from this address: the status of the answer (302 when cast)."""
    voter = services.voter_for(round=budget_round, user=user)
    services.draft_save(voter=voter, selections={budget_round.proposals.order_by("cost").first().pk: 1})
    return client.post(url("review", budget_round), REMOTE_ADDR=ip).status_code


def census_check(client: Client, budget_round: BudgetRound, *, ip: str) -> int:
    """Type a number that is not on the census list (400), from this address."""
    data = {"action": "check", "number": "9998887776"}
    return client.post(url("eligibility", budget_round), data, REMOTE_ADDR=ip).status_code


def receipt_check(client: Client, budget_round: BudgetRound, *, ip: str) -> int:
    return client.post(url("receipt_check", budget_round), {"code": "K7QFMX3PA9"}, REMOTE_ADDR=ip).status_code


class TestBallot:
    @pytest.fixture(autouse=True)
    def _two_a_minute(self, settings):
        settings.PARTICIPATION_RATE_LIMITS = {"ballot": "2/m"}

    def test_two_people_at_one_address_each_have_their_own_allowance(self, open_round, people):
        first, second, _third = people
        at_library = [signed_in(first), signed_in(second)]
        assert [submit(at_library[0], open_round, first, ip=LIBRARY) for _ in range(2)] == [302, 302]
        assert [submit(at_library[1], open_round, second, ip=LIBRARY) for _ in range(2)] == [302, 302]
        assert submit(at_library[0], open_round, first, ip=LIBRARY) == 429
        assert Ballot.objects.count() == 2

    def test_one_person_changing_address_is_still_limited(self, open_round, citizen):
        client = signed_in(citizen)
        assert [submit(client, open_round, citizen, ip=LIBRARY) for _ in range(2)] == [302, 302]
        assert submit(client, open_round, citizen, ip=HOME) == 429

    @override_settings(PARTICIPATION_RATE_LIMITS_PER_IP={"ballot": "3/m"})
    def test_the_ceiling_per_address_still_bites(self, open_round, people):
        """Three votes from the library fill its ceiling: a third person, with their own allowance untouched, is
        slowed down there, and can vote from home."""
        first, second, third = people
        assert [submit(signed_in(first), open_round, first, ip=LIBRARY) for _ in range(2)] == [302, 302]
        assert submit(signed_in(second), open_round, second, ip=LIBRARY) == 302
        latecomer = signed_in(third)
        assert submit(latecomer, open_round, third, ip=LIBRARY) == 429
        assert submit(latecomer, open_round, third, ip=HOME) == 302


class TestCensusCheck:
    @pytest.fixture(autouse=True)
    def _two_a_minute(self, settings):
        settings.PARTICIPATION_RATE_LIMITS = {"census_check": "2/m"}

    @pytest.fixture
    def census_round(self, open_round):
        BudgetRound.objects.filter(pk=open_round.pk).update(eligibility=Eligibility.CENSUS)
        return open_round

    def test_two_people_at_one_address_each_have_their_own_tries(self, census_round, people):
        first, second, _third = people
        one, other = signed_in(first), signed_in(second)
        assert [census_check(one, census_round, ip=LIBRARY) for _ in range(3)] == [400, 400, 429]
        assert [census_check(other, census_round, ip=LIBRARY) for _ in range(3)] == [400, 400, 429]

    def test_one_person_changing_address_is_still_limited(self, census_round, citizen):
        client = signed_in(citizen)
        assert [census_check(client, census_round, ip=ip) for ip in (LIBRARY, HOME, "10.0.0.3")] == [400, 400, 429]

    @override_settings(PARTICIPATION_RATE_LIMITS_PER_IP={"census_check": "3/m"})
    def test_the_ceiling_per_address_still_bites(self, census_round, people):
        first, second, third = people
        assert [census_check(signed_in(first), census_round, ip=LIBRARY) for _ in range(2)] == [400, 400]
        assert census_check(signed_in(second), census_round, ip=LIBRARY) == 400
        assert census_check(signed_in(third), census_round, ip=LIBRARY) == 429
        assert census_check(signed_in(third), census_round, ip=HOME) == 400


class TestReceiptCheck:
    @pytest.fixture(autouse=True)
    def _two_a_minute(self, settings):
        settings.PARTICIPATION_RATE_LIMITS = {"receipt_check": "2/m"}

    def test_anonymous_checks_share_their_address_and_signed_in_ones_do_not(self, open_round, citizen):
        """Anyone may check a code: without an account, the address is all there is to count."""
        anonymous = Client()
        assert [receipt_check(anonymous, open_round, ip=LIBRARY) for _ in range(3)] == [200, 200, 429]
        assert receipt_check(Client(), open_round, ip=LIBRARY) == 429
        assert receipt_check(Client(), open_round, ip=HOME) == 200
        assert receipt_check(signed_in(citizen), open_round, ip=LIBRARY) == 200
