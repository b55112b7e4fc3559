"""Local development: `make run`. SQLite, console e-mail, map tiles on."""

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = "dev-only-not-secret"  # noqa: S105
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"
