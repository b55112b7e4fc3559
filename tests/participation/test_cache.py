"""Anonymous project pages, idea pages and map responses come from the cache, per language, until they change."""

import re

import pytest
from django.test import Client
from wagtail.models import Locale, Site

from cms.models import SiteLinks
from participation import services
from participation.models import AnswerStatus, Idea, Visibility
from tests.participation.conftest import RUNDDEL

pytestmark = pytest.mark.django_db

MAP_URL = "/api/ideas.geojson"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(autouse=True)
def _cache_on(settings, home_page):
    settings.PAGE_CACHE_SECONDS = 300
    # A running site has its settings row; the first page shown would create it, and that change empties the cache.
    for site in Site.objects.all():
        SiteLinks.for_site(site)


def add_idea(project, title="Flere træer", **fields):
    return Idea.objects.create(
        project=project,
        title=title,
        description="Plant træer langs vejen.",
        latitude=RUNDDEL[0],
        longitude=RUNDDEL[1],
        visibility=fields.pop("visibility", Visibility.PUBLISHED),
        **fields,
    )


def english(page):
    translation = page.copy_for_translation(Locale.objects.get_or_create(language_code="en")[0], copy_parents=True)
    translation.title = "A greener Nørrebro"
    translation.save_revision().publish()
    translation.refresh_from_db()
    return translation


def warm(client, url, **params):
    """Request the URL until it comes from the cache (the first request fills it) and return that response."""
    first = client.get(url, params)
    assert first.status_code == 200
    second = client.get(url, params)
    assert second["X-Page-Cache"] == "hit"
    return second


def map_params(project, **extra):
    return {"project": project.pk, "zoom": 16, **extra}


def map_titles(response) -> set[str]:
    return {feature["properties"]["title"] for feature in response.json()["features"]}


def test_a_second_anonymous_visitor_gets_the_project_page_without_database_queries(
    client, project, django_assert_num_queries
):
    """The first visit renders and stores the page; the next one is served from the cache with no query at all."""
    add_idea(project)
    first = client.get(project.url)
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = Client().get(project.url)
    assert second["X-Page-Cache"] == "hit"
    assert second.content.decode().count("Flere træer") == first.content.decode().count("Flere træer") > 0


def test_map_and_idea_pages_are_cached_too(client, project, django_assert_num_queries):
    """The map's GeoJSON and an idea's page come from the cache on the second request, with their headers."""
    idea = add_idea(project)
    client.get(MAP_URL, map_params(project))
    with django_assert_num_queries(0):
        response = client.get(MAP_URL, map_params(project))
    assert response["X-Page-Cache"] == "hit"
    assert response["Content-Type"] == "application/geo+json"
    assert response["Cache-Control"] == "public, max-age=60"
    assert map_titles(response) == {"Flere træer"}

    client.get(idea.get_absolute_url())
    with django_assert_num_queries(0):
        page = client.get(idea.get_absolute_url())
    assert page["X-Page-Cache"] == "hit"
    assert "Plant træer langs vejen." in page.content.decode()


def test_danish_and_english_are_cached_apart(client, project):
    """The Danish and the English page, and the map in either language, are separate entries."""
    english_page = english(project)
    add_idea(project)
    danish = warm(client, project.url).content.decode()
    english_html = warm(client, english_page.url).content.decode()
    assert 'lang="da"' in danish and "Et grønnere Nørrebro" in danish
    assert 'lang="en"' in english_html and "A greener Nørrebro" in english_html

    # The map takes its language from `lang`, or else from Accept-Language: the labels and links differ.
    in_danish = warm(client, MAP_URL, **map_params(project), lang="da").json()
    in_english = warm(client, MAP_URL, **map_params(project), lang="en").json()
    assert in_danish["features"][0]["properties"]["url"].startswith("/da/")
    assert in_english["features"][0]["properties"]["url"].startswith("/en/")
    warm(Client(headers={"accept-language": "da"}), MAP_URL, **map_params(project))
    negotiated = Client(headers={"accept-language": "en"}).get(MAP_URL, map_params(project))
    assert negotiated["Content-Language"] == "en"
    assert negotiated.json()["features"][0]["properties"]["url"].startswith("/en/")


