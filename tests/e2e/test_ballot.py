"""Voting in Chromium: an eligible citizen fills a knapsack ballot with the mouse and with the keyboard only, the
budget bar follows, an over-budget pick is refused and announced, and the review and receipt follow; axe-core on
the ballot, review and receipt pages, the ballot at 320 px, and the bar kept in view (and clear of the focus) on a
long ballot."""

from dataclasses import dataclass

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import translation

from budgeting import services
from budgeting.models import Ballot, BallotType, BudgetRound, Voter, WinnerRule
from maps import services as map_services
from maps.models import District
from tests.budgeting.conftest import days, make_proposal, voting_phases
from tests.cms.factories import create_home_page, create_project, create_project_index
from tests.e2e.conftest import assert_no_axe_violations, e2e, open_page

pytestmark = e2e

PASSWORD = "en-lang-og-sikker-adgangskode-42"
BLAAGAARDS_PLADS = (55.6873, 12.5546)
NARROW = {"width": 320, "height": 640}
BAR_TEXT = "#ballot-bar-text [data-ballot-bar-text]"
ANNOUNCER = "[data-ballot-announcer]"


@dataclass
class BallotSite:
    round: BudgetRound
    user: object
    proposals: dict[str, int]

    def url(self, name: str) -> str:
        # In English, the language the assertions are written in (the Danish texts come with the catalogue).
        with translation.override("en"):
            return reverse(f"budgeting:{name}", kwargs={"round_id": self.round.pk})


@pytest.fixture
def ballot_site(transactional_db) -> BallotSite:
    """A Nørrebro project whose voting phase runs today: a knapsack round of 2.000.000 kr. with four proposals,
    and a verified citizen."""
    map_services.load_demo_areas()
    norrebro = District.objects.get(slug="norrebro")
    project = create_project(
        create_project_index(create_home_page()),
        title="Borgerbudget Nørrebro",
        slug="borgerbudget-noerrebro",
        districts=[norrebro],
        phases=voting_phases(start=-5, end=5),
    )
    budget_round = services.round_create(
        project=project,
        title="Borgerbudget Nørrebro 2027",
        total_budget=2_000_000,
        ballot_type=BallotType.KNAPSACK,
        winner_rule=WinnerRule.MES,
    )
    proposals = {}
    for title, cost in (
        ("Bænke på Blågårds Plads", 900_000),
        ("Træer i Nørrebroparken", 800_000),
        ("Lys i Superkilen", 600_000),
        ("Legeplads ved Runddelen", 300_000),
    ):
        proposals[title] = make_proposal(budget_round, title=title, cost=cost, point=BLAAGAARDS_PLADS, at=days(-10)).pk
    user = get_user_model().objects.create_user(email="amira@example.dk", password=PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    cache.clear()
    return BallotSite(round=budget_round, user=user, proposals=proposals)


def sign_in(context, live_server, user) -> None:
    """Give the browser a session of the signed-in user (made by Django's test client)."""
    client = Client()
    client.force_login(user)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])


def declare_norrebro(site: BallotSite) -> None:
    services.voter_for(round=site.round, user=site.user, district=District.objects.get(slug="norrebro"))


def bar_says(page, text: str) -> None:
    page.wait_for_function(
        "([selector, text]) => document.querySelector(selector).textContent === text", arg=[BAR_TEXT, text]
    )


def announced(page, start: str) -> str:
    page.wait_for_function(
        "([selector, start]) => document.querySelector(selector).textContent.startsWith(start)", arg=[ANNOUNCER, start]
    )
    return page.locator(ANNOUNCER).inner_text()


def test_vote_with_the_mouse(page, context, live_server, ballot_site):
    """The citizen says where they live, ticks proposals with the mouse while the bar counts, has an over-budget pick
    refused and announced, reviews, submits and sees the receipt. axe-core finds nothing on the three pages."""
    sign_in(context, live_server, ballot_site.user)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    open_page(page, ballot_site.url("ballot"))
    assert page.url.endswith(ballot_site.url("eligibility"))
    page.get_by_role("button", name="Continue to the ballot").click()
    page.locator(".error-summary").wait_for()
    assert_no_axe_violations(page)
    page.get_by_label("The district where you live").select_option(label="Nørrebro")
    page.get_by_label("I confirm that I am at least 15 years old").check()
    page.get_by_role("button", name="Continue to the ballot").click()
    page.wait_for_url(f"**{ballot_site.url('ballot')}")

    assert page.locator(BAR_TEXT).inner_text() == "You have used 0 of 2,000,000 kr."
    assert_no_axe_violations(page)
    page.get_by_label("Bænke på Blågårds Plads, 900,000 kr.").check()
    bar_says(page, "You have used 900,000 of 2,000,000 kr.")
    page.get_by_text("Træer i Nørrebroparken").click()
    bar_says(page, "You have used 1,700,000 of 2,000,000 kr.")
    width = page.locator("[data-ballot-bar-fill]").evaluate("element => element.style.width")
    assert width == "85%"

    page.get_by_text("Lys i Superkilen").click()
    message = announced(page, "“Lys i Superkilen”")
    assert message == (
        "“Lys i Superkilen” costs 600,000 kr., but you have only 300,000 kr. left. "
        "Remove a proposal first, or choose a cheaper one."
    )
    assert not page.get_by_label("Lys i Superkilen, 600,000 kr.").is_checked()
    assert page.locator(BAR_TEXT).inner_text() == "You have used 1,700,000 of 2,000,000 kr."

    page.get_by_text("Legeplads ved Runddelen").click()
    bar_says(page, "You have used 2,000,000 of 2,000,000 kr.")
    page.locator("[data-ballot-save-status]").filter(has_text="Your choices are saved.").wait_for()
    voter = Voter.objects.get()
    chosen = {"Bænke på Blågårds Plads", "Træer i Nørrebroparken", "Legeplads ved Runddelen"}
    assert voter.draft == {str(ballot_site.proposals[title]): 1 for title in chosen}

    page.get_by_role("button", name="Review my vote").click()
    page.wait_for_url(f"**{ballot_site.url('review')}")
    assert page.locator("h1").inner_text() == "Review your vote"
    assert "2,000,000 kr." in page.locator("tfoot").inner_text()
    assert "Lys i Superkilen" not in page.locator("main").inner_text()
    assert_no_axe_violations(page)

    page.get_by_role("button", name="Submit my vote").click()
    page.wait_for_url(f"**{ballot_site.url('receipt')}")
    ballot = Ballot.objects.get()
    assert page.locator("h1").inner_text() == "Your vote is counted"
    assert page.locator("[data-receipt-code]").inner_text() == ballot.receipt
    assert set(ballot.selections()) == {ballot_site.proposals[title] for title in chosen}
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Check that a ballot with your receipt code is in the count").click()
    page.get_by_label("Receipt code").fill(ballot.receipt.lower())
    page.get_by_role("button", name="Check the code").click()
    page.get_by_text("A ballot with this receipt code is in the count").wait_for()
    assert_no_axe_violations(page)
    assert not errors


def test_vote_with_the_keyboard_only(page, context, live_server, ballot_site):
    """Tab to each proposal and press Space, hear an over-budget pick refused, Tab to "Review my vote" and press
    Enter, then Tab to "Submit my vote" and press Enter. No mouse."""
    declare_norrebro(ballot_site)
    sign_in(context, live_server, ballot_site.user)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    open_page(page, ballot_site.url("ballot"))

    def tab_to(element_id: str, limit: int = 40) -> None:
        for _ in range(limit):
            if page.evaluate("document.activeElement && document.activeElement.id") == element_id:
                return
            page.keyboard.press("Tab")
        raise AssertionError(f"Tab never reached #{element_id}")

    def tab_to_button(name: str, limit: int = 40) -> None:
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.textContent.trim()") == name:
                return
        raise AssertionError(f"Tab never reached the button {name!r}")

    ids = ballot_site.proposals
    tab_to(f"proposal-{ids['Bænke på Blågårds Plads']}")
    # The focused box shows dkfds's focus outline (on the box drawn next to the label).
    outline = page.evaluate("getComputedStyle(document.activeElement.nextElementSibling, '::before').outlineStyle")
    assert outline == "solid"
    page.keyboard.press("Space")
    bar_says(page, "You have used 900,000 of 2,000,000 kr.")
    tab_to(f"proposal-{ids['Træer i Nørrebroparken']}", limit=3)
    page.keyboard.press("Space")
    bar_says(page, "You have used 1,700,000 of 2,000,000 kr.")
    tab_to(f"proposal-{ids['Lys i Superkilen']}", limit=3)
    page.keyboard.press("Space")
    assert announced(page, "“Lys i Superkilen” costs 600,000 kr.").endswith(
        "Remove a proposal first, or choose a cheaper one."
    )
    assert not page.evaluate("document.activeElement.checked")
    tab_to(f"proposal-{ids['Legeplads ved Runddelen']}", limit=3)
    page.keyboard.press("Space")
    bar_says(page, "You have used 2,000,000 of 2,000,000 kr.")

    tab_to_button("Review my vote")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{ballot_site.url('review')}")
    tab_to_button("Submit my vote")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{ballot_site.url('receipt')}")
    ballot = Ballot.objects.get()
    assert page.locator("[data-receipt-code]").inner_text() == ballot.receipt
    assert set(ballot.selections()) == {
        ids[title] for title in ("Bænke på Blågårds Plads", "Træer i Nørrebroparken", "Legeplads ved Runddelen")
    }
    assert not errors


