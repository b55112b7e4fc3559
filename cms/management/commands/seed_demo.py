import logging
from contextlib import contextmanager

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
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
        "logins. Safe to run again. With --scale city, city-scale data on top (see cms/demo/city.py)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            choices=("demo", "city"),
            default="demo",
            help="demo: the demo site only. city: also 30 projects, 20,000 ideas, 100,000 supports, 50,000 "
            "comments and a vote with 100 proposals and 200,000 ballots, made with bulk inserts.",
        )
        parser.add_argument(
            "--city-factor",
            type=float,
            default=None,
            help="Multiply every city-scale count by this (default 1.0), e.g. 0.01 for a quick trial.",
        )

    def handle(self, *args, **options):
        factor = options["city_factor"]
        if factor is not None and options["scale"] != "city":
            raise CommandError("--city-factor only applies with --scale city.")
        factor = 1.0 if factor is None else factor
        if not factor > 0:
            raise CommandError("--city-factor must be more than 0.")
        chatty = CHATTY_LOGGERS if options["verbosity"] < 2 else ()
        with _quiet(chatty):
            report = seed_demo(progress=self.stdout.write)
            city = self._seed_city(factor) if options["scale"] == "city" else None
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
        if getattr(settings, "ACCOUNTS_STAFF_MFA_REQUIRED", True):
            self.stdout.write(
                "  Staff accounts need an authenticator app (TOTP): each sets one up the first time it opens /admin/."
            )
        else:
            self.stdout.write(
                self.style.WARNING(
                    "  Two-factor sign-in for staff is off (ACCOUNTS_STAFF_MFA_REQUIRED=false, the dev default); "
                    "production requires an authenticator app for /admin/."
                )
            )
        if report.hints:
            self.stdout.write("Try the citizens' budget:")
            for hint in report.hints:
                self.stdout.write(f"  {hint.label}: {base_url}{hint.path}")
        if city is not None and not city.skipped:
            self.stdout.write(
                f"City citizens (demo only): {city.first_citizen} … {city.last_citizen} / {city.password}; "
                f"{city.first_not_voted} and later have not voted yet."
            )
            with translation.override(settings.LANGUAGE_CODE):
                ballot = reverse("budgeting:ballot", kwargs={"round_id": city.round_id})
            self.stdout.write(f"  The city's vote: {base_url}{ballot}")

    def _seed_city(self, factor: float):
        from cms.demo.city import seed_city

        def progress(message: str) -> None:
            self.stdout.write(message)
            self.stdout.flush()

        return seed_city(factor=factor, progress=progress)
