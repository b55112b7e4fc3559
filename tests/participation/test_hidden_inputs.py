"""Hidden inputs holding something the page never puts there (found by tests/fuzz): the form cannot show an
error on a hidden input, so such a value must not make one."""

import pytest

from participation import services
from participation.models import Comment, Idea
from tests.participation.conftest import RUNDDEL

pytestmark = pytest.mark.django_db


@pytest.fixture
def idea(project, citizen):
    return services.idea_submit(
        project=project, author=citizen, title="Flere træer", description="Ved Runddelen.",
        latitude=RUNDDEL[0], longitude=RUNDDEL[1],
    )  # fmt: skip


@pytest.mark.parametrize("parent", [":", "abc", "-1", "1.5", "٣", "9" * 40, "\x00"])
def test_a_parent_that_is_no_id_makes_an_ordinary_comment(client, idea, other_citizen, parent):
    """The comment is published as an ordinary comment, as with the id of a comment that is gone; before, the
    form came back with a 400 and an error on the hidden input that the page did not show."""
    client.force_login(other_citizen)
    response = client.post(f"/da/ideer/{idea.pk}/kommenter/", {"text": "God idé!", "parent": parent})
    assert response.status_code == 302
    assert Comment.objects.get(text="God idé!").parent is None


def test_a_reply_still_finds_its_comment(client, idea, citizen, other_citizen):
    """A valid `parent`, with spaces around it, still makes a reply."""
    first = services.comment_create(idea=idea, author=other_citizen, text="Hvor præcis?")
    client.force_login(citizen)
    client.post(f"/da/ideer/{idea.pk}/kommenter/", {"text": "Ved Runddelen.", "parent": f" {first.pk} "})
    assert Comment.objects.get(text="Ved Runddelen.").parent == first


@pytest.mark.parametrize("point", [("\x00", "\x00"), ("55.6945\x00", "12.5480"), ("a\x00b", "")])
def test_a_pin_with_nul_characters_counts_as_no_pin(client, project, citizen, point):
    """The idea is sent without a place (the location is optional here); before, the form came back with a 400
    and "Null characters are not allowed" on the hidden latitude or longitude, which the page did not show."""
    client.force_login(citizen)
    data = {"title": "Flere træer", "description": "Plant træer.", "latitude": point[0], "longitude": point[1]}
    response = client.post(f"/da/projekter/{project.pk}/ny-ide/", data)
    assert response.status_code == 302
    assert Idea.objects.get(title="Flere træer").latitude is None
