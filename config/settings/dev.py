"""Local development: `make run`. SQLite, console e-mail, map tiles on."""

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = True
SECRET_KEY = "dev-only-not-secret"  # noqa: S105
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"
# The demo's staff logins work without an authenticator app, so that `make run` can be tried at once; seed_demo
# says so. ACCOUNTS_STAFF_MFA_REQUIRED=true tries the production behaviour (set up an authenticator on first entry).
ACCOUNTS_STAFF_MFA_REQUIRED = env_bool("ACCOUNTS_STAFF_MFA_REQUIRED", False)
