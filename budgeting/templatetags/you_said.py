"""The data of "You said, we did" for a project page's include (templates/budgeting/includes/you_said_we_did.html).

The project page is a Wagtail page of `cms`, which this app does not import; the include asks for its data here:
`{% load you_said %}{% you_said_we_did page budget_round as summary %}`. The query shape is the selector's.
"""

from django import template

from ..selectors.you_said import you_said_we_did as summary_of

register = template.Library()


@register.simple_tag
def you_said_we_did(project, budget_round=None):
    """The project's "You said, we did" summary, or None while its ideas phase is not over."""
    return summary_of(project=project, round=budget_round or None)
