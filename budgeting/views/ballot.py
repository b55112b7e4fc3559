"""Voting: the ballot with its running budget bar, and the review with the Submit button (saying where you live
and that you may vote is `eligibility.py`).

Every page works without JavaScript: the ballot is a form whose two buttons save the choices or go on to
the review. With JavaScript (static/js/ballot.js) the bar follows each pick, a pick that would break the
rules is refused and announced, and the draft is saved in the background (the same URL, answered 204).
"""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.formats import get_format
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from participation.throttle import too_many

from .. import selectors, services
from ..forms import BallotForm
from ..rules import can
from ..tasks import send_receipt_email
from .common import (
    VoterPlace,
    instructions,
    is_fetch,
    not_open_page,
    project_in_language,
    receipt_session_key,
    round_or_404,
    slow_down,
    summarize,
    voter_place,
    voting_closes_on,
)


def _may_vote(request, budget_round) -> HttpResponse | None:
    """None when this person may vote in the round now; otherwise the page (or sign-in) to show instead.

    Whether voting is open is public: anyone sees when it opens or closed. Voting itself needs an account.
    """
    if not budget_round.voting_open():
        return not_open_page(request, budget_round)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not can(request.user, "vote", budget_round):
        return not_open_page(request, budget_round)
    return None


def _place(request, budget_round) -> VoterPlace | HttpResponse:
    """The voter and their sub-budget, or the page to show instead (declaration, or "your paper vote counts")."""
    place = voter_place(request, budget_round)
    if isinstance(place, HttpResponse):
        return place
    if place.voter.voted and place.voter.ballot_id is None:
        return not_open_page(request, budget_round, voter=place.voter)
    return place


def _script_data(budget_round, proposals, summary) -> dict:
    """What static/js/ballot.js needs: the limits, each proposal's cost, and the texts with their placeholders."""
    return {
        "kind": summary.kind,
        "limit": summary.limit,
        "perProposal": budget_round.points_per_proposal_max,
        "costs": {str(proposal.pk): proposal.cost for proposal in proposals},
        "titles": {str(proposal.pk): proposal.title for proposal in proposals},
        "thousandSeparator": get_format("THOUSAND_SEPARATOR"),
        "strings": {
            "budget": _("You have used %(used)s of %(budget)s kr."),
            "choices": _("You have chosen %(chosen)s of at most %(most)s proposals"),
            "points": _("You have given %(given)s of %(total)s points"),
            "overBudget": _("That is %(over)s kr. over the budget. Remove a proposal, or choose a cheaper one."),
            "overChoices": _("That is more than %(most)s proposals. Remove a proposal."),
            "overPoints": _("That is more than %(total)s points. Take points from a proposal."),
            "leftBudget": _("%(left)s kr. left"),
            # Danish and English have the same two plural forms: one, and every other number.
            "leftChoicesOne": ngettext("%(left)s more proposal", "%(left)s more proposals", 1),
            "leftChoicesMany": ngettext("%(left)s more proposal", "%(left)s more proposals", 2),
            "leftPointsOne": ngettext("%(left)s point left", "%(left)s points left", 1),
            "leftPointsMany": ngettext("%(left)s point left", "%(left)s points left", 2),
            "refusedBudget": _(
                "“%(title)s” costs %(cost)s kr., but you have only %(left)s kr. left. "
                "Remove a proposal first, or choose a cheaper one."
            ),
            "refusedChoices": _(
                "You can choose at most %(most)s proposals. Remove one first if you want to choose “%(title)s”."
            ),
            "refusedPoints": _("You have only %(left)s points left to give. Take points from another proposal first."),
            "refusedPerProposal": _("One proposal can get at most %(most)s points."),
            "saved": _("Your choices are saved."),
            "saveFailed": _("Your choices could not be saved just now. Press “Save my choices” to save them."),
        },
    }


def _ballot_page(
    request, budget_round, place: VoterPlace, proposals, form, *, selections=None, status=200, saved=False
):
    if selections is None:
        selections = _typed_selections(form)
    summary = summarize(budget_round, budget=place.budget, proposals=proposals, selections=selections)
    context = {
        "round": budget_round,
        "project": project_in_language(budget_round.project),
        "voter": place.voter,
        # Choices changed since voting, not submitted yet: they do not count until they are.
        "unsubmitted_changes": place.voter.voted and bool(place.voter.draft),
        "district": place.district,
        "form": form,
        "rows": form.rows(),
        "field_errors": form.field_errors() if form.errors else [],
        "summary": summary,
        "instructions": instructions(budget_round, budget=place.budget, district=place.district),
        "closes_on": voting_closes_on(budget_round),
        "saved": saved,
        "ballot_data": _script_data(budget_round, proposals, summary),
    }
    return TemplateResponse(request, "budgeting/ballot.html", context, status=status)


def _typed_selections(form) -> dict[int, int]:
    """What a bound form says is chosen, as far as it can be read (for the bar on a page with errors)."""
    selections = {}
    for row in form.rows():
        if form.uses_points:
            try:
                points = int(row.points)
            except ValueError:
                continue
            if points > 0:
                selections[row.proposal.pk] = points
        elif row.checked:
            selections[row.proposal.pk] = 1
    return selections


