import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from participation import services
from participation.models import Comment, Support, Visibility
from tests.participation.conftest import RUNDDEL

pytestmark = pytest.mark.django_db

XSS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "<svg/onload=alert(1)>",
    "javascript:alert(1)",
    "<a href='javascript:alert(1)'>klik</a>",
    "{{ 7*7 }} {% debug %}",
]


@pytest.fixture
def idea(project, citizen):
    return services.idea_submit(
        project=project, author=citizen, title="Flere træer", description="Ved Runddelen.\nOg i sidegaderne.",
        latitude=RUNDDEL[0], longitude=RUNDDEL[1],
    )  # fmt: skip


def test_idea_page_shows_text_place_and_answer(client, idea, tmf):
    """The idea page shows the text with its line breaks, the district, and the administration's answer."""
    services.idea_answer(idea=idea, status="planned", text="Det er allerede planlagt i 2027.", administration=tmf)
    html = client.get(idea.get_absolute_url()).content.decode()
    assert "<h1>Flere træer</h1>" in html
    assert "Ved Runddelen.<br>Og i sidegaderne." in html
    assert "Nørrebro" in html
    assert "Allerede planlagt" in html and "Det er allerede planlagt i 2027." in html
    assert "Teknik- og Miljøforvaltningen" in html


def test_hidden_idea_is_gone_for_others_and_explained_to_its_author(client, idea, citizen, other_citizen):
    """A hidden idea is a 404 for everyone but its author, who sees why it was hidden."""
    services.moderate(target=idea, visibility=Visibility.HIDDEN, reason="Indeholder personoplysninger")
    assert client.get(idea.get_absolute_url()).status_code == 404
    client.force_login(other_citizen)
    assert client.get(idea.get_absolute_url()).status_code == 404
    client.force_login(citizen)
    html = client.get(idea.get_absolute_url()).content.decode()
    assert "Indeholder personoplysninger" in html


@pytest.mark.parametrize("payload", XSS)
def test_citizen_text_is_escaped(client, project, citizen, payload):
    """Scripts and markup typed by citizens are shown as text, never run."""
    idea = services.idea_submit(project=project, author=citizen, title=payload[:120], description=payload)
    services.comment_create(idea=idea, author=citizen, text=payload)
    html = client.get(idea.get_absolute_url()).content.decode()
    for dangerous in ("<script>alert", "<img src=x", "<svg/onload", "href='javascript:", "<a href='javascript"):
        assert dangerous not in html
    assert escape(payload) in html  # shown as the text that was typed


def test_support_is_a_signed_in_post_and_toggles(client, idea, other_citizen):
    """Supporting needs a signed-in POST; a second press takes the support back."""
    url = f"/da/ideer/{idea.pk}/stoet/"
    assert client.post(url).status_code == 302 and not Support.objects.exists()  # to sign-in
    client.force_login(other_citizen)
    assert client.get(url).status_code == 405
    client.post(url)
    assert Support.objects.filter(idea=idea, user=other_citizen).exists()
    assert "1 person støtter" in client.get(idea.get_absolute_url()).content.decode()
    client.post(url)
    assert not Support.objects.exists()


def test_comment_error_keeps_what_was_typed(client, idea, other_citizen):
    """A comment that is too long comes back with the typed text and a message, and nothing is saved."""
    client.force_login(other_citizen)
    long_text = "Lang kommentar " * 200
    response = client.post(f"/da/ideer/{idea.pk}/kommenter/", {"text": long_text})
    assert response.status_code == 400
    assert long_text.strip() in response.content.decode()
    assert not Comment.objects.exists()


def test_comment_and_reply(client, idea, citizen, other_citizen):
    """A citizen comments, the author replies, and both show on the idea page."""
    client.force_login(other_citizen)
    client.post(f"/da/ideer/{idea.pk}/kommenter/", {"text": "God idé!"})
    first = Comment.objects.get()
    client.force_login(citizen)
    client.post(f"/da/ideer/{idea.pk}/kommenter/", {"text": "Tak!", "parent": first.pk})
    assert Comment.objects.get(text="Tak!").parent == first
    html = client.get(idea.get_absolute_url()).content.decode()
    assert html.index("God idé!") < html.index("Tak!")


def test_reply_link_opens_the_form_for_that_comment(client, idea, citizen, other_citizen):
    """Each comment has a Reply link; it opens the comment form quoting that comment, and the reply is nested
    under it, without JavaScript. A reply to a reply goes under the same comment (one level of replies)."""
    first = services.comment_create(idea=idea, author=other_citizen, text="Hvor præcis?")
    client.force_login(citizen)
    page = client.get(idea.get_absolute_url()).content.decode()
    assert f'href="?svar={first.pk}#kommenter"' in page

    form = client.get(f"{idea.get_absolute_url()}?svar={first.pk}").content.decode()
    assert "Svar på en kommentar" in form and "Hvor præcis?" in form
    assert f'name="parent" value="{first.pk}"' in form
    client.post(f"/da/ideer/{idea.pk}/kommenter/", {"text": "Ved Runddelen.", "parent": first.pk})
    reply = Comment.objects.get(text="Ved Runddelen.")
    assert reply.parent == first
    client.force_login(other_citizen)
    client.post(f"/da/ideer/{idea.pk}/kommenter/", {"text": "Tak.", "parent": reply.pk})
    assert Comment.objects.get(text="Tak.").parent == first
    page = client.get(idea.get_absolute_url()).content.decode()
    assert f'href="?svar={reply.pk}#kommenter"' not in page


