"""axe-core finds no WCAG 2.1 A or AA violation on the public pages, in Danish and in English."""

import pytest

from tests.e2e.conftest import assert_no_axe_violations, e2e, open_page

pytestmark = e2e

PAGES = {
    "home": lambda site: site.home.url,
    "project index": lambda site: site.index.url,
    "project": lambda site: site.project.url,
    "standard page": lambda site: site.statement.url,
    "sign-in": lambda site: "/da/konto/login/",
    "home in English": lambda site: site.home_en.url,
    "project in English": lambda site: site.project_en.url,
}


@pytest.mark.parametrize("name", PAGES)
def test_page_has_no_axe_violations(page, demo_site, name):
    """The page, loaded with its map drawn, has no WCAG 2.1 A/AA violation that axe-core can find."""
    open_page(page, PAGES[name](demo_site))
    assert_no_axe_violations(page)


def test_sign_up_with_errors_has_no_axe_violations(page, demo_site):
    """After a sign-up whose passwords differ, the page shows the error, keeps the e-mail and has no violation."""
    open_page(page, "/da/konto/signup/")
    page.locator("input[name=email]").fill("sofie@example.dk")
    page.locator("input[name=password1]").fill("en-lang-og-sikker-adgangskode-42")
    page.locator("input[name=password2]").fill("en-anden-og-sikker-adgangskode-43")
    page.locator("form.account-form button[type=submit]").click()
    page.locator(".form-error-message").first.wait_for()
    assert page.locator("input[name=email]").input_value() == "sofie@example.dk"
    assert_no_axe_violations(page)
