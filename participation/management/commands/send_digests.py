"""Send the weekly e-mail to everyone who chose it. Meant to run once a day from cron or a systemd timer."""

from django.core.management.base import BaseCommand

from participation.digests import due_preferences, send_digests


class Command(BaseCommand):
    help = (
        "Send the weekly notification e-mail to everyone who chose one e-mail a week and whose last one went out "
        "seven or more days ago. Safe to run as often as you like: nobody gets two in a week."
    )

    def handle(self, *args, **options):
        due = due_preferences().count()
        self.stdout.write(f"{due} person(s) due for a weekly e-mail:")
        sent = send_digests(progress=self.stdout.write)
        self.stdout.write(self.style.SUCCESS(f"Done: {sent} weekly e-mail(s) sent."))
