import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from participation import services
from participation.models import Idea, Visibility
from tests.participation.conftest import RUNDDEL

pytestmark = pytest.mark.django_db


def add_ideas(project, author, count: int, **fields):
    return [
        Idea.objects.create(
            project=project,
            author=author,
            title=fields.get("title", f"Idé {n}"),
            description="Tekst",
            latitude=RUNDDEL[0],
            longitude=RUNDDEL[1],
            visibility=fields.get("visibility", Visibility.PUBLISHED),
        )  # fmt: skip
        for n in range(count)
    ]


def titles(html: str) -> list[str]:
    return [part.split("</a>")[0].split(">")[-1] for part in html.split('class="idea-list__title"')[1:]]


def test_project_page_lists_ideas_with_constant_queries(client, project, citizen, other_citizen):
    """The project page costs the same number of queries with 1 and with 50 ideas (10 shown per page)."""
    ideas = add_ideas(project, citizen, 1)
    services.support_toggle(idea=ideas[0], user=other_citizen)

    def count() -> int:
        client.get(project.url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(project.url)
        assert response.status_code == 200
        return len(queries)

    with_one = count()
    for idea in add_ideas(project, citizen, 49):
        services.comment_create(idea=idea, author=other_citizen, text="Enig")
    assert count() == with_one
    assert len(titles(client.get(project.url).content.decode())) == 10


def test_sorting_by_support_and_discussion(client, project, citizen, other_citizen):
    """Ideas can be sorted newest first, by most support, or by most comments."""
    quiet, loved, debated = (add_ideas(project, citizen, 1, title=t)[0] for t in ("Stille", "Elsket", "Debatteret"))
    services.support_toggle(idea=loved, user=other_citizen)
    services.comment_create(idea=debated, author=other_citizen, text="Hmm")
    assert titles(client.get(project.url).content.decode())[0] == "Debatteret"
    assert titles(client.get(project.url, {"sorter": "mest-stoettet"}).content.decode())[0] == "Elsket"
    assert titles(client.get(project.url, {"sorter": "mest-debatteret"}).content.decode())[0] == "Debatteret"
    assert titles(client.get(project.url, {"sorter": "findes-ikke"}).content.decode())[0] == "Debatteret"


def test_only_public_ideas_are_listed(client, project, citizen):
    """Pending and hidden ideas are not listed for visitors."""
    add_ideas(project, citizen, 1, title="Synlig")
    add_ideas(project, citizen, 1, title="Venter", visibility=Visibility.PENDING)
    add_ideas(project, citizen, 1, title="Skjult", visibility=Visibility.HIDDEN)
    assert titles(client.get(project.url).content.decode()) == ["Synlig"]


def test_filter_by_answer_status_and_stats(client, project, citizen, tmf):
    """Filtering by "not answered yet" leaves out answered ideas; the page says how many are answered and how fast."""
    answered, waiting = add_ideas(project, citizen, 2)
    Idea.objects.filter(pk=answered.pk).update(created_at=timezone.now() - datetime.timedelta(days=4))
    services.idea_answer(idea=answered, status="considering", text="Vi ser på det.", administration=tmf)
    html = client.get(project.url, {"svar": "unanswered"}).content.decode()
    assert titles(html) == [waiting.title]
    assert "1 af 2 idéer besvaret" in html
    assert "4.0" in html or "4,0" in html


def test_ideas_are_shared_by_the_danish_and_english_pages(client, project, citizen):
    """An idea sent from the English page shows on the Danish page too, and the other way round."""
    from wagtail.models import Locale

    english = project.copy_for_translation(Locale.objects.get_or_create(language_code="en")[0], copy_parents=True)
    english.save_revision().publish()
    english.refresh_from_db()
    add_ideas(project, citizen, 1, title="Fra den danske side")
    add_ideas(english, citizen, 1, title="From the English page")
    for page in (project, english):
        assert set(titles(client.get(page.url).content.decode())) == {"Fra den danske side", "From the English page"}
