"""`manage.py seed_demo`, part two: case officers, demo citizens, idea categories and about 60 ideas."""

import io
from dataclasses import dataclass

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Locale

from cms.demo import reach
from cms.demo.ideas import IDEAS
from cms.models import Administration, ProjectPage
from maps.selectors import district_at
from participation import selectors
from participation.models import (
    AnswerStatus,
    Category,
    Comment,
    Feature,
    Follow,
    Idea,
    ModerationMode,
    NotificationPreference,
    Report,
    Support,
    Visibility,
    local_date,
)
from participation.rules import is_moderator

COUNTED_MODELS = (Idea, Comment, Support, Report, Follow, Category, Group, EmailAddress, NotificationPreference)
NORREBRO = "et-groennere-noerrebro"


@dataclass(frozen=True)
class Seeded:
    first_output: str
    second_output: str
    counts_after_first: dict[str, int]
    counts_after_second: dict[str, int]


def _counts() -> dict[str, int]:
    counts = {model.__name__: model.objects.count() for model in COUNTED_MODELS}
    counts["User"] = get_user_model().objects.count()
    return counts


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """Seed twice, once for the whole module, and roll it all back afterwards (as in test_seed_demo)."""
    with django_db_blocker.unblock(), transaction.atomic():
        first, second = io.StringIO(), io.StringIO()
        call_command("seed_demo", stdout=first, stderr=first)
        counts_after_first = _counts()
        call_command("seed_demo", stdout=second, stderr=second)
        yield Seeded(first.getvalue(), second.getvalue(), counts_after_first, _counts())
        transaction.set_rollback(True)


@pytest.fixture
def locales(seeded, db):
    return Locale.objects.get(language_code="da"), Locale.objects.get(language_code="en")


@pytest.fixture
def norrebro(locales):
    return ProjectPage.objects.get(locale=locales[0], slug=NORREBRO)


def _user(email: str):
    return get_user_model().objects.get(email=email)


def test_about_sixty_ideas_most_on_norrebro(norrebro, locales):
    """At least 55 ideas, most of them on "Et grønnere Nørrebro", some on its English page and on two more projects."""
    _, en = locales
    assert Idea.objects.count() >= 55
    # The reach report's ideas (cms/demo/reach.py) come on top of these.
    assert Idea.objects.count() == len(IDEAS) + len(reach.CLOSED_IDEAS)
    assert Idea.objects.filter(project=norrebro).count() > len(IDEAS) / 2
    assert Idea.objects.filter(project=norrebro.get_translation(en)).exists()
    assert Idea.objects.values("project").distinct().count() >= 4
    assert all(len(idea.title) <= 120 for idea in Idea.objects.all())


def test_every_answer_status_occurs_from_the_owning_administration(seeded, db):
    """Every status is used, each answer comes from the project's administration, "Not possible" gives a reason,
    and many ideas are still waiting for an answer."""
    answered = Idea.objects.exclude(answer_status="").select_related("project")
    assert {idea.answer_status for idea in answered} == set(AnswerStatus.values)
    for idea in answered:
        assert idea.answer_administration_id == idea.project.administration_id
        assert idea.answer_text and idea.answered_at
    assert all(idea.answer_text for idea in answered.filter(answer_status=AnswerStatus.NOT_POSSIBLE))
    assert Idea.objects.filter(answer_status="").count() >= 10


def test_every_point_lies_in_its_projects_districts(seeded, db):
    """Each idea with a location lies inside its project's districts, and carries that district; a few have none."""
    located = Idea.objects.exclude(latitude=None).select_related("project")
    assert located.count() >= 50
    for idea in located:
        district = district_at(idea.latitude, idea.longitude, among=list(idea.project.districts.all()))
        assert district is not None, idea.title
        assert idea.district_id == district.pk, idea.title
        assert idea.local_committee_id is not None, idea.title
    assert Idea.objects.filter(latitude=None).exists()


def test_ideas_are_dated_inside_their_ideas_phase(seeded, db):
    """Each idea was sent during its project's ideas phase, before now; answers come after the idea, and the
    median answer time on Nørrebro is a matter of days."""
    now = timezone.now()
    for idea in Idea.objects.select_related("project"):
        assert idea.created_at < now
        assert idea.project.allows(Feature.SUBMIT, at=local_date(idea.created_at)), idea.title
        if idea.first_answered_at:
            assert idea.created_at < idea.first_answered_at <= idea.answered_at < now
    stats = selectors.answer_stats(project=ProjectPage.objects.get(slug=NORREBRO))
    assert stats.answered >= 10 and 1 <= stats.median_days <= 10


def test_some_work_queue_deadlines_are_breached(seeded, db):
    """Across the administrations, some waiting ideas are past their answer deadline, oldest first."""
    admin = _user("admin@example.dk")
    queue = list(selectors.work_queue(user=admin))
    now = timezone.now()
    assert any(selectors.answer_deadline(idea) < now for idea in queue)
    assert [idea.created_at for idea in queue] == sorted(idea.created_at for idea in queue)


