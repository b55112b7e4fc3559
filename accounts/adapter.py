from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.providers.base import AuthProcess
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import get_language
from django.utils.translation import gettext as _

# Where the claims of an identity provider wait, in memory, for the apps that check eligibility (they read
# them in allauth's `social_account_added`/`social_account_updated` signals, in the same request).
VERIFIED_CLAIMS = "verified_claims"


class AccountAdapter(DefaultAccountAdapter):
    """After signing up, in or out without a `next` page, people land on the home page in their language."""

    def get_login_redirect_url(self, request):
        return f"/{get_language()}/"

    def get_logout_redirect_url(self, request):
        return f"/{get_language()}/"

    def get_signup_redirect_url(self, request):
        return f"/{get_language()}/"


def identity_claims(extra_data: dict) -> dict:
    """The claims of an OpenID Connect login: the ID token's, completed by those of the userinfo endpoint."""
    claims = dict(extra_data.get("id_token") or {})
    claims.update(extra_data.get("userinfo") or {})
    return claims


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Identity providers (MitID through an OpenID Connect broker) only show who a signed-in person is.

    Nobody signs up or signs in with them: a person with an account connects their MitID to it, and an
    app reads what it needs from the claims while the login is handled. The claims are taken off the
    social account before it is saved (data minimisation: a birth date or an address is never stored);
    the account keeps only the provider's subject id, so one MitID can be connected to one account only.
    """

    def is_open_for_signup(self, request, sociallogin):
        return False

    def populate_user(self, request, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        setattr(sociallogin, VERIFIED_CLAIMS, identity_claims(sociallogin.account.extra_data or {}))
        sociallogin.account.extra_data = {}
        return user

    def pre_social_login(self, request, sociallogin):
        super().pre_social_login(request, sociallogin)
        if sociallogin.state.get("process") != AuthProcess.CONNECT:
            messages.error(
                request,
                _("Sign in with your e-mail address. MitID is used only to show that you may vote."),
            )
            raise ImmediateHttpResponse(redirect("account_login"))
