"""Budget rounds and their sub-budgets: set up by editors, locked once voting has opened."""

from __future__ import annotations

from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import CreateView, EditView, IndexView, InspectView

from .. import selectors, services
from ..admin_forms import BudgetRoundForm, SubBudgetForm
from ..models import BudgetRound, SubBudget
from .base import ROUNDS, SUB_BUDGETS, BudgetModelViewSet, ServiceDeleteView, ServiceSaveMixin
from .tally import tally_context


class RoundIndexView(IndexView):
    def get_base_queryset(self):
        return selectors.admin_rounds()

    @cached_property
    def columns(self):
        return [
            self._get_title_column("title"),
            Column("project", label=_("Project"), accessor="project.title"),
            Column("total_budget", label=_("Total budget (kr.)"), accessor=lambda r: services.kroner(r.total_budget)),
            Column("ballot_type", label=_("Ballot type"), accessor="get_ballot_type_display"),
            Column("winner_rule", label=_("Winner rule"), accessor="get_winner_rule_display"),
            Column("proposal_count", label=_("Proposals")),
        ]


class RoundCreateView(ServiceSaveMixin, CreateView):
    log_action = "wagtail.create"

    def save_instance(self):
        return services.round_save(round=self.form.instance)


class RoundEditView(ServiceSaveMixin, EditView):
    def save_instance(self):
        return services.round_save(round=self.form.instance)


class RoundDeleteView(ServiceDeleteView):
    def delete_through_service(self):
        services.round_delete(round=self.object)


class RoundInspectView(InspectView):
    """A round's settings, its sub-budgets, how many people have voted (counts only), and counting the votes."""

    template_name = "budgeting/admin/round_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            turnout=selectors.turnout(round=self.object),
            sub_budgets=selectors.sub_budgets(round=self.object),
            voting_started=services.voting_started(self.object),
            **tally_context(self.request.user, self.object),
        )
        return context


class BudgetRoundViewSet(BudgetModelViewSet):
    model = BudgetRound
    url_prefix = "budgeting/rounds"
    url_namespace = ROUNDS
    icon = "table"
    menu_label = gettext_lazy("Budget rounds")
    index_view_class = RoundIndexView
    add_view_class = RoundCreateView
    edit_view_class = RoundEditView
    delete_view_class = RoundDeleteView
    inspect_view_class = RoundInspectView
    inspect_view_enabled = True
    inspect_view_fields = [
        "project",
        "title",
        "total_budget",
        "ballot_type",
        "max_choices",
        "min_spend_percent",
        "points_total",
        "points_per_proposal_max",
        "winner_rule",
        "eligibility",
        "minimum_age",
        "tallied_at",
    ]
    search_fields = ["title"]

    def get_form_class(self, for_update=False):
        return BudgetRoundForm


# Sub-budgets -----------------------------------------------------------------------------------------


class SubBudgetIndexView(IndexView):
    def get_base_queryset(self):
        return selectors.admin_sub_budgets()

    @cached_property
    def columns(self):
        return [
            self._get_title_column("district__name"),
            Column("round", label=_("Budget round"), accessor="round.title"),
            Column("amount", label=_("Amount (kr.)"), accessor=lambda s: services.kroner(s.amount)),
        ]


class SubBudgetSaveMixin(ServiceSaveMixin):
    error_fields = {"district": "district", "over_total": "amount", None: None}

    def save_instance(self):
        data = self.form.cleaned_data
        return services.sub_budget_set(round=data["round"], district=data["district"], amount=data["amount"])


class SubBudgetCreateView(SubBudgetSaveMixin, CreateView):
    log_action = "wagtail.create"


class SubBudgetEditView(SubBudgetSaveMixin, EditView):
    pass


class SubBudgetDeleteView(ServiceDeleteView):
    def delete_through_service(self):
        services.sub_budget_delete(sub_budget=self.object)


class SubBudgetViewSet(BudgetModelViewSet):
    model = SubBudget
    url_prefix = "budgeting/sub-budgets"
    url_namespace = SUB_BUDGETS
    icon = "site"
    menu_label = gettext_lazy("Sub-budgets")
    index_view_class = SubBudgetIndexView
    add_view_class = SubBudgetCreateView
    edit_view_class = SubBudgetEditView
    delete_view_class = SubBudgetDeleteView
    list_filter = ["round"]

    def get_form_class(self, for_update=False):
        return SubBudgetForm
