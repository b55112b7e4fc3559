"""Placing and sending an idea in Chromium: with the mouse, with the keyboard only, by typing an address,
as a visitor who signs in on the way, and axe-core on the form before and after an error."""

import datetime
import re
from dataclasses import dataclass

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from cms.models import ProjectPage
from maps import services as map_services
from maps.models import District
from participation.models import Idea, PhaseType
from tests.cms.factories import create_home_page, create_project, create_project_index
from tests.e2e.conftest import assert_no_axe_violations, e2e

pytestmark = e2e

PASSWORD = "en-lang-og-sikker-adgangskode-42"
BLAAGAARDS_PLADS = (55.6873, 12.5546)


@dataclass
class SubmitSite:
    project: ProjectPage
    user: object

    @property
    def form_url(self) -> str:
        # In English, the language the assertions below are written in (the Danish texts come with the catalogue).
        with translation.override("en"):
            return reverse("participation:idea_submit", kwargs={"project_id": self.project.pk})


@pytest.fixture
def submit_site(transactional_db, settings) -> SubmitSite:
    """A Nørrebro project collecting ideas, with the city's real district outlines, and a verified citizen."""
    settings.PARTICIPATION_GEOCODER = "participation.geocoding.OfflineGazetteer"
    map_services.load_demo_areas()
    today = timezone.localdate()
    index = create_project_index(create_home_page())
    project = create_project(
        index,
        title="Et grønnere Nørrebro",
        slug="et-groennere-noerrebro",
        districts=[District.objects.get(slug="norrebro")],
        phases=[(PhaseType.IDEAS, today - datetime.timedelta(days=5), today + datetime.timedelta(days=20))],
    )
    user = get_user_model().objects.create_user(email="amira@example.dk", password=PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    cache.clear()
    return SubmitSite(project=project, user=user)


def sign_in(context, live_server, user) -> None:
    """Give the browser a session of the signed-in user (made by Django's test client)."""
    client = Client()
    client.force_login(user)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])


def open_form(page, site: SubmitSite) -> list[str]:
    """Load the form and wait for the map to draw the project's area; returns the page's script errors, as they come."""
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    response = page.goto(site.form_url)
    assert response is not None and response.ok
    page.locator("#pin-map[data-ready='true']").wait_for()
    return errors


def container_point(page, lat: float, lon: float) -> dict:
    script = (
        "([lat, lon]) => { const p = window['leafletmappin-map'].latLngToContainerPoint([lat, lon]); "
        "return [p.x, p.y]; }"
    )
    x, y = page.evaluate(script, [lat, lon])
    return {"x": x, "y": y}


def pin(page) -> tuple[float, float]:
    return float(page.locator("#id_latitude").input_value()), float(page.locator("#id_longitude").input_value())


def send(page) -> Idea:
    page.get_by_role("button", name="Send idea").click()
    page.wait_for_url("**/ideer/*/")
    return Idea.objects.get()