def test_the_query_string_is_part_of_the_key_whatever_its_order(client, project, django_assert_num_queries):
    """Filters and pages are separate entries; the same parameters in another order are the same entry."""
    add_idea(project)
    client.get(MAP_URL, {"project": project.pk, "zoom": 16, "status": "unanswered"})
    with django_assert_num_queries(0):
        same = client.get(f"{MAP_URL}?status=unanswered&zoom=16&project={project.pk}")
    assert same["X-Page-Cache"] == "hit"
    other = client.get(MAP_URL, {"project": project.pk, "zoom": 16, "status": AnswerStatus.PLANNED})
    assert other["X-Page-Cache"] == "miss"
    assert map_titles(other) == set()
    assert client.get(project.url, {"ide-side": "2"})["X-Page-Cache"] == "miss"


def test_signed_in_people_are_never_served_from_the_cache_nor_fill_it(client, project, citizen):
    """Someone signed in gets their own page (their follow state); an anonymous visitor after them still misses."""
    anonymous = Client()
    client.force_login(citizen)
    for _ in range(2):
        response = client.get(project.url)
        assert response.status_code == 200
        assert "X-Page-Cache" not in response
        assert "amira@example.dk" in response.content.decode()
    assert client.get(MAP_URL, map_params(project)).get("X-Page-Cache") is None
    first = anonymous.get(project.url)
    assert first["X-Page-Cache"] == "miss"
    assert "amira@example.dk" not in first.content.decode()
    assert "amira@example.dk" not in anonymous.get(project.url).content.decode()
    # Signed in after the page was cached: still the person's own page.
    assert "amira@example.dk" in client.get(project.url).content.decode()


def test_a_visitor_with_messages_waiting_is_not_served_from_the_cache(client, project):
    """A message cookie means the page has something to say to this visitor alone."""
    warm(client, project.url)
    visitor = Client()
    visitor.cookies["messages"] = "anything"
    assert "X-Page-Cache" not in visitor.get(project.url)


def test_each_visitor_gets_a_csrf_token_of_their_own(project):
    """The page's follow form carries the visitor's own token: a second visitor served from the cache can post it."""
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first_page = first.get(project.url)
    (first_token,) = set(TOKEN.findall(first_page.content.decode()))

    second_page = second.get(project.url)
    assert second_page["X-Page-Cache"] == "hit"
    tokens = set(TOKEN.findall(second_page.content.decode()))
    assert first_token not in tokens and len(tokens) == 1
    assert "csrftoken" in second_page.cookies

    follow_url = re.search(r'<form method="post" action="([^"]+)" class="follow-form"', second_page.content.decode())
    response = second.post(follow_url.group(1), {"csrfmiddlewaretoken": tokens.pop(), "next": project.url})
    assert response.status_code == 302  # to the sign-in page, not refused by the CSRF check (403)
    assert "/konto/login/" in response["Location"]


def test_the_cache_can_be_turned_off(client, project, settings):
    """PAGE_CACHE_SECONDS = 0: every request is rendered and nothing says it came from a cache."""
    settings.PAGE_CACHE_SECONDS = 0
    client.get(project.url)
    assert "X-Page-Cache" not in client.get(project.url)


