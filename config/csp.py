"""The Content-Security-Policy header: django-csp's middleware with one policy for the site and one for Wagtail admin.

The site's policy is `settings.CONTENT_SECURITY_POLICY` (no inline script or style: page data reaches scripts through
`json_script` and data attributes). Requests under `settings.CONTENT_SECURITY_POLICY_ADMIN_PREFIXES` get
`settings.CONTENT_SECURITY_POLICY_ADMIN` instead, because Wagtail's admin (and wagtail-localize's editor) runs inline
scripts and styles of its own and shows page previews in a same-origin frame. Both are enforced in every environment.

Two image origins depend on other settings and are added to `img-src` of either policy when the response is built,
so that a change to them (or `override_settings` in a test) cannot leave the policy behind: the map tile server
(`MAP_TILES_URL`) and the media host when media are served from elsewhere (`MEDIA_URL` as an absolute URL, e.g. S3).
django-csp's per-view decorators (`csp_update`, `csp_replace`, `csp_override`, `csp_exempt`) keep working: this is
the subclass hook django-csp 4 documents (`get_policy_parts`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponseBase


def url_origin(url: str) -> str | None:
    """The origin a URL's resources come from, as a CSP source (`https://tiles.example.org`), or None.

    A Leaflet tile template's `{s}` subdomain becomes a wildcard (`https://*.tile.example.org`); a template anywhere
    else in the host, a relative URL or another scheme gives None (nothing to add).
    """
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        return None
    host = parts.netloc.rsplit("@", 1)[-1]
    labels = host.split(".")
    if "{" in labels[0] or "}" in labels[0]:
        labels[0] = "*"
    if any("{" in label or "}" in label for label in labels[1:]):
        return None
    return f"{parts.scheme}://{'.'.join(labels)}"


def extra_image_sources() -> list[str]:
    """The origins of the map tiles and of media served from another host, from the current settings."""
    origins = (url_origin(getattr(settings, "MAP_TILES_URL", "")), url_origin(getattr(settings, "MEDIA_URL", "")))
    return [origin for origin in dict.fromkeys(origins) if origin]


def is_admin_path(path: str) -> bool:
    return path.startswith(tuple(getattr(settings, "CONTENT_SECURITY_POLICY_ADMIN_PREFIXES", ())))


class SiteCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, choosing the site's or the admin's policy by path and adding the image origins."""

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request=request, response=response, report_only=report_only)
        if report_only or parts.config is not None:
            return parts
        policy = (
            getattr(settings, "CONTENT_SECURITY_POLICY_ADMIN", None)
            if is_admin_path(request.path_info)
            else getattr(settings, "CONTENT_SECURITY_POLICY", None)
        )
        if not policy:
            return parts
        directives = {
            key: list(value) if isinstance(value, (list, tuple, set)) else value
            for key, value in policy.get("DIRECTIVES", {}).items()
        }
        extra = extra_image_sources()
        if extra:
            directives["img-src"] = [*directives.get("img-src", directives.get("default-src", [])), *extra]
        parts.config = directives
        return parts
