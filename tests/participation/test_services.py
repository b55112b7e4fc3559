import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import override_settings

from participation import services
from participation.models import AnswerStatus, Idea, LocationMode, ModerationMode, Support, Visibility
from tests.participation.conftest import KONGENS_NYTORV, MALMO, RUNDDEL, days

pytestmark = pytest.mark.django_db


def submit(project, author, **kwargs):
    fields = {"title": "Flere træer", "description": "Plant træer ved Runddelen.", "latitude": RUNDDEL[0]}
    fields["longitude"] = RUNDDEL[1]
    fields.update(kwargs)
    return services.idea_submit(project=project, author=author, **fields)


class TestSubmit:
    def test_district_and_committee_come_from_the_point(self, project, citizen):
        """An idea pinned at Nørrebros Runddel is placed in Nørrebro district and Nørrebro local committee."""
        idea = submit(project, citizen)
        assert idea.district.name == "Nørrebro"
        assert idea.local_committee.name == "Nørrebro"
        assert idea.visibility == Visibility.PUBLISHED

    def test_a_point_outside_the_project_area_is_refused_naming_the_area(self, project, citizen):
        """A pin in Indre By on a Nørrebro project is refused with a message that names Nørrebro."""
        with pytest.raises(ValidationError) as error:
            submit(project, citizen, latitude=KONGENS_NYTORV[0], longitude=KONGENS_NYTORV[1])
        assert "Nørrebro" in str(error.value)
        assert not Idea.objects.exists()

    def test_a_city_wide_project_refuses_points_outside_the_municipality(self, project, citizen):
        """Without districts the area is the municipality: Indre By is fine, Malmö is refused by name."""
        project.districts.clear()
        project.save()
        assert submit(project, citizen, latitude=KONGENS_NYTORV[0], longitude=KONGENS_NYTORV[1]).district.name == (
            "Indre By"
        )
        with pytest.raises(ValidationError, match="Københavns Kommune"):
            submit(project, citizen, latitude=MALMO[0], longitude=MALMO[1])

    def test_required_location(self, project, citizen):
        """When the project requires a location, an idea without a pin is refused with a clear message."""
        project.location_mode = LocationMode.REQUIRED
        with pytest.raises(ValidationError, match="Sæt idéen på kortet"):
            submit(project, citizen, latitude=None, longitude=None)
        project.location_mode = LocationMode.OPTIONAL
        assert submit(project, citizen, latitude=None, longitude=None).district is None

    def test_only_during_the_ideas_phase(self, project, citizen):
        """Outside the ideas phase no idea can be submitted."""
        with pytest.raises(ValidationError, match="samler ikke idéer ind"):
            submit(project, citizen, at=days(15))

    def test_pre_moderation_keeps_ideas_private_until_approved(self, project, citizen):
        """With pre-moderation a new idea waits for a moderator; approving it makes it public."""
        project.moderation_mode = ModerationMode.PRE
        idea = submit(project, citizen)
        assert idea.visibility == Visibility.PENDING
        assert services.moderate(target=idea, visibility=Visibility.PUBLISHED).visibility == Visibility.PUBLISHED

    def test_too_long_title_is_refused(self, project, citizen):
        """A title over 120 characters is refused before anything is saved."""
        with pytest.raises(ValidationError):
            submit(project, citizen, title="x" * 121)
        assert not Idea.objects.exists()


class TestSupport:
    def test_toggle(self, project, citizen):
        """Supporting twice takes the support back."""
        idea = submit(project, citizen)
        assert services.support_toggle(idea=idea, user=citizen) is True
        assert services.support_toggle(idea=idea, user=citizen) is False
        assert not Support.objects.exists()

    def test_the_database_allows_one_support_per_person(self, project, citizen):
        """Even written directly, a second support by the same person is refused by the database."""
        idea = submit(project, citizen)
        Support.objects.create(idea=idea, user=citizen)
        with pytest.raises(IntegrityError), transaction.atomic():
            Support.objects.create(idea=idea, user=citizen)


class TestModeration:
    @override_settings(PARTICIPATION_AUTO_HIDE_REPORTS=2)
    def test_reports_hide_an_idea_after_the_threshold(self, project, citizen, other_citizen, django_user_model):
        """Two reports from different people hide the idea and tell the author why; a repeat counts once."""
        idea = submit(project, citizen)
        services.report_create(reporter=other_citizen, reason="Reklame", idea=idea)
        services.report_create(reporter=other_citizen, reason="Reklame igen", idea=idea)
        idea.refresh_from_db()
        assert idea.visibility == Visibility.PUBLISHED
        third = django_user_model.objects.create_user(email="x@example.dk", password="pw")
        services.report_create(reporter=third, reason="Spam", idea=idea)
        idea.refresh_from_db()
        assert idea.visibility == Visibility.HIDDEN
        assert "anmeldelser" in idea.hidden_reason

    def test_hiding_needs_a_reason(self, project, citizen):
        """A moderator must give the reason for hiding; the author sees it."""
        idea = submit(project, citizen)
        with pytest.raises(ValidationError):
            services.moderate(target=idea, visibility=Visibility.HIDDEN, reason=" ")
        hidden = services.moderate(target=idea, visibility=Visibility.HIDDEN, reason="Personoplysninger")
        assert hidden.hidden_reason == "Personoplysninger"


class TestAnswers:
    def test_not_possible_needs_a_reason(self, project, citizen, tmf):
        """ "Not possible" without a reason is refused, by the service and by the database."""
        idea = submit(project, citizen)
        with pytest.raises(ValidationError, match="ikke er mulig"):
            services.idea_answer(idea=idea, status=AnswerStatus.NOT_POSSIBLE, text="", administration=tmf)
        Idea.objects.filter(pk=idea.pk).update(answer_status=AnswerStatus.PLANNED)
        with pytest.raises(IntegrityError), transaction.atomic():
            Idea.objects.filter(pk=idea.pk).update(answer_status=AnswerStatus.NOT_POSSIBLE, answer_text="")

    def test_answer_ends_editing_and_keeps_first_answer_time(self, project, citizen, tmf):
        """The author may edit until the first answer (earlier text kept); after it, edits are refused."""
        idea = submit(project, citizen)
        services.idea_edit(idea=idea, title="Flere lindetræer", description="Ved Runddelen.")
        assert list(idea.versions.values_list("title", flat=True)) == ["Flere træer"]
        answered = services.idea_answer(
            idea=idea, status=AnswerStatus.CONSIDERING, text="Vi ser på det.", administration=tmf
        )
        first = answered.first_answered_at
        services.idea_answer(idea=idea, status=AnswerStatus.PLANNED, text="Det er planlagt.", administration=tmf)
        idea.refresh_from_db()
        assert idea.first_answered_at == first
        with pytest.raises(ValidationError, match="besvaret"):
            services.idea_edit(idea=idea, title="Ny titel", description="Ny tekst")


class TestMerge:
    def test_merge_moves_supports_without_double_counting(self, project, citizen, other_citizen):
        """Merging a duplicate points it to the kept idea and moves its supports; a person who supported
        both ideas still counts once."""
        keep, duplicate = submit(project, citizen), submit(project, other_citizen, title="Træer!")
        services.support_toggle(idea=keep, user=citizen)
        services.support_toggle(idea=duplicate, user=citizen)
        services.support_toggle(idea=duplicate, user=other_citizen)
        services.idea_merge(duplicate=duplicate, keep=keep)
        duplicate.refresh_from_db()
        assert duplicate.merged_into == keep
        assert set(keep.supports.values_list("user__email", flat=True)) == {"amira@example.dk", "jens@example.dk"}
        assert not duplicate.supports.exists()

    def test_cannot_merge_into_itself(self, project, citizen):
        """An idea cannot be merged into itself."""
        idea = submit(project, citizen)
        with pytest.raises(ValidationError):
            services.idea_merge(duplicate=idea, keep=idea)


class TestComments:
    def test_replies_are_one_level_deep(self, project, citizen, other_citizen):
        """A reply to a reply joins the thread of the first comment."""
        idea = submit(project, citizen)
        first = services.comment_create(idea=idea, author=citizen, text="God idé")
        reply = services.comment_create(idea=idea, author=other_citizen, text="Enig", parent=first)
        reply_to_reply = services.comment_create(idea=idea, author=citizen, text="Tak", parent=reply)
        assert reply.parent == first and reply_to_reply.parent == first
