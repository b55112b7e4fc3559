"""Issue 3's "Done when", walked in Chromium: a new citizen signs up, pins an idea inside Nørrebro with the
keyboard only, a case officer of the owning administration answers it from the work queue in Wagtail admin,
and the citizen sees the answer on the idea's page and gets the e-mail."""

import datetime
import re
from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.cache import cache
from django.utils import timezone
from wagtail.models import Locale

from cms.models import ProjectPage
from maps import services as map_services
from maps.models import District
from participation.models import AnswerStatus, Idea, PhaseType
from tests.cms.factories import AdministrationFactory, create_home_page, create_project, create_project_index
from tests.e2e.conftest import e2e, open_page, translate

pytestmark = e2e

PASSWORD = "en-lang-og-sikker-adgangskode-42"
EMAIL = "amira@example.dk"
TITLE = "Cykelstativer ved Superkilen"
ANSWER = "Vi undersøger, om der er plads til stativer ved Superkilen, og svarer igen inden sommerferien."
ACTIVE_ID = "document.activeElement && document.activeElement.id"


@pytest.fixture
def norrebro_project(transactional_db) -> ProjectPage:
    """ "Et grønnere Nørrebro", in Danish and English, collecting ideas inside Nørrebro (the city's real district
    outlines), owned by Teknik- og Miljøforvaltningen, whose case officer Sofie may use Wagtail admin."""
    map_services.load_demo_areas()
    officers = Group.objects.create(name="TMF sagsbehandlere")
    officers.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    tmf = AdministrationFactory(name="Teknik- og Miljøforvaltningen", abbreviation="TMF", moderators=officers)
    sofie = get_user_model().objects.create_user(email="sofie@kk.dk", password=PASSWORD)
    sofie.groups.add(officers)
    # Staff sign in on the site's sign-in page too, which asks for a confirmed e-mail address.
    EmailAddress.objects.create(user=sofie, email=sofie.email, verified=True, primary=True)
    today = timezone.localdate()
    project = create_project(
        create_project_index(create_home_page()),
        title="Et grønnere Nørrebro",
        slug="et-groennere-noerrebro",
        administration=tmf,
        districts=[District.objects.get(slug="norrebro")],
        phases=[(PhaseType.IDEAS, today - datetime.timedelta(days=5), today + datetime.timedelta(days=20))],
    )
    english = Locale.objects.get_or_create(language_code="en")[0]
    project_en = translate(
        ProjectPage.objects.get(pk=project.pk), english, title="A greener Nørrebro", slug="a-greener-norrebro"
    )
    cache.clear()
    return project_en


def tab_to(page, element_id: str, limit: int = 60) -> None:
    for _ in range(limit):
        if page.evaluate(ACTIVE_ID) == element_id:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached #{element_id}")


def press_and_let_the_map_settle(page, key: str) -> None:
    page.evaluate("() => { window.moved = new Promise((done) => window['leafletmappin-map'].once('moveend', done)); }")
    page.keyboard.press(key)
    page.evaluate("() => window.moved")


