"""`/healthz`: 200 when the database and the cache answer, 503 naming the one that does not; no cookie, no sign-in."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings

ROOT = Path(__file__).resolve().parents[2]
# Nothing listens on port 1: connecting there fails at once, as a stopped server would.
CLOSED_PORT_REDIS = "redis://127.0.0.1:1/0"
CLOSED_PORT_POSTGRES = "postgres://postgres@127.0.0.1:1/nothing?connect_timeout=3"
REDIS_BACKEND = "django.core.cache.backends.redis.RedisCache"


@pytest.mark.django_db
def test_a_healthy_site_answers_200_with_each_check(client):
    """With the database and the cache up, the probe gets 200 and `ok` for both, and no cookie."""
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok"}}
    assert not response.cookies
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
@override_settings(ALLOWED_HOSTS=["sammenombyen.kk.dk"], SECURE_SSL_REDIRECT=True)
def test_a_probe_by_ip_address_over_plain_http_is_answered(client):
    """A load balancer probing a worker by its IP address over HTTP gets the answer, not a 400 for the Host header
    or a redirect to HTTPS; the rest of the site still refuses that Host."""
    response = client.get("/healthz", HTTP_HOST="10.0.3.17:8000")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert client.get("/da/", HTTP_HOST="10.0.3.17:8000").status_code == 400


@pytest.mark.django_db
def test_head_works_and_post_is_refused(client):
    """A probe may use HEAD; the endpoint takes no writes."""
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405


@pytest.mark.django_db
def test_an_unreachable_cache_gives_503_naming_the_cache(client):
    """When the cache server does not answer, the probe gets 503 and the body says the cache failed."""
    with override_settings(CACHES={"default": {"BACKEND": REDIS_BACKEND, "LOCATION": CLOSED_PORT_REDIS}}):
        response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["message"] == "cache unavailable"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["cache"].startswith("failed: ")
    assert "127.0.0.1" not in response.content.decode()


def test_an_unreachable_database_gives_503_naming_the_database():
    """A worker whose database is down (here: its DATABASE_URL points at a closed port) answers 503, naming the
    database, and still reports the cache; the error's text (host, port) stays out of the public answer."""
    script = (
        "import django, json; django.setup()\n"
        "from django.test import Client\n"
        "response = Client().get('/healthz')\n"
        "print(json.dumps({'status': response.status_code, 'body': response.json()}))\n"
    )
    environment = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    environment.update(DJANGO_SETTINGS_MODULE="config.settings.test", DATABASE_URL=CLOSED_PORT_POSTGRES)
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    assert answer["status"] == 503
    assert answer["body"]["status"] == "error"
    assert answer["body"]["message"] == "database unavailable"
    assert answer["body"]["checks"]["database"] == "failed: OperationalError"
    assert answer["body"]["checks"]["cache"] == "ok"
    assert ":1" not in json.dumps(answer["body"])
    # The full error is in the worker's log, for whoever runs it.
    assert "Health check database failed" in result.stderr
