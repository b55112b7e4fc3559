"""Ideas that citizens pin on the map, and what gathers around them: categories, earlier versions,
comments, support, reports, follows, and the administration's public answer.

Ideas point to their project page and to the answering administration by string references
("cms.ProjectPage", "cms.Administration"); this app never imports `cms`.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable, TranslatableMixin


class Visibility(models.TextChoices):
    PENDING = "pending", _("Waiting for moderation")
    PUBLISHED = "published", _("Published")
    HIDDEN = "hidden", _("Hidden")


class AnswerStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    CONSIDERING = "considering", _("Under consideration")
    PROPOSAL = "proposal", _("Moved to proposal")
    PLANNED = "planned", _("Already planned")
    NOT_POSSIBLE = "not_possible", _("Not possible")
    IMPLEMENTED = "implemented", _("Implemented")


class Category(TranslatableMixin, Orderable):
    """A category of ideas, set per project by its editors and translated with the page."""

    project = ParentalKey("cms.ProjectPage", on_delete=models.CASCADE, related_name="idea_categories")
    name = models.CharField(_("name"), max_length=80)

    panels = [FieldPanel("name")]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self) -> str:
        return self.name


class Moderated(models.Model):
    """Visibility shared by ideas and comments; the reason is shown to the author when hidden."""

    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLISHED, db_index=True
    )
    hidden_reason = models.TextField(_("reason for hiding"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class Idea(Moderated):
    project = models.ForeignKey(
        "cms.ProjectPage", verbose_name=_("project"), on_delete=models.CASCADE, related_name="ideas"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.SET_NULL, null=True, related_name="ideas"
    )
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), max_length=3000)
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.SET_NULL, null=True, blank=True, related_name="ideas"
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    # Derived on the server from the point, never taken from the form.
    district = models.ForeignKey(
        "maps.District", verbose_name=_("district"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    local_committee = models.ForeignKey(
        "maps.LocalCommittee",
        verbose_name=_("local committee"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    photo = models.ImageField(_("photo"), upload_to="ideas/%Y/%m/", blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="merged_ideas",
    )
    # The public answer: a status, a text, the answering administration (never a person) and when.
    answer_status = models.CharField(_("answer status"), max_length=14, choices=AnswerStatus.choices, blank=True)
    answer_text = models.TextField(_("answer"), blank=True)
    answer_administration = models.ForeignKey(
        "cms.Administration",
        verbose_name=_("answered by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    first_answered_at = models.DateTimeField(_("first answered"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("idea")
        verbose_name_plural = _("ideas")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["latitude", "longitude"], name="participation_idea_point"),
            models.Index(fields=["project", "visibility", "created_at"], name="participation_idea_listing"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(latitude__isnull=True) & Q(longitude__isnull=True))
                | (Q(latitude__gte=-90, latitude__lte=90) & Q(longitude__gte=-180, longitude__lte=180)),
                name="participation_idea_point_valid",
            ),
            models.CheckConstraint(
                condition=~Q(answer_status=AnswerStatus.NOT_POSSIBLE) | ~Q(answer_text=""),
                name="participation_idea_not_possible_has_reason",
                violation_error_message=_("Say why the idea is not possible."),
            ),
            models.CheckConstraint(
                condition=~Q(merged_into=models.F("pk")), name="participation_idea_not_merged_into_itself"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("participation:idea_detail", kwargs={"pk": self.pk})

    @property
    def is_answered(self) -> bool:
        return bool(self.answer_status) and self.answer_status != AnswerStatus.RECEIVED


class IdeaVersion(models.Model):
    """The text of an idea before an edit by its author."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="versions")
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), max_length=3000)
    created_at = models.DateTimeField(_("saved"), auto_now_add=True)

    class Meta:
        verbose_name = _("earlier version")
        verbose_name_plural = _("earlier versions")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class Comment(Moderated):
    """A comment on an idea, or a reply to one (one level only)."""

    idea = models.ForeignKey(Idea, verbose_name=_("idea"), on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    parent = models.ForeignKey(
        "self", verbose_name=_("reply to"), on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    text = models.TextField(_("comment"), max_length=2000)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class Support(models.Model):
    """One person's support for one idea; the database allows no second one."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        constraints = [models.UniqueConstraint(fields=["idea", "user"], name="participation_support_once")]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.idea_id}"


class Report(models.Model):
    """A citizen's report of an idea or a comment, with a reason."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, null=True, blank=True, related_name="reports")
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, null=True, blank=True, related_name="reports")
    # Empty once the reporter deleted their account: the report still counts for the moderators.
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    reason = models.TextField(_("reason"), max_length=1000)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.CheckConstraint(
                condition=Q(idea__isnull=False, comment__isnull=True) | Q(idea__isnull=True, comment__isnull=False),
                name="participation_report_one_target",
            ),
            models.UniqueConstraint(
                fields=["reporter", "idea"], condition=Q(idea__isnull=False), name="participation_report_idea_once"
            ),
            models.UniqueConstraint(
                fields=["reporter", "comment"],
                condition=Q(comment__isnull=False),
                name="participation_report_comment_once",
            ),
        ]

    def __str__(self) -> str:
        return self.reason[:60]


class Follow(models.Model):
    """A citizen follows a project or an idea, and is told when something happens to it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    project = models.ForeignKey(
        "cms.ProjectPage", on_delete=models.CASCADE, null=True, blank=True, related_name="followers"
    )
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, null=True, blank=True, related_name="followers")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.CheckConstraint(
                condition=Q(project__isnull=False, idea__isnull=True) | Q(project__isnull=True, idea__isnull=False),
                name="participation_follow_one_target",
            ),
            models.UniqueConstraint(
                fields=["user", "project"], condition=Q(project__isnull=False), name="participation_follow_project_once"
            ),
            models.UniqueConstraint(
                fields=["user", "idea"], condition=Q(idea__isnull=False), name="participation_follow_idea_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.project_id or self.idea_id}"
