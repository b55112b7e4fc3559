"""`manage.py seed_demo`: the demo site in Danish and English, safe to run twice."""

import datetime
import io
from dataclasses import dataclass

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Revision, Site
from wagtail.permissions import policy_registry
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource

from cms.demo import content as demo_content
from cms.models import Administration, HomePage, ProjectIndexPage, ProjectPage, ProjectUpdate, SiteLinks, StandardPage
from maps import geometry
from maps.models import District, LocalCommittee
from participation.models import Phase, find_overlaps

COUNTED_MODELS = (
    Page,
    Revision,
    Administration,
    Phase,
    ProjectUpdate,
    District,
    LocalCommittee,
    Site,
    SiteLinks,
    Translation,
    StringTranslation,
    EmailAddress,
)


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
    """Seed twice, once for the whole module (seeding takes seconds), and roll it all back afterwards.

    Each test's own `db` transaction nests inside this one, so tests still cannot see each other's writes.
    """
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


def test_second_run_changes_nothing(seeded, db):
    """Running the seed again creates no objects and no revisions, says there was nothing to create and
    reports no district or committee as updated."""
    assert seeded.counts_after_second == seeded.counts_after_first
    assert "Nothing to create." in seeded.second_output
    assert "created" not in seeded.second_output
    assert "Updated" not in seeded.second_output


def test_no_text_is_left_untranslated(seeded, db):
    """Every Danish string of the demo has an English text: the seed warns about none."""
    assert "left in Danish" not in seeded.first_output


def test_seven_administrations_in_each_language(locales):
    """Each of the seven administrations exists in Danish and, as its translation, in English."""
    da, en = locales
    danish = Administration.objects.filter(locale=da)
    assert danish.count() == 7
    assert Administration.objects.filter(locale=en).count() == 7
    finance = danish.get(abbreviation="ØKF")
    assert finance.name == "Økonomiforvaltningen"
    assert finance.get_translation(en).name == "Finance Administration"


def test_districts_and_committees_are_loaded(seeded, db):
    """The 10 districts and 12 local committees are loaded."""
    assert District.objects.count() == 10
    assert LocalCommittee.objects.count() == 12


def test_danish_home_page_is_the_default_site_root(locales):
    """There is one home page per language; the default site starts at the Danish one, Wagtail's placeholder is gone."""
    da, en = locales
    assert HomePage.objects.filter(locale=da).count() == 1
    assert HomePage.objects.filter(locale=en).count() == 1
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port, site.site_name) == ("localhost", 80, "Sammen om byen")
    assert site.root_page.specific == HomePage.objects.get(locale=da)
    assert not Page.objects.filter(title="Welcome to your new Wagtail site!").exists()


def test_every_page_is_live_in_english(locales):
    """Home, project index, the two standard pages and the six projects are live in English, with English titles."""
    da, en = locales
    for model, count in ((HomePage, 1), (ProjectIndexPage, 1), (StandardPage, 2), (ProjectPage, 6)):
        assert model.objects.live().filter(locale=da).count() == count
        assert model.objects.live().filter(locale=en).count() == count
    english_titles = set(Page.objects.filter(locale=en, depth__gt=1).values_list("title", flat=True))
    assert english_titles >= {
        "Projects",
        "About the platform",
        "Accessibility statement",
        "A greener Nørrebro",
        "Citizens' budget Amager Vest 2027",
        "New sports hall in Valby",
        "Safer routes to school in Bispebjerg",
        "Citizens' budget Nørrebro and Bispebjerg 2027",
        "Citizens' budget Nørrebro and Bispebjerg 2026",
    }


