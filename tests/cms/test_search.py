import pytest

from tests.cms.factories import create_project

pytestmark = pytest.mark.django_db


def test_search_finds_a_project_by_what_citizens_can_influence(client, project_index):
    """Searching for a word from a project's text lists that project, in the visitor's language only."""
    create_project(project_index, title="Et grønnere Nørrebro", can_influence="Hvor de nye lindetræer skal stå.")
    create_project(project_index, title="Ny idrætshal i Valby")
    response = client.get("/da/soeg/", {"q": "lindetræer"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Et grønnere Nørrebro" in html
    assert "Ny idrætshal i Valby" not in html


def test_empty_and_odd_queries_do_not_fail(client, home_page):
    """An empty query shows the form; punctuation-only or very long queries give a page, not an error."""
    assert client.get("/da/soeg/").status_code == 200
    assert client.get("/da/soeg/", {"q": "&&& ||| ((("}).status_code == 200
    assert client.get("/da/soeg/", {"q": '"'}).status_code == 200
    assert client.get("/da/soeg/", {"q": 'a\x00b "<script>" onx'}).status_code == 200
    assert client.get("/da/soeg/", {"q": "x" * 5000, "side": "zz"}).status_code == 200
