"""The permission matrix: role × action × phase, asked through the one function views use."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group

from participation import services
from participation.models import Phase, PhaseType
from participation.rules import can
from tests.participation.conftest import RUNDDEL, days

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "citizen", "author", "moderator", "other_moderator", "editor"]
WHEN = {"before": days(-20), "during": days(0), "after": days(20)}
SIGNED_IN = {"citizen", "author", "moderator", "other_moderator", "editor"}

# Who may do what, and in which phases. Everything not listed is refused.
EXPECTED = {
    "submit": {role: {"during"} for role in SIGNED_IN},
    "edit": {"author": {"during"}},
    "comment": {role: {"during", "after"} for role in SIGNED_IN},
    "support": {role: {"during"} for role in SIGNED_IN},
    "report": {role: {"before", "during", "after"} for role in SIGNED_IN - {"author"}},
    "moderate": {"moderator": {"before", "during", "after"}},
    "answer": {"moderator": {"before", "during", "after"}},
    "merge": {"moderator": {"before", "during", "after"}},
}


@pytest.fixture
def people(citizen, other_citizen, case_officer, other_case_officer, django_user_model):
    editor = django_user_model.objects.create_user(email="redaktoer@kk.dk", password="pw")
    editor.groups.add(Group.objects.get(name="Editors"))
    return {
        "anonymous": AnonymousUser(),
        "citizen": other_citizen,
        "author": citizen,
        "moderator": case_officer,
        "other_moderator": other_case_officer,
        "editor": editor,
    }


@pytest.fixture
def idea(project, citizen):
    Phase.objects.create(
        project=project, phase_type=PhaseType.INFORMATION, title="Info", start=days(-30), end=days(-11)
    )
    idea = services.idea_submit(
        project=project, author=citizen, title="Træer", description="Flere træer", latitude=RUNDDEL[0],
        longitude=RUNDDEL[1],
    )  # fmt: skip
    # A fresh page object, so that the information phase added above is seen.
    idea.project = type(project).objects.get(pk=project.pk)
    return idea


def test_permission_matrix(people, idea):
    """Each role may do exactly what the matrix allows, in exactly the phases it allows."""
    differences = []
    for action, allowed in EXPECTED.items():
        for role in ROLES:
            for when, at in WHEN.items():
                target = idea.project if action == "submit" else idea
                expected = when in allowed.get(role, set())
                if can(people[role], action, target, at=at) != expected:
                    differences.append(f"{role} {action} {when}: expected {expected}")
    assert not differences, "\n".join(differences)


def test_answered_idea_can_no_longer_be_edited(people, idea, tmf):
    """Once the administration has answered, even the author cannot edit the idea."""
    services.idea_answer(idea=idea, status="considering", text="Vi ser på det.", administration=tmf)
    idea.refresh_from_db()
    assert not can(people["author"], "edit", idea, at=days(0))


def test_hidden_idea_cannot_be_supported_or_commented(people, idea):
    """A hidden idea takes no support, comments or reports, but its moderator can still act on it."""
    services.moderate(target=idea, visibility="hidden", reason="Personoplysninger")
    idea.refresh_from_db()
    for action in ("support", "comment", "report"):
        assert not can(people["citizen"], action, idea, at=days(0))
    assert can(people["moderator"], "moderate", idea, at=days(0))


def test_comments_are_reported_like_ideas(people, idea):
    """Anyone signed in may report someone else's comment, not their own."""
    comment = services.comment_create(idea=idea, author=people["citizen"], text="Nej tak")
    assert can(people["author"], "report", comment, at=days(0))
    assert not can(people["citizen"], "report", comment, at=days(0))
