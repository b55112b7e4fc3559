"""Structured logs: one JSON object a line, a request id on each request, one line per request without cookies,
query strings or POST bodies; production writes JSON by default."""

import io
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from config.logging import REQUEST_LOGGER, JsonFormatter

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def log_lines():
    """Every record of the request logger and of Django's request logger, formatted as in production."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    loggers = [logging.getLogger(REQUEST_LOGGER), logging.getLogger("django.request")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
    yield lambda: stream.getvalue().splitlines()
    for logger, level in zip(loggers, levels, strict=True):
        logger.removeHandler(handler)
        logger.setLevel(level)


@pytest.mark.django_db
def test_a_request_logs_one_json_line_with_its_fields_and_nothing_personal(
    client, home_page, django_user_model, log_lines
):
    """A signed-in visitor's request gives one JSON line: time, level, logger, message, request id, method, path,
    status and duration; not the session cookie, not the query string (here an e-mail address)."""
    user = django_user_model.objects.create_user(email="jens@example.dk", password="pw")
    client.force_login(user)
    session_cookie = client.cookies["sessionid"].value
    response = client.get("/da/", {"q": "jens.hansen@example.dk"})
    assert response.status_code == 200

    lines = log_lines()
    request_lines = [json.loads(line) for line in lines if json.loads(line)["logger"] == REQUEST_LOGGER]
    assert len(request_lines) == 1
    entry = request_lines[0]
    assert entry["level"] == "INFO"
    assert entry["method"] == "GET"
    assert entry["path"] == "/da/"
    assert entry["status"] == 200
    assert isinstance(entry["duration_ms"], float | int)
    assert entry["time"].endswith("+00:00")
    assert entry["message"] == "GET /da/ 200"
    assert entry["request_id"] == response["X-Request-ID"]
    everything = "\n".join(lines)
    assert session_cookie not in everything
    assert "jens.hansen" not in everything
    assert "jens@example.dk" not in everything


@pytest.mark.django_db
def test_a_post_body_and_djangos_request_record_stay_out(client, log_lines):
    """A refused POST is logged with its status, but neither its body nor the request object Django's own logger
    attaches (headers, cookies) reach the line."""
    client.cookies["sessionid"] = "a-session-value-that-must-not-be-logged"
    response = client.post("/da/ingen-side-her/", {"password": "hunter2-secret"})
    assert response.status_code == 404
    lines = [json.loads(line) for line in log_lines()]
    assert {line["logger"] for line in lines} == {REQUEST_LOGGER, "django.request"}
    django_line = next(line for line in lines if line["logger"] == "django.request")
    assert django_line["status_code"] == 404
    assert django_line["request_id"] == response["X-Request-ID"]
    everything = "\n".join(json.dumps(line) for line in lines)
    assert "hunter2" not in everything
    assert "a-session-value" not in everything


@pytest.mark.django_db
def test_an_incoming_request_id_is_kept_and_a_strange_one_replaced(client, log_lines):
    """The proxy's X-Request-ID follows the request into the log and back in the response; a value that is not a
    plain id (spaces, quotes, a new line) is replaced by a fresh one."""
    response = client.get("/da/ingen-side-her/", HTTP_X_REQUEST_ID="3f2a9c1e7b0d4e5f8a6b2c1d0e9f8a7b")
    assert response["X-Request-ID"] == "3f2a9c1e7b0d4e5f8a6b2c1d0e9f8a7b"
    strange = client.get("/da/ingen-side-her/", HTTP_X_REQUEST_ID='x" injected\nline')
    assert strange["X-Request-ID"] != 'x" injected\nline'
    assert len(strange["X-Request-ID"]) == 32
    ids = [json.loads(line)["request_id"] for line in log_lines() if json.loads(line)["logger"] == REQUEST_LOGGER]
    assert ids == ["3f2a9c1e7b0d4e5f8a6b2c1d0e9f8a7b", strange["X-Request-ID"]]


def test_an_exception_is_logged_with_its_traceback_in_one_line():
    """A logged exception keeps its traceback, inside the one JSON object."""
    try:
        1 / 0  # noqa: B018
    except ZeroDivisionError:
        record = logging.getLogger("sammen.test").makeRecord(
            "sammen.test", logging.ERROR, __file__, 1, "Counting failed for %s", ("round 7",), sys.exc_info()
        )
    line = JsonFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["message"] == "Counting failed for round 7"
    assert entry["level"] == "ERROR"
    assert "ZeroDivisionError" in entry["exc_info"]
    assert "Traceback" in entry["exc_info"]


def _production_log_line(**env: str) -> str:
    environment = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    environment.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY="x" * 60 + "-a-long-random-production-key",
        **env,
    )
    script = "import django, logging; django.setup(); logging.getLogger('sammen.check').warning('Ballot box %s', 3)"
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return result.stderr.strip().splitlines()[-1]


def test_production_logs_json_by_default_and_text_when_asked():
    """With production settings a log record is a JSON line; DJANGO_LOG_FORMAT=text gives a plain line."""
    entry = json.loads(_production_log_line())
    assert entry["logger"] == "sammen.check"
    assert entry["level"] == "WARNING"
    assert entry["message"] == "Ballot box 3"
    text = _production_log_line(DJANGO_LOG_FORMAT="text")
    assert text.endswith("WARNING sammen.check: Ballot box 3")


@pytest.mark.django_db
def test_secret_keys_and_tokens_in_urls_are_not_logged(client, home_page, log_lines):
    """An unsubscribe link's token and a password reset key work as credentials: the log shows the path without
    them."""
    token = "eyJ1IjoxfQ:1vNzZb:S3cr3tT0kenThatMustNotBeLogged"
    client.get(f"/da/notifikationer/afmeld/{token}/")
    client.get("/da/konto/password/reset/key/4-abc123secretkey/")

    everything = "\n".join(log_lines())
    assert "S3cr3tT0ken" not in everything
    assert "abc123secretkey" not in everything
    paths = [json.loads(line).get("path") for line in log_lines() if json.loads(line)["logger"] == REQUEST_LOGGER]
    assert "/da/notifikationer/afmeld/[redacted]/" in paths
