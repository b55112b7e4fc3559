"""The results page in Chromium: axe-core finds nothing before and after the count, in Danish and English and at
320 px; the chart is a table; the map's markers say whether each proposal won and lead to its row by keyboard."""

from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from budgeting import services
from budgeting.models import BallotType, BudgetRound, WinnerRule
from maps import services as map_services
from maps.models import District
from participation.models import Phase, PhaseType
from tests.budgeting.conftest import days, make_proposal
from tests.cms.factories import create_home_page, create_project, create_project_index
from tests.e2e.conftest import assert_no_axe_violations, e2e, open_page

pytestmark = e2e

NARROW = {"width": 320, "height": 640}
PLACES = {
    "Bænke på Blågårds Plads": ((55.6873, 12.5546), 900_000),
    "Træer i Nørrebroparken": ((55.6925, 12.5430), 800_000),
    "Lys i Superkilen": ((55.6990, 12.5420), 600_000),
    "Legeplads ved Runddelen": ((55.6945, 12.5480), 300_000),
}


@dataclass
class ResultsSite:
    round: BudgetRound

    def url(self, name: str = "results", language: str = "en") -> str:
        with translation.override(language):
            return reverse(f"budgeting:{name}", kwargs={"round_id": self.round.pk})


def _round(*, counted: bool) -> BudgetRound:
    """A greedy knapsack round of 2.000.000 kr. in Nørrebro whose voting closed yesterday, with four proposals and
    six ballots; counted or not."""
    map_services.load_demo_areas()
    norrebro = District.objects.get(slug="norrebro")
    project = create_project(
        create_project_index(create_home_page()),
        title="Borgerbudget Nørrebro",
        slug="borgerbudget-noerrebro",
        districts=[norrebro],
        phases=[(PhaseType.VOTING, days(-10), days(10))],
    )
    budget_round = services.round_create(
        project=project,
        title="Borgerbudget Nørrebro 2026",
        total_budget=2_000_000,
        ballot_type=BallotType.KNAPSACK,
        winner_rule=WinnerRule.GREEDY,
    )
    proposals = {
        title: make_proposal(budget_round, title=title, cost=cost, point=point, at=days(-20))
        for title, (point, cost) in PLACES.items()
    }
    wishes = [
        ("Bænke på Blågårds Plads", "Træer i Nørrebroparken"),
        ("Bænke på Blågårds Plads", "Legeplads ved Runddelen"),
        ("Træer i Nørrebroparken",),
        ("Lys i Superkilen", "Legeplads ved Runddelen"),
        ("Bænke på Blågårds Plads",),
        ("Træer i Nørrebroparken", "Legeplads ved Runddelen"),
    ]
    for number, wish in enumerate(wishes):
        user = get_user_model().objects.create_user(email=f"vaelger{number}@example.dk", password="pw")
        voter = services.voter_for(round=budget_round, user=user, district=norrebro)
        services.ballot_submit(voter=voter, selections={proposals[t].pk: 1 for t in wish}, at=days(-1))
    Phase.objects.filter(project=project).update(end=days(-1))
    if counted:
        services.round_tally(round=budget_round)
    cache.clear()
    return budget_round


@pytest.fixture
def counted_site(transactional_db) -> ResultsSite:
    return ResultsSite(round=_round(counted=True))


def test_the_results_page_has_no_axe_violations(page, counted_site):
    """The results page, in English and Danish, with its table-chart, map, turnout and downloads."""
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    open_page(page, counted_site.url())
    assert page.locator("h1").inner_text() == "Results of “Borgerbudget Nørrebro 2026”"
    table = page.get_by_role("table", name="Votes for the proposals, selected proposals first.", exact=False)
    rows = table.locator("tbody tr")
    assert rows.count() == 4
    assert "Selected" in rows.nth(0).inner_text()
    assert rows.nth(3).inner_text().strip().endswith("Not selected")
    assert page.locator(".results-bar").first.get_attribute("aria-hidden") == "true"
    assert page.locator(".sob-map__marker--winner").count() == 3
    assert page.locator(".sob-map__marker--not-selected").count() == 1
    assert_no_axe_violations(page)

    open_page(page, counted_site.url(language="da"))
    assert_no_axe_violations(page)
    assert not errors


def test_a_marker_leads_to_its_row_by_keyboard(page, counted_site):
    """Tab reaches the markers, each named by its proposal, and Enter goes to the proposal's row in the table."""
    open_page(page, counted_site.url())
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('sob-map__marker')"):
            break
    else:
        raise AssertionError("Tab never reached a marker")
    name = page.evaluate("document.activeElement.getAttribute('aria-label')")
    assert name in PLACES
    page.keyboard.press("Enter")
    page.wait_for_function("() => location.hash.startsWith('#proposal-')")
    assert page.locator(":target th").inner_text().endswith(name)


def test_the_results_fit_a_320_px_screen(page, counted_site):
    """At 320 px only the tables scroll sideways (each a focusable region), not the page."""
    page.set_viewport_size(NARROW)
    open_page(page, counted_site.url())
    assert page.evaluate("document.scrollingElement.scrollWidth") <= NARROW["width"]
    assert_no_axe_violations(page)


def test_before_the_count_the_page_says_when_results_come(page, transactional_db):
    """Before the count the page says when results are published; axe-core finds nothing there either."""
    site = ResultsSite(round=_round(counted=False))
    open_page(page, site.url())
    assert "The results are published when voting has closed and the votes are counted." in page.inner_text("main")
    assert_no_axe_violations(page)
