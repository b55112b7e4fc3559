import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    environment.update({"DJANGO_SETTINGS_MODULE": "config.settings.production", **env})
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def test_production_refuses_to_start_without_a_secret_key():
    """Production settings stop with a clear message when DJANGO_SECRET_KEY is missing."""
    result = run_manage("check")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_production_settings_pass_the_deployment_checklist():
    """`manage.py check --deploy` finds no issues with the production settings."""
    result = run_manage("check", "--deploy", DJANGO_SECRET_KEY="x" * 60 + "-a-long-random-production-key")
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout
