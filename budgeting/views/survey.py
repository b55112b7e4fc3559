"""The optional, anonymous question after voting (age band, first time taking part), and skipping it.

The receipt page shows the question (`survey_form_for`) to a voter who has not answered or skipped it yet; the
form posts here. A sent answer or a skip goes back to the receipt with a message; a form with errors is shown
again on a page of its own, with what was chosen kept. Works without JavaScript; rate-limited like every write.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from participation.throttle import too_many

from .. import selectors
from ..models import Voter
from ..services.survey import survey_answer
from ..survey_forms import SKIP, SurveyForm
from .common import project_in_language, round_or_404, slow_down


def survey_form_for(voter: Voter | None) -> SurveyForm | None:
    """A blank question form for a voter who has voted and not yet answered or skipped it; else None."""
    if voter is None or not voter.voted or voter.surveyed:
        return None
    return SurveyForm()


def _question_page(request, budget_round, form, *, status: int = 200) -> TemplateResponse:
    context = {"round": budget_round, "project": project_in_language(budget_round.project), "survey_form": form}
    return TemplateResponse(request, "budgeting/survey.html", context, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def survey(request, round_id: int):
    """GET: the question on its own page (for a voter who has not answered it). POST: answer or skip it."""
    budget_round = round_or_404(round_id)
    voter = selectors.voter_of(round=budget_round, user=request.user)
    if request.method == "GET":
        form = survey_form_for(voter)
        if form is None:
            return redirect("budgeting:receipt", round_id=budget_round.pk)
        return _question_page(request, budget_round, form)

    if too_many(request, "survey"):
        return slow_down(request)
    if voter is None:
        return redirect("budgeting:receipt", round_id=budget_round.pk)
    skipping = request.POST.get("action") == SKIP
    form = SurveyForm(request.POST)
    if not skipping and not form.is_valid():
        return _question_page(request, budget_round, form, status=400)
    answer = form.cleaned_data if not skipping else {}
    try:
        survey_answer(
            voter=voter,
            age_band=answer.get("age_band", ""),
            first_time=answer.get("first_time", ""),
            skip=skipping,
        )
    except ValidationError as error:
        messages.info(request, " ".join(error.messages))
        return redirect("budgeting:receipt", round_id=budget_round.pk)
    if skipping:
        messages.info(request, _("You skipped the question. It will not be asked again."))
    else:
        messages.success(request, _("Thank you for your answer. It is stored without your name or your vote."))
    return redirect("budgeting:receipt", round_id=budget_round.pk)