@require_http_methods(["GET", "POST"])
def ballot(request, round_id: int):
    """The ballot: the proposals of the voter's district (or all), pre-filled from their draft, or from their
    submitted vote when they come back to change it."""
    budget_round = round_or_404(round_id)
    if refusal := _may_vote(request, budget_round):
        if is_fetch(request) and not request.user.is_authenticated:
            return JsonResponse({"errors": [_("Sign in again to save your choices.")]}, status=401)
        if is_fetch(request):
            return JsonResponse({"errors": [_("Voting is not open.")]}, status=403)
        return refusal
    place = _place(request, budget_round)
    if isinstance(place, HttpResponse):
        if is_fetch(request):
            return JsonResponse({"errors": [_("Reload the page: we need to know where you live first.")]}, status=409)
        return place
    voter = place.voter
    proposals = list(selectors.ballot_proposals(round=budget_round, district=place.district))

    if request.method == "GET":
        on_ballot = {proposal.pk for proposal in proposals}
        selections = voter.draft_selections() or (selectors.ballot_of(voter=voter) if voter.ballot_id else {})
        selections = {pk: points for pk, points in selections.items() if pk in on_ballot}
        form = BallotForm(round=budget_round, proposals=proposals, selections=selections)
        return _ballot_page(request, budget_round, place, proposals, form, selections=selections)

    form = BallotForm(request.POST, round=budget_round, proposals=proposals, selections={})
    if not form.is_valid():
        if is_fetch(request):
            return JsonResponse({"errors": [message for _id, _title, message in form.field_errors()]}, status=400)
        return _ballot_page(request, budget_round, place, proposals, form, status=400)
    selections = form.selections()
    try:
        services.draft_save(voter=voter, selections=selections)
    except ValidationError as error:
        if is_fetch(request):
            return JsonResponse({"errors": error.messages}, status=403)
        for message in error.messages:
            messages.error(request, message)
        return redirect("budgeting:ballot", round_id=budget_round.pk)
    if is_fetch(request):
        return HttpResponse(status=204)

    reviewing = request.POST.get("action") == "review"
    errors = services.ballot_validate(round=budget_round, sub_budget=place.sub_budget, selections=selections)
    if errors and (reviewing or selections):
        for message in errors:
            form.add_error(None, message)
        return _ballot_page(request, budget_round, place, proposals, form, status=400, saved=not reviewing)
    if reviewing:
        return redirect("budgeting:review", round_id=budget_round.pk)
    messages.success(
        request,
        _("Your choices are saved. Your vote is sent only when you press “Submit my vote” on the review page."),
    )
    return redirect("budgeting:ballot", round_id=budget_round.pk)


@require_http_methods(["GET", "POST"])
def review(request, round_id: int):
    """The chosen proposals, the total and what is left, and the explicit Submit."""
    budget_round = round_or_404(round_id)
    if refusal := _may_vote(request, budget_round):
        return refusal
    place = _place(request, budget_round)
    if isinstance(place, HttpResponse):
        return place
    voter = place.voter
    selections = voter.draft_selections()
    session_key = receipt_session_key(budget_round)

    if request.method == "POST":
        if not selections and voter.ballot_id is not None and request.session.get(session_key):
            # Submit pressed twice: the first press cast the vote (and emptied the draft).
            return redirect("budgeting:receipt", round_id=budget_round.pk)
        if too_many(request, "ballot"):
            return slow_down(request)
        try:
            services.ballot_submit(voter=voter, selections=selections)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect("budgeting:ballot", round_id=budget_round.pk)
        # Only that this session voted (to recognise a second press of Submit), never the code: the session table
        # must not tie the person to a published receipt code after the count.
        request.session[session_key] = True
        # The mail is found from the voter when it is sent: the queue never holds a person next to a ballot.
        transaction.on_commit(partial(send_receipt_email.enqueue, voter_id=voter.pk, language=get_language()))
        return redirect("budgeting:receipt", round_id=budget_round.pk)

    if not selections:
        messages.info(request, _("Choose at least one proposal, then review your vote."))
        return redirect("budgeting:ballot", round_id=budget_round.pk)
    errors = services.ballot_validate(round=budget_round, sub_budget=place.sub_budget, selections=selections)
    if errors:
        for message in errors:
            messages.error(request, message)
        return redirect("budgeting:ballot", round_id=budget_round.pk)
    proposals = list(selectors.ballot_proposals(round=budget_round, district=place.district))
    chosen = [(proposal, selections[proposal.pk]) for proposal in proposals if proposal.pk in selections]
    summary = summarize(budget_round, budget=place.budget, proposals=proposals, selections=selections)
    context = {
        "round": budget_round,
        "project": project_in_language(budget_round.project),
        "voter": voter,
        "district": place.district,
        "chosen": chosen,
        "uses_points": summary.kind == "points",
        "total_cost": sum(proposal.cost for proposal, _points in chosen),
        "summary": summary,
        "closes_on": voting_closes_on(budget_round),
    }
    return TemplateResponse(request, "budgeting/ballot_review.html", context)
