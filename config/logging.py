"""Structured logs: one JSON object a line (stdlib only), a request id on every line, one line per request.

- `JsonFormatter` writes `time` (UTC, ISO 8601), `level`, `logger`, `message`, the request's `request_id` when
  the record was made while serving one, the request fields below when the record carries them, and `exc_info`
  (the formatted traceback) for exceptions. Other attributes a record carries are left out on purpose: Django's
  `django.request` records carry the whole request (cookies, headers, POST data) as `extra`.
- `RequestLogMiddleware` (first in `MIDDLEWARE`) gives each request an id, the incoming `X-Request-ID` when the
  proxy sent a sane one, else a new one; echoes it in the response's `X-Request-ID`; and logs one line per request
  at INFO on the `sammen.request` logger with `method`, `path` (without the query string, which can hold an
  e-mail address or a search), `status` and `duration_ms`. Never cookies, headers, POST bodies or IP addresses
  (the proxy's access log has the address, for as long as its retention allows).
- `logging_config(output=, level=)` is the `LOGGING` dict of the settings: "json" in production, "text" in
  development (`DJANGO_LOG_FORMAT`).
"""

from __future__ import annotations

import contextvars
import datetime
import json
import logging
import re
import time
import uuid

REQUEST_LOGGER = "sammen.request"
REQUEST_ID_HEADER = "X-Request-ID"
# What an incoming request id may look like: a proxy's (nginx `$request_id` is 32 hex digits) or a UUID.
_SANE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,100}$")
# Record attributes written when present: the request line's fields, and the status Django's loggers attach.
REQUEST_FIELDS = ("method", "path", "status", "duration_ms", "status_code")

request_id_var: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)


def _record_request_id(record: logging.LogRecord) -> str | None:
    """The id of the request a record was made in. Django logs 4xx answers after the middleware has returned, with
    the request attached to the record: its id is read from there (and nothing else of it)."""
    request_id = request_id_var.get() or getattr(getattr(record, "request", None), "request_id", None)
    return request_id if isinstance(request_id, str) else None


class JsonFormatter(logging.Formatter):
    """One JSON object a line, with a fixed set of keys (see the module docstring)."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.datetime.fromtimestamp(record.created, tz=datetime.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": _without_secrets(record, record.getMessage()),
        }
        request_id = _record_request_id(record)
        if request_id:
            entry["request_id"] = request_id
        for field in REQUEST_FIELDS:
            value = getattr(record, field, None)
            if isinstance(value, str | int | float):
                entry[field] = value
        if record.exc_info:
            entry["exc_info"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exc_info"] = record.exc_text
        if record.stack_info:
            entry["stack_info"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """Human-readable lines for development, with the request id when there is one."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s%(request_label)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        request_id = _record_request_id(record)
        record.request_label = f" [{request_id}]" if request_id else ""
        return _without_secrets(record, super().format(record))


def _without_secrets(record: logging.LogRecord, text: str) -> str:
    """Django's own request records ("Bad Request: /da/…") name the path: without its secret parts."""
    request = getattr(record, "request", None)
    path = getattr(request, "path", None)
    return text.replace(path, loggable_path(request)) if isinstance(path, str) and path else text


def _request_id(incoming: str | None) -> str:
    if incoming and _SANE_REQUEST_ID.match(incoming):
        return incoming
    return uuid.uuid4().hex


# URL parts that are secrets: a password reset key, an e-mail confirmation key, an unsubscribe token. The path is
# logged with their values replaced, so a log reader cannot use or link them.
SECRET_URL_KWARGS = frozenset({"key", "token", "uidb36", "uidb64"})
REDACTED = "[redacted]"


def loggable_path(request) -> str:
    path = request.path
    match = getattr(request, "resolver_match", None)
    for name, value in match.kwargs.items() if match else ():
        if name in SECRET_URL_KWARGS and value:
            path = path.replace(str(value), REDACTED)
    return path


class RequestLogMiddleware:
    """A request id for every request, and one log line when it is answered (see the module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.logger = logging.getLogger(REQUEST_LOGGER)

    def __call__(self, request):
        request_id = _request_id(request.headers.get(REQUEST_ID_HEADER))
        request.request_id = request_id
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        status = 500
        try:
            response = self.get_response(request)
            status = response.status_code
            response[REQUEST_ID_HEADER] = request_id
            return response
        finally:
            duration_ms = round((time.perf_counter() - started) * 1000, 1)
            path = loggable_path(request)
            self.logger.info(
                "%s %s %s",
                request.method,
                path,
                status,
                extra={"method": request.method, "path": path, "status": status, "duration_ms": duration_ms},
            )
            request_id_var.reset(token)


def logging_config(*, output: str = "text", level: str = "INFO") -> dict:
    """The `LOGGING` setting: everything to stderr, as JSON lines or as text."""
    formatter = "json" if output.strip().lower() == "json" else "text"
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "json": {"()": "config.logging.JsonFormatter"},
            "text": {"()": "config.logging.TextFormatter"},
        },
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": formatter}},
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            # runserver's own access lines (development) would repeat the request lines.
            "django.server": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        },
    }
