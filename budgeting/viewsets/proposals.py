"""Proposals: written by editors and case officers, assessed by the owning administration's case officers."""

from __future__ import annotations

from django.contrib.admin.utils import quote
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views.generic import CreateView, EditView, IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import Button, HeaderButton

from participation.admin_forms import add_service_errors
from participation.admin_views import refuse

from .. import rules, selectors, services
from ..admin_forms import AssessForm, ProposalForm
from ..models import Proposal
from .base import PROPOSALS, BudgetModelViewSet, ServiceDeleteView, ServiceSaveMixin


def proposal_actions(user, proposal: Proposal, *, next_url: str = "") -> list[tuple[str, str]]:
    """(label, URL) of what the user may do to the proposal now, beyond editing."""
    actions = []
    if rules.can(user, "assess", proposal):
        url = reverse(f"{PROPOSALS}:assess", args=[quote(proposal.pk)])
        actions.append((_("Assess feasibility"), f"{url}?next={next_url}" if next_url else url))
    return actions


class ProposalIndexView(IndexView):
    """Every proposal, by round and number, filtered by round, feasibility and district."""

    def get_base_queryset(self):
        return selectors.admin_proposals()

    def order_queryset(self, queryset):
        if self.ordering:
            return super().order_queryset(queryset)
        return queryset.order_by("-round__created_at", "pk")

    @cached_property
    def columns(self):
        return [
            Column("code", label=_("No.")),
            self._get_title_column("title"),
            Column("round", label=_("Budget round"), accessor="round.title"),
            Column("district", label=_("District"), accessor="district.name"),
            Column("cost", label=_("Cost (kr.)"), accessor=lambda p: services.kroner(p.cost)),
            Column("feasibility", label=_("Feasibility"), accessor="get_feasibility_display"),
            Column("administration", label=_("Administration"), accessor="administration.name"),
            DateColumn("updated_at", label=_("Updated")),
        ]

    def get_list_more_buttons(self, instance):
        buttons = [
            Button(label, url=url, priority=index)
            for index, (label, url) in enumerate(proposal_actions(self.request.user, instance))
        ]
        return buttons + super().get_list_more_buttons(instance)


class ProposalSaveMixin(ServiceSaveMixin):
    error_fields = {"outside_area": "latitude", "location": "latitude", "district": "district", None: None}


class ProposalCreateView(ProposalSaveMixin, CreateView):
    log_action = "wagtail.create"

    def save_instance(self):
        data = self.form.cleaned_data
        return services.proposal_create(
            round=data["round"],
            title=data["title"],
            description=data["description"],
            cost=data["cost"],
            administration=data["administration"],
            latitude=data["latitude"],
            longitude=data["longitude"],
            district=data["district"],
            ideas=data["ideas"],
            by=self.request.user,
        )


class ProposalEditView(ProposalSaveMixin, EditView):
    """Editors and the owning administration's case officers edit; a frozen proposal refuses with a message."""

    def dispatch(self, request, *args, **kwargs):
        proposal = self.get_object()
        if not rules.may_manage_proposal(request.user, proposal):
            return refuse(
                request, _("Only the case officers of the administration that owns the proposal can edit it.")
            )
        return super().dispatch(request, *args, **kwargs)

    def save_instance(self):
        data = self.form.cleaned_data
        return services.proposal_update(
            proposal=self.object,
            title=data["title"],
            description=data["description"],
            cost=data["cost"],
            administration=data["administration"],
            latitude=data["latitude"],
            longitude=data["longitude"],
            district=data["district"],
            ideas=data["ideas"],
            by=self.request.user,
        )

    @cached_property
    def header_more_buttons(self):
        buttons = super().header_more_buttons
        for index, (label, url) in enumerate(proposal_actions(self.request.user, self.object)):
            buttons.append(Button(label, url=url, icon_name="tasks", priority=10 + index))
        return buttons


class ProposalDeleteView(ServiceDeleteView):
    def delete_through_service(self):
        services.proposal_delete(proposal=self.object)


class AssessView(WagtailAdminTemplateMixin, FormView):
    """The owning administration's verdict on a proposal: feasible, or not feasible with a public reason."""

    template_name = "participation/admin/action.html"
    form_class = AssessForm
    header_icon = "tasks"
    page_title = gettext_lazy("Assess feasibility")
    submit_button_label = gettext_lazy("Save the assessment")

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = selectors.admin_proposals().filter(pk=kwargs["pk"]).first()
        if self.object is None:
            raise Http404
        self.next_url = get_valid_next_url_from_request(request)

    def dispatch(self, request, *args, **kwargs):
        proposal = self.object
        if not (proposal.administration_id and rules.is_case_officer(request.user, proposal.administration)):
            return refuse(
                request, _("Only the case officers of the administration that owns the proposal can assess it.")
            )
        return super().dispatch(request, *args, **kwargs)

    def get_object_url(self) -> str:
        return reverse(f"{PROPOSALS}:edit", args=[quote(self.object.pk)])

    def get_header_title(self):
        return f"{self.get_page_title()}: {self.object.title}"

    @cached_property
    def header_buttons(self):
        return [HeaderButton(_("Cancel"), url=self.next_url or self.get_object_url(), icon_name="arrow-left")]

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(f"{PROPOSALS}:index"), "label": _("Proposals")},
            {"url": self.get_object_url(), "label": str(self.object)},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_initial(self):
        if self.object.assessed_at is not None:
            return {"verdict": self.object.feasibility, "reason": self.object.feasibility_reason}
        return {}

    def form_valid(self, form):
        try:
            services.feasibility_assess(
                proposal=self.object,
                feasible=form.cleaned_data["verdict"] == "feasible",
                reason=form.cleaned_data["reason"],
                by=self.request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error, fields={"reason": "reason", None: None})
            return self.form_invalid(form)
        messages.success(self.request, _("The assessment of “%(title)s” is saved.") % {"title": self.object.title})
        return redirect(self.next_url or reverse(f"{PROPOSALS}:index"))

    def form_invalid(self, form):
        messages.error(self.request, _("Nothing was saved. Correct the errors below."))
        return super().form_invalid(form)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            object=self.object,
            proposal=self.object,
            summary_template="budgeting/admin/includes/proposal_summary.html",
            action_url=self.request.get_full_path(),
            submit_button_label=self.submit_button_label,
            submit_button_active_label=_("Saving…"),
            next=self.next_url,
        )
        return context


class ProposalViewSet(BudgetModelViewSet):
    model = Proposal
    url_prefix = "budgeting/proposals"
    url_namespace = PROPOSALS
    icon = "pick"
    menu_label = gettext_lazy("Proposals")
    index_view_class = ProposalIndexView
    add_view_class = ProposalCreateView
    edit_view_class = ProposalEditView
    delete_view_class = ProposalDeleteView
    list_filter = ["round", "feasibility", "district"]
    search_fields = ["title", "description"]

    def get_form_class(self, for_update=False):
        return ProposalForm

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [path("assess/<int:pk>/", AssessView.as_view(), name="assess")]
