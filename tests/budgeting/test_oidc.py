"""Eligibility shown with MitID: the eligibility page sends the person through django-allauth's OpenID Connect
login to a fake broker inside the test suite (tests/budgeting/fake_oidc.py, no network) and back.

Texts are checked on the English pages, whose strings are the source strings.
"""

import datetime
import io
import json

import pytest
from allauth.socialaccount.models import SocialAccount, SocialToken
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation

from accounts.adapter import SocialAccountAdapter
from budgeting import services
from budgeting.eligibility.identity import round_identity_hash
from budgeting.models import BudgetRound, Voter
from maps.models import District
from tests.budgeting import fake_oidc
from tests.budgeting.conftest import days

pytestmark = pytest.mark.django_db

MITID_APP = {
    "provider_id": "mitid",
    "name": "MitID",
    "client_id": fake_oidc.CLIENT_ID,
    "secret": fake_oidc.CLIENT_SECRET,
    "settings": {"server_url": fake_oidc.ISSUER, "scope": ["openid", "mitid", "address"]},
}


def url(name: str, budget_round, language: str = "en") -> str:
    with translation.override(language):
        return reverse(f"budgeting:{name}", kwargs={"round_id": budget_round.pk})


def birthdate(years: int, *, days_younger: int = 37) -> str:
    """The birth date of someone who turned `years` `days_younger` days ago, as OpenID Connect writes it."""
    today = timezone.localdate()
    return (today.replace(year=today.year - years) - datetime.timedelta(days=days_younger)).isoformat()


@pytest.fixture
def broker(settings, monkeypatch):
    """A MitID app configured against the fake broker, and allauth's HTTP client routed to it in-process."""
    settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"OAUTH_PKCE_ENABLED": True, "APPS": [MITID_APP]}}
    fake = fake_oidc.FakeBroker()
    fake_oidc.install(fake)
    monkeypatch.setattr(SocialAccountAdapter, "get_requests_session", lambda self: fake_oidc.requests_session())
    return fake


@pytest.fixture
def mitid_round(open_round):
    BudgetRound.objects.filter(pk=open_round.pk).update(eligibility="oidc")
    open_round.refresh_from_db()
    return open_round


@pytest.fixture
def district_round(mitid_round, norrebro, bispebjerg):
    """The MitID round with a sub-budget each for Nørrebro and Bispebjerg."""
    for district in (norrebro, bispebjerg):
        services.sub_budget_set(round=mitid_round, district=district, amount=1_000_000, at=days(-10))
    return mitid_round


@pytest.fixture
def signed_in(client, citizen):
    client.force_login(citizen)
    return client


def verify(client, budget_round, broker, *, sub="mitid-sub-amira", **claims):
    """Press "Verify with MitID", log in at the broker as the person with these claims, and come back: the response
    to the broker's redirect (allauth's callback)."""
    response = client.post(url("eligibility", budget_round), {"action": "verify"})
    assert response.status_code == 302, response.content
    location = response["Location"]
    assert location.startswith(f"{fake_oidc.ISSUER}/authorize?")
    query = fake_oidc.query_of(location)
    assert query["client_id"] == fake_oidc.CLIENT_ID and query["code_challenge_method"] == "S256"
    callback = broker.log_in(location, sub=sub, **claims)
    assert callback.startswith("http://testserver/en/konto/oidc/mitid/login/callback/?")
    return client.get(callback)


def follow(client, response):
    """Follow the site's redirects from a response; the last response."""
    while response.status_code == 302:
        response = client.get(response["Location"])
    return response


