"""The ideas map on a project page in Chromium: server clusters that zoom in, points grouped by
leaflet.markercluster, the list's filters on the map, map and list marking each other, the keyboard,
and axe-core on the page with the map."""

import datetime
import re
from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import expect

from cms.models import ProjectPage
from maps import selectors as map_selectors
from maps import services as map_services
from maps.models import District
from participation.models import AnswerStatus, Idea, PhaseType
from tests.cms.factories import create_home_page, create_project, create_project_index
from tests.e2e.conftest import assert_no_axe_violations, e2e, open_page

pytestmark = e2e

# Four spots in Nørrebro, five ideas around each, far enough apart to be separate markers from zoom 15.
SPOTS = [(55.6985, 12.5434), (55.6905, 12.5520), (55.6870, 12.5600), (55.7040, 12.5480)]
OFFSETS = [(0, 0), (0.0015, 0), (-0.0015, 0), (0, 0.0025), (0, -0.0025)]
ANSWERS = [AnswerStatus.CONSIDERING, AnswerStatus.PLANNED, AnswerStatus.IMPLEMENTED, AnswerStatus.RECEIVED, ""]
UNANSWERED = 8  # no answer yet, or only "received": two of every five ideas

MAP = "#project-map"
CLUSTERS = f"{MAP} .sob-map__cluster"
IDEA_MARKERS = f"{MAP} .sob-map__marker--idea"
FOCUSED = """() => {
  const element = document.activeElement;
  return {
    className: String(element.className || ""),
    label: element.getAttribute("aria-label") || "",
    text: element.textContent,
    href: element.getAttribute("href"),
    inMap: Boolean(element.closest("#project-map")),
  };
}"""


def shows(count: int) -> re.Pattern:
    """The live region's text for `count` ideas, in Danish (from the catalogue) or in the source English."""
    return re.compile(rf"^\s*(Kortet viser|The map shows) {count} (idéer|ideas)\s*$")


@dataclass
class IdeasSite:
    project: ProjectPage
    ideas: list[Idea]


@pytest.fixture
def ideas_site(transactional_db) -> IdeasSite:
    """A Nørrebro project (the city's real district outlines) with 20 published ideas inside Nørrebro."""
    map_services.load_demo_areas()
    norrebro = District.objects.get(slug="norrebro")
    today = timezone.localdate()
    index = create_project_index(create_home_page())
    project = create_project(
        index,
        title="Et grønnere Nørrebro",
        slug="et-groennere-noerrebro",
        districts=[norrebro],
        phases=[(PhaseType.IDEAS, today - datetime.timedelta(days=10), today + datetime.timedelta(days=20))],
    )
    ideas = []
    for spot_number, (lat, lon) in enumerate(SPOTS, start=1):
        for offset_number, ((lat_offset, lon_offset), answer) in enumerate(zip(OFFSETS, ANSWERS, strict=True), start=1):
            point = (round(lat + lat_offset, 6), round(lon + lon_offset, 6))
            assert map_selectors.district_at(*point) == norrebro, f"{point} is not in Nørrebro"
            ideas.append(
                Idea.objects.create(
                    project=project,
                    title=f"Træer ved plads {spot_number}, idé {offset_number}",
                    description="Flere træer og bænke.",
                    latitude=point[0],
                    longitude=point[1],
                    district=norrebro,
                    answer_status=answer,
                    answer_text="Vi ser på det." if answer else "",
                )
            )
    cache.clear()
    return IdeasSite(project=project, ideas=ideas)


def open_ideas_map(page, url: str) -> list[str]:
    """Load the page, wait for the outlines and the first ideas; returns the page's script errors, as they come."""
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    open_page(page, url)
    page.locator(f"{MAP}[data-ideas='ready']").wait_for()
    return errors


def leaflet_map(page, script: str):
    """Run `script` with `map`, the page's Leaflet map."""
    return page.evaluate(f"() => {{ const map = window['leafletmapproject-map']; {script} }}")


