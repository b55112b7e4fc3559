"""Settings shared by every environment. Values that differ come from the environment."""

import os
from pathlib import Path

import dj_database_url

from config.logging import logging_config

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
DEBUG = env_bool("DJANGO_DEBUG")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Our apps first, so their templates override those of third-party apps.
    "accounts",
    "maps",
    "participation",
    "budgeting",
    "cms",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.settings",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "leaflet",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "csp",
]

MIDDLEWARE = [
    # First: /healthz answers load balancers before anything else runs (config/health.py).
    "config.health.HealthCheckMiddleware",
    # A request id for every log line, and one line per request (config/logging.py).
    "config.logging.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # The Content-Security-Policy header: the site's policy, or the admin's under /admin/ (config/csp.py).
    "config.csp.SiteCSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # After authentication: anyone entering Wagtail admin has signed in with a second factor (accounts/staff.py).
    "accounts.staff.StaffSecondFactorMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last: anonymous project pages, idea pages and map responses from the cache (participation/cache.py).
    "participation.cache.PageCacheMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# SQLite in a git-ignored folder by default; DATABASE_URL switches to PostgreSQL (psycopg 3).
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"

# django-allauth: the e-mail address is the login, and it must be verified.
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Sammen om byen] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = os.environ.get("DJANGO_HTTP_PROTOCOL", "https")
# Sign-in throttling (allauth's rates, per IP address and per e-mail address typed; "key" is the address). A wrong
# second-factor code counts as a failed sign-in of that account. Refused sign-ins say so in the form; other refusals
# show templates/429.html.
ACCOUNT_RATE_LIMITS = {
    "login": os.environ.get("ACCOUNTS_RATE_LOGIN", "30/m/ip"),
    "login_failed": os.environ.get("ACCOUNTS_RATE_LOGIN_FAILED", "10/m/ip,5/300s/key"),
    "signup": os.environ.get("ACCOUNTS_RATE_SIGNUP", "20/m/ip"),
    "reset_password": os.environ.get("ACCOUNTS_RATE_RESET_PASSWORD", "20/m/ip,5/m/key"),
}
# Staff two-factor authentication (allauth.mfa): an authenticator app (TOTP) with recovery codes. Whoever may enter
# Wagtail admin must have one and must have used it in this session (accounts/staff.py); Wagtail's own sign-in page
# sends people to the site's, so the second factor and the throttling apply to it too.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Sammen om byen"
MFA_FORMS = {"activate_totp": "accounts.staff.ActivateTOTPForm"}
ACCOUNTS_STAFF_MFA_REQUIRED = env_bool("ACCOUNTS_STAFF_MFA_REQUIRED", True)
# Staff reset their password through the site's own (throttled) reset, not Wagtail admin's.
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAILADMIN_LOGIN_URL = "account_login"

# MitID through an OpenID Connect broker (allauth's openid_connect provider), only to show that one may vote
# in a budget round: a signed-in person connects MitID to their account; nobody signs up or in with it. Off
# unless MITID_OIDC_SERVER_URL and MITID_OIDC_CLIENT_ID are set. No tokens are stored, and the adapter keeps
# none of the claims on the account (see accounts.adapter.SocialAccountAdapter).
SOCIALACCOUNT_ADAPTER = "accounts.adapter.SocialAccountAdapter"
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
MITID_OIDC_SERVER_URL = os.environ.get("MITID_OIDC_SERVER_URL", "")
MITID_OIDC_CLIENT_ID = os.environ.get("MITID_OIDC_CLIENT_ID", "")
BUDGETING_OIDC_PROVIDER_ID = "mitid"
SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {
        "OAUTH_PKCE_ENABLED": True,
        "APPS": [
            {
                "provider_id": BUDGETING_OIDC_PROVIDER_ID,
                "name": "MitID",
                "client_id": MITID_OIDC_CLIENT_ID,
                "secret": os.environ.get("MITID_OIDC_SECRET", ""),
                "settings": {
                    "server_url": MITID_OIDC_SERVER_URL,
                    "scope": os.environ.get("MITID_OIDC_SCOPE", "openid").split(),
                    **(
                        {"token_auth_method": os.environ["MITID_OIDC_TOKEN_AUTH_METHOD"]}
                        if os.environ.get("MITID_OIDC_TOKEN_AUTH_METHOD")
                        else {}
                    ),
                },
            }
        ]
        if MITID_OIDC_SERVER_URL and MITID_OIDC_CLIENT_ID
        else [],
    }
}
# Which claims of the broker's ID token or userinfo say what the eligibility rules need ("a.b" reads a nested
# claim, e.g. "address.postal_code"). "identity", when the broker gives a CPR number, makes a MitID voter the
# same person as on a paper ballot; empty, the person is known by their MitID subject only.
BUDGETING_OIDC_CLAIMS = {
    "birthdate": os.environ.get("BUDGETING_OIDC_CLAIM_BIRTHDATE", "birthdate"),
    "postal_code": os.environ.get("BUDGETING_OIDC_CLAIM_POSTAL_CODE", "postal_code"),
    "municipality": os.environ.get("BUDGETING_OIDC_CLAIM_MUNICIPALITY", "municipality_code"),
    "identity": os.environ.get("BUDGETING_OIDC_CLAIM_IDENTITY", ""),
}
# The secret mixed into every census hash (HMAC key). Empty: derived from SECRET_KEY, so changing SECRET_KEY
# would make every uploaded census list and every voter's identity hash unrecognisable. Set it in production.
BUDGETING_CENSUS_PEPPER = os.environ.get("BUDGETING_CENSUS_PEPPER", "")