class TestVerification:
    def test_an_18_year_old_from_2200_votes_in_norrebro(self, signed_in, district_round, broker, citizen, norrebro):
        """MitID says 18 and postcode 2200: the person is eligible, votes in Nørrebro's sub-budget, and lands on the
        ballot. The broker was asked for discovery, a token and userinfo; nothing else left the process."""
        html = signed_in.get(url("eligibility", district_round)).content.decode()
        assert "you show with MitID that you may vote" in html and "Verify with MitID" in html

        response = verify(signed_in, district_round, broker, birthdate=birthdate(18), postal_code="2200")
        assert response.status_code == 302 and response["Location"] == url("eligibility", district_round)
        response = signed_in.get(response["Location"])
        assert response.status_code == 302 and response["Location"] == url("ballot", district_round)
        html = follow(signed_in, response).content.decode()
        assert "You have shown with MitID that you may vote." in html
        assert "Proposals in Nørrebro" in html

        voter = Voter.objects.get(round=district_round)
        assert (voter.user, voter.district, voter.voted) == (citizen, norrebro, False)
        assert len(voter.census_hash) == 64
        account = SocialAccount.objects.get(user=citizen)
        assert (account.provider, account.uid, account.extra_data) == ("mitid", "mitid-sub-amira", {})
        assert {"discovery", "authorize", "token", "userinfo"} <= set(broker.seen)

    def test_a_14_year_old_is_refused_with_the_age_message(self, signed_in, district_round, broker):
        response = follow(
            signed_in, verify(signed_in, district_round, broker, birthdate=birthdate(14), postal_code="2200")
        )
        html = response.content.decode()
        assert response.status_code == 200
        assert "You cannot vote in this round" in html
        assert "You must be at least 15 years old to vote." in html
        assert "Try again with MitID" in html
        assert not Voter.objects.exists()
        assert signed_in.get(url("ballot", district_round))["Location"] == url("eligibility", district_round)

    def test_someone_from_frederiksberg_is_refused_with_the_residence_message(self, signed_in, district_round, broker):
        response = follow(
            signed_in, verify(signed_in, district_round, broker, birthdate=birthdate(40), postal_code="2000")
        )
        assert "You must live in Copenhagen Municipality to vote." in response.content.decode()
        assert not Voter.objects.exists()

    def test_someone_from_amager_is_refused_in_a_norrebro_and_bispebjerg_budget(
        self, signed_in, district_round, broker
    ):
        response = follow(
            signed_in, verify(signed_in, district_round, broker, birthdate=birthdate(40), postal_code="2300")
        )
        assert "You must live in Nørrebro or Bispebjerg to vote in this district budget." in response.content.decode()

    def test_the_municipality_code_decides_when_the_broker_gives_it(self, signed_in, mitid_round, broker):
        """Municipality 147 (Frederiksberg) with a Copenhagen postcode is refused."""
        response = verify(
            signed_in, mitid_round, broker, birthdate=birthdate(40), postal_code="2200", municipality_code="147"
        )
        assert "You must live in Copenhagen Municipality to vote." in follow(signed_in, response).content.decode()

    def test_a_postcode_that_spans_districts_asks_which(self, signed_in, mitid_round, broker, citizen):
        """2300 is Amager Øst or Amager Vest: the person is eligible and chooses between those two."""
        response = follow(
            signed_in, verify(signed_in, mitid_round, broker, birthdate=birthdate(30), postal_code="2300")
        )
        html = response.content.decode()
        assert "We could not tell which district you live in" in html
        assert "Amager Øst" in html and "Amager Vest" in html and "Nørrebro" not in html
        voter = Voter.objects.get(round=mitid_round)
        assert voter.district is None

        amager_vest = District.objects.get(code=10)
        response = signed_in.post(url("eligibility", mitid_round), {"action": "district", "district": amager_vest.pk})
        assert response.status_code == 302 and response["Location"] == url("ballot", mitid_round)
        voter.refresh_from_db()
        assert voter.district == amager_vest and voter.user == citizen

    def test_verifying_again_keeps_the_voter(self, signed_in, district_round, broker, norrebro):
        """The second time the MitID is already connected (allauth updates it): the same voter row, the ballot."""
        follow(signed_in, verify(signed_in, district_round, broker, birthdate=birthdate(18), postal_code="2200"))
        first = Voter.objects.get()
        response = follow(
            signed_in, verify(signed_in, district_round, broker, birthdate=birthdate(18), postal_code="2200")
        )
        assert "Proposals in Nørrebro" in response.content.decode()
        assert Voter.objects.get().pk == first.pk and SocialAccount.objects.count() == 1
        assert SocialAccount.objects.get().extra_data == {}


