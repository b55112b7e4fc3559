"""Settings for `make bench-load`'s server: the production settings, plus the benchmark's two bare views.

Everything else comes from the environment exactly as in production (DJANGO_SECRET_KEY, DATABASE_URL, REDIS_URL,
DJANGO_ALLOWED_HOSTS, the rate limits, DJANGO_PAGE_CACHE_SECONDS); tests/perf/bench_load.py sets it. Static files
are collected into a folder of the benchmark's own, so that the manifest storage finds them.
"""

import os
from pathlib import Path

from config.settings.production import *  # noqa: F403

ROOT_URLCONF = "tests.perf.bench_urls"
STATIC_ROOT = Path(os.environ.get("BENCH_STATIC_ROOT", str(BASE_DIR / "var" / "bench-static")))  # noqa: F405
# No mail leaves the benchmark: receipts are queued (the database task backend) and never sent.
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
# The logs stay production's (a JSON line per request); bench_load.py sends the server's output to a file.
