"""Follows and notifications: who is told what, in the site and by e-mail.

A person follows a project or an idea; writing an idea makes its author follow it. When something
happens to an idea (answered, status changed, hidden, approved, merged) its author and followers
are told, and for answers also the followers of its project; when a project enters a new phase its
followers are told; when a proposal of a citizens' budget grows from ideas, their authors are told
(`notify_proposal_made`, called by the budgeting app with plain values). Everyone is told once, never
the person who acted. Each gets an in-site `Notification`; those whose preference allows it also get
an e-mail, sent by the task `participation.tasks.send_notification_email` after the notifications are
committed, so that a slow mail server never holds up a request.

A project page and its translations are one project here: following one of them follows the
project, and links and e-mails use the language of the page the person follows (or their
preference's language, which is the language they last used when following or submitting).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from .models import (
    AnswerStatus,
    Comment,
    EmailFrequency,
    Follow,
    Idea,
    Notification,
    NotificationKind,
    NotificationPreference,
    Phase,
    PhaseNotice,
    Visibility,
)
from .tasks import send_notification_email, send_notification_emails

# Kinds that also reach the followers of the idea's project.
ANSWER_KINDS = frozenset({NotificationKind.ANSWERED, NotificationKind.STATUS_CHANGED})
IDEA_EVENTS = frozenset(
    {
        NotificationKind.ANSWERED,
        NotificationKind.STATUS_CHANGED,
        NotificationKind.HIDDEN,
        NotificationKind.APPROVED,
        NotificationKind.MERGED,
    }
)

# Events of a proposal of a citizens' budget (the budgeting app tells them with plain values).
PROPOSAL_EVENTS = frozenset(
    {
        NotificationKind.PROPOSAL_DECIDED,
        NotificationKind.IMPLEMENTATION_STATUS,
        NotificationKind.IMPLEMENTATION_UPDATE,
    }
)
# How many e-mails one task sends when an event reaches many people.
EMAIL_BATCH = 1000

UNSUBSCRIBE_SALT = "participation.notifications.unsubscribe"
# Long enough for an old e-mail's link to work; an expired one gets a page that says where to go instead.
UNSUBSCRIBE_MAX_AGE = datetime.timedelta(days=365)


# Preferences ---------------------------------------------------------------------------------------


def _supported_language(language: str | None) -> str | None:
    if not language:
        return None
    try:
        return translation.get_supported_language_variant(language)
    except LookupError:
        return None


def preference_for(*, user) -> NotificationPreference:
    """The person's preference, created with the defaults the first time it is asked for."""
    preference, _created = NotificationPreference.objects.get_or_create(user=user)
    return preference


def remember_language(*, user, language: str | None) -> None:
    """Write e-mails to this person in the language they just used (when signing in, following or submitting).

    A language the site does not offer is ignored.
    """
    language = _supported_language(language)
    if language is None or not getattr(user, "is_authenticated", False):
        return
    updated = NotificationPreference.objects.filter(user=user).exclude(language=language).update(language=language)
    if not updated:
        NotificationPreference.objects.get_or_create(user=user, defaults={"language": language})


def unsubscribe(*, user) -> NotificationPreference:
    """Stop every notification e-mail to this person; in-site notifications go on."""
    preference, _created = NotificationPreference.objects.update_or_create(user=user, defaults={"email_enabled": False})
    return preference


def unsubscribe_token(user) -> str:
    """A signed token that lets the holder of an e-mail turn that person's e-mails off without signing in."""
    return signing.TimestampSigner(salt=UNSUBSCRIBE_SALT).sign_object({"u": user.pk})


def user_for_unsubscribe_token(token: str):
    """The person a token was made for; raises `signing.BadSignature` for a tampered, unknown or expired one."""
    data = signing.TimestampSigner(salt=UNSUBSCRIBE_SALT).unsign_object(token, max_age=UNSUBSCRIBE_MAX_AGE)
    try:
        user_id = int(data["u"])
    except (ValueError, KeyError, TypeError) as error:
        raise signing.BadSignature(str(error)) from error
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None:
        raise signing.BadSignature("No such user")
    return user


