"""Template tags for following proposals: `{% proposal_following proposal as following %}`."""

from django import template

from ..selectors.follows import is_following_proposal

register = template.Library()


@register.simple_tag(takes_context=True)
def proposal_following(context, proposal) -> bool:
    """Whether the person viewing the page follows the proposal (one query, none for a visitor)."""
    request = context.get("request")
    return is_following_proposal(user=getattr(request, "user", None), proposal=proposal)
