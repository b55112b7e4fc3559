"""A citizen's walk through the site with a real browser: links, language switch, keyboard and a narrow screen."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import e2e, open_page

pytestmark = e2e

# Danish once the catalogue is compiled (`make messages`); the English source string before that.
SKIP_LINK_TEXT = re.compile(r"^\s*(Gå til indhold|Skip to content)\s*$")
NARROW = {"width": 320, "height": 640}

FOCUSED_ELEMENT = """() => {
  const element = document.activeElement;
  return {
    tag: element.tagName.toLowerCase(),
    id: element.id,
    href: element.getAttribute("href"),
    text: element.textContent,
    inMain: Boolean(element.closest("main")),
  };
}"""

# Elements sticking out to the right of the viewport, to explain a failure.
OVERFLOWING = """() => [...document.querySelectorAll("body *")]
  .filter((element) => element.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
  .slice(0, 5)
  .map((element) => element.tagName.toLowerCase() + (element.className ? "." + String(element.className).trim()
    .replace(/\\s+/g, ".") : "") + " right=" + Math.round(element.getBoundingClientRect().right))"""


def html_lang(page) -> str:
    return page.locator("html").get_attribute("lang")


def test_home_to_project_then_english_and_back(page, demo_site):
    """From the home page a citizen opens the project card, switches to its English translation and back."""
    open_page(page, demo_site.home.url)
    assert html_lang(page) == "da"

    page.locator(".project-card").get_by_role("link", name="Et grønnere Nørrebro").click()
    page.wait_for_url(f"**{demo_site.project.url}")
    assert page.get_by_role("heading", level=1).inner_text() == "Et grønnere Nørrebro"
    assert html_lang(page) == "da"

    page.locator(".site-header").get_by_role("link", name="English", exact=True).click()
    page.wait_for_url(f"**{demo_site.project_en.url}")
    assert demo_site.project_en.url.startswith("/en/")
    assert html_lang(page) == "en"
    assert page.get_by_role("heading", level=1).inner_text() == "A greener Nørrebro"
    main = page.locator("main")
    assert "You can influence where the trees are planted." in main.inner_text()
    assert main.locator("dt", has_text="What you can influence").is_visible()

    page.locator(".site-header").get_by_role("link", name="Dansk", exact=True).click()
    page.wait_for_url(f"**{demo_site.project.url}")
    assert html_lang(page) == "da"
    assert page.get_by_role("heading", level=1).inner_text() == "Et grønnere Nørrebro"
    assert "Du kan påvirke, hvor træerne plantes." in page.locator("main").inner_text()


def test_skip_link_is_first_and_moves_focus_to_main(page, demo_site):
    """The first Tab on a page focuses the visible skip link; Enter on it moves focus to the main content."""
    open_page(page, demo_site.project.url)

    page.keyboard.press("Tab")
    focused = page.evaluate(FOCUSED_ELEMENT)
    assert focused["href"] == "#main-content", focused
    assert SKIP_LINK_TEXT.match(focused["text"]), focused
    # dkfds slides the skip link in from above the page; wait for it to arrive.
    expect(page.locator('a[href="#main-content"]')).to_be_in_viewport(ratio=1)

    page.keyboard.press("Enter")
    focused = page.evaluate(FOCUSED_ELEMENT)
    assert (focused["tag"], focused["id"]) == ("main", "main-content"), focused

    page.keyboard.press("Tab")
    focused = page.evaluate(FOCUSED_ELEMENT)
    assert focused["inMain"], f"Tab after the skip link left the main content: {focused}"


def test_map_is_reachable_by_keyboard(page, demo_site):
    """Tabbing through the project page reaches the map, which has an accessible name."""
    open_page(page, demo_site.project.url)
    map_canvas = page.locator("#project-map")
    assert map_canvas.get_attribute("aria-label")

    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate(FOCUSED_ELEMENT)["id"] == "project-map":
            break
    else:
        raise AssertionError("60 presses of Tab never focused the map (#project-map)")
    assert map_canvas.evaluate("element => element === document.activeElement")


def test_pages_fit_a_320_px_screen(page, demo_site):
    """At 320 CSS pixels wide (400 % zoom of 1280) no page scrolls sideways."""
    page.set_viewport_size(NARROW)
    too_wide = {}
    for url in (
        demo_site.home.url,
        demo_site.index.url,
        demo_site.project.url,
        demo_site.statement.url,
        demo_site.project_en.url,
        "/da/konto/login/",
        "/da/konto/signup/",
    ):
        open_page(page, url)
        width = page.evaluate("document.scrollingElement.scrollWidth")
        if width > NARROW["width"]:
            too_wide[url] = (width, page.evaluate(OVERFLOWING))
    assert not too_wide, f"Pages wider than {NARROW['width']} px: {too_wide}"