# Follows -------------------------------------------------------------------------------------------


def _target(project, idea) -> Q:
    if (project is None) == (idea is None):
        raise ValueError("Follow either a project or an idea.")
    if idea is not None:
        return Q(idea=idea)
    # Any translation of the page: a project is followed once, whichever language it was followed in.
    return Q(project__translation_key=project.translation_key)


def is_following(*, user, project=None, idea=None) -> bool:
    """Whether the person follows the project (in any of its languages) or the idea."""
    if not getattr(user, "is_authenticated", False):
        return False
    return Follow.objects.filter(_target(project, idea), user=user).exists()


def follow(*, user, project=None, idea=None, language: str | None = None) -> Follow:
    """Follow a project or an idea; following again changes nothing.

    `language` is the language the person is using now; their e-mails are written in it from now on.
    """
    if language:
        remember_language(user=user, language=language)
    existing = Follow.objects.filter(_target(project, idea), user=user).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return Follow.objects.create(user=user, project=project, idea=idea)
    except IntegrityError:
        # Two clicks at once: the unique constraint let one of them in.
        return Follow.objects.get(user=user, project=project, idea=idea)


def carry_follows(*, duplicate: Idea, keep: Idea) -> None:
    """When a duplicate is merged, its author and followers follow the kept idea too (existing follows stay)."""
    user_ids = set(Follow.objects.filter(idea=duplicate).values_list("user_id", flat=True))
    if duplicate.author_id:
        user_ids.add(duplicate.author_id)
    Follow.objects.bulk_create([Follow(user_id=user_id, idea=keep) for user_id in user_ids], ignore_conflicts=True)


def unfollow(*, user, project=None, idea=None) -> bool:
    """Stop following a project (in all its languages) or an idea. True when there was something to stop."""
    deleted, _by_model = Follow.objects.filter(_target(project, idea), user=user).delete()
    return bool(deleted)


# Reads ---------------------------------------------------------------------------------------------


def notifications_for(*, user) -> QuerySet[Notification]:
    """The person's notifications, newest first, with everything their text needs joined in."""
    return Notification.objects.filter(user=user).select_related("idea", "idea__merged_into", "project", "phase")


