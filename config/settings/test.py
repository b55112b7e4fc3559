"""Tests: SQLite by default (DATABASE_URL for PostgreSQL), no map tiles, fast hashing, locmem e-mail."""

from .base import *  # noqa: F403
from .base import LEAFLET_CONFIG

SECRET_KEY = "test-only-not-secret"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"
ACCOUNT_RATE_LIMITS = False
# Staff sign in without a second factor in tests; tests/accounts/test_staff_mfa.py turns it on.
ACCOUNTS_STAFF_MFA_REQUIRED = False
MAP_TILES_URL = ""
LEAFLET_CONFIG = {**LEAFLET_CONFIG, "TILES": []}
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {"CLASS": "wagtail_localize.machine_translators.dummy.DummyTranslator"}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
# The page cache is off: many tests count the queries of a page or change its data between two requests without
# committing. tests/participation/test_cache.py turns it on.
PAGE_CACHE_SECONDS = 0
# Tasks run at once, inside the test, so that e-mails they send land in mail.outbox.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# The browser tests all come from 127.0.0.1 within minutes: keep the real limits out of their way. Tests of
# the limits themselves set low rates with override_settings.
PARTICIPATION_RATE_GEOCODE = "10000/m"
PARTICIPATION_RATE_LIMITS = {
    "submit": "1000/m",
    "comment": "1000/m",
    "support": "1000/m",
    "report": "1000/m",
    "ballot": "1000/m",
    "receipt_check": "1000/m",
    "census_check": "1000/m",
    "survey": "1000/m",
    "follow": "1000/m",
}
# Every browser test comes from 127.0.0.1, and so does `make bench`'s load: no ceiling per address either.
PARTICIPATION_RATE_LIMITS_PER_IP = dict.fromkeys(PARTICIPATION_RATE_LIMITS, "1000000/m")
ACCOUNTS_RATE_LIMITS = {"export": "1000/m", "delete": "1000/m"}
