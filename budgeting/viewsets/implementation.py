"""The implementation of funded proposals in Wagtail admin: the list, setting status and progress, and writing
dated updates.

Case officers see the implementations their administration is responsible for, editors all of them; who may
change one or write its updates is `rules.can(user, "edit_implementation" | "write_implementation_update", ...)`.
Writes go through `services.implementation`, whose `ValidationError`s come back on the form with what was typed
(a photo that was accepted is kept while something else is corrected). An implementation is opened by the
committee workflow when the chair confirms an approval (`services.implementation.implementation_ensure`), so
there is no "add" screen.
"""

from __future__ import annotations

from django.contrib.admin.utils import quote
from django.contrib.auth import get_permission_codename
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views.generic import HistoryView, IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import Button, HeaderButton

from participation import photos
from participation.admin_forms import add_service_errors
from participation.admin_views import refuse

from .. import rules
from ..implementation_forms import ImplementationForm, ImplementationUpdateForm
from ..models import Implementation
from ..selectors import administrations
from ..selectors import implementation as selectors
from ..services.implementation import implementation_add_update, implementation_update
from .base import CASE_OFFICER, EDITOR, BudgetModelViewSet, RolePermissionPolicy

IMPLEMENTATIONS = "budgeting_implementations"
IMPLEMENTATION_POLICY = RolePermissionPolicy(
    Implementation, roles={"change": (EDITOR, CASE_OFFICER), "view": (EDITOR, CASE_OFFICER)}
)
# Written by `services.implementation` to Wagtail's audit log; registered in wagtail_hooks.
IMPLEMENTATION_LOG_ACTIONS = (
    ("budgeting.implementation_open", gettext_lazy("Open the implementation"), gettext_lazy("Implementation opened")),
    (
        "budgeting.implementation_update",
        gettext_lazy("Change status and progress"),
        gettext_lazy("Status and progress changed"),
    ),
    (
        "budgeting.implementation_add_update",
        gettext_lazy("Write an update"),
        gettext_lazy("Implementation update written"),
    ),
)
EDIT_REFUSAL = gettext_lazy(
    "Only editors and the case officers of the responsible administration can change this implementation."
)


def edit_url(implementation: Implementation) -> str:
    return reverse(f"{IMPLEMENTATIONS}:edit", args=[quote(implementation.pk)])


def add_update_url(implementation: Implementation) -> str:
    return reverse(f"{IMPLEMENTATIONS}:add_update", args=[quote(implementation.pk)])


class ImplementationIndexView(IndexView):
    """The implementations of the user's administrations (every one for editors), newest round first."""

    def get_base_queryset(self):
        user = self.request.user
        return selectors.admin_implementations(user=user, editor=rules.is_editor(user))

    def order_queryset(self, queryset):
        if self.ordering:
            return super().order_queryset(queryset)
        return queryset.order_by("-proposal__round__tallied_at", "proposal__pk")

    @cached_property
    def columns(self):
        return [
            self._get_title_column_class(TitleColumn)(
                "proposal", label=_("Proposal"), accessor="proposal.title", get_url=self.get_edit_url
            ),
            Column("round", label=_("Budget round"), accessor="proposal.round.title"),
            Column("district", label=_("District"), accessor="proposal.district.name"),
            Column("status", label=_("Status"), accessor="get_status_display"),
            Column("progress", label=_("Progress (%)")),
            Column(
                "expected_completion",
                label=_("Expected completion"),
                accessor=lambda implementation: (
                    date_format(implementation.expected_completion, "SHORT_DATE_FORMAT")
                    if implementation.expected_completion
                    else ""
                ),
            ),
            Column("administration", label=_("Responsible administration"), accessor="administration.name"),
            Column("update_count", label=_("Updates")),
            DateColumn("updated_at", label=_("Changed")),
        ]

    def get_list_more_buttons(self, instance):
        buttons = []
        if rules.can(self.request.user, "write_implementation_update", instance):
            buttons.append(Button(_("Write an update"), url=add_update_url(instance), icon_name="doc-full", priority=0))
        return buttons + super().get_list_more_buttons(instance)


class ImplementationActionView(WagtailAdminTemplateMixin, FormView):
    """What the two screens share: the implementation, the permission, the summary and the breadcrumbs."""

    template_name = "participation/admin/action.html"
    action = "edit_implementation"
    submit_button_label = gettext_lazy("Save")

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = (
            Implementation.objects.select_related("proposal__round", "proposal__district", "administration")
            .filter(pk=kwargs["pk"])
            .first()
        )
        if self.object is None:
            raise Http404
        self.next_url = get_valid_next_url_from_request(request)

    def dispatch(self, request, *args, **kwargs):
        if not rules.can(request.user, self.action, self.object):
            return refuse(request, str(EDIT_REFUSAL))
        return super().dispatch(request, *args, **kwargs)

    def get_header_title(self):
        return f"{self.get_page_title()}: {self.object.proposal.title}"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(f"{IMPLEMENTATIONS}:index"), "label": _("Implementation")},
            {"url": edit_url(self.object), "label": self.object.proposal.title},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_success_url(self) -> str:
        return self.next_url or reverse(f"{IMPLEMENTATIONS}:index")

    def form_invalid(self, form):
        messages.error(self.request, _("Nothing was saved. Correct the errors below."))
        return super().form_invalid(form)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        view = selectors.implementation_for_page(proposal=self.object.proposal, language=self.request.LANGUAGE_CODE)
        context.update(
            object=self.object,
            implementation=self.object,
            updates=view.updates if view else [],
            proposal=self.object.proposal,
            summary_template="budgeting/admin/includes/implementation_summary.html",
            action_url=self.request.get_full_path(),
            submit_button_label=self.submit_button_label,
            submit_button_active_label=_("Saving…"),
            next=self.next_url,
        )
        return context


