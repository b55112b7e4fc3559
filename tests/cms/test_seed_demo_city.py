"""`manage.py seed_demo --scale city`: city-scale data on top of the demo, here at a small factor."""

import io
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count, F, Sum
from wagtail.models import Locale

from budgeting import services as budget_services
from budgeting.models import Ballot, BallotChoice, BudgetRound, Voter
from cms.demo import SeedReport
from cms.demo.city import CITIZEN_EMAIL, CITIZEN_PASSWORD, ROUND_TITLE, CityCounts
from cms.management.commands import seed_demo as seed_demo_command
from cms.models import Administration, ProjectIndexPage, ProjectPage
from maps import geometry
from maps.selectors import district_at
from maps.services import load_demo_areas
from participation.models import AnswerStatus, Comment, Idea, PhaseType, Support, Visibility
from tests.cms.factories import create_home_page, create_project_index

FACTOR = 0.005
COUNTS = CityCounts.scaled(FACTOR)


@dataclass(frozen=True)
class Seeded:
    first_output: str
    second_output: str
    counts_after_first: dict[str, int]
    counts_after_second: dict[str, int]


def _counts() -> dict[str, int]:
    models = (ProjectPage, Idea, Support, Comment, Ballot, BallotChoice, Voter, get_user_model())
    return {model.__name__: model.objects.count() for model in models}


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """Seed the city twice at a small factor, once for the module, and roll it all back afterwards.

    The city needs from the demo only its districts, the Danish project index and two administrations; those are
    made here and the demo itself (`cms.demo.seed_demo`, a minute of page translations) is left out, so the
    module stays quick. Its own tests are in test_seed_demo.py.
    """
    with django_db_blocker.unblock(), transaction.atomic(), pytest.MonkeyPatch.context() as patch:
        load_demo_areas()
        create_project_index(create_home_page())
        da = Locale.objects.get(language_code="da")
        Administration.objects.create(locale=da, name="Teknik- og Miljøforvaltningen", abbreviation="TMF")
        Administration.objects.create(locale=da, name="Kultur- og Fritidsforvaltningen", abbreviation="KFF")
        patch.setattr(seed_demo_command, "seed_demo", lambda progress: SeedReport())
        first, second = io.StringIO(), io.StringIO()
        args = ("seed_demo", "--scale", "city", "--city-factor", str(FACTOR))
        call_command(*args, stdout=first, stderr=first)
        counts_after_first = _counts()
        call_command(*args, stdout=second, stderr=second)
        yield Seeded(first.getvalue(), second.getvalue(), counts_after_first, _counts())
        transaction.set_rollback(True)


@pytest.fixture
def city_round(seeded, db) -> BudgetRound:
    return BudgetRound.objects.select_related("project").get(title=ROUND_TITLE)


@pytest.fixture
def city_ideas(seeded, db):
    return Idea.objects.filter(author__email__startswith="byborger")


def test_counts_follow_the_factor(seeded, db, city_round):
    """At a small factor every kind of thing is made, in the scaled numbers the command announces."""
    assert "City-scale data: 3 projects, 100 ideas, 500 supports, 250 comments, 5 proposals, 1,000 ballots" in (
        seeded.first_output
    )
    assert Idea.objects.filter(project__title__in=_city_titles()).count() == COUNTS.ideas
    assert Support.objects.filter(user__email__startswith="byborger").count() == COUNTS.supports
    assert Comment.objects.filter(author__email__startswith="byborger").count() == COUNTS.comments
    assert city_round.proposals.count() == COUNTS.proposals
    assert Ballot.objects.filter(round=city_round).count() == COUNTS.ballots
    assert get_user_model().objects.filter(email__startswith="byborger").count() == COUNTS.citizens
    assert "City-scale data built in" in seeded.first_output


def _city_titles() -> list[str]:
    return list(ProjectPage.objects.values_list("title", flat=True))


def test_second_run_adds_nothing(seeded, db):
    """Running the command again says the city is there and adds no rows."""
    assert "City-scale data is already there" in seeded.second_output
    assert seeded.counts_after_second == seeded.counts_after_first


def test_city_projects_are_listed_in_danish(seeded, db, client, city_round):
    """The city's projects are live Danish pages under the project index, listed there and served."""
    da = Locale.objects.get(language_code="da")
    index = ProjectIndexPage.objects.get(locale=da)
    projects = ProjectPage.objects.child_of(index).live().filter(locale=da, title__in=_city_titles())
    assert projects.count() == COUNTS.projects
    listing = client.get(index.url)
    assert listing.status_code == 200
    for project in projects:
        assert project.title in listing.content.decode()
        assert client.get(project.url).status_code == 200


def test_ideas_lie_inside_their_districts(city_ideas):
    """Every idea has a point inside the outline of the district it is filed under (the shipped outlines), and
    that is the district the server derives from the point."""
    assert city_ideas.count() == COUNTS.ideas
    for idea in city_ideas.select_related("district"):
        assert geometry.contains(idea.district.outline, idea.latitude, idea.longitude)
        assert district_at(idea.latitude, idea.longitude) == idea.district
    assert city_ideas.values("district").distinct().count() > 1


def test_ideas_mix_answered_unanswered_and_hidden(city_ideas):
    """Some ideas have a public answer from the project's administration, some wait for one, some are hidden
    with a reason; every idea was sent inside its project's ideas phase, before any answer."""
    answered = city_ideas.exclude(answer_status="")
    assert answered.exists() and city_ideas.filter(answer_status="").exists()
    assert not answered.filter(answer_text="").exists()
    assert not answered.exclude(answer_administration=F("project__administration")).exists()
    assert not answered.filter(first_answered_at__lt=F("created_at")).exists()
    hidden = city_ideas.filter(visibility=Visibility.HIDDEN)
    assert hidden.exists() and not hidden.filter(hidden_reason="").exists()
    for idea in city_ideas.select_related("project"):
        ideas_phase = next(p for p in idea.project.specific.ordered_phases() if p.phase_type == PhaseType.IDEAS)
        assert ideas_phase.start <= idea.created_at.date() <= ideas_phase.end


