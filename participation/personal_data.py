"""What the participation app holds about a person, for the personal-data protocol (`accounts.personal_data`):
their ideas (with earlier versions and photos), comments, supports, reports, follows, notifications and
e-mail settings; and what happens to each when they delete their account.

Deleting an account:
- supports, follows, notifications and e-mail settings go (support counts are counted, never stored, so every
  list and page shows the lower number at once);
- reports the person made stay, without the reporter, so that the moderators' queue and the count of reports
  that hid something still hold;
- with `keep_contributions` their ideas and comments stay as they are, written by nobody: pages show them as
  written by a deleted user;
- without it, what they wrote is removed, except where other people's contributions hang on it. A comment of
  theirs with replies from others, and an idea with others' comments, ideas merged into it or a proposal grown
  from it, keep their place but lose their text, photo, point and earlier versions: a short notice stands in for
  the text, so the thread, the administration's answer and the proposal still read right. Everything else they
  wrote is deleted, and photo files are removed from storage once the deletion is committed.
"""

from __future__ import annotations

from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.personal_data import section

from . import cache as page_cache
from . import notifications
from .models import Comment, Follow, Idea, IdeaVersion, Notification, NotificationPreference, Report, Support

# Stored in place of a removed text that others' contributions depend on, in the site's default language.
DELETED_IDEA_TITLE = gettext_lazy("Idea deleted by its author")
DELETED_IDEA_TEXT = gettext_lazy(
    "The person who wrote this idea has deleted it. The administration's answer and other people's comments are kept."
)
DELETED_COMMENT_TEXT = gettext_lazy("The person who wrote this comment has deleted it. The replies to it are kept.")


def _url(path: str) -> str:
    return notifications.absolute_url(path)


def _idea_url(idea: Idea) -> str:
    return _url(reverse("participation:idea_detail", kwargs={"pk": idea.pk}))


def _page_url(page) -> str:
    return _url(page.get_url() or "") if page is not None else ""


# Export ----------------------------------------------------------------------------------------------------------


def _ideas(user) -> dict:
    ideas = (
        Idea.objects.filter(author=user)
        .select_related("project", "category", "district", "merged_into")
        .prefetch_related("versions")
        .order_by("created_at", "pk")
    )
    items = [
        {
            "title": idea.title,
            "description": idea.description,
            "url": _idea_url(idea),
            "project": idea.project.title,
            "created_at": idea.created_at,
            "updated_at": idea.updated_at,
            "visibility": str(idea.get_visibility_display()),
            "hidden_reason": idea.hidden_reason,
            "category": idea.category.name if idea.category_id else "",
            "district": idea.district.name if idea.district_id else "",
            "latitude": idea.latitude,
            "longitude": idea.longitude,
            "photo_url": _url(idea.photo.url) if idea.photo else "",
            "answer_status": str(idea.get_answer_status_display()) if idea.answer_status else "",
            "answer_text": idea.answer_text,
            "answered_at": idea.answered_at,
            "merged_into": idea.merged_into.title if idea.merged_into_id else "",
            "versions": [
                {"title": version.title, "description": version.description, "saved_at": version.created_at}
                for version in idea.versions.all()
            ],
        }
        for idea in ideas
    ]
    return section(
        title=_("Ideas"),
        fields={
            "title": _("Title"),
            "description": _("Text"),
            "url": _("Link"),
            "project": _("Project"),
            "created_at": _("Submitted"),
            "updated_at": _("Last changed"),
            "visibility": _("Visibility"),
            "hidden_reason": _("Reason for hiding"),
            "category": _("Category"),
            "district": _("District"),
            "latitude": _("Latitude"),
            "longitude": _("Longitude"),
            "photo_url": _("Photo"),
            "answer_status": _("Answer"),
            "answer_text": _("The administration's answer"),
            "answered_at": _("Answered"),
            "merged_into": _("Merged with"),
            "versions": _("Earlier versions"),
            "saved_at": _("Saved"),
        },
        items=items,
    )


def _comments(user) -> dict:
    comments = Comment.objects.filter(author=user).select_related("idea").order_by("created_at", "pk")
    items = [
        {
            "text": comment.text,
            "idea": comment.idea.title,
            "url": f"{_idea_url(comment.idea)}#kommentar-{comment.pk}",
            "created_at": comment.created_at,
            "reply": comment.parent_id is not None,
            "visibility": str(comment.get_visibility_display()),
            "hidden_reason": comment.hidden_reason,
        }
        for comment in comments
    ]
    return section(
        title=_("Comments"),
        fields={
            "text": _("Text"),
            "idea": _("On the idea"),
            "url": _("Link"),
            "created_at": _("Written"),
            "reply": _("A reply to another comment"),
            "visibility": _("Visibility"),
            "hidden_reason": _("Reason for hiding"),
        },
        items=items,
    )


def _supports(user) -> dict:
    supports = Support.objects.filter(user=user).select_related("idea").order_by("created_at", "pk")
    return section(
        title=_("Ideas you support"),
        fields={"idea": _("Idea"), "url": _("Link"), "created_at": _("Supported")},
        items=[
            {"idea": support.idea.title, "url": _idea_url(support.idea), "created_at": support.created_at}
            for support in supports
        ],
    )


