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
