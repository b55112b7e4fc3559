"""Production settings pass Django's deployment checklist, and a response served with them carries the security
headers and cookie flags a browser needs (HSTS, nosniff, referrer and opener policies, framing, CSP, cookies)."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "en-lang-og-god-adgangskode-2026"  # noqa: S105
# The settings that decide the headers and cookies, read from config.settings.production in a subprocess.
SECURITY_SETTINGS = [
    "DEBUG",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_SAMESITE",
    "X_FRAME_OPTIONS",
    "SILENCED_SYSTEM_CHECKS",
    "CONTENT_SECURITY_POLICY",
    "CONTENT_SECURITY_POLICY_ADMIN",
    "CONTENT_SECURITY_POLICY_ADMIN_PREFIXES",
    "MIDDLEWARE",
]


def production_environment(**extra: str) -> dict[str, str]:
    """The environment of a production server: a long random secret key, PostgreSQL, a real host name."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_"))}
    environment.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
            "DATABASE_URL": "postgres://sammen:not-used@db.internal:5432/sammen_om_byen",
            "DJANGO_ALLOWED_HOSTS": "sammenombyen.kk.dk",
            **extra,
        }
    )
    return environment


def run_manage(*args: str, **extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=production_environment(**extra),
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def production_settings() -> dict:
    """The security settings exactly as config.settings.production computes them from a production environment."""
    script = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{name: getattr(settings, name) for name in {SECURITY_SETTINGS!r}}}))"
    )
    result = run_manage("shell", "-c", script)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_check_deploy_finds_nothing_and_nothing_is_silenced():
    """`manage.py check --deploy` with production settings reports no issue at all, and silences none."""
    result = run_manage("check", "--deploy", "--fail-level", "DEBUG")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout, result.stdout + result.stderr
    assert "WARNINGS" not in result.stdout + result.stderr


def test_production_settings_ask_for_the_strict_security_settings(production_settings):
    """HSTS for a year with subdomains and preload, secure HttpOnly Lax cookies, no framing, nothing silenced."""
    assert production_settings["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert production_settings["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert production_settings["SECURE_HSTS_PRELOAD"] is True
    assert production_settings["SESSION_COOKIE_SECURE"] is True
    assert production_settings["SESSION_COOKIE_HTTPONLY"] is True
    assert production_settings["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert production_settings["CSRF_COOKIE_SECURE"] is True
    assert production_settings["CSRF_COOKIE_SAMESITE"] == "Lax"
    assert production_settings["X_FRAME_OPTIONS"] == "DENY"
    assert production_settings["SILENCED_SYSTEM_CHECKS"] == []
    assert "config.csp.SiteCSPMiddleware" in production_settings["MIDDLEWARE"]


@pytest.fixture
def as_in_production(settings, production_settings):
    """This test's settings with production's security settings (the test database and pages stay)."""
    for name, value in production_settings.items():
        setattr(settings, name, value)
    settings.ALLOWED_HOSTS = ["sammenombyen.kk.dk"]
    return settings


@pytest.mark.django_db
def test_a_page_served_with_production_settings_carries_the_security_headers(client, home_page, as_in_production):
    """Over HTTPS the sign-in page comes with HSTS, nosniff, the referrer, opener and framing policies and the CSP;
    the CSRF cookie it sets is Secure and SameSite=Lax."""
    response = client.get("/da/konto/login/", secure=True, headers={"host": "sammenombyen.kk.dk"})
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    policy = {
        directive.split()[0]: directive.split()[1:] for directive in response["Content-Security-Policy"].split("; ")
    }
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["base-uri"] == ["'self'"]
    csrf = response.cookies["csrftoken"]
    assert csrf["secure"] is True
    assert csrf["samesite"] == "Lax"


@pytest.mark.django_db
def test_plain_http_is_sent_to_https_in_production(client, home_page, as_in_production):
    """A request that reached the site over plain HTTP is redirected to the same address over HTTPS."""
    response = client.get("/da/konto/login/", headers={"host": "sammenombyen.kk.dk"})
    assert response.status_code == 301
    assert response["Location"] == "https://sammenombyen.kk.dk/da/konto/login/"


@pytest.mark.django_db
def test_signing_in_with_production_settings_sets_a_secure_httponly_lax_session_cookie(
    client, home_page, as_in_production
):
    """The session cookie of a citizen who signs in is Secure, HttpOnly (no script reads it) and SameSite=Lax."""
    user = get_user_model().objects.create_user(email="amira@example.dk", password=PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    response = client.post(
        "/da/konto/login/",
        {"login": "amira@example.dk", "password": PASSWORD},
        secure=True,
        headers={"host": "sammenombyen.kk.dk"},
    )
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session.value
    assert session["secure"] is True
    assert session["httponly"] is True
    assert session["samesite"] == "Lax"
