"""Reporting and hiding an idea in Chromium: a citizen reports it from its page, a case officer hides it from
the work queue in Wagtail admin, and its author sees why while everyone else gets "not found". axe-core checks
every page on the way, public and (signed in as the case officer) in the admin."""

import datetime
from dataclasses import dataclass

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from maps import services as map_services
from maps.models import District
from participation import services
from participation.models import Idea, NotificationKind, PhaseType, Report, Visibility
from tests.cms.factories import AdministrationFactory, create_home_page, create_project, create_project_index
from tests.e2e.conftest import assert_no_axe_violations, e2e

pytestmark = e2e

PASSWORD = "en-lang-og-sikker-adgangskode-42"
RUNDDEL = (55.6945, 12.5480)  # Nørrebros Runddel
QUEUE = "/admin/participation/queue/"
REASON_FOR_REPORT = "Teksten indeholder en andens fulde navn og adresse."
REASON_FOR_HIDING = "Idéen nævner en privatpersons navn og adresse. Skriv den uden, så kan den vises igen."


@dataclass
class ModerationSite:
    author: object
    reporter: object
    case_officer: object
    idea: Idea


def citizen(email: str):
    user = get_user_model().objects.create_user(email=email, password=PASSWORD)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


@pytest.fixture
def moderation_site(transactional_db) -> ModerationSite:
    """A Nørrebro project of Teknik- og Miljøforvaltningen collecting ideas, with one idea by Amira that Jens
    has commented on and she has answered, and Sofie, one of the administration's case officers."""
    map_services.load_demo_areas()
    officers = Group.objects.create(name="TMF sagsbehandlere")
    officers.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    tmf = AdministrationFactory(name="Teknik- og Miljøforvaltningen", abbreviation="TMF", moderators=officers)
    today = timezone.localdate()
    project = create_project(
        create_project_index(create_home_page()),
        title="Et grønnere Nørrebro",
        slug="et-groennere-noerrebro",
        administration=tmf,
        districts=[District.objects.get(slug="norrebro")],
        phases=[(PhaseType.IDEAS, today - datetime.timedelta(days=5), today + datetime.timedelta(days=20))],
    )
    author, reporter = citizen("amira@example.dk"), citizen("jens@example.dk")
    case_officer = get_user_model().objects.create_user(email="sofie@kk.dk", password=PASSWORD)
    case_officer.groups.add(officers)
    idea = services.idea_submit(
        project=project,
        author=author,
        title="Bænke ved Runddelen",
        description="Der mangler bænke ved Nørrebros Runddel.\nGerne nogle i skyggen.",
        latitude=RUNDDEL[0],
        longitude=RUNDDEL[1],
    )
    comment = services.comment_create(idea=idea, author=reporter, text="Godt forslag, men hvor skal de stå?")
    services.comment_create(idea=idea, author=author, text="Ved cykelstien.", parent=comment)
    cache.clear()
    return ModerationSite(author=author, reporter=reporter, case_officer=case_officer, idea=idea)


def sign_in(context, live_server, user) -> None:
    """Give the browser a session of this citizen only (made by Django's test client)."""
    context.clear_cookies()
    client = Client()
    client.force_login(user)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])


