"""A project's participation process: its dated phases and the features each phase opens.

The process is owned by a Wagtail project page, but this app never imports `cms`: phases point to
their page by a string model reference, and `Process` is an abstract mixin the page inherits. The
rest of the app asks one question, `process.allows(feature, at=...)`, and never compares dates.
"""

import datetime

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable, TranslatableMixin


class PhaseType(models.TextChoices):
    INFORMATION = "information", _("Information")
    IDEAS = "ideas", _("Ideas")
    REVIEW = "review", _("Review")
    VOTING = "voting", _("Voting")
    REALISATION = "realisation", _("Realisation")
    EVALUATION = "evaluation", _("Evaluation")


class ModerationMode(models.TextChoices):
    PRE = "pre", _("Pre-moderation: nothing is public until a moderator approves it")
    POST = "post", _("Post-moderation: public at once, hidden by a moderator if needed")


class LocationMode(models.TextChoices):
    REQUIRED = "required", _("Required")
    OPTIONAL = "optional", _("Optional")
    NONE = "none", _("Not asked")


class Feature(models.TextChoices):
    # What a phase lets people do: verbs ("Comment" and "Vote" are nouns too, so they say which they are).
    SUBMIT = "submit", _("Submit ideas")
    COMMENT = "comment", pgettext_lazy("verb", "Comment")
    SUPPORT = "support", _("Support")
    VOTE = "vote", pgettext_lazy("verb", "Vote")


# What each phase type opens. Data, not branches: add a phase type here and nowhere else.
PHASE_FEATURES: dict[str, frozenset[str]] = {
    PhaseType.INFORMATION: frozenset(),
    PhaseType.IDEAS: frozenset({Feature.SUBMIT, Feature.COMMENT, Feature.SUPPORT}),
    PhaseType.REVIEW: frozenset({Feature.COMMENT}),
    PhaseType.VOTING: frozenset({Feature.VOTE}),
    PhaseType.REALISATION: frozenset({Feature.COMMENT}),
    PhaseType.EVALUATION: frozenset({Feature.COMMENT}),
}

# Phases in which the project is still open for citizens (shown as "open dialogues").
OPEN_PHASE_TYPES = frozenset({PhaseType.IDEAS, PhaseType.REVIEW, PhaseType.VOTING})


def local_date(at: datetime.datetime | datetime.date | None = None) -> datetime.date:
    """The calendar day in Copenhagen at the given moment (now by default)."""
    if at is None:
        at = timezone.now()
    if isinstance(at, datetime.datetime):
        return timezone.localtime(at).date() if timezone.is_aware(at) else at.date()
    return at


class Phase(TranslatableMixin, Orderable):
    """A dated step of a project. Start and end days are both included.

    Translatable so that wagtail-localize translates a phase with its page: `title` and `description`
    become strings in the translation editor, while `phase_type`, `start`, `end` and `sort_order` are
    copied from the source page on every sync (wagtail-localize's defaults for choice, date and
    non-editable fields). A new phase takes its page's locale when first saved.
    """

    project = ParentalKey("cms.ProjectPage", on_delete=models.CASCADE, related_name="phases")
    phase_type = models.CharField(_("type"), max_length=20, choices=PhaseType.choices)
    title = models.CharField(_("title"), max_length=120)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    description = models.TextField(_("description"), blank=True)

    panels = [
        FieldRowPanel([FieldPanel("phase_type"), FieldPanel("title")]),
        FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
        FieldPanel("description"),
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=F("start")),
                name="participation_phase_end_after_start",
                violation_error_message=_("A phase must end on or after the day it starts."),
            ),
        ]
        indexes = [models.Index(fields=["start", "end"])]

    def __str__(self) -> str:
        return f"{self.get_phase_type_display()}: {self.title}"

    @property
    def features(self) -> frozenset[str]:
        return PHASE_FEATURES.get(self.phase_type, frozenset())

    def contains(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end

    def status(self, day: datetime.date) -> str:
        """'past', 'current' or 'upcoming' relative to the given day."""
        if day > self.end:
            return "past"
        if day < self.start:
            return "upcoming"
        return "current"


def find_overlaps(phases: list[tuple[datetime.date, datetime.date]]) -> list[tuple[int, int]]:
    """Pairs of indexes (i, j) of phases whose date ranges share at least one day."""
    overlaps = []
    for i, (start_a, end_a) in enumerate(phases):
        for j in range(i + 1, len(phases)):
            start_b, end_b = phases[j]
            if start_a <= end_b and start_b <= end_a:
                overlaps.append((i, j))
    return overlaps


class Process(models.Model):
    """Mixin for the model that owns phases (the project page). Uses `self.phases`."""

    moderation_mode = models.CharField(
        _("moderation of ideas and comments"),
        max_length=4,
        choices=ModerationMode.choices,
        default=ModerationMode.POST,
    )
    location_mode = models.CharField(
        _("location of an idea"), max_length=8, choices=LocationMode.choices, default=LocationMode.OPTIONAL
    )
    answer_deadline_days = models.PositiveSmallIntegerField(
        _("answer deadline (days)"),
        default=30,
        help_text=_("Every idea gets a public answer from the administration within this many days."),
    )

    class Meta:
        abstract = True

    def ordered_phases(self) -> list[Phase]:
        # Sorted in Python so that a prefetched `phases` relation costs no query, and kept on the
        # instance so that the several questions a page asks about its phases cost one query at most.
        if "_ordered_phases" not in self.__dict__:
            self.__dict__["_ordered_phases"] = sorted(
                self.phases.all(), key=lambda phase: (phase.start, phase.sort_order or 0)
            )
        return self.__dict__["_ordered_phases"]

    def current_phase(self, at: datetime.datetime | datetime.date | None = None) -> Phase | None:
        day = local_date(at)
        return next((phase for phase in self.ordered_phases() if phase.contains(day)), None)

    def next_phase(self, at: datetime.datetime | datetime.date | None = None) -> Phase | None:
        day = local_date(at)
        return next((phase for phase in self.ordered_phases() if phase.start > day), None)

    def allows(self, feature: str, at: datetime.datetime | datetime.date | None = None) -> bool:
        """Whether the phase running at the given moment opens this feature."""
        phase = self.current_phase(at)
        return phase is not None and feature in phase.features