EMAIL_BACKEND = os.environ.get("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "Sammen om byen <noreply@kk.dk>")

# Languages: Danish is the default and has its own prefix (/da/...), English is second (/en/...).
LANGUAGE_CODE = "da"
LANGUAGES = [("da", "Dansk"), ("en", "English")]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "sammen-om-byen",
    }
}
# How long anonymous visitors are served a project page, idea page or map response from the cache (seconds); 0 turns
# that off. Changes show at once whatever the value: they invalidate what they touch (participation/cache.py).
PAGE_CACHE_SECONDS = int(os.environ.get("DJANGO_PAGE_CACHE_SECONDS", "300"))

# Wagtail
WAGTAIL_SITE_NAME = "Sammen om byen"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No avatars from gravatar.com: it would send a hash of staff e-mail addresses to a third party.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp"]
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = None
WAGTAILADMIN_PERMITTED_LANGUAGES = [("da", "Dansk"), ("en", "English")]
WAGTAIL_USER_CUSTOM_FIELDS: list[str] = []
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "odt", "ods", "csv", "txt"]
# Documents always go through Wagtail's view (also with S3 storage, which would otherwise redirect to the bucket), so
# that every download carries its type by extension, `X-Content-Type-Options: nosniff`, `Content-Security-Policy:
# default-src 'none'` and, for every type, `Content-Disposition: attachment` (never shown in the site's origin).
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_INLINE_CONTENT_TYPES: list[str] = []

# Maps: tiles are a setting. OpenStreetMap by default; tests and CI run with MAP_TILES_URL="".
MAP_TILES_URL = os.environ.get("MAP_TILES_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILES_ATTRIBUTION = os.environ.get(
    "MAP_TILES_ATTRIBUTION", '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'
)
MAP_OUTLINES_ATTRIBUTION = "Bydels- og lokaludvalgsgrænser: Københavns Kommune, CC BY 4.0"

# Content-Security-Policy (django-csp 4; config/csp.py), enforced in every environment, tests included, so that the
# browser tests see what a visitor's browser would refuse. The site runs no inline script or style: page data reaches
# scripts through json_script and data attributes, widths drawn from data are classes (static/css/widths.css), and
# django-leaflet's inline map script is replaced (templates/leaflet/_leaflet_map.html). Leaflet positions its layers
# through the CSSOM, which style-src does not govern. The map tile host (MAP_TILES_URL) and an external media host
# (an absolute MEDIA_URL) are added to img-src by the middleware. Public pages may not be framed at all; previews
# are admin URLs.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
# Wagtail admin (and wagtail-localize's editor inside it) runs inline scripts and injects styles of its own, shows
# image previews from blob: URLs while uploading, and frames page previews from the same origin.
CONTENT_SECURITY_POLICY_ADMIN_PREFIXES = ["/admin/"]
CONTENT_SECURITY_POLICY_ADMIN = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "script-src": ["'self'", "'unsafe-inline'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "frame-ancestors": ["'self'"],
    }
}
LEAFLET_CONFIG = {
    "TILES": [("OpenStreetMap", MAP_TILES_URL, {"attribution": MAP_TILES_ATTRIBUTION})] if MAP_TILES_URL else [],
    "DEFAULT_CENTER": (55.6761, 12.5683),
    "DEFAULT_ZOOM": 11,
    "MIN_ZOOM": 10,
    "MAX_ZOOM": 18,
    "RESET_VIEW": False,
    "NO_GLOBALS": False,
    "ATTRIBUTION_PREFIX": "Leaflet",
}