def test_comments_supports_reports_and_moderation(seeded, db):
    """Comments with replies, supports (never from the author), open and resolved reports, one idea hidden by a
    moderator with a reason, one hidden after reports; nothing waits for approval, as no project pre-moderates."""
    assert Comment.objects.filter(parent__isnull=False).exists()
    assert Comment.objects.filter(parent__isnull=True).count() >= 15
    assert Support.objects.count() >= 100
    assert not Support.objects.filter(user_id=F("idea__author_id")).exists()
    hidden = Idea.objects.filter(visibility=Visibility.HIDDEN)
    assert hidden.filter(reports__isnull=True).exclude(hidden_reason="").exists()
    assert hidden.filter(reports__resolved_at__isnull=True).distinct().exists()
    assert Report.objects.filter(comment__isnull=False, resolved_at__isnull=True).exists()
    assert Report.objects.filter(idea__visibility=Visibility.PUBLISHED, resolved_at__isnull=False).exists()
    assert not ProjectPage.objects.filter(moderation_mode=ModerationMode.PRE).exists()
    assert not Idea.objects.filter(visibility=Visibility.PENDING).exists()


def test_each_administration_has_a_case_officer_group(locales):
    """Seven case-officer groups with Wagtail access, each the moderators of its administration in both languages."""
    da, en = locales
    for administration in Administration.objects.filter(locale=da):
        group = Group.objects.get(name=f"Sagsbehandlere – {administration.abbreviation}")
        assert administration.moderators == group
        assert administration.get_translation(en).moderators == group
        codenames = set(group.permissions.values_list("codename", flat=True))
        assert {"access_admin", "view_idea", "change_idea", "view_comment", "view_report"} <= codenames


def test_case_officer_moderates_tmfs_projects(locales, norrebro):
    """The demo case officer is in TMF's group: a moderator of "Et grønnere Nørrebro" in both languages, of no
    other administration's project, with Wagtail access and a work queue of TMF's ideas."""
    _, en = locales
    officer = _user("sagsbehandler@example.dk")
    assert officer.check_password("demo-sagsbehandler-2026")
    assert officer.has_perm("wagtailadmin.access_admin") and not officer.is_superuser
    assert EmailAddress.objects.filter(user=officer, email=officer.email, verified=True, primary=True).exists()
    assert is_moderator(officer, norrebro) and is_moderator(officer, norrebro.get_translation(en))
    for project in ProjectPage.objects.exclude(administration__abbreviation="TMF"):
        assert not is_moderator(officer, project), project.title
    queue = selectors.work_queue(user=officer)
    assert queue.exists()
    assert set(queue.values_list("project__administration__abbreviation", flat=True)) == {"TMF"}


def test_norrebro_has_categories_in_both_languages(locales, norrebro):
    """The Danish project has 3–5 categories; its English page has them in English, as wagtail-localize
    translations; ideas use their own page's categories."""
    _, en = locales
    danish = list(norrebro.idea_categories.order_by("sort_order"))
    english = {category.translation_key: category for category in norrebro.get_translation(en).idea_categories.all()}
    assert 3 <= len(danish) <= 5
    assert danish[0].name == "Træer og beplantning"
    assert english[danish[0].translation_key].name == "Trees and planting"
    assert english.keys() == {category.translation_key for category in danish}
    for idea in Idea.objects.exclude(category=None).select_related("category"):
        assert idea.category.project_id == idea.project_id
    assert Idea.objects.filter(project=norrebro, category__isnull=False).count() >= 30


def test_second_run_creates_nothing(seeded, db):
    """Running the seed again adds no idea, comment, support, report, category, group or user."""
    assert seeded.counts_after_second == seeded.counts_after_first
    assert f"{len(IDEAS)} ideas were there already" in seeded.second_output
    assert "created" not in seeded.second_output
    assert f"created {len(IDEAS)} ideas" in seeded.first_output


def test_demo_citizen_can_sign_in(seeded, db, client):
    """The printed demo citizen signs in on the site; the other demo citizens cannot and get no e-mails."""
    citizen = _user("borger@example.dk")
    response = client.post(reverse("account_login"), {"login": citizen.email, "password": "demo-borger-2026"})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == citizen.pk
    assert Idea.objects.filter(author=citizen).exists()
    assert not NotificationPreference.objects.filter(user=citizen, email_enabled=False).exists()
    others = (
        get_user_model()
        .objects.filter(email__startswith="borger", email__endswith="@example.dk")
        .exclude(pk=citizen.pk)
    )
    assert others.count() >= 12
    for user in others:
        assert not user.has_usable_password()
        assert NotificationPreference.objects.get(user=user).email_enabled is False


def test_logins_are_printed(seeded, db):
    for output in (seeded.first_output, seeded.second_output):
        assert "sagsbehandler@example.dk / demo-sagsbehandler-2026" in output
        assert "borger@example.dk / demo-borger-2026" in output
