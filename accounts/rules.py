"""Who must do what to sign in. The one place these questions about accounts are answered."""

from __future__ import annotations

from django.conf import settings


def may_enter_admin(user) -> bool:
    """Whether the person may open Wagtail admin at all (Wagtail's own test: a superuser or `access_admin`)."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or user.has_perm("wagtailadmin.access_admin")


def needs_second_factor(user) -> bool:
    """Whether the person must sign in with a second factor: everyone who may enter Wagtail admin, unless the
    ACCOUNTS_STAFF_MFA_REQUIRED setting turns the requirement off (tests, and `make run` by default)."""
    return bool(getattr(settings, "ACCOUNTS_STAFF_MFA_REQUIRED", True)) and may_enter_admin(user)
