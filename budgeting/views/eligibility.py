"""Before the first vote: showing that one may vote, the way the round asks (`BudgetRound.eligibility`).

Every way goes through its provider in `budgeting.eligibility` and the same rules, so the reasons for a
refusal read the same; the pages differ:

- self-declared: the district and a confirmation of age and residence;
- MitID: a button that sends the person to the broker (allauth's OpenID Connect login, connecting MitID to
  their account) and back here, where the decision made during the callback is shown;
- census list: the CPR number, rate-limited (numbers are guessable), never written back into the page.

A person whose district is not known (a postcode that spans districts, a list without districts) chooses it
among the possible ones. A refusal says why in words the person can act on.
"""

from __future__ import annotations

import logging

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from requests import RequestException

from maps.models import District
from participation.throttle import too_many

from .. import selectors, services
from ..eligibility import CensusProvider, Code, OidcProvider, SelfDeclaredProvider, outcomes, place
from ..eligibility import oidc as mitid
from ..forms import CensusNumberForm, DistrictChoiceForm, EligibilityForm
from ..models import BudgetRound, Eligibility, Voter
from .ballot import _may_vote as may_vote
from .common import not_open_page, project_in_language, round_or_404, slow_down

logger = logging.getLogger(__name__)


@require_http_methods(["GET", "POST"])
def eligibility(request, round_id: int):
    """Show that you may vote in the round, and where you live."""
    budget_round = round_or_404(round_id)
    if refusal := may_vote(request, budget_round):
        return refusal
    voter = selectors.voter_of(round=budget_round, user=request.user)
    if voter is not None and voter.voted and voter.ballot_id is None:
        return not_open_page(request, budget_round, voter=voter)
    page = {Eligibility.SELF_DECLARED: _self_declared, Eligibility.OIDC: _oidc, Eligibility.CENSUS: _census}
    return page[budget_round.eligibility](request, budget_round, voter)


def _context(budget_round: BudgetRound, voter: Voter | None, **extra) -> dict:
    return {"round": budget_round, "project": project_in_language(budget_round.project), "voter": voter, **extra}


def _has_place(budget_round: BudgetRound, voter: Voter | None) -> bool:
    """Whether the voter row says where the person votes: any row without sub-budgets, else a district with one."""
    if voter is None:
        return False
    sub_budgets = selectors.sub_budgets(round=budget_round)
    return not sub_budgets or any(sub.district_id == voter.district_id for sub in sub_budgets)


def _action(request) -> str:
    return request.POST.get("action", "") if request.method == "POST" else ""


def _self_declared(request, budget_round: BudgetRound, voter: Voter | None) -> HttpResponse:
    sub_budgets = selectors.sub_budgets(round=budget_round)
    if sub_budgets:
        districts = District.objects.filter(pk__in=[sub.district_id for sub in sub_budgets]).order_by("code")
    else:
        districts = District.objects.order_by("code")
    form = EligibilityForm(
        request.POST or None,
        initial={"district": voter.district_id if voter else None},
        districts=districts,
        minimum_age=budget_round.minimum_age,
        has_sub_budgets=bool(sub_budgets),
    )
    if request.method == "POST" and form.is_valid():
        decision = SelfDeclaredProvider().check(
            budget_round, district=form.cleaned_data["district"], confirmed=form.cleaned_data["confirm"]
        )
        if decision.eligible and decision.district is not None:
            services.voter_for(round=budget_round, user=request.user, district=decision.district)
            return redirect("budgeting:ballot", round_id=budget_round.pk)
        form.add_error(None, decision.message or _("Choose the district where you live."))
    context = _context(budget_round, voter, form=form)
    template = SelfDeclaredProvider.template_name
    return TemplateResponse(request, template, context, status=400 if form.errors else 200)


def _district_choice(request, budget_round: BudgetRound, voter: Voter, outcome, template: str) -> HttpResponse:
    """Which of the possible districts the person lives in; then the ballot, or why not."""
    districts = District.objects.filter(pk__in=[district.pk for district in outcome.choices]).order_by("code")
    bound = _action(request) == "district"
    form = DistrictChoiceForm(request.POST if bound else None, districts=districts)
    if bound and form.is_valid():
        decision = place(budget_round, [form.cleaned_data["district"]])
        outcomes.forget(request, budget_round)
        if decision.eligible:
            services.voter_for(round=budget_round, user=request.user, district=decision.district)
            return redirect("budgeting:ballot", round_id=budget_round.pk)
        context = _context(budget_round, voter, state="refused", refusal=decision.message)
        return TemplateResponse(request, template, context)
    context = _context(budget_round, voter, state="choose_district", district_form=form)
    return TemplateResponse(request, template, context, status=400 if form.errors else 200)


def _oidc(request, budget_round: BudgetRound, voter: Voter | None) -> HttpResponse:
    template = OidcProvider.template_name
    if not mitid.configured(request):
        return TemplateResponse(request, template, _context(budget_round, voter, state="unavailable"))
    if _action(request) == "verify":
        try:
            return mitid.start(request, budget_round, next_url=request.path)
        except RequestException:
            logger.warning("The MitID broker's discovery document could not be fetched", exc_info=True)
            context = _context(budget_round, voter, state="start", unreachable=True)
            return TemplateResponse(request, template, context, status=503)

    outcome = outcomes.recall(request, budget_round)
    if outcome is not None and outcome.needs_district and voter is not None:
        return _district_choice(request, budget_round, voter, outcome, template)
    if outcome is not None and outcome.code == Code.ELIGIBLE and _has_place(budget_round, voter):
        outcomes.forget(request, budget_round)
        messages.success(request, _("You have shown with MitID that you may vote."))
        return redirect("budgeting:ballot", round_id=budget_round.pk)
    if outcome is not None and not outcome.eligible:
        # Shown once; the button below starts again.
        outcomes.forget(request, budget_round)
        return TemplateResponse(
            request, template, _context(budget_round, voter, state="refused", refusal=outcome.message)
        )
    state = "verified" if _has_place(budget_round, voter) else "start"
    return TemplateResponse(request, template, _context(budget_round, voter, state=state))


def _census(request, budget_round: BudgetRound, voter: Voter | None) -> HttpResponse:
    template = CensusProvider.template_name
    outcome = outcomes.recall(request, budget_round)
    if outcome is not None and outcome.needs_district and voter is not None:
        return _district_choice(request, budget_round, voter, outcome, template)
    if voter is not None and voter.census_hash and _has_place(budget_round, voter):
        return TemplateResponse(request, template, _context(budget_round, voter, state="verified"))

    checking = _action(request) == "check"
    form = CensusNumberForm(request.POST if checking else None)
    if checking:
        if too_many(request, "census_check"):
            return slow_down(request)
        if form.is_valid():
            decision = CensusProvider().check(budget_round, number=form.cleaned_data["number"])
            if not decision.eligible:
                form.add_error("number", decision.message)
            else:
                try:
                    services.voter_verify(round=budget_round, user=request.user, decision=decision)
                except ValidationError as error:
                    form.add_error("number", error.messages[0])
                else:
                    if decision.needs_district:
                        outcomes.remember(request, budget_round, decision)
                        return redirect("budgeting:eligibility", round_id=budget_round.pk)
                    return redirect("budgeting:ballot", round_id=budget_round.pk)
    context = _context(budget_round, voter, state="check", form=form)
    return TemplateResponse(request, template, context, status=400 if form.errors else 200)
