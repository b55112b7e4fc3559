"""Following a proposal from its page: POST forms that work without JavaScript, for signed-in people.

A visitor who is not signed in is sent to sign in and back to the proposal, where they press the button again
(as with projects and ideas in `participation.views.notifications`). Every follow and unfollow counts against
the "follow" rate limit.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from participation.throttle import too_many

from ..rules import can
from ..selectors.proposals import proposal_for_page
from ..services.follows import proposal_follow, proposal_unfollow
from .common import slow_down


def _back(request, fallback: str) -> str:
    """The form's `next` when it is a page of this site, else the proposal's page."""
    candidate = request.POST.get("next")
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return fallback


def _change_follow(request, pk: int, *, on: bool):
    proposal = proposal_for_page(pk=pk, user=request.user)
    if proposal is None:
        raise Http404
    back = _back(request, proposal.get_absolute_url())
    if not request.user.is_authenticated:
        return redirect_to_login(back)
    if not can(request.user, "follow", proposal):
        raise PermissionDenied
    if too_many(request, "follow"):
        return slow_down(request)
    if on:
        proposal_follow(user=request.user, proposal=proposal, language=get_language())
        message = _("You now follow “%(title)s”. We will tell you when the local committee decides and how it goes.")
        messages.success(request, message % {"title": proposal.title})
    elif proposal_unfollow(user=request.user, proposal=proposal):
        messages.info(request, _("You no longer follow “%(title)s”.") % {"title": proposal.title})
    return HttpResponseRedirect(back)


@require_POST
def follow_proposal(request, pk: int):
    """Follow a proposal (signed in, by POST), and go back to its page."""
    return _change_follow(request, pk, on=True)


@require_POST
def unfollow_proposal(request, pk: int):
    """Stop following a proposal, and go back to its page."""
    return _change_follow(request, pk, on=False)