# Logs go to stderr: text lines here, one JSON object a line in production (DJANGO_LOG_FORMAT; config/logging.py).
LOGGING = logging_config(
    output=os.environ.get("DJANGO_LOG_FORMAT", "text"), level=os.environ.get("DJANGO_LOG_LEVEL", "INFO")
)
PARTICIPATION_AUTO_HIDE_REPORTS = int(os.environ.get("PARTICIPATION_AUTO_HIDE_REPORTS", "3"))
# Writes a citizen can make (django-ratelimit rates): per account when signed in, else per IP address.
PARTICIPATION_RATE_LIMITS = {
    "submit": os.environ.get("PARTICIPATION_RATE_SUBMIT", "10/h"),
    "comment": os.environ.get("PARTICIPATION_RATE_COMMENT", "30/h"),
    "support": os.environ.get("PARTICIPATION_RATE_SUPPORT", "120/h"),
    "report": os.environ.get("PARTICIPATION_RATE_REPORT", "20/h"),
    # Citizens' budgets (budgeting.views): submitting a ballot, and checking a receipt code (slow enough that
    # the check is no way to guess codes).
    "ballot": os.environ.get("PARTICIPATION_RATE_BALLOT", "20/h"),
    "receipt_check": os.environ.get("PARTICIPATION_RATE_RECEIPT_CHECK", "30/h"),
    # Typing an identity number to be found on a round's census list: numbers are guessable, so this is slow.
    "census_check": os.environ.get("PARTICIPATION_RATE_CENSUS_CHECK", "10/h"),
    # Answering or skipping the optional question after voting (budgeting.views.survey).
    "survey": os.environ.get("PARTICIPATION_RATE_SURVEY", "20/h"),
    # Following and unfollowing a proposal (budgeting.views.follows).
    "follow": os.environ.get("PARTICIPATION_RATE_FOLLOW", "60/h"),
}
# The ceiling per IP address on the same writes by signed-in people, whoever they are: many share one address (a
# library, a voting station), so it leaves room for about thirty people's allowance at once. An action not listed
# here has its own rate as its ceiling (participation/throttle.py).
PARTICIPATION_RATE_LIMITS_PER_IP = {
    "submit": os.environ.get("PARTICIPATION_RATE_SUBMIT_PER_IP", "300/h"),
    "comment": os.environ.get("PARTICIPATION_RATE_COMMENT_PER_IP", "900/h"),
    "support": os.environ.get("PARTICIPATION_RATE_SUPPORT_PER_IP", "3600/h"),
    "report": os.environ.get("PARTICIPATION_RATE_REPORT_PER_IP", "600/h"),
    "ballot": os.environ.get("PARTICIPATION_RATE_BALLOT_PER_IP", "600/h"),
    "receipt_check": os.environ.get("PARTICIPATION_RATE_RECEIPT_CHECK_PER_IP", "900/h"),
    "census_check": os.environ.get("PARTICIPATION_RATE_CENSUS_CHECK_PER_IP", "300/h"),
    "survey": os.environ.get("PARTICIPATION_RATE_SURVEY_PER_IP", "600/h"),
    "follow": os.environ.get("PARTICIPATION_RATE_FOLLOW_PER_IP", "1800/h"),
}
# A person's own data, per account and per IP address: downloading the export, and attempts to delete the account
# (each asks for the password, so this also limits guessing it).
ACCOUNTS_RATE_LIMITS = {
    "export": os.environ.get("ACCOUNTS_RATE_EXPORT", "20/h"),
    "delete": os.environ.get("ACCOUNTS_RATE_DELETE", "10/h"),
}
PARTICIPATION_CLUSTER_MAX_ZOOM = int(os.environ.get("PARTICIPATION_CLUSTER_MAX_ZOOM", "15"))

# Background tasks (django-tasks): notification e-mails and Wagtail's own tasks. Immediate (in the
# request) unless DJANGO_TASKS_BACKEND names another backend; production names a worker-backed one
# (django-tasks ≥ 0.12 keeps its database backend in the separate django-tasks-db package).
TASKS_BACKEND = os.environ.get("DJANGO_TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")
TASKS = {"default": {"BACKEND": TASKS_BACKEND}}
INSTALLED_APPS += ["django_tasks"]
if TASKS_BACKEND.startswith("django_tasks_db."):
    INSTALLED_APPS += ["django_tasks_db"]
# Idea form: the geocoder behind the address search (a dotted path; participation.geocoding.DawaGeocoder in
# production), DAWA's base URL, and rate limits per IP for the address look-ups and for photos kept as drafts.
PARTICIPATION_GEOCODER = os.environ.get("PARTICIPATION_GEOCODER", "participation.geocoding.OfflineGazetteer")
PARTICIPATION_DAWA_URL = os.environ.get("PARTICIPATION_DAWA_URL", "https://api.dataforsyningen.dk")
PARTICIPATION_RATE_GEOCODE = os.environ.get("PARTICIPATION_RATE_GEOCODE", "60/m")
PARTICIPATION_RATE_PHOTO_DRAFTS = os.environ.get("PARTICIPATION_RATE_PHOTO_DRAFTS", "30/h")
