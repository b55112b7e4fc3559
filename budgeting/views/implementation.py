""" "Hvad skete der?" / "What happened?": every funded proposal of every round, where it stands, on a map and in a
list, filtered by district, round and status with a plain GET form (the page works without JavaScript).

Its address is /da/hvad-skete-der/ and /en/what-happened/ (`WHAT_HAPPENED_ROUTE`, a path that follows the active
language, so `{% url %}` and the language switch lead to the right one). The page costs the same number of
queries for 1 or 50 funded proposals: its reads are `selectors.implementation`.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.utils.functional import lazy
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from ..implementation_forms import WhatHappenedFilterForm
from ..selectors import implementation as selectors

PAGE_SIZE = 20
PAGE_PARAM = "side"
_ROUTES = {"da": "hvad-skete-der/", "en": "what-happened/"}


def _route() -> str:
    return _ROUTES.get(get_language() or "da", _ROUTES["en"])


# Django resolves and reverses a lazy route in the active language (as it does a translated one).
WHAT_HAPPENED_ROUTE = lazy(_route, str)()


def _querystring_without_page(query) -> str:
    return urlencode([(key, value) for key, value in query.items() if key != PAGE_PARAM and value])


@require_GET
def what_happened(request):
    """Every funded proposal of every round with its committee decision and implementation, newest round first."""
    form = WhatHappenedFilterForm(
        request.GET or None, districts=selectors.funded_districts(), rounds=selectors.funded_rounds()
    )
    filters = form.filters()
    proposals = selectors.funded_proposals(**filters)
    page = Paginator(proposals, PAGE_SIZE).get_page(request.GET.get(PAGE_PARAM))
    rows = [{"proposal": proposal, "marker": selectors.state_marker(proposal.state)} for proposal in page]
    context = {
        "form": form,
        "filtered": any(filters.values()),
        "page_obj": page,
        "rows": rows,
        "counts": [
            {"state": state, "label": label, "count": count, "marker": selectors.state_marker(state)}
            for (state, label), count in zip(selectors.STATES, selectors.state_counts(proposals).values(), strict=True)
        ],
        "total": page.paginator.count,
        "map_data": selectors.funded_map_data(proposals=proposals),
        "querystring": _querystring_without_page(request.GET),
        "page_param": PAGE_PARAM,
    }
    return TemplateResponse(request, "budgeting/what_happened.html", context)
