"""The receipt after voting, and the public check that a receipt code's ballot is in the count."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET, require_http_methods

from participation.throttle import too_many

from .. import selectors
from ..forms import ReceiptCheckForm
from ..models import format_receipt_code
from .common import project_in_language, round_or_404, slow_down, voting_closes_on
from .results import published_files
from .survey import survey_form_for


@require_GET
@login_required
def receipt(request, round_id: int):
    """ "Your vote is counted", with the receipt code of the person's current ballot (never from the URL or the
    session). Once the votes are counted the link to the ballot is gone, and so is the code here: it was shown
    and e-mailed when the vote was cast."""
    budget_round = round_or_404(round_id)
    voter = selectors.voter_of(round=budget_round, user=request.user)
    code = selectors.receipt_code_of(voter=voter) if voter is not None else ""
    context = {
        "round": budget_round,
        "project": project_in_language(budget_round.project),
        "receipt": format_receipt_code(code) if code else "",
        # Read aloud character by character, in its two groups.
        "receipt_spoken": ", ".join(" ".join(group) for group in format_receipt_code(code).split("-")) if code else "",
        "voted": bool(voter and voter.voted),
        "voting_open": budget_round.voting_open(),
        "closes_on": voting_closes_on(budget_round),
        # The optional end-of-vote question, until the voter has answered or skipped it.
        "survey_form": survey_form_for(voter),
    }
    return TemplateResponse(request, "budgeting/ballot_receipt.html", context)


@require_http_methods(["GET", "POST"])
def receipt_check(request, round_id: int):
    """Anyone may check that a ballot with a receipt code is in the count. A POST, so that codes stay out of
    addresses and logs, and rate-limited per address and account, so that it is no way to guess codes."""
    budget_round = round_or_404(round_id)
    form = ReceiptCheckForm(request.POST or None)
    found = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            if too_many(request, "receipt_check"):
                return slow_down(request)
            found = selectors.ballot_by_receipt(round=budget_round, code=form.cleaned_data["code"])
        else:
            status = 400
    context = {
        "round": budget_round,
        "project": project_in_language(budget_round.project),
        "form": form,
        "found": found,
        "checked_code": format_receipt_code(form.cleaned_data["code"]) if found is not None else "",
        # Once counted, the ballots are published under their receipt codes: the voter can find their own.
        "ballot_files": published_files(budget_round) if budget_round.is_tallied else [],
    }
    return TemplateResponse(request, "budgeting/receipt_check.html", context, status=status)
