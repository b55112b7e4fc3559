"""Following a proposal and choosing a weekly e-mail, in Chromium: the follow button works by keyboard without
JavaScript tricks, and axe-core finds nothing on the proposal page (signed in or not) or the e-mail settings."""

import os

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import translation

from budgeting import services
from budgeting.models import BallotType, Proposal, ProposalFollow, WinnerRule
from maps import services as map_services
from maps.models import District
from participation.models import EmailFrequency, NotificationPreference, PhaseType
from tests.budgeting.conftest import days, make_proposal
from tests.cms.factories import create_home_page, create_project, create_project_index
from tests.e2e.conftest import assert_no_axe_violations, e2e, open_page

pytestmark = e2e

# Screenshots for a person to look at, when asked for: E2E_SCREENSHOTS=/some/folder.
SCREENSHOTS = os.environ.get("E2E_SCREENSHOTS", "")


def shoot(page, name: str) -> None:
    if SCREENSHOTS:
        page.screenshot(path=os.path.join(SCREENSHOTS, f"{name}.png"), full_page=True)


@pytest.fixture
def proposal(transactional_db) -> Proposal:
    """A proposal of a Nørrebro round whose voting closed, and Amira, who may sign in."""
    map_services.load_demo_areas()
    project = create_project(
        create_project_index(create_home_page()),
        title="Borgerbudget Nørrebro",
        slug="borgerbudget-noerrebro",
        districts=[District.objects.get(slug="norrebro")],
        phases=[(PhaseType.VOTING, days(-10), days(-1))],
    )
    budget_round = services.round_create(
        project=project,
        title="Borgerbudget Nørrebro 2026",
        total_budget=2_000_000,
        ballot_type=BallotType.KNAPSACK,
        winner_rule=WinnerRule.GREEDY,
    )
    made = make_proposal(budget_round, title="Træer i Nørrebroparken", point=(55.6925, 12.5430), at=days(-20))
    user = get_user_model().objects.create_user(email="amira@example.dk", password="pw")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    cache.clear()
    return made


def sign_in(context, live_server) -> None:
    client = Client()
    client.force_login(get_user_model().objects.get(email="amira@example.dk"))
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])


def url(name: str, language: str = "en", **kwargs) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


def test_a_citizen_follows_a_proposal_by_keyboard(page, context, live_server, proposal):
    """A visitor is offered a sign-in link; signed in, Amira reaches "Follow this proposal" with Tab, presses
    Enter, is back on the page told she follows it, and can stop again. No axe violations on either state."""
    detail = url("budgeting:proposal_detail", pk=proposal.pk)
    open_page(page, detail)
    assert page.get_by_role("link", name="Sign in to follow this proposal").is_visible()
    shoot(page, "proposal-anonymous")
    assert_no_axe_violations(page)

    sign_in(context, live_server)
    open_page(page, detail)
    button = page.get_by_role("button", name="Follow this proposal")
    for _ in range(60):
        page.keyboard.press("Tab")
        if button.evaluate("element => element === document.activeElement"):
            break
    else:
        raise AssertionError("Tab never reached the follow button")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_text("You now follow “Træer i Nørrebroparken”.").is_visible()
    assert page.get_by_text("You follow this proposal.").is_visible()
    assert ProposalFollow.objects.filter(proposal=proposal, user__email="amira@example.dk", language="en").exists()
    shoot(page, "proposal-following")
    assert_no_axe_violations(page)

    with page.expect_navigation():
        page.get_by_role("button", name="Stop following this proposal").click()
    assert page.get_by_role("button", name="Follow this proposal").is_visible()
    assert not ProposalFollow.objects.exists()


def test_a_citizen_chooses_a_weekly_email(page, context, live_server, proposal):
    """On the e-mail settings page the weekly choice is a labelled radio button in a fieldset; saving keeps it."""
    sign_in(context, live_server)
    open_page(page, url("participation:notification_settings"))
    group = page.get_by_role("group", name="How often do you want e-mails?")
    assert group.is_visible()
    assert_no_axe_violations(page)
    group.get_by_label("One e-mail a week with everything").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Save settings").click()
    assert page.get_by_label("One e-mail a week with everything").is_checked()
    shoot(page, "settings-weekly")
    assert_no_axe_violations(page)
    preference = NotificationPreference.objects.get(user__email="amira@example.dk")
    assert preference.email_frequency == EmailFrequency.WEEKLY