class TestChangesShowAtOnce:
    def test_a_new_idea(self, client, project, citizen):
        """An idea sent in shows on the project page, in its English translation and on the map at once."""
        english_page = english(project)
        warm(client, project.url)
        warm(client, english_page.url)
        warm(client, MAP_URL, **map_params(project))
        services.idea_submit(
            project=project,
            author=citizen,
            title="Bænke ved søerne",
            description="Flere bænke.",
            latitude=RUNDDEL[0],
            longitude=RUNDDEL[1],
        )
        assert "Bænke ved søerne" in client.get(project.url).content.decode()
        assert "Bænke ved søerne" in client.get(english_page.url).content.decode()
        assert map_titles(client.get(MAP_URL, map_params(project))) == {"Bænke ved søerne"}

    def test_an_answer(self, client, project, tmf):
        """The administration's answer shows on the idea's page and in the project's list at once."""
        idea = add_idea(project)
        warm(client, project.url)
        warm(client, idea.get_absolute_url())
        services.idea_answer(
            idea=idea, status=AnswerStatus.PLANNED, text="Det er allerede planlagt.", administration=tmf
        )
        assert "Det er allerede planlagt." in client.get(idea.get_absolute_url()).content.decode()
        assert str(AnswerStatus.PLANNED.label) in client.get(project.url).content.decode()

    def test_hiding_an_idea(self, client, project):
        """A hidden idea leaves the project page, the map and its own page at once."""
        idea = add_idea(project, title="Reklame for noget")
        warm(client, project.url)
        warm(client, MAP_URL, **map_params(project))
        warm(client, idea.get_absolute_url())
        services.moderate(target=idea, visibility=Visibility.HIDDEN, reason="Reklame")
        assert "Reklame for noget" not in client.get(project.url).content.decode()
        assert map_titles(client.get(MAP_URL, map_params(project))) == set()
        assert client.get(idea.get_absolute_url()).status_code == 404

    def test_support_and_comments(self, client, project, citizen):
        """A support and a comment change the counts on the idea's page at once."""
        idea = add_idea(project)
        warm(client, idea.get_absolute_url())
        warm(client, MAP_URL, **map_params(project))
        services.support_toggle(idea=idea, user=citizen)
        services.comment_create(idea=idea, author=citizen, text="Godt forslag, bænkene mangler.")
        html = client.get(idea.get_absolute_url()).content.decode()
        assert "Godt forslag, bænkene mangler." in html
        assert client.get(MAP_URL, map_params(project)).json()["features"][0]["properties"]["support_count"] == 1

    def test_publishing_the_project_page(self, client, project):
        """An editor's published change to the page shows at once, and so does unpublishing it."""
        warm(client, project.url)
        project.summary = "Nu med et nyt resumé."
        project.save_revision().publish()
        assert "Nu med et nyt resumé." in client.get(project.url).content.decode()
        warm(client, MAP_URL, **map_params(project))
        project.unpublish()
        assert client.get(project.url).status_code == 404
        assert client.get(MAP_URL, map_params(project)).status_code == 404

    def test_renaming_the_administration(self, client, project, tmf):
        """The owning administration is a snippet: renaming it shows on the project page at once."""
        warm(client, project.url)
        tmf.name = "Teknik- og Miljøforvaltningen (ny)"
        tmf.save()
        assert "Teknik- og Miljøforvaltningen (ny)" in client.get(project.url).content.decode()

    def test_a_page_cached_before_the_commit_is_dropped_after_it(
        self, client, project, tmf, django_capture_on_commit_callbacks
    ):
        """A reader may store the page between the write and its commit: the commit makes that entry stale."""
        idea = add_idea(project)
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            services.idea_answer(idea=idea, status=AnswerStatus.PLANNED, text="Planlagt.", administration=tmf)
            warm(client, idea.get_absolute_url())  # what a reader stores before the commit
        for callback in callbacks:
            callback()  # the commit
        assert client.get(idea.get_absolute_url())["X-Page-Cache"] == "miss"


def test_a_deleted_account_leaves_no_text_on_cached_pages(client, project, citizen, other_citizen):
    """Deleting an account blanks the ideas others depend on (with update(), no signal): the cached pages follow."""
    from participation import personal_data

    idea = add_idea(project, title="Amiras idé", author=citizen)
    services.comment_create(idea=idea, author=other_citizen, text="Enig!")
    warm(client, project.url)
    warm(client, idea.get_absolute_url())
    personal_data.delete(citizen, keep_contributions=False)
    assert "Amiras idé" not in client.get(project.url).content.decode()
    assert "Amiras idé" not in client.get(idea.get_absolute_url()).content.decode()


def test_made_up_query_strings_are_answered_but_never_stored(client, project):
    """Only the parameters a page reads make a cache entry: `?x=1`, `?x=2`, … cannot fill the cache (where the rate
    limits keep their counters); the page still shows."""
    add_idea(project)
    for number in range(3):
        response = client.get(project.url, {"x": number})
        assert response.status_code == 200
        assert "Flere træer" in response.content.decode()
        assert "X-Page-Cache" not in response
    assert "X-Page-Cache" not in client.get(MAP_URL, map_params(project, utm_source="avis"))
    warm(client, MAP_URL, **map_params(project))  # the parameters the map reads are cached as before
