"""`manage.py seed_demo`, the implementation of the closed round's approved winners (`cms.demo.implementation`)."""

import io
from dataclasses import dataclass

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from budgeting.models import CommitteeDecision, Implementation, ImplementationUpdate
from cms.demo import closed_round


@dataclass(frozen=True)
class Seeded:
    second_output: str
    updates_after_first: int
    updates_after_second: int


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """Seed twice, once for the whole module, and roll it all back afterwards (as in test_seed_demo)."""
    with django_db_blocker.unblock(), transaction.atomic():
        first, second = io.StringIO(), io.StringIO()
        call_command("seed_demo", stdout=first, stderr=first)
        updates_after_first = ImplementationUpdate.objects.count()
        call_command("seed_demo", stdout=second, stderr=second)
        yield Seeded(second.getvalue(), updates_after_first, ImplementationUpdate.objects.count())
        transaction.set_rollback(True)


@pytest.fixture
def implementations(seeded, db) -> list[Implementation]:
    return list(
        Implementation.objects.filter(proposal__round__title=closed_round.ROUND_TITLE)
        .select_related("proposal", "administration")
        .order_by("proposal__pk")
    )


def test_the_approved_winners_are_in_progress_and_done(implementations):
    """The first approved winner is in progress at 40 %, the second done; both carried out by TMF."""
    assert [(i.status, i.progress) for i in implementations[:2]] == [("in_progress", 40), ("done", 100)]
    assert {i.administration.abbreviation for i in implementations[:2]} == {"TMF"}
    assert all(i.expected_completion is not None for i in implementations[:2])


def test_each_has_dated_updates_after_the_decision_and_a_described_photo(implementations):
    """Three updates each, dated after the committee's confirmation and never after today, written at the status they
    record; the finished one's last update has a photo with a description."""
    today = timezone.localdate()
    for implementation in implementations[:2]:
        decided = (
            CommitteeDecision.objects.filter(proposal=implementation.proposal, confirmed_at__isnull=False)
            .latest("confirmed_at")
            .confirmed_at
        )
        updates = list(implementation.updates.order_by("date"))
        assert len(updates) == 3
        assert all(timezone.localdate(decided) <= update.date <= today for update in updates)
        assert updates[0].status == "planned" and updates[-1].status == implementation.status
    last = implementations[1].updates.order_by("-date").first()
    assert last.photo and last.photo_alt


def test_the_second_run_adds_no_updates(seeded, db):
    assert seeded.updates_after_second == seeded.updates_after_first
    assert "has updates already" in seeded.second_output


def test_they_are_on_what_happened(implementations, client):
    with translation.override("da"):
        html = client.get(reverse("budgeting:what_happened")).content.decode()
    for implementation in implementations[:2]:
        assert implementation.proposal.title in html
    assert "40 %" in html and "100 %" in html
