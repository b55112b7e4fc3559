"""Counting a round's votes from Wagtail admin: a confirmation page, then `services.round_tally`.

Editors count a round once its voting has closed (`rules.can(user, "tally", round)`); the round's inspect
view offers the button (`tally_context`). Registered in `wagtail_hooks` under /admin/budgeting/rounds/tally/<id>/.
"""

from __future__ import annotations

from django.contrib.admin.utils import quote
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import HeaderButton
from wagtail.log_actions import log

from participation.admin_views import refuse

from .. import rules, selectors, services
from ..models import BudgetRound
from .base import ROUNDS, TALLIES

TALLY_URL_NAME = "budgeting_round_tally"


def tally_context(user, budget_round: BudgetRound) -> dict:
    """What the round's inspect view says about counting: the button's URL for those who may count now, or why
    the round cannot be counted, and the stored tally once it has been."""
    stored = getattr(budget_round, "tally", None) if budget_round.is_tallied else None
    return {
        "tally_url": reverse(TALLY_URL_NAME, args=[budget_round.pk]) if rules.can(user, "tally", budget_round) else "",
        "tally_refusal": services.round_tally_refusal(round=budget_round),
        "tally_inspect_url": reverse(f"{TALLIES}:inspect", args=[quote(stored.pk)]) if stored else "",
        "results_url": reverse("budgeting:results", kwargs={"round_id": budget_round.pk}) if stored else "",
    }


class TallyRoundView(WagtailAdminTemplateMixin, TemplateView):
    """ "Count the votes": what will happen, and a button. A POST counts; a refusal comes back as a message."""

    template_name = "budgeting/admin/round_tally.html"
    header_icon = "list-ol"
    page_title = gettext_lazy("Count the votes")

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = BudgetRound.objects.select_related("project").filter(pk=kwargs["pk"]).first()
        if self.object is None:
            raise Http404

    def dispatch(self, request, *args, **kwargs):
        if not rules.is_editor(request.user):
            return refuse(request, _("Only editors can count the votes of a budget round."))
        return super().dispatch(request, *args, **kwargs)

    def get_round_url(self) -> str:
        return reverse(f"{ROUNDS}:inspect", args=[quote(self.object.pk)])

    def get_header_title(self):
        return f"{self.get_page_title()}: {self.object.title}"

    @cached_property
    def header_buttons(self):
        return [HeaderButton(_("Cancel"), url=self.get_round_url(), icon_name="arrow-left")]

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(f"{ROUNDS}:index"), "label": _("Budget rounds")},
            {"url": self.get_round_url(), "label": str(self.object)},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            object=self.object,
            turnout=selectors.turnout(round=self.object),
            ballot_count=self.object.ballots.count(),
            refusal=services.round_tally_refusal(round=self.object),
            may_tally=rules.can(self.request.user, "tally", self.object),
            round_url=self.get_round_url(),
        )
        return context

    def post(self, request, *args, **kwargs):
        try:
            stored = services.round_tally(round=self.object)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(self.get_round_url())
        log(instance=self.object, action="budgeting.tally", user=request.user)
        messages.success(
            request,
            _("The votes of “%(title)s” are counted and the results are public.") % {"title": self.object.title},
        )
        return redirect(reverse(f"{TALLIES}:inspect", args=[quote(stored.pk)]))


def admin_urls() -> list:
    return [path("budgeting/rounds/tally/<int:pk>/", TallyRoundView.as_view(), name=TALLY_URL_NAME)]
