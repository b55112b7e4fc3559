"""Writes for ideas, comments, support, reports and answers. Keyword-only, typed and atomic.

Permission is checked by the caller through `participation.rules.can`; these services enforce the
invariants that must hold whoever calls them (area, phase, one support per person, reasons).
"""

from __future__ import annotations

import datetime
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from maps import selectors as map_selectors

from . import notifications
from .models import (
    AnswerStatus,
    Comment,
    Feature,
    Idea,
    IdeaVersion,
    LocationMode,
    ModerationMode,
    NotificationKind,
    Report,
    Support,
    Visibility,
)


def _initial_visibility(project) -> str:
    return Visibility.PENDING if project.moderation_mode == ModerationMode.PRE else Visibility.PUBLISHED


def locate(*, project, latitude: float | None, longitude: float | None):
    """The district and local committee of a point inside the project's area; refuses a point outside it.

    The area is the project's districts, or the whole municipality when it has none.
    """
    if latitude is None or longitude is None:
        if project.location_mode == LocationMode.REQUIRED:
            raise ValidationError(_("Place the idea on the map."), code="location_required")
        return None, None
    if project.location_mode == LocationMode.NONE:
        return None, None
    districts = list(project.districts.all())
    district = map_selectors.district_at(latitude, longitude, among=districts or None)
    if district is None:
        if districts:
            area = ", ".join(d.name for d in districts)
            message = _("The place you chose is outside the project's area (%(area)s). Move the pin into it.")
        else:
            area = "Københavns Kommune"
            message = _("The place you chose is outside %(area)s. Move the pin into the municipality.")
        raise ValidationError(message, code="outside_area", params={"area": area})
    return district, map_selectors.committee_at(latitude, longitude, district=district)


@transaction.atomic
def idea_submit(
    *,
    project,
    author,
    title: str,
    description: str,
    category=None,
    latitude: float | None = None,
    longitude: float | None = None,
    at: datetime.datetime | None = None,
) -> Idea:
    """Create an idea in the project's ideas phase, with its district and committee derived from the point."""
    if not project.allows(Feature.SUBMIT, at=at):
        raise ValidationError(_("The project is not collecting ideas right now."), code="phase_closed")
    if category is not None and category.project_id != project.pk:
        raise ValidationError(_("Choose one of the project's categories."), code="category")
    district, committee = locate(project=project, latitude=latitude, longitude=longitude)
    if district is None:
        latitude = longitude = None
    idea = Idea(
        project=project,
        author=author,
        title=title.strip(),
        description=description.strip(),
        category=category,
        latitude=latitude,
        longitude=longitude,
        district=district,
        local_committee=committee,
        visibility=_initial_visibility(project),
    )
    idea.full_clean(exclude=["project", "author", "category", "district", "local_committee", "photo"])
    idea.save()
    if author is not None:
        notifications.follow(user=author, idea=idea, language=get_language())
    return idea


@transaction.atomic
def idea_edit(*, idea: Idea, title: str, description: str) -> Idea:
    """The author's edit, until the first answer; the previous text is kept as a version."""
    idea = Idea.objects.select_for_update().get(pk=idea.pk)
    if idea.is_answered:
        raise ValidationError(_("The idea has been answered and can no longer be edited."), code="answered")
    IdeaVersion.objects.create(idea=idea, title=idea.title, description=idea.description)
    idea.title, idea.description = title.strip(), description.strip()
    idea.full_clean(exclude=["project", "author", "category", "district", "local_committee", "photo"])
    idea.save(update_fields=["title", "description", "updated_at"])
    return idea


def support_toggle(*, idea: Idea, user) -> bool:
    """Add the person's support, or take it back if it was there. True when the idea is now supported.

    The unique constraint decides, so two clicks at once cannot give two supports.
    """
    try:
        with transaction.atomic():
            Support.objects.create(idea=idea, user=user)
    except IntegrityError:
        Support.objects.filter(idea=idea, user=user).delete()
        return False
    return True


@transaction.atomic
def comment_create(*, idea: Idea, author, text: str, parent: Comment | None = None) -> Comment:
    """A comment, or a reply. A reply to a reply joins its thread: there is one level of replies."""
    if parent is not None:
        if parent.idea_id != idea.pk:
            raise ValidationError(_("You can only reply to a comment on the same idea."), code="parent")
        parent = parent.parent or parent
    comment = Comment(
        idea=idea, author=author, parent=parent, text=text.strip(), visibility=_initial_visibility(idea.project)
    )
    comment.full_clean(exclude=["idea", "author", "parent"])
    comment.save()
    return comment


