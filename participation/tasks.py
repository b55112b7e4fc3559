"""Background tasks of the participation app (django-tasks).

The `TASKS` setting chooses where they run: at once in the same process in development and tests,
by a worker in production. Arguments are plain ids, so a task can wait in a queue and still find
current data.
"""

from django_tasks import task


@task()
def send_notification_email(notification_id: int) -> bool:
    """Send the e-mail for one notification, once, if its recipient still wants e-mails of its kind.

    Returns True when an e-mail was sent.
    """
    # Imported here because `participation.notifications` enqueues this task.
    from .notifications import deliver_email

    return deliver_email(notification_id=notification_id)


@task()
def send_notification_emails(notification_ids: list[int]) -> int:
    """Send the e-mails of many notifications (one event that reaches many people), each once, to those who still
    want it now. Returns how many were sent."""
    from .notifications import deliver_emails

    return deliver_emails(notification_ids=notification_ids)


@task()
def send_weekly_digests() -> int:
    """Send the weekly e-mail to everyone who chose it and whose last one is a week old. Returns how many were sent.

    Safe to run as often as one likes: a person gets at most one digest in seven days.
    """
    from .digests import send_digests

    return send_digests()