class TestDataMinimisation:
    def test_nothing_of_the_birth_date_is_stored(self, signed_in, district_round, broker, citizen):
        """After the flow the birth date (and the postcode claim) is nowhere: not on the social account, not in a
        token, not in the session, not in any table."""
        born = birthdate(18)
        follow(signed_in, verify(signed_in, district_round, broker, birthdate=born, postal_code="2200"))
        assert Voter.objects.filter(user=citizen).exists()
        assert not SocialToken.objects.exists()
        assert SocialAccount.objects.get().extra_data == {}

        dump = io.StringIO()
        call_command("dumpdata", stdout=dump)
        sessions = json.dumps([session.get_decoded() for session in Session.objects.all()])
        for text in (dump.getvalue(), sessions):
            assert born not in text
            assert born.replace("-", "") not in text
            assert "postal_code" not in text


class TestOneMitidOnePerson:
    def test_a_mitid_connected_to_another_account_is_refused(
        self, client, signed_in, district_round, broker, other_citizen
    ):
        """allauth refuses to connect a MitID that belongs to another account; nothing is decided."""
        follow(signed_in, verify(signed_in, district_round, broker, birthdate=birthdate(18), postal_code="2200"))
        signed_in.logout()
        client.force_login(other_citizen)
        html = follow(client, verify(client, district_round, broker, birthdate=birthdate(18), postal_code="2200"))
        assert "This MitID is already used with another account on Sammen om byen." in html.content.decode()
        assert not Voter.objects.filter(user=other_citizen).exists()

    def test_the_same_person_through_a_second_account_is_refused(
        self, client, signed_in, district_round, broker, other_citizen
    ):
        """Disconnecting MitID from one account and connecting it to another does not make a second voter: the
        voter row keeps the hash of the MitID identity."""
        follow(signed_in, verify(signed_in, district_round, broker, birthdate=birthdate(18), postal_code="2200"))
        SocialAccount.objects.all().delete()
        signed_in.logout()
        client.force_login(other_citizen)
        response = follow(client, verify(client, district_round, broker, birthdate=birthdate(18), postal_code="2200"))
        assert "Someone has already taken part in this vote with this identity" in response.content.decode()
        assert Voter.objects.count() == 1

    @override_settings(
        BUDGETING_OIDC_CLAIMS={
            "birthdate": "birthdate",
            "postal_code": "postal_code",
            "municipality": "municipality_code",
            "identity": "dk.cpr",
        }
    )
    def test_a_cpr_claim_makes_the_mitid_voter_the_same_person_as_on_paper(
        self, signed_in, district_round, broker, citizen
    ):
        """With an identity claim configured, the voter's hash is that of their CPR number in the round."""
        follow(
            signed_in,
            verify(
                signed_in,
                district_round,
                broker,
                birthdate=birthdate(30),
                postal_code="2200",
                **{"dk.cpr": "010203-1234"},
            ),
        )
        assert Voter.objects.get(user=citizen).census_hash == round_identity_hash(district_round, "0102031234")


class TestMitidOnlyConnects:
    def test_nobody_signs_up_or_in_with_mitid(self, client, mitid_round, broker, django_user_model):
        """A login started with MitID (not from an eligibility page) makes no account and signs nobody in."""
        users = django_user_model.objects.count()
        with translation.override("en"):
            login = reverse("openid_connect_login", kwargs={"provider_id": "mitid"})
        response = client.post(login, {"process": "login"})
        assert response.status_code == 302
        callback = broker.log_in(response["Location"], sub="stranger", birthdate=birthdate(30), postal_code="2200")
        response = client.get(callback)
        assert response.status_code == 302 and "/konto/login/" in response["Location"]
        assert django_user_model.objects.count() == users
        assert not SocialAccount.objects.exists()
        assert "_auth_user_id" not in client.session


class TestWithoutABroker:
    def test_an_unconfigured_site_offers_no_button(self, signed_in, mitid_round, settings):
        settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": []}}
        response = signed_in.post(url("eligibility", mitid_round), {"action": "verify"})
        html = response.content.decode()
        assert response.status_code == 200
        assert "Checking with MitID is not set up on this site yet" in html and "Verify with MitID" not in html

    def test_an_unreachable_broker_is_said_plainly(self, signed_in, mitid_round, broker):
        broker.reachable = False
        response = signed_in.post(url("eligibility", mitid_round), {"action": "verify"})
        assert response.status_code == 503
        assert "MitID cannot be reached just now. Try again in a few minutes." in response.content.decode()

    def test_anonymous_visitors_sign_in_first(self, client, mitid_round, broker):
        response = client.get(url("eligibility", mitid_round))
        assert response.status_code == 302 and "/konto/login/" in response["Location"]
