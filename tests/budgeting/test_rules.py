"""The permission matrix: role × action × phase, asked through the one function views and the admin use."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group, Permission
from django.utils import timezone

from budgeting.rules import can
from tests.budgeting.conftest import AFTER, BEFORE, DURING, make_proposal

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "citizen", "case_officer", "other_case_officer", "editor", "superuser"]
WHEN = {"before": BEFORE, "during": DURING, "after": AFTER}
ALL = {"before", "during", "after"}
SIGNED_IN = set(ROLES) - {"anonymous"}

# Who may do what, and in which phases ("before", "during" and "after" voting). Everything else is refused.
EXPECTED = {
    "vote": {role: {"during"} for role in SIGNED_IN},
    "propose": {role: {"before"} for role in ("case_officer", "other_case_officer", "editor", "superuser")},
    "assess": {"case_officer": {"before"}, "superuser": {"before"}},
    "edit_proposal": {role: {"before"} for role in ("case_officer", "editor", "superuser")},
    "edit_round": {"editor": ALL, "superuser": ALL},
    "view_results": {},
}
PROPOSAL_ACTIONS = {"assess", "edit_proposal"}


@pytest.fixture
def people(citizen, case_officer, other_case_officer, editor, django_user_model):
    return {
        "anonymous": AnonymousUser(),
        "citizen": citizen,
        "case_officer": case_officer,
        "other_case_officer": other_case_officer,
        "editor": editor,
        "superuser": django_user_model.objects.create_superuser(email="admin@kk.dk", password="pw"),
    }


@pytest.fixture
def proposal(budget_round):
    """A proposal owned by TMF, the administration of `case_officer`."""
    return make_proposal(budget_round, feasible=None)


def test_permission_matrix(people, budget_round, proposal):
    """Each role may do exactly what the matrix allows, in exactly the phases it allows."""
    differences = []
    for action, allowed in EXPECTED.items():
        target = proposal if action in PROPOSAL_ACTIONS else budget_round
        for role in ROLES:
            for when, at in WHEN.items():
                expected = when in allowed.get(role, set())
                if can(people[role], action, target, at=at) != expected:
                    differences.append(f"{role} {action} {when}: expected {expected}")
    assert not differences, "\n".join(differences)


def test_results_are_public_once_tallied(people, budget_round):
    """Anyone, signed in or not, may see the results of a tallied round, and nobody before."""
    assert not any(can(person, "view_results", budget_round) for person in people.values())
    budget_round.tallied_at = timezone.now()
    assert all(can(person, "view_results", budget_round, at=AFTER) for person in people.values())


def test_a_tallied_round_takes_no_more_votes(people, budget_round):
    budget_round.tallied_at = timezone.now()
    assert not can(people["citizen"], "vote", budget_round, at=DURING)


def test_an_editor_needs_the_editors_group_and_admin_access(
    budget_round, case_officer, editor, officers_may_open_the_admin
):
    """A case officer with admin access is no editor; the Editors group without admin access makes none."""
    assert not can(case_officer, "edit_round", budget_round)
    assert can(editor, "edit_round", budget_round)
    Group.objects.get(name="Editors").permissions.remove(Permission.objects.get(codename="access_admin"))
    assert not can(type(editor).objects.get(pk=editor.pk), "edit_round", budget_round)


def test_inactive_people_may_do_nothing(people, budget_round, proposal):
    for role in ("citizen", "case_officer", "editor"):
        person = people[role]
        person.is_active = False
        assert not can(person, "vote", budget_round, at=DURING)
        assert not can(person, "propose", budget_round, at=BEFORE)
        assert not can(person, "assess", proposal, at=BEFORE)
        assert not can(person, "edit_round", budget_round, at=BEFORE)


def test_a_proposal_without_owner_is_assessed_by_superusers_only(people, proposal):
    type(proposal).objects.filter(pk=proposal.pk).update(administration=None)
    proposal.refresh_from_db()
    assert [role for role in ROLES if can(people[role], "assess", proposal, at=BEFORE)] == ["superuser"]
