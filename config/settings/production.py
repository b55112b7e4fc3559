"""Production: every value from the environment. Refuses to start without DJANGO_SECRET_KEY."""

import os

from django.core.exceptions import ImproperlyConfigured

from config.logging import logging_config

from .base import *  # noqa: F403
from .base import DATABASES, env_bool

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set in the environment.")

DEBUG = False
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Lax, not Strict: coming back from the MitID broker is a cross-site navigation that must carry the session.
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_SAMESITE = "Lax"
# No page may be framed. Wagtail's preview views set SAMEORIGIN on their own responses
# (wagtail.utils.decorators.xframe_options_sameorigin_override), and the CSP's frame-ancestors agrees (config/csp.py).
X_FRAME_OPTIONS = "DENY"

EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploads (idea and implementation photos, Wagtail images and documents) in an S3-compatible store when
# AWS_STORAGE_BUCKET_NAME is set (django-storages; docs/deploy.md), so that every worker sees the same files. The
# bucket is private by default and links are signed and expire (a hidden idea's photo or a draft's is not public);
# with AWS_S3_CUSTOM_DOMAIN (a CDN or the proxy's /media/ in front of a bucket that allows public reads) links are
# plain. No object ACLs: new AWS buckets refuse them and MinIO ignores them, so the bucket policy decides. Names are
# never overwritten, and each object is stored with the content type of its (checked) extension.
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    _bucket = os.environ["AWS_STORAGE_BUCKET_NAME"]
    _endpoint = os.environ.get("AWS_S3_ENDPOINT_URL", "").rstrip("/")
    _region = os.environ.get("AWS_S3_REGION_NAME", "")
    _custom_domain = os.environ.get("AWS_S3_CUSTOM_DOMAIN", "").strip("/")
    _url_protocol = os.environ.get("AWS_S3_URL_PROTOCOL", "https:")
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": _bucket,
            "endpoint_url": _endpoint or None,
            "region_name": _region or None,
            "addressing_style": os.environ.get("AWS_S3_ADDRESSING_STYLE") or None,
            "signature_version": os.environ.get("AWS_S3_SIGNATURE_VERSION", "s3v4"),
            "custom_domain": _custom_domain or None,
            "url_protocol": _url_protocol,
            "default_acl": None,
            "querystring_auth": not _custom_domain,
            "querystring_expire": int(os.environ.get("AWS_QUERYSTRING_EXPIRE", "3600")),
            "file_overwrite": False,
            "object_parameters": {"CacheControl": "max-age=86400"},
        },
    }
    # The media origin, for the Content-Security-Policy's img-src (config/csp.py); the storage builds the links.
    if _custom_domain:
        MEDIA_URL = f"{_url_protocol}//{_custom_domain}/"
    elif _endpoint:
        MEDIA_URL = f"{_endpoint}/{_bucket}/"
    else:
        MEDIA_URL = f"https://{_bucket}.s3.{_region + '.' if _region else ''}amazonaws.com/"

if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }
    # Sessions read from Redis and written through to the database ("cached_db"): any worker serves anyone, and a
    # Redis restart or eviction (it is run as a cache, allkeys-lru) signs nobody out mid-ballot. A write costs one
    # database row per sign-in or session change, not per request; `manage.py clearsessions` daily removes old rows.
    # Without a shared cache the default (database) sessions stay: per-worker memory would serve stale sessions.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Persistent connections (DATABASE_CONN_MAX_AGE) are checked before each request reuses them, so a database restart
# or a connection dropped by a pooler costs no failed request.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# One JSON object a line on stderr (DJANGO_LOG_FORMAT=text for plain lines; config/logging.py).
LOGGING = logging_config(
    output=os.environ.get("DJANGO_LOG_FORMAT", "json"), level=os.environ.get("DJANGO_LOG_LEVEL", "INFO")
)

# The address search: DAWA when PARTICIPATION_GEOCODER names participation.geocoding.DawaGeocoder (see .env.example).
PARTICIPATION_GEOCODER = os.environ.get("PARTICIPATION_GEOCODER", "participation.geocoding.OfflineGazetteer")
# Behind a proxy, the header (or function) giving the visitor's IP to the rate limits, e.g. HTTP_X_REAL_IP.
RATELIMIT_IP_META_KEY = os.environ.get("DJANGO_RATELIMIT_IP_META_KEY") or None

# Background tasks run in a worker (`manage.py db_worker`), so a slow mail server never blocks a request.
TASKS_BACKEND = os.environ.get("DJANGO_TASKS_BACKEND", "django_tasks_db.DatabaseBackend")
TASKS = {"default": {"BACKEND": TASKS_BACKEND}}
if TASKS_BACKEND.startswith("django_tasks_db.") and "django_tasks_db" not in INSTALLED_APPS:  # noqa: F405
    INSTALLED_APPS += ["django_tasks_db"]  # noqa: F405
