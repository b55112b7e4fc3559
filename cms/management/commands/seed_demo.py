import logging
from contextlib import contextmanager

from django.conf import settings
from django.core.management.base import BaseCommand
from django.urls import reverse
from django.utils import translation

from cms.demo import seed_demo

# Loggers that report every publish and every background task at INFO; at normal verbosity they would
# bury the progress lines.
CHATTY_LOGGERS = ("wagtail", "django_tasks")


@contextmanager
def _quiet(names: tuple[str, ...]):
    loggers = [logging.getLogger(name) for name in names]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


class Command(BaseCommand):
    help = (
        "Fill the site with demo content: districts, the seven administrations, the home page, five projects "
        "in different phases, all in Danish and English, ideas, a citizens' budget open for voting, and demo "
        "logins. Safe to run again."
    )

    def handle(self, *args, **options):
        chatty = CHATTY_LOGGERS if options["verbosity"] < 2 else ()
        with _quiet(chatty):
            report = seed_demo(progress=self.stdout.write)
        for warning in report.warnings:
            self.stderr.write(self.style.WARNING(warning))
        summary = f"Created {len(report.created)} objects." if report.created else "Nothing to create."
        self.stdout.write(self.style.SUCCESS(f"Demo content is in place. {summary}"))

        base_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        with translation.override(settings.LANGUAGE_CODE):
            site_login = base_url + reverse("account_login")
        self.stdout.write("Demo logins (demo only: never use these passwords outside a local demo):")
        for login in report.logins:
            password = login.password or "(password changed since it was seeded)"
            if login.role == "citizen":
                self.stdout.write(f"  Sign in on the site at {site_login} as {login.email} / {password}  [citizen]")
                continue
            self.stdout.write(f"  Sign in at {base_url}/admin/ as {login.email} / {password}  [{login.role}]")
            if login.role == "editor":
                self.stdout.write(f"  or on the site at {site_login} as {login.email} / {password}")
        if report.hints:
            self.stdout.write("Try the citizens' budget:")
            for hint in report.hints:
                self.stdout.write(f"  {hint.label}: {base_url}{hint.path}")