def unread_count(*, user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def mark_read(*, user, ids: list[int]) -> int:
    """Mark these of the person's notifications as read; returns how many were unread."""
    return Notification.objects.filter(user=user, pk__in=ids, read_at__isnull=True).update(read_at=timezone.now())


# Notifying -----------------------------------------------------------------------------------------


def _languages(user_ids, *, fallback: str) -> dict[int, str]:
    chosen = dict(NotificationPreference.objects.filter(user_id__in=user_ids).values_list("user_id", "language"))
    return {user_id: _supported_language(chosen.get(user_id)) or fallback for user_id in user_ids}


def _page_language(page) -> str:
    locale = getattr(page, "locale", None)
    return _supported_language(getattr(locale, "language_code", None)) or settings.LANGUAGE_CODE


def _idea_url(idea: Idea, language: str) -> str:
    with translation.override(language):
        return reverse("participation:idea_detail", kwargs={"pk": idea.pk})


def _page_url(page) -> str:
    return (page.get_url() or "") if page is not None else ""


def _enqueue_emails(notifications: list[Notification], wanting: set[int], *, batch: bool = False) -> None:
    """Queue the e-mails of these notifications for the people in `wanting`, once the notifications are committed.

    One task per e-mail, or with `batch` one task per `EMAIL_BATCH` e-mails (for events that reach many people,
    so that queueing costs the same whatever their number).
    """
    ids = [notification.pk for notification in notifications if notification.user_id in wanting]
    # After commit: the worker must find the notifications, and a rolled-back change sends nothing.
    if batch:
        for start in range(0, len(ids), EMAIL_BATCH):
            chunk = ids[start : start + EMAIL_BATCH]
            transaction.on_commit(partial(send_notification_emails.enqueue, notification_ids=chunk))
        return
    for notification_id in ids:
        transaction.on_commit(partial(send_notification_email.enqueue, notification_id=notification_id))


def _wanting_email(user_ids, kind: str) -> set[int]:
    """Who of these people gets an e-mail of this kind now (no preference row means the defaults: yes).

    Those who chose a weekly e-mail get none now: `participation.digests` sends them everything once a week.
    """
    refusing = {
        preference.user_id
        for preference in NotificationPreference.objects.filter(user_id__in=user_ids)
        if not preference.wants_email(kind) or preference.email_frequency == EmailFrequency.WEEKLY
    }
    return set(user_ids) - refusing


def idea_recipients(*, idea: Idea, kind: str, by=None) -> list[int]:
    """Ids of the active people to tell about this event, each once, in a stable order; never `by`.

    The author always; the idea's followers and, for answers, the followers of its project, only
    while the idea is public (a hidden or merged idea's followers still hear that it was hidden or merged).
    """
    public = idea.visibility == Visibility.PUBLISHED and idea.merged_into_id is None
    follows = Q(idea=idea)
    if kind in ANSWER_KINDS:
        follows |= Q(project__translation_key=idea.project.translation_key)
    ids: list[int] = [idea.author_id] if idea.author_id else []
    if public or kind in {NotificationKind.HIDDEN, NotificationKind.MERGED}:
        ids += Follow.objects.filter(follows).order_by("created_at", "pk").values_list("user_id", flat=True)
    unique = list(dict.fromkeys(ids))
    if by is not None:
        unique = [user_id for user_id in unique if user_id != by.pk]
    active = set(get_user_model().objects.filter(pk__in=unique, is_active=True).values_list("pk", flat=True))
    return [user_id for user_id in unique if user_id in active]


def notify_idea_changed(*, idea: Idea, event: str, by=None) -> list[Notification]:
    """Tell the author and followers of an idea that it was answered, changed status, was hidden, approved or merged.

    `by` is the person who acted; they are not told. Call it after the change is committed
    (`transaction.on_commit`); it reads the idea afresh.
    """
    kind = NotificationKind(event)
    if kind not in IDEA_EVENTS:
        raise ValueError(f"{event} is not an event of an idea")
    idea = Idea.objects.select_related("project", "project__locale", "merged_into").get(pk=idea.pk)
    user_ids = idea_recipients(idea=idea, kind=kind, by=by)
    if not user_ids:
        return []
    languages = _languages(user_ids, fallback=_page_language(idea.project))
    notifications = []
    for user_id in user_ids:
        if kind == NotificationKind.MERGED and idea.merged_into is not None:
            url = _idea_url(idea.merged_into, languages[user_id])
        elif kind == NotificationKind.HIDDEN and user_id != idea.author_id:
            url = _page_url(idea.project)
        else:
            url = _idea_url(idea, languages[user_id])
        notifications.append(
            Notification(
                user_id=user_id,
                kind=kind,
                idea=idea,
                project=idea.project,
                answer_status=idea.answer_status if kind in ANSWER_KINDS else "",
                url=url,
            )
        )
    with transaction.atomic():
        notifications = Notification.objects.bulk_create(notifications)
        _enqueue_emails(notifications, _wanting_email(user_ids, kind))
    return notifications


def notify_comment_hidden(*, comment: Comment, by=None) -> list[Notification]:
    """Tell the author of a comment that it was hidden (by a moderator, or after reports) and where to see why.

    Only the author: the comment is theirs, and nobody else follows a comment. Call it after commit.
    """
    comment = Comment.objects.select_related("idea__project__locale").get(pk=comment.pk)
    author_id = comment.author_id
    if comment.visibility != Visibility.HIDDEN or author_id is None or (by is not None and by.pk == author_id):
        return []
    if not get_user_model().objects.filter(pk=author_id, is_active=True).exists():
        return []
    language = _languages([author_id], fallback=_page_language(comment.idea.project))[author_id]
    notification = Notification(
        user_id=author_id,
        kind=NotificationKind.COMMENT_HIDDEN,
        idea=comment.idea,
        comment=comment,
        project=comment.idea.project,
        url=f"{_idea_url(comment.idea, language)}#kommentar-{comment.pk}",
    )
    with transaction.atomic():
        notification.save()
        _enqueue_emails([notification], _wanting_email([author_id], NotificationKind.COMMENT_HIDDEN))
    return [notification]


def notify_proposal_made(
    *, ideas: Iterable[Idea], proposal_title: str, proposal_urls: Mapping[str, str], by=None
) -> list[Notification]:
    """Tell the authors of these ideas that a proposal (of a citizens' budget) grew from them.

    This app knows nothing of proposals: the caller gives the proposal's title and the path of its page in each
    language ({"da": "/da/forslag/7/", …}). Each active author is told once per proposal, about the first of
    their ideas, in their language; never `by`, the person who made the proposal, and nobody told about this
    proposal before (a proposal that grows from more ideas later tells only the new authors). Call it after the
    proposal is committed.
    """
    ideas = list(ideas)
    by_pk = Idea.objects.select_related("project", "project__locale").in_bulk([idea.pk for idea in ideas])
    first_idea: dict[int, Idea] = {}
    for idea in ideas:
        fresh = by_pk.get(idea.pk)
        if fresh is not None and fresh.author_id is not None:
            first_idea.setdefault(fresh.author_id, fresh)
    if by is not None:
        first_idea.pop(by.pk, None)
    paths = {path for path in proposal_urls.values() if path}
    told_before = set(
        Notification.objects.filter(
            kind=NotificationKind.PROPOSAL_MADE, user_id__in=first_idea, url__in=paths
        ).values_list("user_id", flat=True)
    )
    active = set(get_user_model().objects.filter(pk__in=first_idea, is_active=True).values_list("pk", flat=True))
    user_ids = [user_id for user_id in first_idea if user_id in active and user_id not in told_before]
    if not user_ids:
        return []
    chosen = _languages(user_ids, fallback="")
    notifications = []
    for user_id in user_ids:
        idea = first_idea[user_id]
        language = chosen[user_id] or _page_language(idea.project)
        notifications.append(
            Notification(
                user_id=user_id,
                kind=NotificationKind.PROPOSAL_MADE,
                idea=idea,
                project=idea.project,
                proposal_title=proposal_title[:120],
                url=proposal_urls.get(language) or proposal_urls.get(settings.LANGUAGE_CODE, ""),
            )
        )
    with transaction.atomic():
        notifications = Notification.objects.bulk_create(notifications)
        _enqueue_emails(notifications, _wanting_email(user_ids, NotificationKind.PROPOSAL_MADE))
    return notifications


def notify_about_proposal(
    *,
    kind: str,
    proposal_title: str,
    detail: str = "",
    urls: Mapping[str, str],
    user_ids: Iterable[int],
    project=None,
    by=None,
) -> list[Notification]:
    """Tell these people that a proposal of a citizens' budget was decided, changed status or has news.

    This app knows nothing of proposals: the budgeting app says who is concerned (`user_ids`, in the order they
    should be told), gives the proposal's title, the path of its page in each language ({"da": "/da/forslag/7/",
    …}), its project page and, as `detail`, the English source text of what happened ("Approved with changes",
    "In progress"), which is translated when the notification is shown. Each active person is told once, in
    their language, never `by` (a person or their id). A fixed number of queries, however many people: the
    notifications are inserted in bulk and their e-mails queued in batches, after commit. Call it after the
    event is committed.
    """
    kind = NotificationKind(kind)
    if kind not in PROPOSAL_EVENTS:
        raise ValueError(f"{kind} is not an event of a proposal")
    by_id = getattr(by, "pk", by)
    ordered = [user_id for user_id in dict.fromkeys(user_ids) if user_id != by_id]
    if not ordered:
        return []
    active = set(get_user_model().objects.filter(pk__in=ordered, is_active=True).values_list("pk", flat=True))
    ordered = [user_id for user_id in ordered if user_id in active]
    if not ordered:
        return []
    fallback = _page_language(project) if project is not None else settings.LANGUAGE_CODE
    languages = _languages(ordered, fallback=fallback)
    default_url = urls.get(settings.LANGUAGE_CODE, "")
    notifications = [
        Notification(
            user_id=user_id,
            kind=kind,
            project=project,
            proposal_title=proposal_title[:120],
            detail=detail[:100],
            url=urls.get(languages[user_id]) or default_url,
        )
        for user_id in ordered
    ]
    with transaction.atomic():
        notifications = Notification.objects.bulk_create(notifications)
        _enqueue_emails(notifications, _wanting_email(ordered, kind), batch=True)
    return notifications


def answer_event(*, previous_status: str, previous_text: str, idea: Idea) -> str | None:
    """Which event an answer is, or None when nothing a reader would notice changed.

    The first real answer, or a new text for the same status, is "answered"; a new status of an answered
    idea, or the "Received" acknowledgement, is "status_changed".
    """
    status, text = idea.answer_status, idea.answer_text
    if (previous_status, previous_text) == (status, text):
        return None
    if status == AnswerStatus.RECEIVED:
        return NotificationKind.STATUS_CHANGED if previous_status != status else None
    if previous_status in ("", AnswerStatus.RECEIVED) or previous_status == status:
        return NotificationKind.ANSWERED
    return NotificationKind.STATUS_CHANGED


def visibility_event(*, previous: str, idea: Idea) -> str | None:
    """Hiding is "hidden"; publishing a waiting or hidden idea is "approved"; anything else is no event."""
    if previous == idea.visibility:
        return None
    if idea.visibility == Visibility.HIDDEN:
        return NotificationKind.HIDDEN
    if idea.visibility == Visibility.PUBLISHED:
        return NotificationKind.APPROVED
    return None


def notify_phase_started(*, project, phase: Phase) -> list[Notification]:
    """Tell the followers of a project (in any of its languages) that this phase has started.

    Each follower's notification points to the page they follow and to that page's copy of the phase.
    Sending it once per phase is the caller's job (`announce_phases`).
    """
    follows = (
        Follow.objects.filter(project__translation_key=project.translation_key, user__is_active=True)
        .select_related("project", "project__locale")
        .order_by("created_at", "pk")
    )
    by_user = {}
    for follow_ in follows:
        by_user.setdefault(follow_.user_id, follow_.project)
    if not by_user:
        return []
    copies = {
        copy.project_id: copy
        for copy in Phase.objects.filter(
            translation_key=phase.translation_key, project_id__in={page.pk for page in by_user.values()}
        )
    }
    notifications = [
        Notification(
            user_id=user_id,
            kind=NotificationKind.PHASE_STARTED,
            project=page,
            phase=copies.get(page.pk, phase),
            url=_page_url(page),
        )
        for user_id, page in by_user.items()
    ]
    with transaction.atomic():
        notifications = Notification.objects.bulk_create(notifications)
        _enqueue_emails(notifications, _wanting_email(list(by_user), NotificationKind.PHASE_STARTED))
    return notifications


def announce_phases(*, day: datetime.date) -> list[tuple[Phase, int | None]]:
    """Tell the followers of every live project whose phase starts on this day, once per phase.

    Returns each phase with the number of people told, or None when they had been told before.
    Safe to run twice, or twice at once: a `PhaseNotice` per phase and start day decides.
    """
    phases = (
        Phase.objects.filter(start=day, project__live=True)
        .select_related("project", "locale")
        .order_by("locale__pk", "pk")
    )
    results: list[tuple[Phase, int | None]] = []
    seen = set()
    for phase in phases:
        key = (phase.translation_key, phase.start)
        if key in seen:
            continue  # a translation of a phase already handled
        seen.add(key)
        try:
            with transaction.atomic():
                notice = PhaseNotice.objects.create(phase_key=phase.translation_key, start=phase.start)
                told = notify_phase_started(project=phase.project, phase=phase)
                notice.recipients = len(told)
                notice.save(update_fields=["recipients"])
        except IntegrityError:
            results.append((phase, None))
        else:
            results.append((phase, len(told)))
    return results


# E-mail --------------------------------------------------------------------------------------------


def absolute_url(path: str) -> str:
    """A link for an e-mail: the site's address (WAGTAILADMIN_BASE_URL) before a path."""
    if not path or path.startswith(("http://", "https://")):
        return path
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def build_email(notification: Notification, *, language: str) -> EmailMultiAlternatives:
    """The e-mail for a notification, in plain text and HTML, written in the given language,
    with a one-click unsubscribe link in the text and in the List-Unsubscribe headers (RFC 8058)."""
    user = notification.user
    idea = notification.idea
    with translation.override(language):
        unsubscribe_link = absolute_url(reverse("participation:unsubscribe", kwargs={"token": unsubscribe_token(user)}))
        context = {
            "notification": notification,
            "text": notification.text(),
            "idea": idea,
            "project": notification.project,
            "phase": notification.phase,
            "comment": notification.comment,
            "is_author": idea is not None and idea.author_id == user.pk,
            "link": absolute_url(notification.url),
            "settings_link": absolute_url(reverse("participation:notification_settings")),
            "unsubscribe_link": unsubscribe_link,
            "language": language,
        }
        # A subject is one line; titles come from people, so make sure.
        subject = " ".join(context["text"].split())[:200]
        body = render_to_string("participation/email/notification.txt", context)
        html = render_to_string("participation/email/notification.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=body,
        to=[user.email],
        headers={"List-Unsubscribe": f"<{unsubscribe_link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )
    message.attach_alternative(html, "text/html")
    return message


def deliver_email(*, notification_id: int, connection=None) -> bool:
    """Send the e-mail of one notification if its recipient still wants it, and only once. True when sent.

    The notification is claimed (its `emailed_at` set) before sending, so a task run twice sends one
    e-mail; if sending fails the claim is let go, so that a retry can send it. Nothing is sent to a person
    who now wants a weekly e-mail: the notification waits for their digest. `connection` is an open mail
    connection to reuse (a batch of e-mails).
    """
    notification = (
        Notification.objects.select_related(
            "user", "idea", "idea__merged_into", "idea__answer_administration", "comment", "project", "phase"
        )
        .filter(pk=notification_id, emailed_at__isnull=True)
        .first()
    )
    if notification is None or not notification.user.is_active or not notification.user.email:
        return False
    preference = NotificationPreference.objects.filter(user=notification.user).first()
    if preference is not None and (
        not preference.wants_email(notification.kind) or preference.email_frequency == EmailFrequency.WEEKLY
    ):
        return False
    fallback = _page_language(notification.project) if notification.project_id else settings.LANGUAGE_CODE
    language = _supported_language(preference.language if preference else None) or fallback
    claimed = Notification.objects.filter(pk=notification.pk, emailed_at__isnull=True).update(emailed_at=timezone.now())
    if not claimed:
        return False
    message = build_email(notification, language=language)
    message.connection = connection
    try:
        message.send()
    except Exception:
        Notification.objects.filter(pk=notification.pk).update(emailed_at=None)
        raise
    return True


def deliver_emails(*, notification_ids: Iterable[int]) -> int:
    """Send the e-mails of these notifications over one mail connection, each as `deliver_email` would.

    Returns how many were sent. A failure stops the batch with the failed e-mail and those after it unclaimed,
    so that running the task again sends those and nothing twice.
    """
    sent = 0
    with get_connection() as connection:
        for notification_id in notification_ids:
            sent += deliver_email(notification_id=notification_id, connection=connection)
    return sent
