"""A person's own data: "Mine data" (what the platform holds about them, as a page and as a JSON file) and the
deletion of their account."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from django_ratelimit.core import is_ratelimited

from . import personal_data
from .forms import AccountDeleteForm


def _too_many(request, action: str) -> bool:
    """Count this request against the action's limit (ACCOUNTS_RATE_LIMITS), per account and per IP address."""
    rate = settings.ACCOUNTS_RATE_LIMITS[action]
    group = f"accounts.{action}"
    over_ip = is_ratelimited(request, group=group, key="ip", rate=rate, increment=True)
    over_user = is_ratelimited(request, group=group, key="user", rate=rate, increment=True)
    return over_ip or over_user


def _cell(value: Any, *, link: bool, labels: dict[str, str]) -> dict:
    """How the page shows one value of the export."""
    if isinstance(value, bool):
        return {"kind": "bool", "value": value}
    if isinstance(value, datetime.datetime):
        return {"kind": "datetime", "value": value}
    if isinstance(value, datetime.date):
        return {"kind": "date", "value": value}
    if isinstance(value, list) and value and all(isinstance(item, dict) for item in value):
        return {"kind": "records", "value": [_rows(item, labels) for item in value]}
    if isinstance(value, list):
        return {"kind": "list", "value": [str(item) for item in value]}
    if link:
        return {"kind": "url", "value": value}
    return {"kind": "text", "value": value}


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _rows(item: dict, labels: dict[str, str]) -> list[tuple[str, dict]]:
    # Empty values are left out of the page (the JSON file has every key); false and 0 are facts and stay.
    return [
        (labels.get(key, key), _cell(value, link=key.endswith("url"), labels=labels))
        for key, value in item.items()
        if not _empty(value)
    ]


def _page_sections(export: dict) -> list[dict]:
    return [
        {
            "id": key.replace(".", "-").replace("_", "-"),
            "title": value["title"],
            "note": value["note"],
            "items": [_rows(item, value["fields"]) for item in value["items"]],
        }
        for key, value in export["sections"].items()
    ]


def _personal_data_page(request, *, status: int = 200, slowed: bool = False):
    export = personal_data.export_all(request.user)
    context = {"sections": _page_sections(export), "exported_at": export["exported_at"], "slowed": slowed}
    return render(request, "accounts/personal_data.html", context, status=status)


@never_cache
@require_GET
@login_required
def personal_data_page(request):
    """Everything the platform holds about the person, section by section, with the download and the way to delete."""
    return _personal_data_page(request)


@never_cache
@require_GET
@login_required
def personal_data_json(request):
    """The same, as a JSON file to keep or take elsewhere."""
    if _too_many(request, "export"):
        return _personal_data_page(request, status=429, slowed=True)
    export = personal_data.export_all(request.user)
    response = JsonResponse(export, encoder=DjangoJSONEncoder, json_dumps_params={"ensure_ascii": False, "indent": 2})
    day = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="sammen-om-byen-mine-data-{day}.json"'
    return response


@never_cache
@require_http_methods(["GET", "POST"])
@login_required
def account_delete(request):
    """Delete the account, after the person has chosen what happens to their ideas and comments and shown it is them.

    An administrator's account is closed by another administrator in Wagtail, so that nobody deletes the last one
    by mistake.
    """
    user = request.user
    if user.is_superuser:
        return render(request, "accounts/account_delete.html", {"administrator": True})
    form = AccountDeleteForm(request.POST or None, user=user)
    if request.method == "POST":
        if _too_many(request, "delete"):
            # Not validated: a password checked past the limit would still tell a guesser whether it was right.
            form = AccountDeleteForm(initial={"contributions": request.POST.get("contributions")}, user=user)
            return render(request, "accounts/account_delete.html", {"form": form, "slowed": True}, status=429)
        if form.is_valid():
            personal_data.delete_account(user, keep_contributions=form.keep_contributions)
            logout(request)
            return redirect("accounts:account_deleted")
    status = 400 if form.errors else 200
    return render(request, "accounts/account_delete.html", {"form": form}, status=status)


@require_GET
def account_deleted(request):
    """Said once the account is gone (the person is signed out by then)."""
    return render(request, "accounts/account_deleted.html")
