# ruff: noqa: F401, F811 -- the sites of the ballot, ideas map and results tests are imported as fixtures.
"""The Content-Security-Policy in Chromium: the public pages (home, a project with its ideas map, an idea, the idea
form, the ballot, the results, "Hvad skete der?", sign-in) and Wagtail admin work under the enforced policy and the
browser refuses nothing on them; the map draws its markers and the ballot's budget bar follows the choices."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale
from wagtail_localize.models import Translation, TranslationSource

from participation.models import Idea
from tests.e2e.conftest import e2e, open_page
from tests.e2e.test_ballot import BAR_TEXT, ballot_site, bar_says, declare_norrebro, sign_in
from tests.e2e.test_ideas_map import ideas_site
from tests.e2e.test_results import counted_site

pytestmark = e2e

# Collects every violation the page reports, from before its first script runs.
LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.effectiveDirective} refused ${event.blockedURI || "inline"} at ${event.sourceFile}:${event.lineNumber}`
  );
});
"""


class ViolationWatch:
    """What the browser refused on a page: the securitypolicyviolation events and Chromium's console reports."""

    def __init__(self, page):
        self.page = page
        self.console: list[str] = []
        self.errors: list[str] = []
        page.add_init_script(LISTEN)
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.errors.append(str(error)))

    def _on_console(self, message) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self.console.append(message.text)

    def violations(self) -> list[str]:
        events = self.page.evaluate("() => window.__cspViolations || []")
        return [*events, *self.console]

    def assert_none(self, where: str) -> None:
        found = self.violations()
        assert not found, f"The browser refused content on {where}:\n" + "\n".join(found)
        assert not self.errors, f"Script errors on {where}:\n" + "\n".join(self.errors)


def english(name: str, **kwargs) -> str:
    with translation.override("en"):
        return reverse(name, kwargs=kwargs or None)


def test_the_watch_sees_what_the_policy_refuses(page, ideas_site):
    """An inline style attribute and an inline script added to a public page are refused and reported, so the
    tests below would see one."""
    watch = ViolationWatch(page)
    open_page(page, ideas_site.project.url)
    page.evaluate(
        """() => {
          document.body.insertAdjacentHTML("beforeend", '<p style="color: red">x</p>');
          const script = document.createElement("script");
          script.textContent = "window.__inlineRan = true";
          document.body.append(script);
        }"""
    )
    page.wait_for_function("() => window.__cspViolations.length >= 2")
    found = watch.violations()
    assert any(line.startswith("style-src-attr") for line in found), found
    assert any(line.startswith("script-src-elem") for line in found), found
    assert page.evaluate("() => window.__inlineRan === undefined")


def test_project_idea_and_city_pages_run_under_the_policy(page, ideas_site, offline_geocoder):
    """Home, the project page with its ideas map (markers and clusters drawn), an idea's page with its map, the idea
    form with its pin map, "Hvad skete der?" and sign-in: nothing refused, no script error."""
    watch = ViolationWatch(page)
    project = ideas_site.project

    open_page(page, "/da/")
    watch.assert_none("the home page")

    open_page(page, project.url)
    page.locator("#project-map .sob-map__cluster, #project-map .sob-map__marker--idea").first.wait_for()
    watch.assert_none("the project page")

    idea = Idea.objects.filter(project=project).first()
    open_page(page, idea.get_absolute_url())
    assert page.locator("h1").inner_text() == idea.title
    watch.assert_none("the idea page")

    response = page.goto(english("participation:idea_submit", project_id=project.pk))
    assert response is not None and response.ok
    page.locator("#pin-map[data-ready='true']").wait_for()
    page.locator("#pin-map").click()
    assert page.locator("#id_latitude").input_value()
    watch.assert_none("the idea form")

    open_page(page, english("budgeting:what_happened"))
    watch.assert_none("Hvad skete der?")

    open_page(page, english("account_login"))
    page.locator("input[name=login]").fill("amira@example.dk")
    watch.assert_none("the sign-in page")


@pytest.fixture
def offline_geocoder(settings):
    """The address search of the idea form answers from the offline gazetteer (nothing leaves the machine)."""
    settings.PARTICIPATION_GEOCODER = "participation.geocoding.OfflineGazetteer"


def test_the_ballot_works_under_the_policy(page, context, live_server, ballot_site):
    """On the ballot the budget bar follows a pick (text and width) with nothing refused."""
    sign_in(context, live_server, ballot_site.user)
    declare_norrebro(ballot_site)
    watch = ViolationWatch(page)
    open_page(page, ballot_site.url("ballot"))
    assert page.locator(BAR_TEXT).inner_text() == "You have used 0 of 2,000,000 kr."
    page.get_by_label("Bænke på Blågårds Plads, 900,000 kr.").check()
    bar_says(page, "You have used 900,000 of 2,000,000 kr.")
    fill = page.locator("[data-ballot-bar-fill]")
    assert fill.evaluate("element => element.style.width") == "45%"
    assert fill.evaluate("element => element.getBoundingClientRect().width > 0")
    watch.assert_none("the ballot")


def test_the_results_page_runs_under_the_policy(page, counted_site):
    """The results page draws its bars (classes, not style attributes) and its map markers, with nothing refused."""
    watch = ViolationWatch(page)
    open_page(page, counted_site.url())
    assert page.locator(".sob-map__marker--winner").count() == 3
    widths = page.locator(".results-bar__fill").evaluate_all(
        "elements => elements.map((element) => element.getBoundingClientRect().width)"
    )
    assert widths[0] > widths[-1] > 0
    watch.assert_none("the results page")


def test_wagtail_admin_runs_under_the_admin_policy(page, context, live_server, ideas_site, settings):
    """A superuser's dashboard, page explorer, page editor, page preview, wagtail-localize's translation editor (its
    inline styles) and the reach report load under the admin policy with nothing refused; the same session sees the
    strict policy on the public site."""
    settings.ACCOUNTS_STAFF_MFA_REQUIRED = False
    admin = get_user_model().objects.create_superuser(email="admin@example.dk", password="en-lang-adgangskode-7")
    project = ideas_site.project
    source, _created = TranslationSource.get_or_create_from_instance(project)
    english_locale = Locale.objects.get_or_create(language_code="en")[0]
    Translation.objects.create(source=source, target_locale=english_locale).save_target(publish=True)
    translated = project.get_translation(english_locale)
    sign_in(context, live_server, admin)
    watch = ViolationWatch(page)
    for url in (
        "/admin/",
        f"/admin/pages/{project.get_parent().pk}/",
        f"/admin/pages/{project.pk}/edit/",
        f"/admin/pages/{project.pk}/edit/preview/",
        f"/admin/pages/{translated.pk}/edit/",
        "/admin/budgeting/reach/",
    ):
        response = page.goto(url)
        assert response is not None and response.ok, url
        assert "'unsafe-inline'" in response.headers["content-security-policy"]
        page.wait_for_load_state("networkidle")
        watch.assert_none(url)
    open_page(page, project.url)
    page.locator("wagtail-userbar").wait_for(state="attached")
    page.wait_for_load_state("networkidle")
    watch.assert_none("a public page with Wagtail's user bar")
    response = page.goto(project.url)
    assert "'unsafe-inline'" not in response.headers["content-security-policy"]