def test_supports_are_one_per_person_per_idea(city_ideas):
    """Supports are distinct (idea, person) pairs, and nobody supports their own idea."""
    supports = Support.objects.filter(idea__in=city_ideas)
    assert supports.count() == COUNTS.supports
    assert supports.values("idea", "user").distinct().count() == COUNTS.supports
    assert not supports.filter(user=F("idea__author")).exists()
    assert not supports.filter(idea__visibility=Visibility.HIDDEN).exists()


def test_replies_answer_a_comment_on_the_same_idea(city_ideas):
    """Replies are one level deep, on the same idea as the comment they answer, and come after it."""
    replies = Comment.objects.filter(idea__in=city_ideas, parent__isnull=False)
    assert replies.exists()
    assert not replies.exclude(idea=F("parent__idea")).exists()
    assert not replies.filter(parent__parent__isnull=False).exists()
    assert not replies.filter(created_at__lt=F("parent__created_at")).exists()


def test_every_proposal_has_votes_and_every_ballot_fits_the_budget(city_round):
    """All proposals are on the ballot and chosen on some ballots; no ballot spends more than the budget; every
    ballot has exactly one voter, who has voted."""
    proposals = city_round.proposals.annotate(votes=Count("ballot_choices"))
    assert proposals.count() == COUNTS.proposals
    for proposal in proposals:
        assert proposal.on_ballot and proposal.votes > 0
        assert proposal.ideas.count() == 1 and proposal.ideas.get().answer_status == AnswerStatus.PROPOSAL
    spent = Ballot.objects.filter(round=city_round).annotate(spent=Sum("choices__proposal__cost"))
    assert not spent.filter(spent__gt=city_round.total_budget).exists()
    assert not spent.filter(spent__isnull=True).exists()
    voters = Voter.objects.filter(round=city_round)
    assert voters.filter(voted=True, ballot__isnull=False).count() == COUNTS.ballots
    assert voters.values("user").distinct().count() == COUNTS.ballots
    assert len(set(spent.values_list("receipt_code", flat=True))) == COUNTS.ballots


def test_voting_is_open_and_a_new_voter_can_vote(city_round):
    """The round's vote is open today, and a citizen who has not voted yet casts a ballot with the services."""
    assert city_round.voting_open()
    user = get_user_model().objects.get(email=CITIZEN_EMAIL.format(number=COUNTS.ballots + 1))
    assert not Voter.objects.filter(round=city_round, user=user).exists()
    cheapest = city_round.proposals.order_by("cost").first()
    voter = budget_services.voter_for(round=city_round, user=user)
    ballot = budget_services.ballot_submit(voter=voter, selections={cheapest.pk: 1})
    assert ballot.selections() == {cheapest.pk: 1}
    assert Ballot.objects.filter(round=city_round).count() == COUNTS.ballots + 1


def test_a_voter_who_voted_can_change_the_vote(city_round):
    """A seeded voter still holds the link to their ballot, so they can replace it while voting is open."""
    user = get_user_model().objects.get(email=CITIZEN_EMAIL.format(number=1))
    voter = Voter.objects.get(round=city_round, user=user)
    old = voter.ballot_id
    dearest = city_round.proposals.order_by("-cost").first()
    ballot = budget_services.ballot_submit(voter=voter, selections={dearest.pk: 1})
    assert ballot.pk != old and not Ballot.objects.filter(pk=old).exists()


def test_a_city_citizen_signs_in_with_the_shared_password(seeded, client):
    """City citizens sign in on the site with the demo password the command prints (a load test needs this)."""
    email = CITIZEN_EMAIL.format(number=COUNTS.citizens)
    assert f"/ {CITIZEN_PASSWORD}" in seeded.first_output
    response = client.post("/da/konto/login/", {"login": email, "password": CITIZEN_PASSWORD})
    assert response.status_code == 302
    assert client.session.get("_auth_user_id") == str(get_user_model().objects.get(email=email).pk)


def test_ideas_list_and_map_api_of_a_city_project(seeded, db, client, city_ideas):
    """A city project's page lists its ideas and the map API returns them, as points and as clusters."""
    project = (
        ProjectPage.objects.annotate(ideas_count=Count("ideas"))
        .filter(ideas_count__gt=0)
        .get(pk=city_ideas.order_by("-pk").values_list("project", flat=True).first())
    )
    visible = city_ideas.filter(project=project, visibility=Visibility.PUBLISHED)
    page = client.get(project.url)
    assert page.status_code == 200
    assert visible.order_by("-created_at", "-pk").first().title in page.content.decode()

    points = client.get("/api/ideas.geojson", {"project": project.pk, "zoom": 18})
    assert points.status_code == 200
    features = points.json()["features"]
    assert {feature["properties"]["id"] for feature in features} == set(visible.values_list("pk", flat=True))

    clusters = client.get("/api/ideas.geojson", {"project": project.pk, "zoom": 11})
    assert clusters.status_code == 200
    counted = sum(feature["properties"].get("count", 1) for feature in clusters.json()["features"])
    assert counted == visible.count()


def test_city_factor_needs_city_scale(db):
    """--city-factor without --scale city, or a factor of zero, is refused with a clear message."""
    with pytest.raises(CommandError, match="--scale city"):
        call_command("seed_demo", "--city-factor", "0.5")
    with pytest.raises(CommandError, match="more than 0"):
        call_command("seed_demo", "--scale", "city", "--city-factor", "0")