def _reports(user) -> dict:
    reports = Report.objects.filter(reporter=user).select_related("idea", "comment__idea").order_by("created_at", "pk")
    items = []
    for report in reports:
        if report.comment_id:
            what, idea, url = (
                _("A comment"),
                report.comment.idea,
                f"{_idea_url(report.comment.idea)}#kommentar-{report.comment_id}",
            )
        else:
            what, idea, url = _("An idea"), report.idea, _idea_url(report.idea)
        items.append(
            {
                "what": what,
                "idea": idea.title,
                "url": url,
                "reason": report.reason,
                "created_at": report.created_at,
                "resolved_at": report.resolved_at,
            }
        )
    return section(
        title=_("Your reports to the moderators"),
        fields={
            "what": _("What you reported"),
            "idea": _("Idea"),
            "url": _("Link"),
            "reason": _("Your reason"),
            "created_at": _("Reported"),
            "resolved_at": _("Handled by a moderator"),
        },
        items=items,
    )


def _follows(user) -> dict:
    follows = Follow.objects.filter(user=user).select_related("project", "idea").order_by("created_at", "pk")
    items = []
    for follow in follows:
        if follow.idea_id:
            items.append({"what": _("An idea"), "title": follow.idea.title, "url": _idea_url(follow.idea)})
        else:
            items.append({"what": _("A project"), "title": follow.project.title, "url": _page_url(follow.project)})
        items[-1]["created_at"] = follow.created_at
    return section(
        title=_("What you follow"),
        fields={"what": _("Kind"), "title": _("Title"), "url": _("Link"), "created_at": _("Followed since")},
        items=items,
    )


def _notifications(user) -> dict:
    return section(
        title=_("Notifications"),
        fields={
            "text": _("Text"),
            "url": _("Link"),
            "created_at": _("Sent"),
            "read_at": _("Read"),
            "emailed_at": _("E-mailed"),
        },
        items=[
            {
                "text": notification.text(),
                "url": _url(notification.url),
                "created_at": notification.created_at,
                "read_at": notification.read_at,
                "emailed_at": notification.emailed_at,
            }
            for notification in notifications.notifications_for(user=user).order_by("created_at", "pk")
        ],
    )


PREFERENCE_FIELDS = (
    "email_enabled",
    "email_answers",
    "email_moderation",
    "email_phases",
    "email_proposals",
    "email_frequency",
    "language",
    "digest_sent_at",
)


def _preferences(user) -> dict:
    preference = NotificationPreference.objects.filter(user=user).first()
    labels = {name: capfirst(NotificationPreference._meta.get_field(name).verbose_name) for name in PREFERENCE_FIELDS}
    items = []
    if preference is not None:
        item = {name: getattr(preference, name) for name in PREFERENCE_FIELDS}
        item["email_frequency"] = str(preference.get_email_frequency_display())
        item["language"] = str(dict(settings.LANGUAGES).get(preference.language, preference.language))
        items.append(item)
    return section(
        title=_("E-mail settings"),
        fields=labels,
        items=items,
        note="" if items else _("You have not changed the e-mail settings: every e-mail is on."),
    )


def export(user) -> dict[str, dict]:
    return {
        "ideas": _ideas(user),
        "comments": _comments(user),
        "supports": _supports(user),
        "reports": _reports(user),
        "follows": _follows(user),
        "notifications": _notifications(user),
        "email_settings": _preferences(user),
    }


# Deletion --------------------------------------------------------------------------------------------------------


def _delete_files(names: list[str]) -> None:
    storage = Idea._meta.get_field("photo").storage
    for name in names:
        storage.delete(name)


def _remove_comments(user) -> None:
    """Delete the person's comments, but blank (and keep) a comment of theirs that others have replied to."""
    Comment.objects.filter(author=user, parent__isnull=False).delete()
    answered = Exists(Comment.objects.filter(parent=OuterRef("pk")))
    with translation.override(settings.LANGUAGE_CODE):
        notice = str(DELETED_COMMENT_TEXT)
    Comment.objects.filter(answered, author=user).update(text=notice, author=None)
    Comment.objects.filter(author=user).delete()


def _remove_ideas(user) -> None:
    """Delete the person's ideas, but blank (and keep) one that others' comments, merged ideas or a proposal
    depend on. Must run before their comments are removed: a blanked comment of theirs is not someone else's."""
    others_comment = Exists(Comment.objects.filter(idea=OuterRef("pk")).exclude(author=user))
    merged_in = Exists(Idea.objects.filter(merged_into=OuterRef("pk")))
    in_proposal = Exists(Idea.proposals.through.objects.filter(idea_id=OuterRef("pk")))
    ideas = Idea.objects.filter(author=user)
    photos = list(ideas.exclude(photo="").values_list("photo", flat=True))
    kept = list(ideas.filter(others_comment | merged_in | in_proposal).values_list("pk", flat=True))
    with translation.override(settings.LANGUAGE_CODE):
        title, text = str(DELETED_IDEA_TITLE), str(DELETED_IDEA_TEXT)
    IdeaVersion.objects.filter(idea__in=kept).delete()
    Idea.objects.filter(pk__in=kept).update(
        title=title, description=text, photo="", latitude=None, longitude=None, author=None
    )
    Idea.objects.filter(author=user).delete()
    if photos:
        transaction.on_commit(partial(_delete_files, photos))


def delete(user, *, keep_contributions: bool) -> None:
    # Ideas and comments are blanked with update(), which sends no signal: drop the cached pages (once committed).
    page_cache.invalidate_all()
    Support.objects.filter(user=user).delete()
    Follow.objects.filter(user=user).delete()
    Notification.objects.filter(user=user).delete()
    NotificationPreference.objects.filter(user=user).delete()
    Report.objects.filter(reporter=user).update(reporter=None)
    if keep_contributions:
        Idea.objects.filter(author=user).update(author=None)
        Comment.objects.filter(author=user).update(author=None)
        return
    _remove_ideas(user)
    _remove_comments(user)
