"""Tell the followers of each project whose new phase starts today. Meant to run once a day from cron."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from participation.models import local_date
from participation.notifications import announce_phases


class Command(BaseCommand):
    help = (
        "Notify the followers of every live project whose phase starts today (or on --date). "
        "Each phase is announced once, however often this runs."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            help="The day whose starting phases to announce, as YYYY-MM-DD (default: today in Copenhagen). "
            "Use it to catch up a day the job did not run.",
        )

    def handle(self, *args, **options):
        if options["date"]:
            try:
                day = datetime.date.fromisoformat(options["date"])
            except ValueError as error:
                raise CommandError(f"--date must be YYYY-MM-DD, not {options['date']!r}") from error
        else:
            day = local_date()
        self.stdout.write(f"Phases starting on {day.isoformat()}:")
        results = announce_phases(day=day)
        if not results:
            self.stdout.write("  none")
        told = 0
        for phase, count in results:
            name = f"{phase.project.title} → {phase.title}"
            if count is None:
                self.stdout.write(f"  {name}: already announced, skipped")
            else:
                told += count
                self.stdout.write(f"  {name}: {count} follower(s) notified")
        announced = sum(1 for _phase, count in results if count is not None)
        self.stdout.write(self.style.SUCCESS(f"Done: {announced} phase(s) announced, {told} notification(s) created."))
