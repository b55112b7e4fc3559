"""What the ballot pages share: finding the round, the voter and their sub-budget, the voting dates, the
"voting is not open" page and the running summary of a ballot (the budget bar)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from wagtail.models import Locale

from participation.models import Feature, local_date

from .. import selectors
from ..models import BallotType, BudgetRound, Proposal, SubBudget, Voter
from ..services import kroner

RECEIPT_SESSION_KEY = "budgeting.receipt.{round_id}"


def round_or_404(round_id: int) -> BudgetRound:
    """The round with its project page (and the page's locale), if the page is live."""
    budget_round = get_object_or_404(BudgetRound.objects.select_related("project", "project__locale"), pk=round_id)
    if not budget_round.project.live:
        raise Http404
    return budget_round


def project_in_language(project):
    """The project page in the language of the request when it has a live translation; else the page itself."""
    language = get_language()
    if project.locale.language_code == language:
        return project
    locale = Locale.objects.filter(language_code=language).first()
    translation = project.get_translation_or_none(locale) if locale else None
    return translation if translation is not None and translation.live else project


def voting_phase(budget_round: BudgetRound):
    """The project's voting phase that runs today, else the next one, else the last one (or None)."""
    phases = [phase for phase in budget_round.project.ordered_phases() if Feature.VOTE in phase.features]
    today = local_date()
    return (
        next((phase for phase in phases if phase.contains(today)), None)
        or next((phase for phase in phases if phase.start > today), None)
        or (phases[-1] if phases else None)
    )


def voting_closes_on(budget_round: BudgetRound) -> datetime.date | None:
    """The last day of the voting phase that runs now (or comes next)."""
    phase = voting_phase(budget_round)
    return phase.end if phase is not None and phase.end >= local_date() else None


def slow_down(request) -> HttpResponse:
    response = render(request, "participation/too_many.html", status=429)
    response["Retry-After"] = "3600"
    return response


def not_open_page(request, budget_round: BudgetRound, *, voter: Voter | None = None) -> TemplateResponse:
    """The page shown instead of the ballot when this person cannot vote now: when voting opens or when it
    closed, or that their paper vote is counted; with the proposals on the ballot, to read."""
    phase = voting_phase(budget_round)
    today = local_date()
    if voter is not None and voter.voted and voter.ballot_id is None and not budget_round.is_tallied:
        state = "voted_elsewhere"
    elif budget_round.is_tallied:
        state = "counted"
    elif phase is None:
        state = "no_dates"
    elif phase.start > today:
        state = "upcoming"
    else:
        state = "closed"
    context = {
        "round": budget_round,
        "project": project_in_language(budget_round.project),
        "phase": phase,
        "state": state,
        "proposals": list(selectors.ballot_proposals(round=budget_round)),
    }
    return TemplateResponse(request, "budgeting/voting_closed.html", context)


@dataclass
class VoterPlace:
    """The voter and where they vote: their sub-budget (None when the round has none) and its budget."""

    voter: Voter
    sub_budget: SubBudget | None
    budget: int

    @property
    def district(self):
        return self.sub_budget.district if self.sub_budget is not None else None


def voter_place(request, budget_round: BudgetRound) -> VoterPlace | HttpResponse:
    """The signed-in person's voter row and sub-budget, or a redirect to the declaration when they have not
    said where they live (or live where this round has no budget)."""
    voter = selectors.voter_of(round=budget_round, user=request.user)
    if voter is None:
        return redirect("budgeting:eligibility", round_id=budget_round.pk)
    sub_budgets = selectors.sub_budgets(round=budget_round)
    if not sub_budgets:
        return VoterPlace(voter=voter, sub_budget=None, budget=budget_round.total_budget)
    sub_budget = next((sub for sub in sub_budgets if sub.district_id == voter.district_id), None)
    if sub_budget is None:
        return redirect("budgeting:eligibility", round_id=budget_round.pk)
    return VoterPlace(voter=voter, sub_budget=sub_budget, budget=sub_budget.amount)


def is_fetch(request) -> bool:
    """A request made by static/js/ballot.js in the background."""
    return request.headers.get("X-Requested-With") == "fetch"


@dataclass
class BallotSummary:
    """How much of the budget, of the choices or of the points a ballot uses: the running bar's figures and text."""

    kind: str  # "budget", "choices" or "points": what the bar counts
    used: int
    limit: int
    text: str
    over_text: str
    left_text: str

    @property
    def over(self) -> bool:
        return self.used > self.limit

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.used / self.limit)) if self.limit else 0


