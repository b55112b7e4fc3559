"""What a proposal's page shows of its local committee's decision (includes/committee_decision.html).

The page is rendered by `views.proposals.proposal_detail`; its committee section asks this tag, which reads through
`selectors.committees.public_decision` (three queries): confirmed decisions only, never a draft.
"""

from __future__ import annotations

from django import template

from ..selectors import committees as selectors

register = template.Library()


@register.simple_tag
def committee_decision(proposal) -> selectors.PublicDecision | None:
    """The proposal's public committee record (`selectors.committees.PublicDecision`), or None without a proposal."""
    if proposal is None:
        return None
    return selectors.public_decision(proposal=proposal)