def test_a_reply_with_an_error_stays_a_reply(client, idea, citizen, other_citizen):
    """A reply that is refused comes back as a reply to the same comment, with what was typed."""
    first = services.comment_create(idea=idea, author=other_citizen, text="Hvor præcis?")
    client.force_login(citizen)
    long_text = "Langt svar " * 200
    response = client.post(f"/da/ideer/{idea.pk}/kommenter/", {"text": long_text, "parent": first.pk})
    html = response.content.decode()
    assert response.status_code == 400
    assert long_text.strip() in html and f'name="parent" value="{first.pk}"' in html
    assert "Svar på en kommentar" in html


def test_nobody_replies_to_a_hidden_comment(client, idea, citizen, other_citizen):
    """A hidden comment has no Reply link, and a reply posted to it anyway becomes an ordinary comment."""
    first = services.comment_create(idea=idea, author=other_citizen, text="Spam")
    services.moderate(target=first, visibility=Visibility.HIDDEN, reason="Reklame")
    client.force_login(citizen)
    assert f"?svar={first.pk}" not in client.get(idea.get_absolute_url()).content.decode()
    client.post(f"/da/ideer/{idea.pk}/kommenter/", {"text": "Enig", "parent": first.pk})
    assert Comment.objects.get(text="Enig").parent is None


def test_idea_page_shows_where_the_idea_is(client, idea, project, citizen):
    """An idea with a place has a map of it on its page (its pin over its district); one without has none."""
    html = client.get(idea.get_absolute_url()).content.decode()
    assert 'id="idea-map"' in html and "Hvor idéen er" in html
    assert f'"lat": {RUNDDEL[0]}' in html and '"highlight": ["norrebro"]' in html
    assert "Idéen ligger i Nørrebro." in html
    placeless = services.idea_submit(project=project, author=citizen, title="Mere grønt", description="Overalt.")
    assert 'id="idea-map"' not in client.get(placeless.get_absolute_url()).content.decode()


def test_report_with_reason(client, idea, other_citizen):
    """Reporting asks for a reason; an empty one is refused with a message."""
    client.force_login(other_citizen)
    url = f"/da/ideer/{idea.pk}/rapporter/"
    assert client.get(url).status_code == 200
    refused = client.post(url, {"reason": " "})
    assert refused.status_code == 200
    assert "påkrævet" in refused.content.decode()
    assert not idea.reports.exists()
    response = client.post(url, {"reason": "Det er reklame"})
    assert response.status_code == 302
    assert idea.reports.get().reason == "Det er reklame"


def test_authors_cannot_report_their_own_idea(client, idea, citizen):
    """The report link and action are not offered to the idea's own author."""
    client.force_login(citizen)
    assert client.get(f"/da/ideer/{idea.pk}/rapporter/").status_code == 403


@override_settings(PARTICIPATION_RATE_LIMITS={"support": "2/m", "comment": "2/m", "report": "2/m", "submit": "2/m"})
def test_support_is_rate_limited(client, idea, other_citizen):
    """Past the limit, a citizen gets a clear "please wait" page with status 429, and nothing changes."""
    client.force_login(other_citizen)
    url = f"/da/ideer/{idea.pk}/stoet/"
    client.post(url)
    client.post(url)
    response = client.post(url)
    assert response.status_code == 429
    assert "Vent lidt" in response.content.decode()


def test_idea_page_queries_do_not_grow_with_comments(client, idea, citizen, other_citizen):
    """The idea page costs the same number of queries with 1 and with 50 comments and replies."""
    first = services.comment_create(idea=idea, author=other_citizen, text="Første")

    def count() -> int:
        client.get(idea.get_absolute_url())
        with CaptureQueriesContext(connection) as queries:
            assert client.get(idea.get_absolute_url()).status_code == 200
        return len(queries)

    with_one = count()
    for number in range(49):
        services.comment_create(idea=idea, author=citizen, text=f"Svar {number}", parent=first if number % 2 else None)
    assert count() == with_one


def test_author_edits_until_the_first_answer(client, idea, citizen, other_citizen, tmf):
    """The author may correct the idea (earlier text kept) until it is answered; others may not edit at all."""
    url = f"/da/ideer/{idea.pk}/rediger/"
    client.force_login(other_citizen)
    assert client.get(url).status_code == 403
    client.force_login(citizen)
    assert "Ret din idé" in client.get(idea.get_absolute_url()).content.decode()
    response = client.post(url, {"title": "Flere lindetræer", "description": "Ved Runddelen og i Blågårdsgade."})
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.title == "Flere lindetræer"
    assert list(idea.versions.values_list("title", flat=True)) == ["Flere træer"]
    services.idea_answer(idea=idea, status="considering", text="Vi ser på det.", administration=tmf)
    assert client.get(url).status_code == 403


def test_follow_buttons_on_project_and_idea_pages(client, project, idea, other_citizen):
    """Signed-in citizens can follow the project and the idea from their pages."""
    client.force_login(other_citizen)
    project_html = client.get(project.url).content.decode()
    assert f'action="/da/notifikationer/foelg/projekt/{project.pk}/"' in project_html
    idea_html = client.get(idea.get_absolute_url()).content.decode()
    assert f'action="/da/notifikationer/foelg/ide/{idea.pk}/"' in idea_html
    client.post(f"/da/notifikationer/foelg/ide/{idea.pk}/", {"next": idea.get_absolute_url()})
    assert "Du følger denne idé." in client.get(idea.get_absolute_url()).content.decode()
    assert ">Beskeder<" in idea_html or "Beskeder <span" in idea_html
