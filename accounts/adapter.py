from allauth.account.adapter import DefaultAccountAdapter
from django.utils.translation import get_language


class AccountAdapter(DefaultAccountAdapter):
    """After signing in or out without a `next` page, people land on the home page in their language."""

    def get_login_redirect_url(self, request):
        return f"/{get_language()}/"

    def get_logout_redirect_url(self, request):
        return f"/{get_language()}/"
