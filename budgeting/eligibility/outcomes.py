"""The last eligibility decision of a round in the person's session, as a code (and district numbers), so that
the eligibility page can show it after a redirect (from MitID) or ask which district the person lives in."""

from __future__ import annotations

from maps.models import District

from ..models import BudgetRound
from .rules import Code, Decision, reason

SESSION_KEY = "budgeting.eligibility.{round_id}"


def _key(round: BudgetRound) -> str:
    return SESSION_KEY.format(round_id=round.pk)


def remember(request, round: BudgetRound, decision: Decision) -> None:
    request.session[_key(round)] = {
        "code": str(decision.code),
        "district": decision.district.pk if decision.district is not None else None,
        "choices": [district.pk for district in decision.choices],
    }


def recall(request, round: BudgetRound) -> Decision | None:
    data = request.session.get(_key(round))
    if not isinstance(data, dict):
        return None
    try:
        code = Code(data.get("code"))
    except ValueError:
        return None
    district = District.objects.filter(pk=data["district"]).first() if data.get("district") else None
    choices = tuple(District.objects.filter(pk__in=data.get("choices") or []).order_by("code"))
    return Decision(code=code, message=reason(code, round), district=district, choices=choices)


def forget(request, round: BudgetRound) -> None:
    request.session.pop(_key(round), None)
