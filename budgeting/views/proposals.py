"""The public proposal pages: a proposal's own page, and a round's list of proposals with filters.

Both are for reading: the ballot (`views.ballot`) stays the one place to vote, and both link to it while
voting is open. Both work without JavaScript; the proposal's map is an extra beside its district.
"""

from __future__ import annotations

from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from .. import selectors
from ..forms import ProposalFilterForm
from .common import project_in_language, round_or_404, voting_closes_on


@require_GET
def proposal_detail(request, pk: int):
    """A proposal: what it is, what it costs, where, who owns it, whether it is feasible, and the ideas it grew
    from; while voting is open, the way to the ballot."""
    proposal = selectors.proposal_for_page(pk=pk, user=request.user)
    if proposal is None:
        raise Http404
    budget_round = proposal.round
    voting_open = budget_round.voting_open()
    context = {
        "proposal": proposal,
        "round": budget_round,
        "project": project_in_language(budget_round.project),
        "administration": selectors.administration_in(proposal.administration, language=get_language()),
        "ideas": list(proposal.ideas.all()),
        "map_data": selectors.proposal_map_data(proposal=proposal),
        "voting_open": voting_open,
        "closes_on": voting_closes_on(budget_round) if voting_open else None,
    }
    return TemplateResponse(request, "budgeting/proposal_detail.html", context)


@require_GET
def proposal_list(request, round_id: int):
    """Every proposal of a round, assessed or not, filtered by district and assessment and sorted by title or
    cost with a plain GET form."""
    budget_round = round_or_404(round_id)
    form = ProposalFilterForm(request.GET or None, districts=selectors.round_districts(round=budget_round))
    proposals = list(selectors.public_proposals(round=budget_round, **form.filters()))
    voting_open = budget_round.voting_open()
    context = {
        "round": budget_round,
        "project": project_in_language(budget_round.project),
        "form": form,
        "proposals": proposals,
        "filtered": bool(request.GET),
        "voting_open": voting_open,
        "closes_on": voting_closes_on(budget_round) if voting_open else None,
    }
    return TemplateResponse(request, "budgeting/proposal_list.html", context)
