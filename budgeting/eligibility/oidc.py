"""Eligibility shown with MitID through an OpenID Connect broker (django-allauth's `openid_connect` provider).

The eligibility page starts allauth's login for the configured app with `process=connect` (the MitID is
connected to the signed-in account) and the round in allauth's state. When the broker sends the person back,
`accounts.adapter.SocialAccountAdapter` takes the claims off the social account before it is saved and keeps
them in memory; `record_verification` (connected to allauth's `social_account_added` and
`social_account_updated` signals in `BudgetingConfig.ready`) decides with them in that same request and
records an eligible person's voter row (district and identity hash). The birth date and address are never
stored; the session keeps only the decision's code for the page that follows.
"""

from __future__ import annotations

import dataclasses
import datetime
import re

from django.conf import settings
from django.core.exceptions import MultipleObjectsReturned, ValidationError

from accounts.adapter import VERIFIED_CLAIMS
from maps.models import District

from ..models import BudgetRound, Eligibility
from .identity import identity_hash, is_identity_number, normalize_identity_number, round_salt
from .postcodes import COPENHAGEN_MUNICIPALITY_CODE, district_numbers, normalize_municipality_code
from .rules import Code, Decision, Moment, Person, decide, refused

# Where the round waits in allauth's state between the eligibility page and the broker's callback.
ROUND_STATE_KEY = "budgeting_round"


def provider_id() -> str:
    return settings.BUDGETING_OIDC_PROVIDER_ID


def configured(request) -> bool:
    """Whether a MitID app is set up (from the environment, or in the database)."""
    from allauth.socialaccount.adapter import get_adapter
    from allauth.socialaccount.models import SocialApp

    try:
        get_adapter().get_app(request, provider=provider_id())
    except (SocialApp.DoesNotExist, MultipleObjectsReturned):
        return False
    return True


def start(request, round: BudgetRound, *, next_url: str):
    """The redirect to the broker: allauth's OpenID Connect login, connecting to the signed-in account, back to
    `next_url`. Fetches the broker's discovery document (may raise `requests.RequestException`)."""
    from allauth.socialaccount.adapter import get_adapter
    from allauth.socialaccount.providers.base import AuthProcess

    provider = get_adapter().get_provider(request, provider_id())
    return provider.redirect(request, AuthProcess.CONNECT, next_url=next_url, data={ROUND_STATE_KEY: round.pk})


def claim(claims: dict, path: str):
    """The claim with this name ("dk.cpr" too), else at a dotted path into nested claims ("address.postal_code");
    None when absent."""
    if path and path in claims:
        return claims[path]
    value = claims
    for part in (path or "").split("."):
        if not part or not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def parse_birthdate(value) -> datetime.date | None:
    """OpenID Connect's `birthdate`: "YYYY-MM-DD", or "YYYY" alone (taken as 31 December, so that nobody is taken
    for older than they are). A withheld year ("0000-MM-DD") or anything else gives None."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    if re.fullmatch(r"\d{4}", value):
        year = int(value)
        return datetime.date(year, 12, 31) if year >= 1 else None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


def person_from_claims(claims: dict) -> Person:
    """What the claims say, by the names in `BUDGETING_OIDC_CLAIMS`: the municipality code decides residence when
    it is given, else the postcode; the postcode gives the district (or districts to choose from)."""
    names = settings.BUDGETING_OIDC_CLAIMS
    birthdate = parse_birthdate(claim(claims, names.get("birthdate", "")))
    municipality = normalize_municipality_code(claim(claims, names.get("municipality", "")))
    postcode = claim(claims, names.get("postal_code", ""))
    numbers = district_numbers(postcode) if postcode not in (None, "") else None
    lives_here = municipality == COPENHAGEN_MUNICIPALITY_CODE if municipality else numbers is not None
    districts = tuple(District.objects.filter(code__in=numbers).order_by("code")) if lives_here and numbers else ()
    return Person(birthdate=birthdate, lives_in_municipality=lives_here, districts=districts)


def identity_of(round: BudgetRound, *, claims: dict, uid: str) -> str:
    """The person's identity hash in the round: of their CPR number when the broker gives it (the same hash as on a
    paper ballot or census list), else of their MitID subject at this provider."""
    path = settings.BUDGETING_OIDC_CLAIMS.get("identity", "")
    number = normalize_identity_number(str(claim(claims, path) or "")) if path else ""
    if number and is_identity_number(number):
        return identity_hash(salt=round_salt(round), number=number)
    return identity_hash(salt=round_salt(round), number=f"oidc:{provider_id()}:{uid}")


class OidcProvider:
    method = Eligibility.OIDC
    template_name = "budgeting/eligibility_oidc.html"

    def check(self, round: BudgetRound, *, claims: dict, uid: str, at: Moment = None) -> Decision:
        """Eligible when the birth date claim says the person is old enough on the day, the municipality code (or
        the postcode) says they live in Copenhagen Municipality, and their district has a sub-budget."""
        decision = decide(round, person_from_claims(claims), at=at)
        return dataclasses.replace(decision, identity_hash=identity_of(round, claims=claims, uid=uid))


def record_verification(sender, request, sociallogin, **kwargs) -> None:
    """allauth's `social_account_added`/`social_account_updated`: a person has just connected MitID from a round's
    eligibility page. Decide, record an eligible person's voter row, and leave the decision in the session.

    Nothing is decided when the MitID belongs to another account (allauth refuses the connection), when the
    login did not start on an eligibility page, or when the round no longer checks with MitID or is closed.
    """
    from allauth.socialaccount.providers.base import AuthProcess

    from .. import services
    from .outcomes import remember

    if sociallogin.account.provider != provider_id():
        return
    claims = getattr(sociallogin, VERIFIED_CLAIMS, None)
    state = sociallogin.state or {}
    round_id = (state.get("data") or {}).get(ROUND_STATE_KEY)
    if claims is None or round_id is None or state.get("process") != AuthProcess.CONNECT:
        return
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or sociallogin.user is None or sociallogin.user.pk != user.pk:
        return
    budget_round = BudgetRound.objects.select_related("project").filter(pk=round_id).first()
    if budget_round is None or budget_round.eligibility != Eligibility.OIDC or not budget_round.voting_open():
        return
    decision = OidcProvider().check(budget_round, claims=claims, uid=sociallogin.account.uid)
    if decision.eligible:
        try:
            services.voter_verify(round=budget_round, user=user, decision=decision)
        except ValidationError as error:
            decision = refused(Code(error.code), budget_round)
    remember(request, budget_round, decision)