def test_a_new_citizen_pins_an_idea_by_keyboard_and_gets_the_administrations_answer(
    page, context, live_server, norrebro_project
):
    """Amira signs up in English and confirms her address from the e-mail; on the project's idea form she types
    her idea and places the pin in Nørrebro with the keyboard alone, and sends it. Sofie, a case officer of
    Teknik- og Miljøforvaltningen, signs in to Wagtail admin (in Danish), finds the idea in her work queue and
    answers it "Under overvejelse". Amira, signed in again, reads the answer on the idea's page, and has an
    e-mail about it, in English."""
    project = norrebro_project

    # Sign up, and confirm the address with the link in the e-mail.
    page.goto("/en/konto/signup/")
    page.locator("input[name=email]").fill(EMAIL)
    page.locator("input[name=password1]").fill(PASSWORD)
    page.locator("input[name=password2]").fill(PASSWORD)
    page.locator("form.account-form button[type=submit]").click()
    page.wait_for_url("**/konto/confirm-email/")
    assert [message.to for message in mail.outbox] == [[EMAIL]]
    link = re.search(r"https?://\S+/konto/confirm-email/\S+/", mail.outbox[0].body)
    assert link, mail.outbox[0].body
    page.goto(link.group(0))
    page.locator("form button[type=submit]").click()
    page.wait_for_url(lambda url: "/confirm-email/" not in url)
    amira = get_user_model().objects.get(email=EMAIL)
    assert amira.emailaddress_set.get().verified

    # From the project page to its idea form.
    open_page(page, project.url)
    page.get_by_role("link", name="Add an idea").click()
    page.locator("#pin-map[data-ready='true']").wait_for()

    # The idea, typed and placed with the keyboard only.
    tab_to(page, "id_title")
    page.keyboard.type(TITLE)
    tab_to(page, "id_description")
    page.keyboard.type("Der mangler plads til cykler ved pladsen.")
    tab_to(page, "pin-map", limit=10)
    press_and_let_the_map_settle(page, "Equal")  # "+": zoom in
    press_and_let_the_map_settle(page, "ArrowDown")
    press_and_let_the_map_settle(page, "ArrowRight")
    page.wait_for_function("() => document.getElementById('pin-map-live').textContent.includes('Press Enter')")
    page.keyboard.press("Enter")
    # The announcement as it was made: the map may announce its centre again once it settles.
    placed = page.wait_for_function(
        "() => { const text = document.getElementById('pin-map-live').textContent;"
        " return text.startsWith('Pin placed near') && text; }"
    ).json_value()
    assert re.fullmatch(r"Pin placed near (.+, )?Nørrebro\.", placed)
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type") == "submit":
            break
    assert page.evaluate("document.activeElement.textContent.trim()") == "Send idea"
    page.keyboard.press("Enter")
    page.wait_for_url("**/ideer/*/")
    idea = Idea.objects.get()
    assert (idea.title, idea.author_id, idea.district.name) == (TITLE, amira.pk, "Nørrebro")
    idea_url = page.url

    # Sofie answers it from her work queue.
    context.clear_cookies()
    page.goto("/admin/login/")
    page.locator("input[name=login]").fill("sofie@kk.dk")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form.account-form button[type=submit]").click()
    page.wait_for_url("**/admin/")
    page.goto("/admin/participation/queue/")
    row = page.locator("tbody tr", has_text=TITLE)
    assert "Nørrebro" in row.inner_text()
    row.get_by_role("link", name=f"Svar: {TITLE}").click()
    page.wait_for_url(f"**/admin/participation/ideas/answer/{idea.pk}/**")
    page.get_by_role("radio", name="Under overvejelse").check()
    page.get_by_label("Svar", exact=True).fill(ANSWER)
    assert page.get_by_label("Svarende forvaltning").locator("option:checked").inner_text() == (
        "Teknik- og Miljøforvaltningen"
    )
    page.get_by_role("button", name="Offentliggør svaret").click()
    page.wait_for_url("**/admin/participation/queue/")
    assert page.locator("tbody tr", has_text=TITLE).count() == 0
    idea.refresh_from_db()
    assert (idea.answer_status, idea.answer_text) == (AnswerStatus.CONSIDERING, ANSWER)

    # Amira signs in again and reads the answer; the e-mail told her.
    context.clear_cookies()
    page.goto("/en/konto/login/")
    page.locator("input[name=login]").fill(EMAIL)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form.account-form button[type=submit]").click()
    page.wait_for_url("**/en/")
    page.goto(idea_url)
    answer = page.locator("section.idea__answer")
    assert "Under consideration" in answer.inner_text()
    assert ANSWER in answer.inner_text()
    assert "Teknik- og Miljøforvaltningen" in answer.inner_text()

    answered = [message for message in mail.outbox if message.to == [EMAIL] and TITLE in message.subject]
    assert len(answered) == 1, [(message.to, message.subject) for message in mail.outbox]
    assert answered[0].subject == f"“{TITLE}” has been answered: Under consideration."
    assert ANSWER in answered[0].body
    assert urlsplit(idea_url).path in answered[0].body
