"""The public proposal pages in Chromium: a proposal's page with its map, and a round's list with its filters used
by keyboard alone; axe-core on both, and both at 320 px."""

from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from budgeting import services
from budgeting.models import BallotType, BudgetRound, Proposal, WinnerRule
from maps import services as map_services
from maps.models import District
from tests.budgeting.conftest import BISPEBJERG, days, make_proposal, voting_phases
from tests.cms.factories import create_home_page, create_project, create_project_index
from tests.e2e.conftest import assert_no_axe_violations, e2e, open_page

pytestmark = e2e

BLAAGAARDS_PLADS = (55.6873, 12.5546)
NARROW = {"width": 320, "height": 640}


@dataclass
class ProposalSite:
    round: BudgetRound
    proposals: dict[str, Proposal]

    def list_url(self) -> str:
        # In English, the language the assertions are written in.
        with translation.override("en"):
            return reverse("budgeting:proposal_list", kwargs={"round_id": self.round.pk})

    def detail_url(self, title: str) -> str:
        with translation.override("en"):
            return self.proposals[title].get_absolute_url()


@pytest.fixture
def proposal_site(transactional_db) -> ProposalSite:
    """A round in Nørrebro and Bispebjerg whose voting phase runs today, with a district budget each: feasible
    proposals in both districts, one not feasible and one not assessed."""
    map_services.load_demo_areas()
    norrebro, bispebjerg = District.objects.get(slug="norrebro"), District.objects.get(slug="bispebjerg")
    project = create_project(
        create_project_index(create_home_page()),
        title="Borgerbudget Nørrebro og Bispebjerg",
        slug="borgerbudget-nb",
        districts=[norrebro, bispebjerg],
        phases=voting_phases(start=-5, end=5),
    )
    budget_round = services.round_create(
        project=project,
        title="Borgerbudget 2027",
        total_budget=2_000_000,
        ballot_type=BallotType.KNAPSACK,
        winner_rule=WinnerRule.MES_ADD1,
    )
    services.sub_budget_set(round=budget_round, district=norrebro, amount=1_200_000, at=days(-10))
    services.sub_budget_set(round=budget_round, district=bispebjerg, amount=800_000, at=days(-10))
    proposals = {}
    for title, cost, point, feasible in (
        ("Bænke på Blågårds Plads", 300_000, BLAAGAARDS_PLADS, True),
        ("Regnbede i Ravnsborggade", 550_000, BLAAGAARDS_PLADS, True),
        ("Cykelparkering ved Bispebjerg Station", 220_000, BISPEBJERG, True),
        ("Grønne facader", 250_000, BLAAGAARDS_PLADS, False),
        ("Fartvisere", 120_000, BISPEBJERG, None),
    ):
        proposals[title] = make_proposal(
            budget_round,
            title=title,
            cost=cost,
            point=point,
            feasible=feasible,
            description="Første afsnit.\n\nAndet afsnit med en ny linje\nher.",
            at=days(-10),
        )
    cache.clear()
    return ProposalSite(round=budget_round, proposals=proposals)


def test_the_proposal_page_has_its_map_and_no_axe_violations(page, context, live_server, proposal_site):
    """A proposal's page shows the verdict, the text and a map with its pin over its highlighted district; it leads
    to the ballot and back to the list. axe-core finds nothing, also for a not feasible and an unassessed proposal."""
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    open_page(page, proposal_site.detail_url("Bænke på Blågårds Plads"))
    assert page.locator("h1").inner_text() == "Bænke på Blågårds Plads"
    assert page.locator(".leaflet-marker-icon").count() == 1
    assert "300,000 kr." in page.locator(".proposal__meta").inner_text()
    assert page.get_by_role("link", name="Go to the ballot").is_visible()
    assert_no_axe_violations(page)

    for title in ("Grønne facader", "Fartvisere"):
        open_page(page, proposal_site.detail_url(title))
        assert_no_axe_violations(page)

    page.get_by_role("link", name="All the proposals of the round").click()
    page.wait_for_url(f"**{proposal_site.list_url()}")
    assert not errors


def test_the_list_is_filtered_and_sorted_by_keyboard(page, context, live_server, proposal_site):
    """Tab through the filters, choose Bispebjerg and dearest first, Tab to "Show proposals" and press Enter: the
    list shows the two Bispebjerg proposals, dearest first. axe-core finds nothing before and after."""
    open_page(page, proposal_site.list_url())
    assert page.locator(".proposal-list__item").count() == 5
    assert_no_axe_violations(page)

    page.get_by_label("District").focus()
    page.keyboard.type("Bisp")  # a closed select chooses the option whose label starts with what is typed
    assert page.get_by_label("District").input_value() == "bispebjerg"
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_sorter"
    page.keyboard.type("High")
    assert page.get_by_label("Sort by").input_value() == "dyrest"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Show proposals"
    page.keyboard.press("Enter")
    page.wait_for_url("**sorter=dyrest**")
    titles = page.locator(".proposal-list__title").all_inner_texts()
    assert titles == ["Cykelparkering ved Bispebjerg Station", "Fartvisere"]
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Cykelparkering ved Bispebjerg Station").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{proposal_site.detail_url('Cykelparkering ved Bispebjerg Station')}")


@pytest.mark.parametrize("which", ["list", "detail"])
def test_the_pages_fit_a_320_px_screen(page, context, live_server, proposal_site, which):
    """At 320 CSS pixels wide neither page scrolls sideways, and axe-core finds nothing."""
    page.set_viewport_size(NARROW)
    url = proposal_site.list_url() if which == "list" else proposal_site.detail_url("Regnbede i Ravnsborggade")
    open_page(page, url)
    assert page.evaluate("document.scrollingElement.scrollWidth") <= NARROW["width"]
    assert_no_axe_violations(page)