class ImplementationEditView(ImplementationActionView):
    """Status, progress, expected completion, responsible administration, and why it was cancelled."""

    form_class = ImplementationForm
    header_icon = "tasks"
    page_title = gettext_lazy("Status and progress")
    submit_button_label = gettext_lazy("Save status and progress")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "administrations": administrations()}

    def get_initial(self):
        implementation = self.object
        return {
            "status": implementation.status,
            "progress": implementation.progress,
            "expected_completion": implementation.expected_completion,
            "administration": implementation.administration_id,
            "cancel_reason": implementation.cancel_reason,
        }

    @cached_property
    def header_buttons(self):
        buttons = []
        if rules.can(self.request.user, "write_implementation_update", self.object):
            buttons.append(HeaderButton(_("Write an update"), url=add_update_url(self.object), icon_name="doc-full"))
        page = reverse("budgeting:proposal_detail", kwargs={"pk": self.object.proposal_id})
        buttons.append(HeaderButton(_("View on the site"), url=page, icon_name="link-external"))
        return buttons

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(f"{IMPLEMENTATIONS}:index"), "label": _("Implementation")},
            {"url": "", "label": self.object.proposal.title},
        ]

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            implementation_update(
                implementation=self.object,
                by=self.request.user,
                status=data["status"],
                progress=data["progress"],
                expected_completion=data["expected_completion"],
                administration=data["administration"],
                cancel_reason=data["cancel_reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error, fields={None: None})
            return self.form_invalid(form)
        messages.success(self.request, _("The status of “%(title)s” is saved.") % {"title": self.object.proposal.title})
        return redirect(self.get_success_url())


class ImplementationUpdateView(ImplementationActionView):
    """A dated update with an optional photo, shown on the proposal's page; followers are told."""

    form_class = ImplementationUpdateForm
    action = "write_implementation_update"
    header_icon = "doc-full"
    page_title = gettext_lazy("Write an update")
    submit_button_label = gettext_lazy("Publish the update")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if "data" in kwargs:
            # Mutable, so that a photo kept for the next attempt can be named in the form.
            kwargs["data"] = kwargs["data"].copy()
        return kwargs

    def get_success_url(self) -> str:
        return self.next_url or edit_url(self.object)

    def form_valid(self, form):
        data = form.cleaned_data
        photo = form.chosen_photo()
        try:
            implementation_add_update(
                implementation=self.object,
                by=self.request.user,
                date=data["date"],
                text=data["text"],
                photo=photo,
                photo_alt=data["photo_alt"],
            )
        except ValidationError as error:
            add_service_errors(form, error, fields={None: None})
            return self.form_invalid(form)
        photos.delete_draft(data.get("kept_photo") or "")
        messages.success(
            self.request,
            _("The update on “%(title)s” is published. Its followers are told.")
            % {"title": self.object.proposal.title},
        )
        return redirect(self.get_success_url())

    def form_invalid(self, form):
        self._keep_photo(form)
        return super().form_invalid(form)

    def _keep_photo(self, form) -> None:
        """Keep a photo that passed its checks, so that correcting another field does not mean choosing it again."""
        cleaned = getattr(form, "cleaned_data", {})
        new = cleaned.get("photo")
        if isinstance(new, photos.ProcessedPhoto):
            photos.delete_draft(cleaned.get("kept_photo") or "")
            form.data["kept_photo"] = photos.save_draft(new)
        if photos.load_draft(form.data.get("kept_photo", "")) is not None:
            # The bound field copied its help text when the form was cleaned.
            form["photo"].help_text = _(
                "The photo you chose is kept and will be published with the update. Choose another to replace it."
            )


class ImplementationHistoryView(HistoryView):
    """The history of one implementation, for those who may change it (not every case officer)."""

    def dispatch(self, request, *args, **kwargs):
        implementation = Implementation.objects.select_related("administration").filter(pk=kwargs.get("pk")).first()
        if implementation is None:
            raise Http404
        if not rules.can(request.user, "edit_implementation", implementation):
            return refuse(request, str(EDIT_REFUSAL))
        return super().dispatch(request, *args, **kwargs)


class ImplementationViewSet(BudgetModelViewSet):
    model = Implementation
    url_prefix = "budgeting/implementations"
    url_namespace = IMPLEMENTATIONS
    icon = "tasks"
    menu_label = gettext_lazy("Implementation")
    menu_order = 215
    add_to_admin_menu = True
    index_view_class = ImplementationIndexView
    history_view_class = ImplementationHistoryView
    list_filter = ["status", "administration"]

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            **{"add_url_name": None, "usage_url_name": None, "delete_url_name": None, **kwargs}
        )

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("edit/<int:pk>/", ImplementationEditView.as_view(), name="edit"),
            path("update/<int:pk>/", ImplementationUpdateView.as_view(), name="add_update"),
            path("history/<int:pk>/", self.history_view, name="history"),
            path("history-results/<int:pk>/", self.history_results_view, name="history_results"),
        ]

    def get_permissions_to_register(self):
        """ "change" and "view": implementations are opened by the committee workflow, never added or deleted here."""
        unused = [get_permission_codename(action, self.model_opts) for action in ("add", "delete")]
        return super().get_permissions_to_register().exclude(codename__in=unused)
