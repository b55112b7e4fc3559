"""Sign-in throttling: allauth's rate limits as configured in config/settings/base.py (tests turn them off globally)."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import override_settings

from config.settings import base

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("home_page")]

PASSWORD = "en-lang-og-sikker-adgangskode-42"
PRODUCTION_RATES = override_settings(ACCOUNT_RATE_LIMITS=base.ACCOUNT_RATE_LIMITS)
REFUSED = "Der er for mange mislykkede logonforsøg. Prøv igen senere."


@pytest.fixture(autouse=True)
def _fresh_counters():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def person():
    user = get_user_model().objects.create_user(email="karen@example.dk", password=PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def sign_in(client, email: str, password: str, **extra):
    return client.post("/da/konto/login/", {"login": email, "password": password}, **extra)


def test_the_limits_are_on_outside_tests():
    """base (and so production and dev) keeps allauth's limits on, staff's second factor required."""
    assert base.ACCOUNT_RATE_LIMITS["login_failed"] == "10/m/ip,5/300s/key"
    assert base.ACCOUNT_RATE_LIMITS["login"] == "30/m/ip"
    assert base.ACCOUNTS_STAFF_MFA_REQUIRED is True


@PRODUCTION_RATES
def test_five_wrong_passwords_lock_the_address_for_a_while(client, person):
    """After five wrong passwords for one address, even the right one is refused, with a clear Danish message."""
    for _ in range(5):
        response = sign_in(client, person.email, "forkert-adgangskode")
        assert response.status_code == 200
        assert REFUSED not in response.content.decode()
    refused = sign_in(client, person.email, PASSWORD)
    assert refused.status_code == 200
    assert REFUSED in refused.content.decode()
    assert "_auth_user_id" not in client.session


@PRODUCTION_RATES
def test_the_lock_is_per_address(client, person):
    """Guessing someone else's password does not lock this person out (the limit per IP is wider)."""
    for _ in range(5):
        sign_in(client, "anden@example.dk", "forkert-adgangskode")
    response = sign_in(client, person.email, PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(person.pk)


@PRODUCTION_RATES
def test_many_wrong_passwords_from_one_ip_address_are_refused(client):
    """Ten failures a minute from one address, whatever e-mail addresses are tried."""
    for number in range(10):
        assert REFUSED not in sign_in(client, f"person{number}@example.dk", "forkert").content.decode()
    assert REFUSED in sign_in(client, "person99@example.dk", "forkert").content.decode()
    # Another address is not affected.
    other = sign_in(client, "person99@example.dk", "forkert", REMOTE_ADDR="10.1.2.3")
    assert REFUSED not in other.content.decode()


@override_settings(ACCOUNT_RATE_LIMITS={"login": "3/m/ip"})
def test_too_many_sign_ins_get_the_sites_own_page_in_danish(client, person):
    """Past the limit on sign-in requests, the answer is a 429 page in the site's design, not a bare one."""
    for _ in range(3):
        sign_in(client, person.email, "forkert")
    response = sign_in(client, person.email, PASSWORD)
    assert response.status_code == 429
    html = response.content.decode()
    assert "<h1>Vent lidt</h1>" in html
    assert "Du har gjort dette mange gange på kort tid" in html
    assert 'class="site-header"' in html