def test_the_ballot_fits_a_320_px_screen(page, context, live_server, ballot_site):
    """At 320 CSS pixels wide the ballot, with an error, does not scroll sideways, and the bar still counts."""
    declare_norrebro(ballot_site)
    sign_in(context, live_server, ballot_site.user)
    page.set_viewport_size(NARROW)
    open_page(page, ballot_site.url("ballot"))
    page.get_by_text("Bænke på Blågårds Plads").click()
    bar_says(page, "You have used 900,000 of 2,000,000 kr.")
    assert page.evaluate("document.scrollingElement.scrollWidth") <= NARROW["width"]
    page.get_by_role("button", name="Save my choices").click()
    page.wait_for_load_state()
    assert page.evaluate("document.scrollingElement.scrollWidth") <= NARROW["width"]
    assert_no_axe_violations(page)


LONG_BALLOT = 20


@pytest.fixture
def long_ballot(ballot_site) -> BallotSite:
    """The ballot with 20 proposals more, several screens long, and the citizen declared in Nørrebro."""
    for number in range(1, LONG_BALLOT + 1):
        title = f"Cykelstativ nummer {number} ved Nørrebrohallen og Blågårdsgade"
        proposal = make_proposal(
            ballot_site.round, title=title, cost=10_000 * number, point=BLAAGAARDS_PLADS, at=days(-10)
        )
        ballot_site.proposals[title] = proposal.pk
    declare_norrebro(ballot_site)
    return ballot_site


def bar_box(page) -> dict:
    return page.locator("[data-ballot-bar]").bounding_box()


def assert_focus_clear_of_the_bar(page) -> None:
    """The focused element, with its 3 px outline and 1 px offset, is below the bar and inside the screen."""
    focused = page.evaluate(
        """() => {
            const element = document.activeElement;
            const box = element.getBoundingClientRect();
            return {id: element.id || element.textContent.trim(), top: box.top, bottom: box.bottom};
        }"""
    )
    bar = bar_box(page)
    height = page.viewport_size["height"]
    assert focused["top"] - 4 >= bar["y"] + bar["height"], f"{focused} is under the bar {bar}"
    assert focused["bottom"] + 4 <= height, f"{focused} is below the screen"


@pytest.mark.parametrize("width", [375, 1280])
def test_the_budget_bar_stays_in_view_on_a_long_ballot(page, context, live_server, long_ballot, width):
    """Picking the last proposal of a long ballot, the bar is at the top of the screen and counts it. Going back up
    with Shift+Tab, every focused proposal shows below the bar, also when the ballot is over the budget and the bar
    is taller. On a screen too short for it (a phone held sideways, a page zoomed in) the bar scrolls away."""
    sign_in(context, live_server, long_ballot.user)
    page.set_viewport_size({"width": width, "height": 800})
    open_page(page, long_ballot.url("ballot"))
    assert bar_box(page)["y"] > 100  # in its place under the heading

    page.get_by_text(f"Cykelstativ nummer {LONG_BALLOT} ved").click()
    bar_says(page, "You have used 200,000 of 2,000,000 kr.")
    assert bar_box(page)["y"] == 0
    assert page.locator(BAR_TEXT).is_visible()

    def back_up_with_shift_tab() -> None:
        page.get_by_role("button", name="Review my vote").focus()
        reached = set()
        for _ in range(2 * LONG_BALLOT):
            page.keyboard.press("Shift+Tab")
            if not page.evaluate("document.activeElement.closest('#ballot-proposals') !== null"):
                break
            assert_focus_clear_of_the_bar(page)
            reached.add(page.evaluate("document.activeElement.id"))
        assert len({element for element in reached if element.startswith("proposal-")}) >= LONG_BALLOT // 2

    back_up_with_shift_tab()

    # Saved over the budget (as a draft may be), the bar also says by how much.
    voter = Voter.objects.get(user=long_ballot.user)
    services.draft_save(voter=voter, selections=dict.fromkeys(long_ballot.proposals.values(), 1))
    open_page(page, long_ballot.url("ballot"))
    page.locator("[data-ballot-bar-over]").wait_for()
    page.evaluate("window.scrollTo(0, document.scrollingElement.scrollHeight)")
    assert bar_box(page)["y"] == 0 and bar_box(page)["height"] > 100
    back_up_with_shift_tab()

    page.set_viewport_size({"width": width, "height": 400})
    assert page.locator("[data-ballot-bar]").evaluate("bar => getComputedStyle(bar).position") == "static"
