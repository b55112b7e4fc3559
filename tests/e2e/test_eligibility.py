"""Showing that one may vote, in Chromium and with the keyboard only: with MitID (the fake broker of
tests/budgeting/fake_oidc.py answers the browser's visit to the broker in-process, no network) and with the
census list (a CPR number typed, an error shown, then the right one). axe-core finds nothing on any of the pages."""

import pytest
from allauth.socialaccount.models import SocialAccount

from accounts.adapter import SocialAccountAdapter
from budgeting import services
from budgeting.eligibility.identity import round_identity_hash
from budgeting.models import BudgetRound, Eligibility, Voter
from tests.budgeting import fake_oidc
from tests.budgeting.test_oidc import MITID_APP, birthdate
from tests.e2e import test_ballot
from tests.e2e.conftest import assert_no_axe_violations, e2e, open_page
from tests.e2e.test_ballot import BallotSite, sign_in

pytestmark = e2e

# The voting tests' Nørrebro round and citizen, as a fixture of this module too.
ballot_site = test_ballot.ballot_site


def with_eligibility(site: BallotSite, eligibility: str) -> BallotSite:
    BudgetRound.objects.filter(pk=site.round.pk).update(eligibility=eligibility)
    site.round.refresh_from_db()
    return site


def tab_to(page, name: str, limit: int = 40) -> None:
    """Press Tab until the focused element is the one with this id, or the button with this text."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate("[document.activeElement.id, document.activeElement.textContent.trim()]")
        if name in focused:
            return
    raise AssertionError(f"Tab never reached {name!r}")


def focused_text(page) -> str:
    return page.evaluate("document.activeElement.textContent.trim()")


@pytest.fixture
def broker(settings, monkeypatch):
    """A MitID app configured against the fake broker; the live server's back-channel requests go to it in-process."""
    settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"OAUTH_PKCE_ENABLED": True, "APPS": [MITID_APP]}}
    fake = fake_oidc.FakeBroker()
    fake_oidc.install(fake)
    monkeypatch.setattr(SocialAccountAdapter, "get_requests_session", lambda self: fake_oidc.requests_session())
    return fake


def test_show_with_mitid_using_the_keyboard(page, context, live_server, ballot_site, broker):
    """The MitID step before the first vote: the page, the refusal of a 14-year-old, and a second try by an adult
    from 2200 that lands on the ballot. Enter on the buttons, nothing else."""
    site = with_eligibility(ballot_site, Eligibility.OIDC)
    # Who logs in at the broker, visit after visit.
    people = [
        {"birthdate": birthdate(14), "postal_code": "2200"},
        {"birthdate": birthdate(30), "postal_code": "2200"},
    ]

    def through_the_broker(route):
        """Pressing the MitID button: the site's answer sends the browser to the broker, where the person logs in and
        is sent back with a code. The fake broker answers here, and the browser goes on to the site's callback.
        (Playwright routes no request reached by a redirect, so the visit to the broker cannot be routed itself.)"""
        if route.request.method != "POST":
            route.fallback()
            return
        to_broker = route.fetch(max_redirects=0)
        assert to_broker.status == 302, to_broker.text()
        location = to_broker.headers["location"]
        assert location.startswith(f"{fake_oidc.ISSUER}/authorize?")
        callback = broker.log_in(location, sub="mitid-sub-amira", **people.pop(0))
        route.fulfill(status=302, headers={"Location": callback})

    page.route(f"**{site.url('eligibility')}", through_the_broker)
    sign_in(context, live_server, site.user)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    open_page(page, site.url("ballot"))
    assert page.url.endswith(site.url("eligibility"))
    assert page.locator("h1").inner_text() == "Take part in the vote"
    assert "you show with MitID that you may vote" in page.locator("main").inner_text()
    assert_no_axe_violations(page)

    tab_to(page, "Verify with MitID")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="You cannot vote in this round").wait_for()
    assert page.url.endswith(site.url("eligibility"))
    assert_no_axe_violations(page)
    assert not Voter.objects.exists()

    tab_to(page, "Try again with MitID")
    page.keyboard.press("Enter")
    # The way back from the broker is a chain of redirects (callback, eligibility page, ballot): wait for its end.
    page.locator(".site-messages").get_by_text("You have shown with MitID that you may vote.").wait_for()
    assert page.url.endswith(site.url("ballot"))
    assert Voter.objects.get().user == site.user
    assert SocialAccount.objects.get(user=site.user).extra_data == {}
    assert broker.seen.count("authorize") == 2
    assert not errors


def test_the_census_check_with_an_error_using_the_keyboard(page, context, live_server, ballot_site):
    """The census step: the form, a number not on the list (the error summary takes the focus, the field says what
    is wrong), then the right number, typed with the keyboard, and the ballot."""
    site = with_eligibility(ballot_site, Eligibility.CENSUS)
    census = "number;district\n0102031234;Nørrebro".encode()
    services.census_list_import(round=site.round, data=census, uploaded_by=None)
    sign_in(context, live_server, site.user)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    open_page(page, site.url("ballot"))
    assert page.url.endswith(site.url("eligibility"))
    assert "the municipality has a list of the people who may vote" in page.locator("main").inner_text()
    assert_no_axe_violations(page)

    tab_to(page, "id_number")
    page.keyboard.type("111213-1415")
    page.keyboard.press("Enter")
    # The error summary takes the focus (autofocus, applied once the page has rendered).
    page.wait_for_function("() => document.activeElement.classList.contains('error-summary')")
    message = "The number is not on the list of people who may vote in this round. Check that you typed it correctly."
    assert message in page.locator(".error-summary").inner_text()
    field = page.get_by_label("Your CPR number")
    assert field.get_attribute("aria-invalid") == "true"
    described = [page.locator(f"#{id}").inner_text() for id in field.get_attribute("aria-describedby").split()]
    assert message in described
    assert field.input_value() == ""  # the number typed is not written back into the page
    assert page.title().startswith("Error: ")
    assert_no_axe_violations(page)

    tab_to(page, "id_number")
    page.keyboard.type("010203-1234")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{site.url('ballot')}")
    voter = Voter.objects.get()
    assert (voter.census_hash, voter.district.name) == (round_identity_hash(site.round, "0102031234"), "Nørrebro")
    assert not errors
