"""Settings for `make bench`'s server: the test settings on PostgreSQL, with the benchmark's bare views and no limits.

The rate limits are lifted because the load comes from one address; everything else (middleware, sessions,
CSRF, transactions, the ballot services) is what a citizen's request goes through.
"""

import warnings

from config.settings.test import *  # noqa: F403

ROOT_URLCONF = "tests.perf.bench_urls"
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
PARTICIPATION_RATE_LIMITS = dict.fromkeys(
    ("submit", "comment", "support", "report", "ballot", "receipt_check"), "1000000/m"
)
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}

# The benchmark serves no static files; WhiteNoise's note that `collectstatic` has not run is noise here.
warnings.filterwarnings("ignore", message="No directory at")