def report_create(*, reporter, reason: str, idea: Idea | None = None, comment: Comment | None = None) -> Report:
    """Report an idea or a comment. A second report by the same person changes nothing.

    After `PARTICIPATION_AUTO_HIDE_REPORTS` reports from different people, the contribution is hidden
    until a moderator looks at it, and its author (and an idea's followers) are told once committed.
    """
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Tell us why you are reporting this."), code="reason")
    target = idea if idea is not None else comment
    with transaction.atomic():
        locked = type(target).objects.select_for_update().get(pk=target.pk)
        try:
            with transaction.atomic():
                report = Report.objects.create(reporter=reporter, reason=reason, idea=idea, comment=comment)
        except IntegrityError:
            return Report.objects.get(reporter=reporter, idea=idea, comment=comment)
        open_reports = locked.reports.filter(resolved_at__isnull=True).count()
        if locked.visibility == Visibility.PUBLISHED and open_reports >= settings.PARTICIPATION_AUTO_HIDE_REPORTS:
            locked.visibility = Visibility.HIDDEN
            locked.hidden_reason = _("Hidden automatically after several reports, until a moderator has looked at it.")
            locked.save(update_fields=["visibility", "hidden_reason", "updated_at"])
            transaction.on_commit(partial(_tell_hidden, target=locked))
    return report


def _tell_hidden(*, target: Idea | Comment, by=None) -> None:
    if isinstance(target, Idea):
        notifications.notify_idea_changed(idea=target, event=NotificationKind.HIDDEN, by=by)
    else:
        notifications.notify_comment_hidden(comment=target, by=by)


@transaction.atomic
def moderate(*, target: Idea | Comment, visibility: str, reason: str = "", by=None) -> Idea | Comment:
    """Approve (publish) or hide an idea or comment. Hiding needs a reason, which the author sees.

    Once committed, the author and followers of an idea, or the author of a hidden comment, are told
    (not `by`, the moderator).
    """
    if visibility == Visibility.HIDDEN and not reason.strip():
        raise ValidationError(_("Give the reason for hiding: the author will see it."), code="reason")
    target = type(target).objects.select_for_update().get(pk=target.pk)
    previous_visibility = target.visibility
    target.visibility = visibility
    target.hidden_reason = reason.strip() if visibility == Visibility.HIDDEN else ""
    target.save(update_fields=["visibility", "hidden_reason", "updated_at"])
    target.reports.filter(resolved_at__isnull=True).update(resolved_at=timezone.now())
    if isinstance(target, Idea):
        event = notifications.visibility_event(previous=previous_visibility, idea=target)
        if event:
            transaction.on_commit(partial(notifications.notify_idea_changed, idea=target, event=event, by=by))
    elif visibility == Visibility.HIDDEN and previous_visibility != Visibility.HIDDEN:
        transaction.on_commit(partial(notifications.notify_comment_hidden, comment=target, by=by))
    return target


@transaction.atomic
def idea_answer(
    *, idea: Idea, status: str, text: str, administration, at: datetime.datetime | None = None, by=None
) -> Idea:
    """The administration's public answer. "Not possible" needs a reason; the first answer's time is kept.

    Once committed, the author and the followers of the idea and its project are told (not `by`).
    """
    text = text.strip()
    if status == AnswerStatus.NOT_POSSIBLE and not text:
        raise ValidationError(_("Say why the idea is not possible."), code="reason")
    now = at or timezone.now()
    idea = Idea.objects.select_for_update().get(pk=idea.pk)
    previous_status, previous_text = idea.answer_status, idea.answer_text
    idea.answer_status, idea.answer_text, idea.answer_administration = status, text, administration
    idea.answered_at = now
    if status != AnswerStatus.RECEIVED and idea.first_answered_at is None:
        idea.first_answered_at = now
    idea.save()
    event = notifications.answer_event(previous_status=previous_status, previous_text=previous_text, idea=idea)
    if event:
        transaction.on_commit(partial(notifications.notify_idea_changed, idea=idea, event=event, by=by))
    return idea


@transaction.atomic
def idea_merge(*, duplicate: Idea, keep: Idea, by=None) -> Idea:
    """Merge a duplicate into the idea that is kept: it points there, and its supports move with it.

    Its author and followers come to follow the kept idea too, and once committed they are told (not `by`).
    """
    if duplicate.pk == keep.pk or duplicate.project.translation_key != keep.project.translation_key:
        raise ValidationError(_("An idea can only be merged into another idea of the same project."), code="merge")
    if keep.merged_into_id is not None:
        raise ValidationError(_("The idea to keep has itself been merged; choose the one it points to."))
    duplicate, keep = (Idea.objects.select_for_update().get(pk=pk) for pk in (duplicate.pk, keep.pk))
    already = Support.objects.filter(idea=keep, user=OuterRef("user"))
    moving = Support.objects.filter(idea=duplicate).exclude(Exists(already))
    moving.update(idea=keep)
    Support.objects.filter(idea=duplicate).delete()
    Idea.objects.filter(merged_into=duplicate).update(merged_into=keep)
    duplicate.merged_into = keep
    duplicate.save(update_fields=["merged_into", "updated_at"])
    notifications.carry_follows(duplicate=duplicate, keep=keep)
    transaction.on_commit(partial(notifications.notify_idea_changed, idea=duplicate, event="merged", by=by))
    return keep