def test_place_the_pin_with_the_mouse_and_drag_it(page, context, live_server, submit_site):
    """A click inside Nørrebro places the pin (and "Remove pin" takes it away), dragging moves it, and the idea is
    sent with that place."""
    sign_in(context, live_server, submit_site.user)
    errors = open_form(page, submit_site)
    status = page.locator("#pin-map-status")
    assert status.inner_text() == "No pin placed yet."

    page.locator("#pin-map").click(position=container_point(page, *BLAAGAARDS_PLADS))
    page.wait_for_function("() => document.getElementById('pin-map-status').textContent.includes(', Nørrebro')")
    assert status.inner_text() == "Pin placed near Blågårds Plads, 2200 København N, Nørrebro."
    lat, lon = pin(page)
    assert abs(lat - BLAAGAARDS_PLADS[0]) < 0.0005 and abs(lon - BLAAGAARDS_PLADS[1]) < 0.0005
    page.get_by_role("button", name="Remove pin").click()
    assert page.locator("#id_latitude").input_value() == "" and page.locator(".pin-map__pin").count() == 0
    assert status.inner_text() == "No pin placed yet."
    assert page.locator("#pin-map-live").inner_text() == "The pin has been removed."
    assert page.evaluate("document.activeElement.id") == "pin-map"
    assert not page.get_by_role("button", name="Remove pin").is_visible()

    page.locator("#pin-map").click(position=container_point(page, *BLAAGAARDS_PLADS))
    page.wait_for_function("() => document.getElementById('id_latitude').value !== ''")
    lat, lon = pin(page)

    marker = page.locator(".pin-map__pin").bounding_box()
    tip = {"x": marker["x"] + marker["width"] / 2, "y": marker["y"] + marker["height"] - 2}
    page.mouse.move(tip["x"], tip["y"] - 10)
    page.mouse.down()
    page.mouse.move(tip["x"] + 20, tip["y"] - 40, steps=8)
    page.mouse.up()
    page.wait_for_function(f"() => Number(document.getElementById('id_latitude').value) > {lat + 0.0001}")
    dragged = pin(page)
    assert dragged[0] > lat and dragged[1] > lon

    page.locator("#id_title").fill("Bænke på Blågårds Plads")
    page.locator("#id_description").fill("Flere bænke i skyggen.")
    idea = send(page)
    assert idea.district.name == "Nørrebro"
    assert (round(idea.latitude, 6), round(idea.longitude, 6)) == (round(dragged[0], 6), round(dragged[1], 6))
    assert "Bænke på Blågårds Plads" in page.locator("h1").inner_text()
    assert not errors


def test_place_the_pin_and_send_the_idea_with_the_keyboard_only(page, context, live_server, submit_site):
    """Tab to the fields and type, Tab to the map, move it with the arrow keys, Enter places the pin, and the
    live region says where; then Tab to the button and send. No mouse."""
    sign_in(context, live_server, submit_site.user)
    errors = open_form(page, submit_site)
    active = "document.activeElement && document.activeElement.id"

    def tab_to(element_id: str, limit: int = 60) -> None:
        for _ in range(limit):
            if page.evaluate(active) == element_id:
                return
            page.keyboard.press("Tab")
        raise AssertionError(f"Tab never reached #{element_id}")

    tab_to("id_title")
    page.keyboard.type("Cykelstativer ved Superkilen")
    tab_to("id_description")
    page.keyboard.type("Der mangler plads til cykler.")
    page.keyboard.press("Enter")
    page.keyboard.type("Især om lørdagen.")
    tab_to("pin-map", limit=10)

    def press_and_let_the_map_settle(key: str) -> None:
        page.evaluate(
            "() => { window.moved = new Promise((done) => window['leafletmappin-map'].once('moveend', done)); }"
        )
        page.keyboard.press(key)
        page.evaluate("() => window.moved")

    press_and_let_the_map_settle("Equal")  # "+" on a keyboard without a numeric pad: zoom in
    press_and_let_the_map_settle("ArrowUp")
    press_and_let_the_map_settle("ArrowLeft")
    assert page.locator(".pin-map__cross").is_visible()
    live = page.locator("#pin-map-live")
    page.wait_for_function("() => document.getElementById('pin-map-live').textContent.includes('Press Enter')")
    # The nearest address and its district, or the district alone when no address is near.
    assert re.fullmatch(
        r"Centre of the map: near (.+, )?Nørrebro\. Press Enter to place the pin here\.", live.inner_text()
    )

    page.keyboard.press("Enter")
    # The announcement as it was made: the map may announce its centre again once it settles.
    placed = page.wait_for_function(
        "() => { const text = document.getElementById('pin-map-live').textContent;"
        " return text.startsWith('Pin placed near') && text; }"
    ).json_value()
    assert re.fullmatch(r"Pin placed near (.+, )?Nørrebro\.", placed)
    assert "outside" not in placed
    lat, lon = pin(page)
    centre = page.evaluate("(() => { const c = window['leafletmappin-map'].getCenter(); return [c.lat, c.lng]; })()")
    assert abs(lat - centre[0]) < 1e-5 and abs(lon - centre[1]) < 1e-5

    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type") == "submit":
            break
    assert page.evaluate("document.activeElement.textContent.trim()") == "Send idea"
    page.keyboard.press("Enter")
    page.wait_for_url("**/ideer/*/")
    idea = Idea.objects.get()
    assert idea.title == "Cykelstativer ved Superkilen"
    assert idea.description == "Der mangler plads til cykler.\nIsær om lørdagen."
    assert idea.district.name == "Nørrebro"
    assert not errors