def ballot_kind(budget_round: BudgetRound) -> str:
    return {BallotType.KNAPSACK: "budget", BallotType.APPROVAL: "choices", BallotType.CUMULATIVE: "points"}[
        budget_round.ballot_type
    ]


def summarize(
    budget_round: BudgetRound, *, budget: int, proposals: list[Proposal], selections: dict[int, int]
) -> BallotSummary:
    """The summary of these choices among the proposals on the voter's ballot."""
    kind = ballot_kind(budget_round)
    chosen = [proposal for proposal in proposals if selections.get(proposal.pk, 0) > 0]
    if kind == "budget":
        used, limit = sum(proposal.cost for proposal in chosen), budget
        text = _("You have used %(used)s of %(budget)s kr.") % {"used": kroner(used), "budget": kroner(limit)}
        over_text = _("That is %(over)s kr. over the budget. Remove a proposal, or choose a cheaper one.") % {
            "over": kroner(used - limit)
        }
        left_text = _("%(left)s kr. left") % {"left": kroner(max(0, limit - used))}
    elif kind == "choices":
        used, limit = len(chosen), budget_round.max_choices
        text = _("You have chosen %(chosen)s of at most %(most)s proposals") % {"chosen": used, "most": limit}
        over_text = _("That is more than %(most)s proposals. Remove a proposal.") % {"most": limit}
        left = max(0, limit - used)
        left_text = ngettext("%(left)s more proposal", "%(left)s more proposals", left) % {"left": left}
    else:
        used, limit = sum(selections.get(proposal.pk, 0) for proposal in chosen), budget_round.points_total
        text = _("You have given %(given)s of %(total)s points") % {"given": used, "total": limit}
        over_text = _("That is more than %(total)s points. Take points from a proposal.") % {"total": limit}
        left = max(0, limit - used)
        left_text = ngettext("%(left)s point left", "%(left)s points left", left) % {"left": left}
    return BallotSummary(kind=kind, used=used, limit=limit, text=text, over_text=over_text, left_text=left_text)


def instructions(budget_round: BudgetRound, *, budget: int, district=None) -> str:
    """How to fill in this round's ballot, in one or two sentences."""
    kind = ballot_kind(budget_round)
    if kind == "budget":
        text = _("Choose the proposals you want, as long as their total cost fits within the budget of %(budget)s kr.")
        text %= {"budget": kroner(budget)}
        if budget_round.min_spend_percent:
            minimum = -(-budget * budget_round.min_spend_percent // 100)
            text += " " + _("You must use at least %(minimum)s kr.") % {"minimum": kroner(minimum)}
    elif kind == "choices":
        text = ngettext(
            "Choose the proposal you want most.",
            "Choose up to %(most)s proposals that you want.",
            budget_round.max_choices,
        ) % {"most": budget_round.max_choices}
    else:
        text = _(
            "Spread %(total)s points over the proposals: the more points, the more you want it. "
            "One proposal can get at most %(most)s points."
        ) % {"total": budget_round.points_total, "most": budget_round.points_per_proposal_max}
    if district is not None:
        text = _("You vote on the proposals in %(district)s.") % {"district": district.name} + " " + text
    return text


def receipt_session_key(budget_round: BudgetRound) -> str:
    return RECEIPT_SESSION_KEY.format(round_id=budget_round.pk)