def sign_in_to_the_admin(page, context, user) -> None:
    """Sign in from Wagtail's sign-in address, which is the site's sign-in page (coming back to the admin)."""
    # The site's sign-in asks for a confirmed e-mail address.
    EmailAddress.objects.update_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
    context.clear_cookies()
    page.goto("/admin/login/")
    page.locator("input[name=login]").fill(user.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form.account-form button[type=submit]").click()
    page.wait_for_url("**/admin/")


def open_idea(page, idea: Idea) -> None:
    response = page.goto(idea.get_absolute_url())
    assert response is not None and response.ok, f"{idea.get_absolute_url()} answered {response and response.status}"


def test_a_case_officer_hides_a_reported_idea_and_only_its_author_sees_why(page, context, live_server, moderation_site):
    """Amira looks at her idea (with its comments, a reply indented under the comment it answers) and her edit
    page; Jens reports the idea from its page, first without a reason (the form says so) and then with one.
    Sofie, a case officer of the owning administration, signs in to Wagtail admin, finds the idea with its open
    report in her work queue, opens the answer form and leaves it, and hides the idea with a reason. Amira then
    sees the reason on the idea's page, where nothing offers to report anything any more, and in her
    notifications and an e-mail; Jens and visitors get a 404. axe-core finds no violation on any of these pages,
    with and without errors, in the public site and in the admin."""
    site = moderation_site
    idea = site.idea

    # Amira's view of her idea, with the comments, and her edit page.
    sign_in(context, live_server, site.author)
    open_idea(page, idea)
    comment = page.locator(".comments > .comment", has_text="Godt forslag")
    reply = comment.locator(".comment__replies > .comment", has_text="Ved cykelstien.")
    assert reply.bounding_box()["x"] > comment.bounding_box()["x"], "A reply is indented under its comment"
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Ret din idé").click()
    page.wait_for_url("**/rediger/")
    assert page.locator("#id_title").input_value() == idea.title
    assert_no_axe_violations(page)
    page.locator("#id_title").fill(" ")  # an empty title: the form comes back with the error, said once in the title
    page.get_by_role("button", name="Gem ændringer").click()
    page.locator(".form-error-message").wait_for()
    assert page.title() == "Fejl: Ret din idé · Sammen om byen"
    assert Idea.objects.get(pk=idea.pk).title == idea.title
    assert_no_axe_violations(page)

    # Jens reports the idea from its page.
    sign_in(context, live_server, site.reporter)
    open_idea(page, idea)
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Anmeld denne idé").click()
    page.wait_for_url("**/rapporter/")
    assert_no_axe_violations(page)
    page.get_by_label("Hvorfor anmelder du det?").fill("   ")  # no reason: the server says so
    page.get_by_role("button", name="Send anmeldelse").click()
    page.locator(".form-error-message").wait_for()
    assert page.title().startswith("Fejl: ")
    assert not Report.objects.exists()
    assert_no_axe_violations(page)
    page.get_by_label("Hvorfor anmelder du det?").fill(REASON_FOR_REPORT)
    page.get_by_role("button", name="Send anmeldelse").click()
    page.wait_for_url(f"**{idea.get_absolute_url()}")
    report = Report.objects.get()
    assert (report.idea_id, report.reporter_id, report.reason) == (idea.pk, site.reporter.pk, REASON_FOR_REPORT)
    assert Idea.objects.get(pk=idea.pk).visibility == Visibility.PUBLISHED  # one report hides nothing

    # Sofie finds it in her work queue, with its open report.
    sign_in_to_the_admin(page, context, site.case_officer)
    page.goto(QUEUE)
    row = page.locator("tbody tr", has_text=idea.title)
    assert row.get_by_text("1 åben anmeldelse").is_visible()
    assert_no_axe_violations(page)

    # The answer form, looked at and left.
    row.get_by_role("link", name=f"Svar: {idea.title}").click()
    page.wait_for_url(f"**/admin/participation/ideas/answer/{idea.pk}/**")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Annuller").click()
    page.wait_for_url(f"**{QUEUE}")

    # Hide it, from the row's "more actions" menu.
    row = page.locator("tbody tr", has_text=idea.title)
    row.get_by_role("button", name=f"Flere handlinger for “{idea.title}”").click()
    row.get_by_role("link", name="Skjul").click()
    page.wait_for_url(f"**/admin/participation/ideas/hide/{idea.pk}/**")
    assert_no_axe_violations(page)
    page.get_by_label("Begrundelse for at skjule").fill(REASON_FOR_HIDING)
    page.get_by_role("button", name="Skjul").click()
    page.wait_for_url(f"**{QUEUE}")
    assert page.get_by_text(f"“{idea.title}” er skjult.").is_visible()
    assert page.locator("tbody tr", has_text=idea.title).count() == 0
    hidden = Idea.objects.get(pk=idea.pk)
    assert (hidden.visibility, hidden.hidden_reason) == (Visibility.HIDDEN, REASON_FOR_HIDING)
    assert Report.objects.get().resolved_at is not None

    # Amira sees why, on the idea's page and in her notifications.
    sign_in(context, live_server, site.author)
    open_idea(page, idea)
    alert = page.get_by_role("status").filter(has_text="Din idé er skjult")
    assert REASON_FOR_HIDING in alert.inner_text()
    # Nothing on a hidden idea can be reported any more, so no link offers it.
    assert page.get_by_role("link", name="Anmeld kommentar").count() == 0
    assert page.get_by_role("link", name="Anmeld denne idé").count() == 0
    page.goto("/da/notifikationer/")
    notification = page.locator(".notification", has_text=idea.title)
    assert notification.is_visible()
    assert_no_axe_violations(page)
    assert site.author.notifications.filter(kind=NotificationKind.HIDDEN, idea=idea).exists()
    (email,) = [message for message in mail.outbox if message.to == [site.author.email]]
    assert idea.title in email.subject and REASON_FOR_HIDING in email.body
    assert not [message for message in mail.outbox if message.to != [site.author.email]]

    # Jens, and a visitor who is not signed in, get "not found".
    sign_in(context, live_server, site.reporter)
    assert page.goto(idea.get_absolute_url()).status == 404
    context.clear_cookies()
    assert page.goto(idea.get_absolute_url()).status == 404
