"""The weekly e-mail: everything a person was told in a week, in one e-mail, for those who chose it.

A person whose `NotificationPreference.email_frequency` is weekly gets no e-mail per notification
(`notifications._wanting_email` and `deliver_email` leave them out); their notifications wait, with no
`emailed_at`, for the digest. `send_digests` (the `send_digests` command and the `send_weekly_digests`
task, run daily by cron or a systemd timer) sends each of them one e-mail when their last one went out
seven or more days ago (by calendar day in Copenhagen, so that a daily job does not drift), listing the
notifications they were not e-mailed since, of the kinds they want by e-mail, in their language. The
preference's `digest_sent_at` is claimed before sending and the notifications are marked e-mailed, so
running it twice, or twice at once, sends one e-mail; a failed send lets both go again.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext

from .models import EmailFrequency, Notification, NotificationKind, NotificationPreference, local_date
from .notifications import _supported_language, absolute_url, notifications_for, unsubscribe_token

# A digest goes out when the last one was sent this many calendar days ago or more.
DIGEST_DAYS = 7


def _cutoff(now: datetime.datetime) -> datetime.datetime:
    """The start of the day six days before today (Copenhagen): a digest sent before it is a week old."""
    day = local_date(now) - datetime.timedelta(days=DIGEST_DAYS - 1)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def due_preferences(*, now: datetime.datetime | None = None) -> QuerySet[NotificationPreference]:
    """The weekly people with e-mail on, an active account and an address, whose last digest is a week old or who
    never had one, with their user joined."""
    now = now or timezone.now()
    return (
        NotificationPreference.objects.filter(
            email_frequency=EmailFrequency.WEEKLY, email_enabled=True, user__is_active=True
        )
        .exclude(user__email="")
        .filter(Q(digest_sent_at__isnull=True) | Q(digest_sent_at__lt=_cutoff(now)))
        .select_related("user")
        .order_by("pk")
    )


def digest_items(*, preference: NotificationPreference, now: datetime.datetime) -> list[Notification]:
    """The person's notifications for their digest, newest first: not e-mailed, of kinds they want by e-mail, made
    since their last digest (the last seven days for a first one) and up to `now`."""
    kinds = [kind for kind in NotificationKind.values if preference.wants_email(kind)]
    since = preference.digest_sent_at or now - datetime.timedelta(days=DIGEST_DAYS)
    return list(
        notifications_for(user=preference.user).filter(
            emailed_at__isnull=True, kind__in=kinds, created_at__gt=since, created_at__lte=now
        )
    )


def build_digest_email(*, user, items: list[Notification], language: str) -> EmailMultiAlternatives:
    """The weekly e-mail in plain text and HTML, in the given language: one line and link per notification, with
    the one-click unsubscribe link of every notification e-mail (RFC 8058)."""
    with translation.override(language):
        unsubscribe_link = absolute_url(reverse("participation:unsubscribe", kwargs={"token": unsubscribe_token(user)}))
        count = len(items)
        subject = ngettext(
            "Your week on Sammen om byen: %(count)s new notification",
            "Your week on Sammen om byen: %(count)s new notifications",
            count,
        ) % {"count": count}
        context = {
            "subject": subject,
            "items": [
                {"text": item.text(), "link": absolute_url(item.url), "created_at": item.created_at} for item in items
            ],
            "notifications_link": absolute_url(reverse("participation:notifications")),
            "settings_link": absolute_url(reverse("participation:notification_settings")),
            "unsubscribe_link": unsubscribe_link,
            "language": language,
        }
        body = render_to_string("participation/email/digest.txt", context)
        html = render_to_string("participation/email/digest.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=body,
        to=[user.email],
        headers={"List-Unsubscribe": f"<{unsubscribe_link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )
    message.attach_alternative(html, "text/html")
    return message


def send_digest(*, preference: NotificationPreference, now: datetime.datetime, connection=None) -> int:
    """Send one person their digest if they have something new. Returns how many notifications it held (0: none
    sent, because there was nothing, or another run sent it first)."""
    items = digest_items(preference=preference, now=now)
    if not items:
        return 0
    previous = preference.digest_sent_at
    ids = [item.pk for item in items]
    with transaction.atomic():
        claimed = NotificationPreference.objects.filter(pk=preference.pk, digest_sent_at=previous).update(
            digest_sent_at=now
        )
        if not claimed:
            return 0
        Notification.objects.filter(pk__in=ids, emailed_at__isnull=True).update(emailed_at=now)
    language = _supported_language(preference.language) or settings.LANGUAGE_CODE
    message = build_digest_email(user=preference.user, items=items, language=language)
    message.connection = connection
    try:
        message.send()
    except Exception:
        with transaction.atomic():
            NotificationPreference.objects.filter(pk=preference.pk, digest_sent_at=now).update(digest_sent_at=previous)
            Notification.objects.filter(pk__in=ids, emailed_at=now).update(emailed_at=None)
        raise
    preference.digest_sent_at = now
    return len(items)


def send_digests(*, now: datetime.datetime | None = None, progress: Callable[[str], object] | None = None) -> int:
    """Send the weekly e-mail to everyone due for one. Returns how many e-mails were sent; `progress` is told
    about each person (by id, never by address)."""
    now = now or timezone.now()
    sent = 0
    with get_connection() as connection:
        for preference in due_preferences(now=now).iterator(chunk_size=500):
            count = send_digest(preference=preference, now=now, connection=connection)
            if count:
                sent += 1
            if progress is not None:
                state = f"{count} notification(s) sent" if count else "nothing new, skipped"
                progress(f"  person {preference.user_id}: {state}")
    return sent
