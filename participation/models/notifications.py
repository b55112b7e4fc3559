"""What a person is told when something happens to an idea or project they wrote or follow.

A `Notification` stores facts (who, what kind, which idea, project or phase, the answer status at
that moment), never prose: its text is built when it is shown, in the reader's language. E-mail
preferences and the language of e-mails are kept per person in `NotificationPreference`.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .ideas import AnswerStatus


def language_choices() -> list[tuple[str, str]]:
    # A callable, so that settings are read when the field is used, not when this module is imported.
    return list(settings.LANGUAGES)


def default_language() -> str:
    return settings.LANGUAGE_CODE


class NotificationKind(models.TextChoices):
    ANSWERED = "answered", _("Idea answered")
    STATUS_CHANGED = "status_changed", _("Status of an idea changed")
    HIDDEN = "hidden", _("Idea hidden")
    APPROVED = "approved", _("Idea approved")
    MERGED = "merged", _("Idea merged")
    COMMENT_HIDDEN = "comment_hidden", _("Comment hidden")
    PHASE_STARTED = "phase_started", _("New phase of a project")
    PROPOSAL_MADE = "proposal_made", _("Idea became a proposal")
    PROPOSAL_DECIDED = "proposal_decided", _("Local committee decided on a proposal")
    IMPLEMENTATION_STATUS = "impl_status", _("Status of a funded proposal changed")
    IMPLEMENTATION_UPDATE = "impl_update", _("News about a funded proposal")


# Which e-mail switch of the preference governs which kind of notification.
EMAIL_SWITCH: dict[str, str] = {
    NotificationKind.ANSWERED: "email_answers",
    NotificationKind.STATUS_CHANGED: "email_answers",
    NotificationKind.HIDDEN: "email_moderation",
    NotificationKind.APPROVED: "email_moderation",
    NotificationKind.MERGED: "email_moderation",
    NotificationKind.COMMENT_HIDDEN: "email_moderation",
    NotificationKind.PHASE_STARTED: "email_phases",
    NotificationKind.PROPOSAL_MADE: "email_answers",
    NotificationKind.PROPOSAL_DECIDED: "email_proposals",
    NotificationKind.IMPLEMENTATION_STATUS: "email_proposals",
    NotificationKind.IMPLEMENTATION_UPDATE: "email_proposals",
}


class EmailFrequency(models.TextChoices):
    IMMEDIATE = "immediate", _("One e-mail for each thing that happens")
    WEEKLY = "weekly", _("One e-mail a week with everything")


class Notification(models.Model):
    """One thing one person is told, in the site and (if they want it) by e-mail."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=NotificationKind.choices)
    idea = models.ForeignKey(
        "participation.Idea", verbose_name=_("idea"), on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    comment = models.ForeignKey(
        "participation.Comment",
        verbose_name=_("comment"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    project = models.ForeignKey(
        "cms.ProjectPage", verbose_name=_("project"), on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    phase = models.ForeignKey(
        "participation.Phase",
        verbose_name=_("phase"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    # The answer status at the moment of the change: a later change must not rewrite an older notification.
    answer_status = models.CharField(_("answer status"), max_length=14, choices=AnswerStatus.choices, blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    # The title of the proposal an idea became part of, as it was then. A plain value: proposals belong to
    # the budgeting app, which this app does not know (the link is in `url`).
    proposal_title = models.CharField(_("proposal"), max_length=120, blank=True)
    # What a proposal event was, as the English source text of its label (a decision, a status), translated when
    # shown: this app does not know the budgeting app's choices.
    detail = models.CharField(_("detail"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="participation_notif_user"),
            models.Index(fields=["user"], condition=Q(read_at__isnull=True), name="participation_notif_unread"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.kind}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    def text(self) -> str:
        """One sentence saying what happened, in the active language."""
        idea = self.idea.title if self.idea_id else ""
        if self.kind == NotificationKind.ANSWERED:
            return gettext("“%(idea)s” has been answered: %(status)s.") % {
                "idea": idea,
                "status": self.get_answer_status_display(),
            }
        if self.kind == NotificationKind.STATUS_CHANGED:
            return gettext("The status of “%(idea)s” is now: %(status)s.") % {
                "idea": idea,
                "status": self.get_answer_status_display(),
            }
        if self.kind == NotificationKind.HIDDEN:
            if self.idea_id and self.idea.author_id == self.user_id:
                return gettext("Your idea “%(idea)s” has been hidden. Its page says why.") % {"idea": idea}
            # Not the title: it may be why the idea was hidden, and only the author still sees the idea.
            return gettext("An idea you follow in %(project)s has been hidden.") % {
                "project": self.project.title if self.project_id else ""
            }
        if self.kind == NotificationKind.COMMENT_HIDDEN:
            return gettext("Your comment on “%(idea)s” has been hidden. The idea's page says why.") % {"idea": idea}
        if self.kind == NotificationKind.APPROVED:
            return gettext("“%(idea)s” has been approved and is now public.") % {"idea": idea}
        if self.kind == NotificationKind.MERGED:
            kept = self.idea.merged_into if self.idea_id else None
            if kept is None:
                return gettext("“%(idea)s” has been merged with another idea.") % {"idea": idea}
            return gettext("“%(idea)s” has been merged with “%(other)s”.") % {"idea": idea, "other": kept.title}
        if self.kind == NotificationKind.PROPOSAL_MADE:
            return gettext("Your idea “%(idea)s” is now part of the proposal “%(proposal)s”.") % {
                "idea": idea,
                "proposal": self.proposal_title,
            }
        if self.kind == NotificationKind.PHASE_STARTED:
            return gettext("%(project)s has entered a new phase: %(phase)s.") % {
                "project": self.project.title if self.project_id else "",
                "phase": self.phase.title if self.phase_id else "",
            }
        # The detail is the English source text of a budgeting label ("Approved with changes", "In progress"),
        # translated here, in the reader's language.
        detail = gettext(self.detail) if self.detail else ""
        if self.kind == NotificationKind.PROPOSAL_DECIDED:
            if not detail:
                return gettext("The local committee has decided on “%(proposal)s”.") % {"proposal": self.proposal_title}
            return gettext("The local committee has decided on “%(proposal)s”: %(decision)s.") % {
                "proposal": self.proposal_title,
                "decision": detail,
            }
        if self.kind == NotificationKind.IMPLEMENTATION_STATUS:
            if not detail:
                return gettext("The status of “%(proposal)s” has changed.") % {"proposal": self.proposal_title}
            return gettext("“%(proposal)s” is now: %(status)s.") % {"proposal": self.proposal_title, "status": detail}
        if self.kind == NotificationKind.IMPLEMENTATION_UPDATE:
            return gettext("There is news about “%(proposal)s”.") % {"proposal": self.proposal_title}
        return str(self.get_kind_display())


class NotificationPreference(models.Model):
    """A person's choice of e-mails, and the language they are written in.

    Without a row the defaults apply: every kind of e-mail, in the site's default language.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="notification_preference",
    )
    email_enabled = models.BooleanField(
        _("send me e-mails"),
        default=True,
        help_text=_("Notifications are always shown on the site. Turn this off to get no e-mails at all."),
    )
    email_answers = models.BooleanField(
        _("when an idea I wrote or follow is answered or changes status, and when my idea becomes part of a proposal"),
        default=True,
    )
    email_moderation = models.BooleanField(
        _("when an idea I wrote or follow is approved, hidden or merged"), default=True
    )
    email_phases = models.BooleanField(_("when a project I follow enters a new phase"), default=True)
    email_proposals = models.BooleanField(
        _(
            "when a proposal I follow, or one that grew from my idea, is decided by the local committee or changes "
            "while it is carried out"
        ),
        default=True,
    )
    email_frequency = models.CharField(
        _("how often"), max_length=10, choices=EmailFrequency.choices, default=EmailFrequency.IMMEDIATE
    )
    # When the last weekly digest went out; the next one holds what came after.
    digest_sent_at = models.DateTimeField(_("last weekly e-mail"), null=True, blank=True, editable=False)
    language = models.CharField(
        _("language of e-mails"), max_length=10, choices=language_choices, default=default_language
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return str(self.user_id)

    def wants_email(self, kind: str) -> bool:
        return self.email_enabled and getattr(self, EMAIL_SWITCH[kind])


class PhaseNotice(models.Model):
    """Marks that the followers of a project have been told that a phase started, so it happens once.

    Keyed on the phase's translation key (shared by its Danish and English copies) and its start day:
    one notice for all translations, and a new one if an editor moves the start to another day.
    """

    phase_key = models.UUIDField(editable=False)
    start = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("phase notice")
        verbose_name_plural = _("phase notices")
        constraints = [
            models.UniqueConstraint(fields=["phase_key", "start"], name="participation_phase_notice_once"),
        ]

    def __str__(self) -> str:
        return f"{self.phase_key} {self.start}"
