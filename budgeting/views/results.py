"""The public results of a counted round, and its published files (the anonymised ballots and a CSV).

Before the round is counted the results page says when results are published, and the files are not found.
The page costs the same number of queries for 1 or 50 proposals: its reads are `selectors.result_groups`
and `selectors.result_turnout`, and the chart is the results table itself (bars drawn with CSS).
"""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from .. import exports, selectors
from ..models import BallotType, BudgetRound, WinnerRule
from ..rules import can
from .common import project_in_language, round_or_404, voting_phase


def rule_name(rule: str) -> str:
    """The winner rule's name, for anyone. The admin's label of MES + add1 names the completion as pabulib does
    ("add-one"); citizens read that it is completed, and the explanation says how."""
    if rule == WinnerRule.MES_ADD1:
        return _("Method of Equal Shares, with completion")
    return WinnerRule(rule).label


def rule_explanation(rule: str) -> str:
    """The winner rule in plain words, for anyone."""
    texts = {
        WinnerRule.GREEDY: _(
            "The proposals are ranked by their number of votes. Starting from the top, each proposal is funded "
            "if it fits within what is left of the budget. A proposal that no longer fits is skipped, and the "
            "next one is tried, until nothing more fits."
        ),
        WinnerRule.MES: _(
            "The Method of Equal Shares divides the budget equally among everyone who voted. A proposal is funded "
            "when the people who voted for it can pay for it together out of their shares. Proposals are chosen "
            "one at a time, first the one that costs its supporters least per vote, and its cost is shared as "
            "equally as possible among them. So a group that makes up a third of the voters decides on about a "
            "third of the budget, and a majority cannot take it all."
        ),
        WinnerRule.MES_ADD1: _(
            "The Method of Equal Shares divides the budget equally among everyone who voted. A proposal is funded "
            "when the people who voted for it can pay for it together out of their shares, and its cost is shared "
            "as equally as possible among them. So a group that makes up a third of the voters decides on about a "
            "third of the budget, and a majority cannot take it all. When money is left over, everyone's share is "
            "raised by 1 krone at a time and the method is run again, as long as the result fits within the "
            "budget. Whatever is still left then goes to the proposals with the most votes that fit."
        ),
    }
    return texts[rule]


def _file_url(budget_round: BudgetRound, ballot_file: exports.BallotFile) -> str:
    if ballot_file.district is None:
        return reverse("budgeting:ballot_file", kwargs={"round_id": budget_round.pk})
    return reverse(
        "budgeting:district_ballot_file", kwargs={"round_id": budget_round.pk, "district": ballot_file.district.slug}
    )


def published_files(budget_round: BudgetRound, sub_budget_list=None) -> list[dict]:
    """The ballot files of a counted round, with their links and labels: one per sub-budget, or one."""
    files = []
    for ballot_file in exports.ballot_files(round=budget_round, sub_budget_list=sub_budget_list):
        if ballot_file.district is None:
            label = _("The ballots (pabulib file)")
        else:
            label = _("The ballots in %(district)s (pabulib file)") % {"district": ballot_file.district.name}
        files.append({"label": label, "url": _file_url(budget_round, ballot_file), "filename": ballot_file.filename})
    return files


def _map_data(groups: list[selectors.ResultGroup], highlight: list[str]) -> dict | None:
    """Markers for the proposals with a place: winners and the others in two styles, each leading to its row."""
    markers = []
    for group in groups:
        for result in group.results:
            proposal = result.proposal
            if proposal.latitude is None or proposal.longitude is None:
                continue
            markers.append(
                {
                    "title": proposal.title,
                    "url": f"#proposal-{proposal.pk}",
                    "lat": proposal.latitude,
                    "lon": proposal.longitude,
                    "phase": "winner" if result.selected else "not-selected",
                    "phaseLabel": _("Selected") if result.selected else _("Not selected"),
                }
            )
    if not markers:
        return None
    # Not grouped: a group would hide which proposals won.
    return {
        "markers": markers,
        "districtsUrl": reverse("maps:districts_geojson"),
        "highlight": highlight,
        "cluster": False,
    }


@require_GET
def results(request, round_id: int):
    """The results of a counted round; before it is counted, when they will be published."""
    budget_round = round_or_404(round_id)
    project = project_in_language(budget_round.project)
    if not can(request.user, "view_results", budget_round):
        context = {"round": budget_round, "project": project, "phase": voting_phase(budget_round)}
        return TemplateResponse(request, "budgeting/results_pending.html", context)
    subs = selectors.sub_budgets(round=budget_round)
    groups = selectors.result_groups(round=budget_round, sub_budget_list=subs)
    turnout = selectors.result_turnout(round=budget_round, sub_budget_list=subs)
    if subs:
        highlight = [sub.district.slug for sub in subs]
    else:
        highlight = [district.slug for district in budget_round.project.districts.all()]
    points = budget_round.ballot_type == BallotType.CUMULATIVE
    context = {
        "round": budget_round,
        "project": project,
        "groups": groups,
        "funded": sum(group.funded for group in groups),
        "left": budget_round.total_budget - sum(group.funded for group in groups),
        "winner_count": sum(len(group.winners) for group in groups),
        "turnout": turnout,
        "rule_name": rule_name(budget_round.winner_rule),
        "rule_explanation": rule_explanation(budget_round.winner_rule),
        "map_data": _map_data(groups, highlight),
        "files": published_files(budget_round, subs),
        "labels": {
            "online": _("Points online") if points else _("Votes online"),
            "paper": _("Points on paper") if points else _("Votes on paper"),
            "total": _("Points in total") if points else _("Votes in total"),
        },
    }
    return TemplateResponse(request, "budgeting/results.html", context)


def _published_round(round_id: int) -> BudgetRound:
    budget_round = round_or_404(round_id)
    if budget_round.tallied_at is None:
        raise Http404
    return budget_round


@require_GET
def ballot_file(request, round_id: int, district: str | None = None):
    """The anonymised ballots of one election of a counted round, as a pabulib file to download."""
    budget_round = _published_round(round_id)
    files = exports.ballot_files(round=budget_round)
    match = next((f for f in files if (f.district.slug if f.district is not None else None) == district), None)
    if match is None:
        raise Http404
    text = exports.ballot_file_text(round=budget_round, sub_budget=match.sub_budget)
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, match.filename)
    return response


@require_GET
def proposals_csv(request, round_id: int):
    """The counted round's proposals with their votes, as CSV."""
    budget_round = _published_round(round_id)
    response = HttpResponse(exports.proposals_csv(round=budget_round), content_type="text/csv; charset=utf-8")
    filename = exports.proposals_csv_filename(round=budget_round)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