def test_place_the_pin_by_typing_an_address(page, context, live_server, submit_site):
    """Typing part of a street shows suggestions; choosing one centres the map there and places the pin."""
    sign_in(context, live_server, submit_site.user)
    open_form(page, submit_site)
    page.locator("#id_address").press_sequentially("blågårds", delay=30)
    choice = page.get_by_role("button", name="Blågårds Plads, 2200 København N")
    choice.wait_for()
    assert "place found" in page.locator("[data-pin-results-status]").inner_text()
    choice.click()

    page.wait_for_function("() => document.getElementById('pin-map-status').textContent.includes('Blågårds Plads')")
    assert pin(page) == BLAAGAARDS_PLADS
    assert page.locator("#id_address").input_value() == "Blågårds Plads, 2200 København N"
    assert page.evaluate("document.activeElement.id") == "id_address"
    assert page.locator(".pin-map__pin").is_visible()

    page.locator("#id_title").fill("Legeplads")
    page.locator("#id_description").fill("En ny legeplads på pladsen.")
    idea = send(page)
    assert (idea.latitude, idea.longitude) == BLAAGAARDS_PLADS


def test_a_visitor_writes_first_and_signs_in_to_send(page, submit_site):
    """Amira writes her idea without an account, is asked to sign in, and lands on her sent idea."""
    open_form(page, submit_site)
    page.locator("#id_title").fill("Træer på Jagtvej")
    page.locator("#id_description").fill("Plant træer.\nMange træer.")
    page.locator("#id_address").fill("Nørrebros Runddel")
    page.get_by_role("button", name="Continue: sign in and send").click()
    page.wait_for_url("**/konto/login/**")
    page.locator("input[name=login]").fill(submit_site.user.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form.account-form button[type=submit]").click()
    page.wait_for_url("**/ideer/*/")
    idea = Idea.objects.get()
    assert (idea.title, idea.author_id, idea.district.name) == ("Træer på Jagtvej", submit_site.user.pk, "Nørrebro")
    assert idea.description == "Plant træer.\nMange træer."


def test_the_idea_form_has_no_axe_violations_before_and_after_an_error(page, context, live_server, submit_site):
    """axe-core finds no WCAG 2.1 A/AA violation on the form, with search results and a pin, or with errors."""
    sign_in(context, live_server, submit_site.user)
    open_form(page, submit_site)
    assert_no_axe_violations(page)

    page.locator("#id_address").press_sequentially("nørrebro", delay=20)
    page.locator(".pin-map__result").first.wait_for()
    assert_no_axe_violations(page)
    page.locator(".pin-map__result").first.click()
    page.locator(".pin-map__pin").wait_for()
    assert_no_axe_violations(page)

    # An empty title, and a pin outside Nørrebro: the form comes back with both errors and the pin.
    page.evaluate(
        "() => { document.getElementById('id_latitude').value = '55.6797'; "
        "document.getElementById('id_longitude').value = '12.5857'; }"
    )
    page.locator("#id_description").fill("Bænke.")
    page.get_by_role("button", name="Send idea").click()
    page.locator(".error-summary").wait_for()
    page.locator("#pin-map[data-ready='true']").wait_for()
    page.wait_for_function("() => document.activeElement.classList.contains('error-summary')")  # focus moves on load
    assert "Nørrebro" in page.locator("#id_address_error").inner_text()
    assert pin(page) == (55.6797, 12.5857)
    page.wait_for_function("() => document.getElementById('pin-map-status').textContent.includes('outside')")
    assert page.locator("#id_description").input_value() == "Bænke."
    assert not Idea.objects.exists()
    assert_no_axe_violations(page)
