"""What the proposal and project pages show of the implementation of funded proposals.

Those pages are rendered by other views (`views.proposals.proposal_detail`, the project page in `cms`); their
implementation sections (templates/budgeting/includes/implementation.html and project_implementation.html) ask
these tags, which read through `selectors.implementation` (a fixed number of queries, whatever the length).
"""

from __future__ import annotations

from django import template
from django.utils.translation import get_language

from ..selectors import implementation as selectors

register = template.Library()


@register.simple_tag
def proposal_implementation(proposal):
    """The proposal's implementation with its updates (`selectors.implementation.ImplementationView`), or None."""
    if proposal is None:
        return None
    return selectors.implementation_for_page(proposal=proposal, language=get_language())


@register.simple_tag
def round_funded(budget_round) -> list[dict]:
    """The funded proposals of a counted round, each with its state's marker and label; [] before the count."""
    return [
        {"proposal": proposal, "marker": selectors.state_marker(proposal.state)}
        for proposal in selectors.round_funded_proposals(round=budget_round)
    ]


@register.simple_tag
def state_marker(state: str) -> selectors.StateMarker:
    """The marker token and label of a state (`selectors.implementation.STATES`)."""
    return selectors.state_marker(state)
