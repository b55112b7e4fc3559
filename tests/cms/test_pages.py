import datetime

import pytest
from django.utils import timezone
from wagtail.models import Locale, Page
from wagtail.test.utils import WagtailTestUtils

from cms.models import HomePage, ProjectIndexPage, ProjectPage, ProjectUpdate, StandardPage
from participation.models import PhaseType
from tests.cms.factories import create_project, create_standard_page

pytestmark = pytest.mark.django_db


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


class TestPageTree:
    def test_allowed_children(self):
        """Editors can only build the tree home → project index → projects, plus standard pages."""
        assert set(HomePage.allowed_subpage_models()) == {ProjectIndexPage, StandardPage}
        assert ProjectIndexPage.allowed_subpage_models() == [ProjectPage]
        assert ProjectPage.allowed_subpage_models() == []
        assert set(StandardPage.allowed_subpage_models()) == {StandardPage}

    def test_allowed_parents(self):
        """A project lives under a project index, which lives under the home page."""
        assert ProjectPage.allowed_parent_page_models() == [ProjectIndexPage]
        assert ProjectIndexPage.allowed_parent_page_models() == [HomePage]
        assert HomePage.allowed_parent_page_models() == [Page]

    def test_one_project_index_per_home(self, home_page, project_index):
        """A second project index cannot be added under the same home page."""
        assert not ProjectIndexPage.can_create_at(home_page)
        assert StandardPage.can_create_at(home_page)


class TestProjectPage:
    def test_renders_clear_dialogue_and_current_phase(self, client, project_index):
        """The project page shows the six clear-dialogue answers and the phase running today."""
        project = create_project(
            project_index,
            title="Et grønnere Nørrebro",
            phases=[
                (PhaseType.INFORMATION, days(-30), days(-11)),
                (PhaseType.IDEAS, days(-10), days(10)),
                (PhaseType.VOTING, days(11), days(30)),
            ],
        )
        response = client.get(project.url)
        html = response.content.decode()
        assert response.status_code == 200
        assert '<html lang="da">' in html
        for text in (
            project.purpose,
            project.already_decided,
            project.can_influence,
            project.input_use,
            project.decision_timing,
        ):
            assert text in html
        assert "Hvad kan du påvirke" in html or "Det kan du påvirke" in html
        assert 'aria-current="step"' in html
        current = html.split('aria-current="step"')[1].split("</li>")[0]
        assert "Idéer" in current

    def test_renders_in_english(self, client, project_index):
        """The English translation is served under /en/ with English interface text and lang="en"."""
        project = create_project(project_index, title="Et grønnere Nørrebro")
        en = Locale.objects.get_or_create(language_code="en")[0]
        english = project.copy_for_translation(en, copy_parents=True, alias=False)
        panel = {
            "title": "A greener Nørrebro",
            "purpose": "To make the city greener.",
            "already_decided": "The budget is decided.",
            "can_influence": "You can influence where the trees are planted.",
            "input_use": "The administration turns the ideas into a proposal.",
            "decision_timing": "The committee decides in June.",
        }
        for field, value in panel.items():
            setattr(english, field, value)
        english.save_revision().publish()
        english.refresh_from_db()
        response = client.get(english.url)
        html = response.content.decode()
        assert english.url.startswith("/en/")
        assert response.status_code == 200
        assert '<html lang="en">' in html
        for value in panel.values():
            assert value in html
        assert "What you can influence" in html
        current = html.split('aria-current="step"')[1].split("</li>")[0]
        assert "Now" in current and "Ideas" in current

    def test_updates_newest_first(self, client, project_index):
        """Updates are listed with the newest first, whatever order they were entered in."""
        project = create_project(project_index)
        ProjectUpdate.objects.create(project=project, date=days(-20), title="Første nyhed", text="a")
        ProjectUpdate.objects.create(project=project, date=days(-1), title="Seneste nyhed", text="b")
        html = client.get(project.url).content.decode()
        assert html.index("Seneste nyhed") < html.index("Første nyhed")

    def test_project_without_current_phase_says_what_comes_next(self, client, project_index):
        """Between phases the page tells when the next one starts instead of showing a current phase."""
        project = create_project(project_index, phases=[(PhaseType.VOTING, days(5), days(20))])
        assert project.current_phase() is None
        html = client.get(project.url).content.decode()
        assert "Næste" in html


class TestPhases:
    def test_allows_follows_the_phase_running_at_the_time(self, project_index):
        """Submitting ideas is allowed only during the ideas phase, voting only during the voting phase."""
        project = create_project(
            project_index,
            phases=[(PhaseType.IDEAS, days(-5), days(5)), (PhaseType.VOTING, days(6), days(20))],
        )
        assert project.allows("submit", at=days(0))
        assert not project.allows("vote", at=days(0))
        assert project.allows("vote", at=days(6))
        assert not project.allows("submit", at=days(21))


class TestOverlappingPhasesInAdmin(WagtailTestUtils):
    def post_data(self, project, phases):
        data = {
            "title": project.title,
            "slug": project.slug,
            "summary": project.summary,
            "administration": project.administration_id,
            "purpose": project.purpose,
            "already_decided": project.already_decided,
            "can_influence": project.can_influence,
            "input_use": project.input_use,
            "decision_timing": project.decision_timing,
            "contact": project.contact,
            "body-count": "0",
            "moderation_mode": project.moderation_mode,
            "location_mode": project.location_mode,
            "answer_deadline_days": str(project.answer_deadline_days),
            "idea_categories-TOTAL_FORMS": "0",
            "idea_categories-INITIAL_FORMS": "0",
            "idea_categories-MIN_NUM_FORMS": "0",
            "idea_categories-MAX_NUM_FORMS": "1000",
            "updates-TOTAL_FORMS": "0",
            "updates-INITIAL_FORMS": "0",
            "updates-MIN_NUM_FORMS": "0",
            "updates-MAX_NUM_FORMS": "1000",
            "phases-TOTAL_FORMS": str(len(phases)),
            "phases-INITIAL_FORMS": "0",
            "phases-MIN_NUM_FORMS": "1",
            "phases-MAX_NUM_FORMS": "1000",
        }
        for i, (phase_type, title, start, end) in enumerate(phases):
            data.update(
                {
                    f"phases-{i}-phase_type": phase_type,
                    f"phases-{i}-title": title,
                    f"phases-{i}-start": start.isoformat(),
                    f"phases-{i}-end": end.isoformat(),
                    f"phases-{i}-description": "",
                    f"phases-{i}-ORDER": str(i + 1),
                    f"phases-{i}-DELETE": "",
                    f"phases-{i}-id": "",
                }
            )
        return data

    def test_overlapping_phases_are_refused_with_a_clear_message(self, client, project_index, django_user_model):
        """Saving phases that share days is refused, names both phases, and keeps what the editor typed."""
        editor = django_user_model.objects.create_superuser(email="editor@example.dk", password="pw")
        client.force_login(editor)
        project = create_project(project_index, phases=[])
        data = self.post_data(
            project,
            [
                (PhaseType.IDEAS, "Idéindsamling", days(0), days(20)),
                (PhaseType.REVIEW, "Behandling af idéer", days(15), days(40)),
            ],
        )
        response = client.post(f"/admin/pages/{project.pk}/edit/", data)
        html = response.content.decode()
        assert response.status_code == 200
        assert "overlap" in html
        # The titles in curly quotes come only from the error message, not from the re-filled inputs.
        assert "“Idéindsamling”" in html and "“Behandling af idéer”" in html
        assert 'value="Behandling af idéer"' in html
        assert project.revisions.count() == 0

    def test_consecutive_phases_are_saved(self, client, project_index, django_user_model):
        """Phases that follow each other without sharing a day are saved."""
        editor = django_user_model.objects.create_superuser(email="editor@example.dk", password="pw")
        client.force_login(editor)
        project = create_project(project_index, phases=[])
        data = self.post_data(
            project,
            [
                (PhaseType.IDEAS, "Idéindsamling", days(0), days(20)),
                (PhaseType.REVIEW, "Behandling", days(21), days(40)),
            ],
        )
        response = client.post(f"/admin/pages/{project.pk}/edit/", data)
        assert response.status_code == 302
        assert ProjectPage.objects.get(pk=project.pk).get_latest_revision_as_object().phases.count() == 2


class TestStandardPage:
    def test_renders(self, client, home_page):
        """A standard page shows its title and introduction."""
        page = create_standard_page(home_page, title="Tilgængelighedserklæring", slug="tilgaengelighed")
        html = client.get(page.url).content.decode()
        assert "<h1>Tilgængelighedserklæring</h1>" in html
