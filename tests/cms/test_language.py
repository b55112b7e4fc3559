import pytest
from wagtail.models import Locale

from tests.cms.factories import create_project, create_standard_page

pytestmark = pytest.mark.django_db


def translate(page, **fields):
    english = page.copy_for_translation(Locale.objects.get_or_create(language_code="en")[0], copy_parents=True)
    for name, value in fields.items():
        setattr(english, name, value)
    english.save_revision().publish()
    english.refresh_from_db()
    return english


def test_language_switch_goes_to_the_translated_page(client, project_index):
    """On a Danish project page, "English" links to the English translation of that same project."""
    project = create_project(project_index, title="Et grønnere Nørrebro")
    english = translate(project, title="A greener Nørrebro", slug="a-greener-norrebro")
    html = client.get(project.url).content.decode()
    assert f'href="{english.url}" lang="en"' in html
    back = client.get(english.url).content.decode()
    assert f'href="{project.url}" lang="da"' in back


def test_language_switch_without_translation_goes_to_the_other_home_page(client, project_index):
    """When a page has no English translation yet, "English" leads to the English home page, not a 404."""
    home = project_index.get_parent()
    english_home = translate(home.specific, title="Together about the city")
    project = create_project(project_index)
    html = client.get(project.url).content.decode()
    assert f'href="{english_home.url}" lang="en"' in html
    assert english_home.url == "/en/"


def test_every_page_declares_its_language(client, project_index):
    """Danish pages say lang="da" and pages under /en/ say lang="en", including search and sign-in."""
    home = project_index.get_parent()
    standard = create_standard_page(home)
    for url in (home.url, project_index.url, standard.url, "/da/soeg/", "/da/konto/login/"):
        assert '<html lang="da">' in client.get(url).content.decode(), url
    for url in ("/en/soeg/", "/en/konto/login/", "/en/konto/signup/"):
        assert '<html lang="en">' in client.get(url).content.decode(), url


def test_root_redirects_to_danish(client, home_page):
    """The bare address sends visitors to the Danish site."""
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/da/"


def test_missing_page_is_a_friendly_404(client, home_page):
    """An unknown address gives a 404 page in the site's look that links back to the front page."""
    response = client.get("/da/findes-ikke/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Siden findes ikke" in html
    assert "Gå til indhold" in html
