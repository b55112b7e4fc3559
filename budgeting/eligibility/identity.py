"""Identity numbers as the database knows them: HMAC-SHA256 under a secret pepper and the round's salt.

The pepper (`BUDGETING_CENSUS_PEPPER`, or one derived from SECRET_KEY) is outside the database, so a copy
of the database alone does not let anyone test guessed numbers against the hashes; the round's salt makes
the same number hash differently in each round. Raw numbers are never stored or logged.
"""

from __future__ import annotations

import hashlib
import hmac
import re

from django.conf import settings

from ..models import BudgetRound, CensusList

IDENTITY_PATTERN = re.compile(r"^[0-9A-Z]{4,32}$")


def normalize_identity_number(raw: str) -> str:
    """The number as it is hashed: capitals, without spaces, dashes, dots or slashes ("010203-1234" → "0102031234")."""
    return re.sub(r"[\s\-–./]", "", raw or "").upper()


def is_identity_number(number: str) -> bool:
    """Whether a normalized number looks like an identity number: 4 to 32 letters and digits."""
    return bool(IDENTITY_PATTERN.match(number))


def pepper() -> bytes:
    configured = getattr(settings, "BUDGETING_CENSUS_PEPPER", "")
    if configured:
        return configured.encode()
    return hmac.new(settings.SECRET_KEY.encode(), b"budgeting.census-pepper", hashlib.sha256).digest()


def identity_hash(*, salt: str, number: str) -> str:
    """The stored form of an identity (already normalized) in a round with this salt: 64 hex characters."""
    return hmac.new(pepper(), f"{salt}:{number}".encode(), hashlib.sha256).hexdigest()


class Hasher:
    """Hashes many numbers of one round with the pepper worked out once (a census upload has hundreds of thousands)."""

    def __init__(self, salt: str):
        self._key = pepper()
        self._salt = salt

    def __call__(self, number: str) -> str:
        return hmac.new(self._key, f"{self._salt}:{number}".encode(), hashlib.sha256).hexdigest()


def round_salt(round: BudgetRound) -> str:
    """The round's salt, made (with its `CensusList` row) the first time the round hashes an identity."""
    census_list, _created = CensusList.objects.get_or_create(round=round)
    return census_list.salt


def round_identity_hash(round: BudgetRound, number: str) -> str:
    """The hash of a normalized identity number in the round."""
    return identity_hash(salt=round_salt(round), number=number)
