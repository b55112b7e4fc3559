"""`/healthz`: is this worker able to serve? For load balancers, orchestrators and uptime probes.

It asks the two things every request needs: the database (`SELECT 1` on each configured connection) and the
cache (a key written and read back). 200 with `{"status": "ok", "checks": {...}}` when both answer, else 503 with
the check that failed and the kind of error (never its text, which can hold host names or credentials; the
full error goes to the log). It reads no session, sets no cookie, needs no sign-in and holds no personal data.

`HealthCheckMiddleware`, first in `MIDDLEWARE`, answers the path before any other middleware runs: a probe is
answered whatever Host header it sends (load balancers often send the node's IP address, which is not in
`DJANGO_ALLOWED_HOSTS`), over plain HTTP (no HTTPS redirect), without a request log line per probe, and with a 503
that names the cache rather than a 500 from another middleware that reads the cache first (the page cache). Only
GET and HEAD; the answer builds no URL, so the Host header is never used.
"""

from __future__ import annotations

import logging
import uuid

from django.core.cache import cache
from django.db import connections
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


def _database() -> None:
    for connection in connections.all():
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            if cursor.fetchone() != (1,):
                raise RuntimeError(f"SELECT 1 on {connection.alias!r} did not return 1")


def _cache() -> None:
    key = f"healthz:{uuid.uuid4().hex}"
    value = uuid.uuid4().hex
    cache.set(key, value, timeout=10)
    try:
        if cache.get(key) != value:
            raise RuntimeError("a value written to the cache was not read back")
    finally:
        cache.delete(key)


PATH = "/healthz"
CHECKS = {"database": _database, "cache": _cache}


@never_cache
@require_safe
def healthz(request):
    checks: dict[str, str] = {}
    failed: list[str] = []
    for name, check in CHECKS.items():
        try:
            check()
        except Exception as error:
            logger.exception("Health check %s failed", name)
            checks[name] = f"failed: {type(error).__name__}"
            failed.append(name)
        else:
            checks[name] = "ok"
    if failed:
        message = f"{', '.join(failed)} unavailable"
        return JsonResponse({"status": "error", "message": message, "checks": checks}, status=503)
    return JsonResponse({"status": "ok", "checks": checks})


class HealthCheckMiddleware:
    """Answers `/healthz` itself, ahead of the rest of the stack (see the module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        if request.path_info == PATH:
            return healthz(request)
        return self.get_response(request)
