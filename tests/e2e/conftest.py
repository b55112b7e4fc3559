"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

One browser is launched per session; every test gets a fresh context whose requests may only go
to this machine. Browser tests are transactional (the live server reads the data from another
thread), so each test's data is flushed afterwards; serialized rollback puts back the locales, root
page and site that the migrations create before the next one. `demo_site` builds the pages a test needs.
"""

import asyncio
import datetime
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.cache import cache
from django.db import connections
from django.utils import timezone
from wagtail.models import Locale, Page, Site

from cms.models import HomePage, ProjectIndexPage, ProjectPage, ProjectUpdate, SiteLinks, StandardPage
from maps import geometry
from maps.models import District
from participation.models import PhaseType
from tests.cms.factories import create_home_page, create_project, create_project_index, create_standard_page

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]", "::1"}
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# Marks for every browser test: transactional, because the live server reads the data from another thread.
e2e = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    # pytest-playwright's fallback `base_url` fixture (used without pytest-base-url) is a method; not ours to fix.
    pytest.mark.filterwarnings("ignore:Session-scoped fixtures defined as instance methods"),
]


@pytest.fixture(scope="session")
def _serialized_db_contents(django_db_setup) -> dict[str, str]:
    """What Django serialized after migrating (for serialized_rollback), read before Playwright starts."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        pass
    else:
        pytest.fail("An asyncio loop already runs in this thread: the serialized test data cannot be read.")
    return {
        connection.alias: connection._test_serialized_contents
        for connection in connections.all()
        if hasattr(connection, "_test_serialized_contents")
    }


@pytest.fixture(scope="session")
def playwright(_serialized_db_contents, playwright):
    """pytest-playwright's Playwright, with serialized rollback kept working while it runs.

    Playwright's sync API leaves its asyncio loop marked as running in this thread. From then on
    Django's connection handler (an asgiref Local) keeps connections per context instead of per
    thread, so the tests get new connection objects without the data Django serialized after
    migrating, and serialized_rollback would silently restore nothing after the first flush.
    """
    for alias, contents in _serialized_db_contents.items():
        connections[alias]._test_serialized_contents = contents
    yield playwright
    connections.close_all()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args, live_server):
    return {
        **browser_context_args,
        "base_url": live_server.url,
        "locale": "da-DK",
        "viewport": {"width": 1280, "height": 900},
        # A service worker's requests would not pass through the routes below.
        "service_workers": "block",
    }


@pytest.fixture
def context(new_context):
    """A browser context that refuses, and reports as a test error, every request that leaves this machine."""
    attempts: list[str] = []

    def local_only(route):
        host = urlsplit(route.request.url).hostname or ""
        if host in LOCAL_HOSTS:
            route.continue_()
        else:
            attempts.append(f"{route.request.method} {route.request.url} ({route.request.resource_type})")
            route.abort("blockedbyclient")

    def local_web_sockets_only(ws):
        if (urlsplit(ws.url).hostname or "") in LOCAL_HOSTS:
            ws.connect_to_server()
        else:
            attempts.append(f"WebSocket {ws.url}")
            ws.close()

    browser_context = new_context()
    browser_context.set_default_timeout(10_000)
    browser_context.route("**/*", local_only)
    browser_context.route_web_socket(re.compile(".*"), local_web_sockets_only)
    yield browser_context
    assert not attempts, "The pages tried to reach the internet:\n" + "\n".join(attempts)


def open_page(page, url: str) -> None:
    """Load a page of the site and wait until its maps have drawn the district outlines (a same-origin fetch)."""
    response = page.goto(url)
    assert response is not None, f"No response for {url}"
    assert response.ok, f"{url} answered {response.status}"
    maps = page.locator(".sob-map__canvas")
    for index in range(maps.count()):
        maps.nth(index).locator("path.leaflet-interactive").first.wait_for()


def assert_no_axe_violations(page) -> None:
    """Run axe-core on the page once its fades and slides have ended (a message fading in is half transparent, and
    its contrast would be measured against the page behind it), against WCAG 2.1 A and AA, and fail listing every
    violation."""
    page.wait_for_function(
        "() => document.getAnimations().every("
        "animation => !(animation instanceof CSSTransition) || animation.playState !== 'running')"
    )
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]})
    violations = results.response["violations"]
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']} [{violation['helpUrl']}]")
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    {target}: {node['html'][:200]}")
            if node.get("failureSummary"):
                lines.append("      " + node["failureSummary"].replace("\n", "\n      "))
    assert not violations, f"axe found {len(violations)} WCAG 2.1 A/AA violation(s) on {page.url}:\n" + "\n".join(lines)


