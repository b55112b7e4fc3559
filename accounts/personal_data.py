"""The personal-data protocol: everything the platform holds about a person, and the deletion of their account.

Each app that keeps data about people registers a provider from its `AppConfig.ready`:

    personal_data.register("participation", export=export, delete=delete)

- `export(user) -> dict` gives that app's sections, `{key: section(...)}`: plain values (text, numbers, booleans,
  dates, lists, lists of dicts) under stable keys, with a human title and a label for every key, so that one
  export is both the JSON file a person downloads and the page that reads it to them.
- `delete(user, *, keep_contributions: bool)` removes or anonymises what the app holds, inside the
  transaction of `delete_account`. `keep_contributions` is the person's choice for what they wrote in public.

This module imports none of the apps (they import it). The account's own data (the user row, its e-mail
addresses, a connected MitID, its sessions) is the provider that accounts registers itself, first, so it is the
first section of an export and, since deletion runs the providers in reverse order, the last thing removed
before the user row.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from importlib import import_module
from typing import Any

from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.conf import settings
from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

FORMAT = "sammen-om-byen/personal-data"
VERSION = 1

Export = Callable[[Any], dict[str, dict]]
Delete = Callable[..., None]


@dataclass(frozen=True)
class Provider:
    name: str
    export: Export
    delete: Delete


_providers: dict[str, Provider] = {}


def register(name: str, *, export: Export, delete: Delete) -> None:
    """Register (or replace, if `ready()` runs again) an app's provider under its name."""
    _providers[name] = Provider(name=name, export=export, delete=delete)


def providers() -> list[Provider]:
    """The registered providers, in the order they were registered (the order of INSTALLED_APPS)."""
    return list(_providers.values())


def section(*, title: str, fields: Mapping[str, str], items: Iterable[Mapping[str, Any]], note: str = "") -> dict:
    """One section of an export: a human title, an optional note, a label per key, and the items.

    A key ending in `url` holds a link. A value may be a list of dicts (earlier versions of a text), whose
    keys are labelled in `fields` too.
    """
    return {
        "title": str(title),
        "note": str(note),
        "fields": {key: str(label) for key, label in fields.items()},
        "items": [dict(item) for item in items],
    }


def export_all(user) -> dict:
    """Everything the platform holds about the person, section by section, in the active language.

    JSON-able with `DjangoJSONEncoder` (dates and times become ISO 8601 text).
    """
    sections: dict[str, dict] = {}
    for provider in providers():
        for key, value in provider.export(user).items():
            sections[f"{provider.name}.{key}"] = value
    return {"format": FORMAT, "version": VERSION, "exported_at": timezone.now(), "sections": sections}


def delete_account(user, *, keep_contributions: bool) -> None:
    """Delete the person's account in one transaction: every app's data (in reverse order of registration), their
    e-mail addresses, connected MitID and sessions, then the user row. Nothing is left half done on an error.

    `keep_contributions`: True keeps their public ideas and comments, shown as written by a deleted user; False
    removes them (see each app's provider for what is kept because others' contributions depend on it).
    """
    with transaction.atomic():
        user = get_user_model().objects.select_for_update().get(pk=user.pk)
        for provider in reversed(providers()):
            provider.delete(user, keep_contributions=keep_contributions)
        user.delete()


# The account's own provider ------------------------------------------------------------------------------------


def _export_account(user) -> dict[str, dict]:
    groups = sorted(user.groups.values_list("name", flat=True))
    account = {
        "email": user.email,
        "name": user.get_full_name(),
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "groups": groups,
    }
    addresses = EmailAddress.objects.filter(user=user).order_by("-primary", "email")
    # A connected MitID: that it is connected and when, not the broker's subject id. The id is of no use to the
    # person, and an export file is easy to pass on; the account keeps nothing else of MitID (no claims, no tokens).
    connected = SocialAccount.objects.filter(user=user).order_by("date_joined", "pk")
    return {
        "account": section(
            title=_("Your account"),
            fields={
                "email": _("E-mail address"),
                "name": _("Name"),
                "date_joined": _("Account created"),
                "last_login": _("Last signed in"),
                "groups": _("Roles in the administration"),
            },
            items=[account],
            note=_("Your password is stored only as a one-way hash, so it is not part of this export."),
        ),
        "email_addresses": section(
            title=_("E-mail addresses"),
            fields={"email": _("E-mail address"), "verified": _("Confirmed"), "primary": _("Used for sign-in")},
            items=[
                {"email": address.email, "verified": address.verified, "primary": address.primary}
                for address in addresses
            ],
        ),
        "connected_services": section(
            title=_("MitID"),
            fields={"provider": _("Service"), "connected": _("Connected"), "last_used": _("Last used")},
            items=[
                {"provider": account.provider, "connected": account.date_joined, "last_used": account.last_login}
                for account in connected
            ],
            note=_(
                "MitID shows only that you may vote. We keep no birth date, address or identity number from it, "
                "only the id MitID gives this site for you, so that one MitID is connected to one account."
            ),
        ),
    }


def _delete_account_data(user, *, keep_contributions: bool) -> None:
    EmailAddress.objects.filter(user=user).delete()
    SocialAccount.objects.filter(user=user).delete()
    delete_sessions(user)


def delete_sessions(user) -> int:
    """End every session of the person, on every device. Returns how many were ended.

    Sessions stored in the database (Django's `db` and `cached_db` engines) are found by reading them: Django
    keeps no index from a person to their sessions, and deleting an account is rare. Other engines (cache,
    signed cookies) cannot be listed; a session there points to a user row that no longer exists, so Django
    treats it as signed out on its next request.
    """
    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    if not issubclass(store_class, DatabaseSessionStore):
        return 0
    decoder = store_class()
    rows = store_class.get_model_class().objects.filter(expire_date__gt=timezone.now())
    user_id = str(user.pk)
    doomed = [
        key
        for key, data in rows.values_list("session_key", "session_data").iterator(chunk_size=2000)
        if str(decoder.decode(data).get(SESSION_KEY)) == user_id
    ]
    for key in doomed:
        # Through the store, so that a `cached_db` session leaves the cache too.
        store_class(session_key=key).delete()
    return len(doomed)


def register_account_provider() -> None:
    register("account", export=_export_account, delete=_delete_account_data)
