"""Anonymous project pages, idea pages and map responses, served from the cache until what they show changes.

- A view opts in with `cache_response(request, project_id=…, params=…)`; nothing else is ever stored. The middleware
  (`PageCacheMiddleware`, last in `MIDDLEWARE`) stores the response and serves it to the next visitor whose request
  gives the same key: scheme, host, path, active language and the query string with its parameters sorted.
- Only GET requests without a session cookie, a messages cookie or an Authorization header take part, so a signed-in
  person (whose pages show their own support, follows, drafts and messages) is never served a cached page and never
  fills the cache. A response is not stored when the view wrote to the session, added a message, set a cookie, used
  a CSP nonce or answered with anything but 200.
- CSRF: a cached page must not hand one visitor's token to the next. Every token of the visitor the page was rendered
  for is replaced by a placeholder before storing, and each visitor served from the cache gets a token of their own
  (with its cookie, set by Django's CSRF middleware as for any page rendered with a token).
- Invalidation without scanning keys: every entry records the generations it depends on, the site-wide one and one
  per project page of its translation group, and is served only while they are all unchanged. A generation is a
  random token kept in the cache without expiry; a change puts a new one (at once, and again once the transaction
  commits, because a reader may have cached the state from before the commit in between). A generation evicted from
  the cache comes back as a new token, so an eviction can only cause a miss, never a stale page.
- What changes a generation: ideas, comments and supports change their project's; publishing, unpublishing, moving
  or deleting any page (and so a translation sync), and the snippets, settings and budgeting records registered with
  `invalidate_all_on_change` change the site-wide one.

`settings.PAGE_CACHE_SECONDS` (environment `DJANGO_PAGE_CACHE_SECONDS`) is how long an entry lives; 0 turns it off.
The cache is Django's default cache: local memory in development and tests, Redis in production.
"""

from __future__ import annotations

import hashlib
import logging
import re
import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import HttpResponse
from django.middleware.csrf import _unmask_cipher_token, get_token
from django.utils.cache import patch_vary_headers
from django.utils.http import urlencode
from django.utils.translation import get_language
from wagtail.signals import page_published, page_unpublished, post_page_move

from .models import Comment, Idea, Support

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.http import HttpRequest, HttpResponseBase

logger = logging.getLogger(__name__)

SITE_GENERATION = "pagecache:generation:site"
HEADER = "X-Page-Cache"
# Django's masked CSRF tokens are 64 letters and digits. Forms refuse NUL characters, so no page text holds this.
CSRF_TOKEN = re.compile(rb"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")
CSRF_PLACEHOLDER = b"\x00csrf-token\x00"


def cache_seconds() -> int:
    return int(getattr(settings, "PAGE_CACHE_SECONDS", 0))


def project_generation(project_id: int) -> str:
    return f"pagecache:generation:project:{project_id}"


# Reading


def _generations(keys: Iterable[str]) -> dict[str, str]:
    """The current token of each generation, making one for those that have none (new, or evicted)."""
    keys = list(keys)
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            token = uuid.uuid4().hex
            found[key] = token if cache.add(key, token, None) else (cache.get(key) or token)
    return found


def _takes_part(request: HttpRequest) -> bool:
    return (
        cache_seconds() > 0
        and request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
    )


def _key(request: HttpRequest) -> str:
    query = urlencode(sorted((name, value) for name, values in request.GET.lists() for value in values))
    parts = (request.scheme, request.get_host(), request.path, get_language() or "", query)
    return "pagecache:page:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _project_group(*, project_id: int | None, idea_id: int | None) -> list[int]:
    """The ids of the project's pages in every language (ideas belong to one of them and show on all), found from
    one of its pages or one of its ideas, in one query."""
    project_model = Idea._meta.get_field("project").related_model  # cms.ProjectPage, without importing cms
    if not 0 < (idea_id if idea_id is not None else project_id or 0) < 2**63:
        return []  # no such row in either database; the view answers 404
    if idea_id is not None:
        same_group = Idea.objects.filter(pk=idea_id).values("project__translation_key")
    else:
        same_group = project_model.objects.filter(pk=project_id).values("translation_key")
    return list(project_model.objects.filter(translation_key__in=same_group).values_list("pk", flat=True))


def cache_response(
    request: HttpRequest, *, project_id: int | None = None, idea_id: int | None = None, params: Iterable[str] = ()
) -> None:
    """Let this response be stored for anonymous visitors until the site or the project changes, the project being
    given by one of its pages (any language) or one of its ideas. `params` names the query parameters the view
    reads: a request with any other is answered uncached, so made-up query strings cannot fill the cache (and push
    out the rate limits' counters kept in the same cache).

    Call it before the view reads what it shows: the generations are read here, so a change committed while the
    view renders leaves the stored response stale at once.
    """
    state = getattr(request, "_page_cache", None)
    if state is None or not set(request.GET).issubset(params):
        return
    pages = _project_group(project_id=project_id, idea_id=idea_id)
    try:
        state["generations"].update(_generations(project_generation(pk) for pk in pages))
    except Exception:  # the cache server is down: the page is rendered and not stored
        logger.warning("Page cache unavailable; not storing %s", request.path, exc_info=True)
        return
    state["wanted"] = True


# Storing and serving


def _without_csrf_tokens(request: HttpRequest, content: bytes) -> tuple[bytes, bool]:
    """The page with this visitor's CSRF tokens (in forms or anywhere else) replaced by the placeholder."""
    secret = request.META.get("CSRF_COOKIE")
    if not secret:
        return content, False
    found = False

    def replace(match: re.Match) -> bytes:
        nonlocal found
        if _unmask_cipher_token(match.group().decode()) != secret:
            return match.group()
        found = True
        return CSRF_PLACEHOLDER

    return CSRF_TOKEN.sub(replace, content), found