def test_english_greener_norrebro_is_served_under_en(locales, client):
    """Amira's link: the English project page is live at /en/…, in English, with the English administration,
    its district and English phase titles."""
    da, en = locales
    project = ProjectPage.objects.get(locale=da, title="Et grønnere Nørrebro").get_translation(en)
    assert project.live
    assert project.title == "A greener Nørrebro"
    assert project.url.startswith("/en/")
    assert project.administration.locale == en
    assert project.administration.name == "Technical and Environmental Administration"
    assert [district.code for district in project.districts.all()] == [3]
    assert project.current_phase().title == "Ideas for green side streets"
    assert {update.title for update in project.updates.all()} == {"The ideas phase is open", "The mapping is complete"}

    response = client.get(project.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "A greener Nørrebro" in html
    assert "What you can influence" in html


def test_english_pages_are_managed_by_wagtail_localize(locales):
    """Each English page and administration is a complete, enabled wagtail-localize translation, so editors
    update it in wagtail-localize's editor."""
    _, en = locales
    translations = Translation.objects.filter(target_locale=en, enabled=True)
    assert translations.count() == 7 + 10
    for translation in translations:
        total, done = translation.get_progress()
        assert total == done, translation.source.object_repr


@pytest.mark.parametrize("spec", demo_content.PROJECTS, ids=lambda spec: spec.slug.en)
def test_each_project_is_in_its_phase_today(locales, spec):
    """Each project is, in both languages, in the phase the demo promises today; its 3–5 phases do not overlap,
    it has 1–3 updates, it has its districts, and its map position lies in one of them."""
    da, en = locales
    today = timezone.localdate()
    danish = ProjectPage.objects.get(locale=da, slug=spec.slug.da)
    for project in (danish, danish.get_translation(en)):
        phases = project.ordered_phases()
        assert 3 <= len(phases) <= 5
        assert find_overlaps([(phase.start, phase.end) for phase in phases]) == []
        assert project.current_phase(today).phase_type == spec.expected_phase
        assert 1 <= project.updates.count() <= 3
        districts = list(project.districts.all())
        assert sorted(district.code for district in districts) == sorted(spec.district_codes)
        assert any(geometry.contains(district.outline, project.latitude, project.longitude) for district in districts)


def _phase_and_update_texts(project: ProjectPage) -> tuple[list, list]:
    phases = [(phase.locale.language_code, phase.title, phase.description) for phase in project.ordered_phases()]
    updates = sorted((update.locale.language_code, update.title, update.text) for update in project.updates.all())
    return phases, updates


def _expected_texts(spec: demo_content.ProjectSpec, language: str) -> tuple[list, list]:
    phases = [(language, getattr(phase.title, language), getattr(phase.description, language)) for phase in spec.phases]
    updates = sorted(
        (language, getattr(update.title, language), getattr(update.text, language)) for update in spec.updates
    )
    return phases, updates


def _schedule(project: ProjectPage) -> tuple[list, list]:
    phases = [(phase.phase_type, phase.start, phase.end, phase.sort_order) for phase in project.ordered_phases()]
    return phases, sorted(update.date for update in project.updates.all())


@pytest.mark.parametrize("spec", demo_content.PROJECTS, ids=lambda spec: spec.slug.en)
def test_phases_and_updates_are_translated(locales, spec):
    """The Danish project's phases and updates are in Danish; those of its English translation are in English,
    with the same types, dates and order."""
    da, en = locales
    danish = ProjectPage.objects.get(locale=da, slug=spec.slug.da)
    english = danish.get_translation(en)
    assert _phase_and_update_texts(danish) == _expected_texts(spec, "da")
    assert _phase_and_update_texts(english) == _expected_texts(spec, "en")
    assert _schedule(english) == _schedule(danish)


def test_only_phase_and_update_texts_are_strings_to_translate(locales):
    """In a project's wagtail-localize source, phases contribute their title and description and updates their
    title and text; phase types and dates are no strings to translate (they are copied from the Danish page)."""
    da, _ = locales
    danish = ProjectPage.objects.get(locale=da, slug="et-groennere-noerrebro")
    source, _ = TranslationSource.get_or_create_from_instance(danish)
    child_paths = {
        (relation, field)
        for relation, _key, field in (
            segment.context.path.split(".")
            for segment in StringSegment.objects.filter(source=source).select_related("context")
            if segment.context.path.startswith(("phases.", "updates."))
        )
    }
    assert child_paths == {("phases", "title"), ("phases", "description"), ("updates", "title"), ("updates", "text")}


def test_syncing_translated_pages_keeps_english_phases_and_updates(locales):
    """After an editor moves a phase on the Danish page and syncs the translation ("Sync translated pages"),
    the English phases and updates are still in English, on the same rows, and the English phase has the new date."""
    da, en = locales
    spec = next(spec for spec in demo_content.PROJECTS if spec.slug.da == "et-groennere-noerrebro")
    danish = ProjectPage.objects.get(locale=da, slug=spec.slug.da)
    english_pks = {phase.pk for phase in danish.get_translation(en).phases.all()}

    draft = danish.get_latest_revision_as_object()
    phases = sorted(draft.phases.all(), key=lambda phase: phase.start)
    new_end = phases[-1].end + datetime.timedelta(days=7)
    phases[-1].end = new_end
    draft.phases = phases
    draft.save_revision().publish()
    # What the "Sync translated pages" view does: refresh the source, then `Translation.save_target`,
    # which is this call.
    source, _ = TranslationSource.get_or_create_from_instance(danish)
    source.update_from_db()
    source.create_or_update_translation(en, publish=True, fallback=True, copy_parent_pages=True)

    danish = ProjectPage.objects.get(pk=danish.pk)
    english = danish.get_translation(en)
    assert _phase_and_update_texts(english) == _expected_texts(spec, "en")
    assert _phase_and_update_texts(danish) == _expected_texts(spec, "da")
    assert _schedule(english) == _schedule(danish)
    assert english.ordered_phases()[-1].end == new_end
    assert {phase.pk for phase in english.phases.all()} == english_pks


def test_search_finds_the_project(locales):
    """The search index has the seeded pages: searching "Nørrebro" finds the Danish project."""
    da, _ = locales
    found = ProjectPage.objects.live().filter(locale=da).search("Nørrebro")
    assert "Et grønnere Nørrebro" in [page.title for page in found]


def test_site_links_point_to_the_standard_pages(locales):
    """The footer links go to "Om platformen" and the accessibility statement, with the platform's e-mail."""
    links = SiteLinks.for_site(Site.objects.get(is_default_site=True))
    assert links.about_page.title == "Om platformen"
    assert links.accessibility_statement.title == "Tilgængelighedserklæring"
    assert links.contact_email == "sammenombyen@kk.dk"


def test_demo_logins(seeded, db):
    """The editor can use Wagtail through the Editors group and sign in on the site with a verified e-mail;
    the superuser exists; both logins are printed."""
    users = get_user_model().objects
    editor = users.get(email="redaktoer@example.dk")
    assert editor.check_password("demo-redaktoer-2026")
    assert editor.groups.filter(name="Editors").exists()
    assert editor.has_perm("wagtailadmin.access_admin")
    assert not editor.is_superuser
    assert EmailAddress.objects.filter(user=editor, email=editor.email, verified=True, primary=True).exists()
    admin = users.get(email="admin@example.dk")
    assert admin.is_superuser and admin.check_password("demo-admin-2026")
    for output in (seeded.first_output, seeded.second_output):
        assert "Sign in at http://127.0.0.1:8000/admin/ as redaktoer@example.dk / demo-redaktoer-2026" in output
        assert "Sign in at http://127.0.0.1:8000/admin/ as admin@example.dk / demo-admin-2026" in output


def test_demo_editor_can_choose_an_administration_and_manage_media(seeded, db, client):
    """The demo editor can open the administration chooser of the page editor and add, change and delete
    images and documents: Wagtail's own Editors group grants the media permissions, and its snippet chooser
    asks for nothing beyond admin access."""
    editor = get_user_model().objects.get(email="redaktoer@example.dk")
    client.force_login(editor)
    chooser = Administration.snippet_viewset.chooser_viewset
    response = client.get(reverse(chooser.get_url_name("choose")))
    assert response.status_code == 200
    assert "Børne- og Ungdomsforvaltningen" in response.json()["html"]
    administration = Administration.objects.get(locale__language_code="da", abbreviation="TMF")
    response = client.get(reverse(chooser.get_url_name("chosen"), args=[administration.pk]))
    assert response.status_code == 200
    assert response.json()["result"]["string"] == "Teknik- og Miljøforvaltningen"
    for model in (get_image_model(), get_document_model()):
        policy = policy_registry.get_by_type(model)
        for action in ("add", "change", "delete", "choose"):
            assert policy.user_has_permission(editor, action), (model.__name__, action)