def set_view(page, lat: float, lon: float, zoom: int) -> None:
    """Move the map without animation, and wait until the ideas for the new view have come."""
    leaflet_map(page, f"map.setView([{lat}, {lon}], {zoom}, {{ animate: false }});")
    page.locator(f"{MAP}[data-ideas='ready']").wait_for()


def test_map_shows_server_clusters_then_points_after_zooming_in(page, ideas_site):
    """At the opening zoom the ideas come as clusters counted by the server; selecting one zooms into it and
    the ideas there come as single markers, named by their titles."""
    errors = open_ideas_map(page, ideas_site.project.url)

    assert leaflet_map(page, "return map.getZoom();") < 15
    expect(page.locator(f"{MAP}-status")).to_have_text(shows(20))
    clusters = page.locator(CLUSTERS)
    assert clusters.count() >= 1
    assert page.locator(IDEA_MARKERS).count() < 20
    counts = [int(text) for text in clusters.locator("span[aria-hidden='true']").all_inner_texts()]
    assert all(count >= 2 for count in counts)
    expect(clusters.first).to_have_accessible_name(
        re.compile(r"^\d+ (idéer her\. Vælg for at zoome ind|ideas here\. Select to zoom in)\.$")
    )

    clusters.first.click()

    expect(page.locator(CLUSTERS)).to_have_count(0)
    expect(page.locator(IDEA_MARKERS).first).to_be_visible()
    assert leaflet_map(page, "return map.getZoom();") >= 15
    titles = {idea.title for idea in ideas_site.ideas}
    for label in page.locator(IDEA_MARKERS).evaluate_all(
        "elements => elements.map((e) => e.getAttribute('aria-label'))"
    ):
        assert label in titles
    assert not errors, errors


def test_list_filter_filters_the_map_too(page, ideas_site):
    """With the list filtered to unanswered ideas (?svar=unanswered) the map counts and shows only those."""
    errors = open_ideas_map(page, f"{ideas_site.project.url}?svar=unanswered#ideer")

    expect(page.locator("#ideer p[role='status']")).to_contain_text(str(UNANSWERED))
    expect(page.locator(f"{MAP}-status")).to_have_text(shows(UNANSWERED))
    expect(page.locator(f"{MAP}-status")).to_have_attribute("aria-live", "polite")

    set_view(page, *SPOTS[0], 17)
    unanswered = {idea.title for idea in ideas_site.ideas if idea.answer_status in ("", AnswerStatus.RECEIVED)}
    labels = page.locator(IDEA_MARKERS).evaluate_all("elements => elements.map((e) => e.getAttribute('aria-label'))")
    assert labels and set(labels) <= unanswered
    assert not errors, errors


def test_a_filter_value_the_list_ignores_is_ignored_by_the_map(page, ideas_site):
    """A status the list's form does not offer filters neither the list nor the map."""
    errors = open_ideas_map(page, f"{ideas_site.project.url}?svar=nonsense")

    expect(page.locator(f"{MAP}-status")).to_have_text(shows(20))
    assert not errors, errors


def test_list_and_map_mark_each_other(page, ideas_site):
    """Pointing at a list item marks the cluster it is counted in, or its own marker once it has one;
    selecting a marker opens its popup and marks its list item, which "Show in the list" focuses."""
    errors = open_ideas_map(page, ideas_site.project.url)
    first_item = page.locator("#ideer [data-idea-id]").first
    idea = next(idea for idea in ideas_site.ideas if str(idea.pk) == first_item.get_attribute("data-idea-id"))
    highlighted = page.locator(f"{MAP} .sob-map__marker--highlighted")

    first_item.hover()
    expect(highlighted).to_have_count(1)
    page.mouse.move(0, 0)
    expect(highlighted).to_have_count(0)

    set_view(page, idea.latitude, idea.longitude, 17)
    marker = page.locator(MAP).get_by_role("button", name=idea.title, exact=True)
    first_item.locator("a").focus()
    expect(marker).to_have_class(re.compile(r"sob-map__marker--highlighted"))

    marker.click()
    popup = page.locator(f"{MAP} .leaflet-popup")
    expect(popup).to_contain_text(idea.title)
    expect(popup).to_contain_text(
        re.compile(r"Under overvejelse|Allerede planlagt|Gennemført|Modtaget|Ikke besvaret endnu")
    )
    expect(popup).to_contain_text(re.compile(r"0 (støtter|supports)"))
    expect(first_item).to_have_class(re.compile(r"sob-map__list-item--selected"))

    popup.get_by_role("link", name=re.compile(r"^(Vis i listen|Show in the list)$")).click()
    assert page.evaluate("() => document.activeElement.closest('[data-idea-id]')?.dataset.ideaId") == str(idea.pk)
    assert not errors, errors


