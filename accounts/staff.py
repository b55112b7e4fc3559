"""Staff sign-in: Wagtail admin is entered only through the site's sign-in (allauth, with its throttling) and only
with a second factor (allauth.mfa: an authenticator app and recovery codes).

- `admin_login` replaces Wagtail's own sign-in page at /admin/login/ with a redirect to the site's.
- `StaffSecondFactorMiddleware` stands before every page under /admin/: a person who may enter it and has no
  authenticator yet is sent to set one up; one who has an authenticator but did not use it in this session (a
  session from before it was set up, for instance) is asked for a code first.
"""

from __future__ import annotations

from functools import cache
from urllib.parse import urlencode

from allauth.account.authentication import get_authentication_records
from allauth.core import context
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.forms import ActivateTOTPForm as BaseActivateTOTPForm
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from .rules import needs_second_factor

# Set when the person sets up an authenticator in this session: entering its code to activate it proves the factor.
ADDED_IN_SESSION = "accounts_second_factor_added"


@cache
def _admin_prefix() -> str:
    return reverse("wagtailadmin_home")


@cache
def _open_paths() -> frozenset[str]:
    """Pages under /admin/ that must answer without a second factor: signing in and out."""
    return frozenset({reverse("wagtailadmin_login"), reverse("wagtailadmin_logout")})


def _redirect(url_name: str, next_url: str) -> HttpResponseRedirect:
    return HttpResponseRedirect(f"{reverse(url_name)}?{urlencode({'next': next_url})}")


def used_second_factor(request) -> bool:
    """Whether the signed-in person has proved a second factor in this session, and still has it (one who removed
    their authenticator app must set one up again)."""
    user = request.user
    if not is_mfa_enabled(user, [Authenticator.Type.TOTP]):
        return False
    if request.session.get(ADDED_IN_SESSION) == str(user.pk):
        return True
    return any(record.get("method") == "mfa" for record in get_authentication_records(request, user))


@require_GET
def admin_login(request):
    """Wagtail's sign-in page: the site's sign-in, coming back to the admin page asked for."""
    next_url = request.GET.get("next") or _admin_prefix()
    return _redirect("account_login", next_url)


class StaffSecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if (
            path.startswith(_admin_prefix())
            and path not in _open_paths()
            and needs_second_factor(request.user)
            and not used_second_factor(request)
        ):
            next_url = request.get_full_path()
            if not is_mfa_enabled(request.user, [Authenticator.Type.TOTP]):
                messages.info(
                    request,
                    _(
                        "The administration is protected by two-factor authentication. Set up an authenticator "
                        "app to continue."
                    ),
                )
                return _redirect("mfa_activate_totp", next_url)
            return _redirect("mfa_reauthenticate", next_url)
        return self.get_response(request)


class ActivateTOTPForm(BaseActivateTOTPForm):
    """allauth's form to set up an authenticator app (MFA_FORMS["activate_totp"]). A right code proves the new factor:
    the session counts as signed in with it, so the person goes on into the admin without typing another code."""

    def clean_code(self) -> str:
        code = super().clean_code()
        context.request.session[ADDED_IN_SESSION] = str(self.user.pk)
        return code