def square(min_lon: float, min_lat: float, size: float) -> dict:
    """A square GeoJSON polygon, counter-clockwise as RFC 7946 asks."""
    max_lon, max_lat = min_lon + size, min_lat + size
    ring = [[min_lon, min_lat], [max_lon, min_lat], [max_lon, max_lat], [min_lon, max_lat], [min_lon, min_lat]]
    return {"type": "Polygon", "coordinates": [ring]}


def create_district(*, code: int, name: str, slug: str, outline: dict) -> District:
    district = District(code=code, name=name, slug=slug, outline=outline)
    district.min_lon, district.min_lat, district.max_lon, district.max_lat = geometry.bbox(outline)
    district.label_lon, district.label_lat = geometry.label_point(outline)
    district.save()
    return district


def translate(page: Page, locale: Locale, **fields) -> Page:
    """Publish an English translation of a live Danish page, with the given fields in English."""
    translation = page.copy_for_translation(locale, copy_parents=True, alias=False)
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save_revision().publish()
    translation.refresh_from_db()
    return translation


@dataclass
class DemoSite:
    home: HomePage
    index: ProjectIndexPage
    project: ProjectPage
    about: StandardPage
    statement: StandardPage
    home_en: HomePage
    index_en: ProjectIndexPage
    project_en: ProjectPage
    districts: list[District]


@pytest.fixture
def demo_site(transactional_db) -> DemoSite:
    """A small bilingual site: home, project index and one project in Danish and English, two standard pages."""
    today = timezone.localdate()
    districts = [
        create_district(code=1, name="Indre By", slug="indre-by", outline=square(12.565, 55.670, 0.02)),
        create_district(code=2, name="Nørrebro", slug="norrebro", outline=square(12.535, 55.690, 0.02)),
    ]
    home = create_home_page()
    index = create_project_index(home)
    project = create_project(
        index,
        title="Et grønnere Nørrebro",
        slug="et-groennere-noerrebro",
        summary="Vi planter 200 nye træer på Nørrebro.",
        phases=[
            (PhaseType.INFORMATION, today - datetime.timedelta(days=30), today - datetime.timedelta(days=11)),
            (PhaseType.IDEAS, today - datetime.timedelta(days=10), today + datetime.timedelta(days=10)),
            (PhaseType.VOTING, today + datetime.timedelta(days=11), today + datetime.timedelta(days=30)),
        ],
        districts=[districts[1]],
    )
    ProjectUpdate.objects.create(
        project=project, date=today - datetime.timedelta(days=2), title="Idéindsamlingen er åben", text="Kom med."
    )
    about = create_standard_page(home)
    statement = create_standard_page(
        home, title="Tilgængelighedserklæring", slug="tilgaengelighedserklaering", intro="Sådan lever vi op til loven."
    )
    SiteLinks.objects.create(
        site=Site.objects.get(is_default_site=True),
        about_page=about,
        accessibility_statement=statement,
        contact_email="sammenombyen@kk.dk",
    )

    english = Locale.objects.get_or_create(language_code="en")[0]
    home_en = translate(home, english, title="Together for the city", intro="Help shape Copenhagen.")
    index_en = translate(index, english, title="Projects", intro="All projects.")
    project_en = translate(
        ProjectPage.objects.get(pk=project.pk),
        english,
        title="A greener Nørrebro",
        summary="We are planting 200 new trees in Nørrebro.",
        purpose="The purpose is to make the city greener.",
        already_decided="The budget has been decided.",
        can_influence="You can influence where the trees are planted.",
        input_use="The administration collects the ideas into a proposal.",
        decision_timing="The Technical and Environmental Committee decides in June.",
    )
    translate(about, english, title="About the platform", intro="How the platform works.")
    # Cached site root paths and settings from an earlier test's data must not leak into this one.
    cache.clear()
    return DemoSite(
        home=home,
        index=index,
        project=project,
        about=about,
        statement=statement,
        home_en=home_en,
        index_en=index_en,
        project_en=project_en,
        districts=districts,
    )