def _storable(request: HttpRequest, response: HttpResponseBase) -> bool:
    user = getattr(request, "user", None)
    session = getattr(request, "session", None)
    messages = getattr(request, "_messages", None)
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not (user is not None and user.is_authenticated)
        and not (session is not None and session.modified)
        and not (messages is not None and messages.added_new)
        and not isinstance(getattr(request, "_csp_nonce", None), str)
    )


def _store(request: HttpRequest, key: str, generations: dict[str, str], response: HttpResponseBase) -> None:
    content, has_csrf = _without_csrf_tokens(request, response.content)
    entry = {
        "generations": generations,
        "status": response.status_code,
        "headers": [(name, value) for name, value in response.headers.items() if name != HEADER],
        "content": content,
        "csrf": has_csrf,
    }
    cache.set(key, entry, cache_seconds())
    response[HEADER] = "miss"


def _serve(request: HttpRequest, entry: dict) -> HttpResponse:
    content = entry["content"]
    if entry["csrf"]:
        content = content.replace(CSRF_PLACEHOLDER, get_token(request).encode())
    response = HttpResponse(content, status=entry["status"])
    for name, value in entry["headers"]:
        response[name] = value
    # What a signed-in person sees differs: shared caches must keep the two apart.
    patch_vary_headers(response, ("Cookie",))
    response[HEADER] = "hit"
    return response


def _current(entry: dict, site_token: str) -> bool:
    wanted = entry["generations"]
    current = {SITE_GENERATION: site_token, **cache.get_many([key for key in wanted if key != SITE_GENERATION])}
    return all(current.get(key) == token for key, token in wanted.items())


class PageCacheMiddleware:
    """Serves what views marked with `cache_response` from the cache. Last in MIDDLEWARE, so that the CSRF, locale,
    security and CSP middleware still handle every response served from the cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not _takes_part(request):
            return self.get_response(request)
        key = _key(request)
        # The site-wide generation is read before the view reads anything, so a page published meanwhile is not
        # stored as the current one.
        try:
            found = cache.get_many([key, SITE_GENERATION])
            site_token = found.get(SITE_GENERATION) or _generations([SITE_GENERATION])[SITE_GENERATION]
            entry = found.get(key)
            if entry is not None and _current(entry, site_token):
                return _serve(request, entry)
        except Exception:  # the cache server is down: the site goes on, uncached
            logger.warning("Page cache unavailable; serving %s uncached", request.path, exc_info=True)
            return self.get_response(request)
        state = {"generations": {SITE_GENERATION: site_token}, "wanted": False}
        request._page_cache = state
        response = self.get_response(request)
        if state["wanted"] and _storable(request, response):
            try:
                _store(request, key, state["generations"], response)
            except Exception:
                logger.warning("Page cache unavailable; not storing %s", request.path, exc_info=True)
        return response


# Invalidation


def _renew(key: str) -> None:
    def renew() -> None:
        # A change must never fail because the cache server is down; nothing is served from it meanwhile either.
        try:
            cache.set(key, uuid.uuid4().hex, None)
        except Exception:
            logger.error("Page cache unavailable; could not invalidate %s", key, exc_info=True)

    renew()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(renew)


def invalidate_project(project_id: int | None) -> None:
    """Drop the cached pages and map responses of the project (every language: they depend on each page)."""
    if project_id is not None:
        _renew(project_generation(project_id))


def invalidate_all() -> None:
    """Drop every cached page and map response."""
    _renew(SITE_GENERATION)


def invalidate_all_on_change(*senders: str) -> None:
    """Drop everything cached whenever a row of these models ("app_label.Model") is saved or deleted."""
    for sender in senders:
        post_save.connect(_invalidate_all, sender=sender, dispatch_uid=f"pagecache.saved.{sender}")
        post_delete.connect(_invalidate_all, sender=sender, dispatch_uid=f"pagecache.deleted.{sender}")


def _invalidate_all(**kwargs) -> None:
    invalidate_all()


@receiver(post_save, sender=Idea, dispatch_uid="pagecache.idea_saved")
@receiver(post_delete, sender=Idea, dispatch_uid="pagecache.idea_deleted")
def _idea_changed(sender, instance: Idea, **kwargs) -> None:
    invalidate_project(instance.project_id)


@receiver(post_save, sender=Comment, dispatch_uid="pagecache.comment_saved")
@receiver(post_delete, sender=Comment, dispatch_uid="pagecache.comment_deleted")
@receiver(post_save, sender=Support, dispatch_uid="pagecache.support_saved")
@receiver(post_delete, sender=Support, dispatch_uid="pagecache.support_deleted")
def _idea_part_changed(sender, instance: Comment | Support, **kwargs) -> None:
    if sender.idea.is_cached(instance):
        project_id = instance.idea.project_id
    else:
        project_id = Idea.objects.filter(pk=instance.idea_id).values_list("project_id", flat=True).first()
    invalidate_project(project_id)


@receiver(page_published, dispatch_uid="pagecache.page_published")
@receiver(page_unpublished, dispatch_uid="pagecache.page_unpublished")
@receiver(post_page_move, dispatch_uid="pagecache.page_moved")
def _page_changed(**kwargs) -> None:
    # Titles and links of any page appear in every page's menu, breadcrumbs and listings.
    invalidate_all()
