"""A citizen's own data in Chromium: "My data" and "Delete my account" have no axe-core violations (in Danish, in
English at 320 px, and with the form's errors shown), and deleting with "keep" leaves the idea as a deleted user's."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import translation

from participation import services
from participation.models import Idea
from tests.e2e.conftest import assert_no_axe_violations, e2e, open_page

pytestmark = e2e

PASSWORD = "en-lang-og-sikker-adgangskode-42"
NARROW = {"width": 320, "height": 640}


def url(name: str, language: str = "da", **kwargs) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


@pytest.fixture
def amira(demo_site):
    """A citizen with an idea in the demo project, which she follows, and a support for it."""
    user = get_user_model().objects.create_user(email="amira@example.dk", password=PASSWORD)
    idea = services.idea_submit(
        project=demo_site.project,
        author=user,
        title="Bænke ved Runddelen",
        description="Flere bænke i skyggen, tak.",
        latitude=55.700,
        longitude=12.545,
    )
    services.comment_create(idea=idea, author=user, text="Og gerne et vandhul.")
    services.support_toggle(idea=idea, user=user)
    return user


def sign_in(context, live_server, user) -> None:
    """Give the browser a session of this citizen (made by Django's test client)."""
    client = Client()
    client.force_login(user)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])


def test_my_data_and_the_delete_page_have_no_axe_violations(page, context, live_server, amira):
    """The "My data" page lists the citizen's idea under its section heading and is reached from the header; it
    and the delete page pass axe-core in Danish, in English at 320 px, and with the delete form's errors shown."""
    sign_in(context, live_server, amira)
    open_page(page, "/da/")
    page.locator(f'.site-header__tools a[href="{url("accounts:personal_data")}"]').click()
    page.wait_for_url(f"**{url('accounts:personal_data')}")
    assert page.locator("h1").count() == 1
    assert page.get_by_role("heading", level=2).count() >= 8
    assert "Bænke ved Runddelen" in page.inner_text("main")
    assert_no_axe_violations(page)

    page.set_viewport_size(NARROW)
    open_page(page, url("accounts:personal_data", "en"))
    assert page.evaluate("document.scrollingElement.scrollWidth") <= NARROW["width"]
    assert_no_axe_violations(page)
    open_page(page, url("accounts:account_delete", "en"))
    assert page.evaluate("document.scrollingElement.scrollWidth") <= NARROW["width"]
    assert_no_axe_violations(page)

    page.set_viewport_size({"width": 1280, "height": 900})
    open_page(page, url("accounts:personal_data"))
    page.locator(f'main a[href="{url("accounts:account_delete")}"]').click()
    page.wait_for_url(f"**{url('accounts:account_delete')}")
    assert_no_axe_violations(page)
    page.locator("form.account-form button[type=submit]").click()
    page.locator(".error-summary").wait_for()
    page.wait_for_function("() => document.activeElement.classList.contains('error-summary')")  # focus moves on load
    assert page.locator("input[name=contributions][aria-invalid=true]").count() == 2
    assert_no_axe_violations(page)


def test_a_citizen_deletes_her_account_and_keeps_her_idea(page, context, live_server, amira):
    """She chooses to keep her ideas, types her password and presses Enter, is signed out and told so; her
    idea stays, written by a deleted user."""
    sign_in(context, live_server, amira)
    open_page(page, url("accounts:account_delete", "en"))
    page.get_by_label("Keep them on the site").check()
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_label("Your password").press("Enter")
    page.wait_for_url(f"**{url('accounts:account_deleted', 'en')}")
    assert page.locator("h1").inner_text() == "Your account has been deleted"
    assert page.locator(".site-header__account").is_visible()  # the sign-in and sign-up links: signed out
    assert_no_axe_violations(page)

    idea = Idea.objects.get()
    assert idea.author_id is None
    open_page(page, url("participation:idea_detail", "en", pk=idea.pk))
    assert "deleted user" in page.inner_text(".idea__meta")
    assert "Flere bænke i skyggen, tak." in page.inner_text("main")
    assert not get_user_model().objects.filter(email="amira@example.dk").exists()