def test_keyboard_reaches_a_cluster_then_an_idea_and_opens_its_page(page, ideas_site):
    """From the map, Tab reaches a cluster; Enter zooms into it and moves the focus to what is inside;
    Tab reaches an idea; Enter opens its popup with the focus on the link; Enter opens the idea page."""
    errors = open_ideas_map(page, ideas_site.project.url)
    page.locator(MAP).focus()

    page.keyboard.press("Tab")
    focused = page.evaluate(FOCUSED)
    assert "sob-map__cluster" in focused["className"], focused

    page.keyboard.press("Enter")
    expect(page.locator(CLUSTERS)).to_have_count(0)
    page.wait_for_function(
        "() => document.activeElement.classList.contains('sob-map__marker--idea')"
        " || document.activeElement.classList.contains('marker-cluster')"
    )

    for _ in range(30):
        focused = page.evaluate(FOCUSED)
        if "sob-map__marker--idea" in focused["className"]:
            break
        page.keyboard.press("Tab")
    else:
        raise AssertionError(f"Tab never reached an idea on the map; last focused: {focused}")
    title = focused["label"]
    idea = next(idea for idea in ideas_site.ideas if idea.title == title)

    page.keyboard.press("Enter")
    focused = page.evaluate(FOCUSED)
    assert focused["inMap"] and focused["text"] == title and focused["href"], focused

    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/{idea.pk}/?$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    assert not errors, errors


def test_escape_closes_the_popup_and_gives_the_focus_back_to_the_marker(page, ideas_site):
    """Escape in an idea's popup closes it, unmarks its list item and puts the focus back on the marker."""
    errors = open_ideas_map(page, ideas_site.project.url)
    idea = ideas_site.ideas[0]
    set_view(page, idea.latitude, idea.longitude, 17)
    marker = page.locator(MAP).get_by_role("button", name=idea.title, exact=True)

    marker.focus()
    page.keyboard.press("Enter")
    expect(page.locator(f"{MAP} .leaflet-popup")).to_be_visible()
    page.keyboard.press("Escape")

    expect(page.locator(f"{MAP} .leaflet-popup")).to_have_count(0)
    assert page.evaluate(FOCUSED)["label"] == idea.title
    expect(page.locator(".sob-map__list-item--selected")).to_have_count(0)
    assert not errors, errors


def test_project_page_with_the_ideas_map_has_no_axe_violations(page, ideas_site):
    """axe-core finds no WCAG 2.1 A/AA violation on the project page with its ideas map: as it opens (clusters)
    and zoomed in with an idea's popup open and its list item marked."""
    errors = open_ideas_map(page, ideas_site.project.url)
    assert page.locator(CLUSTERS).count() >= 1
    assert_no_axe_violations(page)

    idea = ideas_site.ideas[-1]
    set_view(page, idea.latitude, idea.longitude, 17)
    page.locator(MAP).get_by_role("button", name=idea.title, exact=True).click()
    expect(page.locator(f"{MAP} .leaflet-popup")).to_be_visible()
    # Leaflet fades the popup in; axe must see it as people do once it has appeared, not its text half-faded.
    expect(page.locator(f"{MAP} .leaflet-popup")).to_have_css("opacity", "1")
    assert_no_axe_violations(page)
    assert not errors, errors
