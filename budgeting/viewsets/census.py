"""Census lists in Wagtail admin: editors upload who may vote in a round; the list shows counts only.

The uploaded file holds identity numbers, so it never touches the disk: the upload view reads it with an
in-memory upload handler (Django would otherwise spool files over 2.5 MB to a temporary file), and the
service keeps only salted hashes. Messages, the audit log and errors name line numbers, never numbers.
"""

from __future__ import annotations

from django.contrib.auth import get_permission_codename
from django.core.exceptions import ValidationError
from django.core.files.uploadhandler import MemoryFileUploadHandler
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import HeaderButton
from wagtail.log_actions import log

from participation.admin_forms import add_service_errors
from participation.admin_views import refuse

from .. import rules, selectors, services
from ..admin_forms import CensusUploadForm
from ..models import CensusList
from .base import EDITOR, BudgetModelViewSet, RolePermissionPolicy

CENSUS = "budgeting_census"
CENSUS_LOG_ACTIONS = (
    ("budgeting.census_upload", gettext_lazy("Upload a census list"), gettext_lazy("Census list uploaded")),
)
CENSUS_POLICY = RolePermissionPolicy(CensusList, roles={"add": (EDITOR,), "view": (EDITOR,)})
# The largest census file read (Copenhagen's 550,000 residents over 15 take about 15 MB).
MAX_UPLOAD_BYTES = 64 * 1024 * 1024


class InMemoryUploadHandler(MemoryFileUploadHandler):
    """Keeps an uploaded file in memory up to MAX_UPLOAD_BYTES, whatever FILE_UPLOAD_MAX_MEMORY_SIZE says; a larger
    request's files are dropped (the form then says the file is missing or too large)."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.activated = content_length <= MAX_UPLOAD_BYTES


def import_summary(result: services.CensusImport, *, shown: int = 20) -> str:
    """ "12,345 people imported, 3 lines skipped: line 17 has no number; …" (line numbers only, never numbers)."""
    imported = ngettext("%(count)s person imported", "%(count)s people imported", result.imported) % {
        "count": services.kroner(result.imported)
    }
    if not result.skipped:
        return imported
    skipped = ngettext("%(count)s line skipped", "%(count)s lines skipped", len(result.skipped)) % {
        "count": services.kroner(len(result.skipped))
    }
    reasons = "; ".join(reason for _line, reason in result.skipped[:shown])
    if len(result.skipped) > shown:
        reasons += " …"
    return _("%(imported)s, %(skipped)s: %(reasons)s") % {"imported": imported, "skipped": skipped, "reasons": reasons}


class CensusIndexView(IndexView):
    def get_base_queryset(self):
        return selectors.admin_census_lists()

    @cached_property
    def columns(self):
        return [
            Column("round", label=_("Budget round"), accessor="round.title"),
            Column("entry_count", label=_("People on the list"), accessor=lambda c: services.kroner(c.entry_count)),
            Column("minimum_age", label=_("Minimum age checked")),
            DateColumn("uploaded_at", label=_("Uploaded")),
            Column("uploaded_by", label=_("Uploaded by"), accessor="uploaded_by"),
        ]

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if rules.is_editor(self.request.user):
            buttons.append(HeaderButton(_("Upload a census list"), url=reverse(f"{CENSUS}:upload"), icon_name="upload"))
        return buttons


@method_decorator(csrf_exempt, name="dispatch")
class CensusUploadView(WagtailAdminTemplateMixin, FormView):
    """The upload form, then what was imported and which lines were skipped and why."""

    template_name = "budgeting/admin/census_upload.html"
    form_class = CensusUploadForm
    header_icon = "upload"
    page_title = gettext_lazy("Upload a census list")

    def dispatch(self, request, *args, **kwargs):
        if not rules.is_editor(request.user):
            return refuse(request, _("Only editors can upload census lists."))
        # Before anything reads the request body, and so before the CSRF check (hence csrf_exempt, then protect).
        request.upload_handlers = [InMemoryUploadHandler(request)]
        return csrf_protect(super().dispatch)(request, *args, **kwargs)

    def get_initial(self):
        return {"round": self.request.GET.get("round")}

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(f"{CENSUS}:index"), "label": _("Census lists")},
            {"url": "", "label": self.get_page_title()},
        ]

    def form_valid(self, form):
        budget_round = form.cleaned_data["round"]
        upload = form.cleaned_data["file"]
        try:
            result = services.census_list_import(round=budget_round, data=upload.read(), uploaded_by=self.request.user)
        except ValidationError as error:
            add_service_errors(form, error, fields={"file": "file", "closed": "round", None: None})
            return self.form_invalid(form)
        finally:
            upload.close()
        log(
            instance=budget_round.census_list,
            action="budgeting.census_upload",
            user=self.request.user,
            data={"imported": result.imported, "skipped": len(result.skipped)},
        )
        summary = import_summary(result)
        messages.success(self.request, summary)
        context = self.get_context_data(form=CensusUploadForm(), result=result, summary=summary, round=budget_round)
        return TemplateResponse(self.request, self.template_name, context)

    def form_invalid(self, form):
        if self.request.method == "POST" and not self.request.FILES and "file" in form.errors:
            form.errors["file"] = form.error_class(
                [_("Choose a CSV file of at most %(megabytes)s MB.") % {"megabytes": MAX_UPLOAD_BYTES // 2**20}]
            )
        messages.error(self.request, _("Nothing was imported. Correct the errors below."))
        return super().form_invalid(form)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            action_url=reverse(f"{CENSUS}:upload"),
            submit_button_label=_("Upload and import"),
            submit_button_active_label=_("Importing…"),
            max_megabytes=MAX_UPLOAD_BYTES // 2**20,
        )
        return context


class CensusViewSet(BudgetModelViewSet):
    model = CensusList
    url_prefix = "budgeting/census"
    url_namespace = CENSUS
    icon = "group"
    menu_label = gettext_lazy("Census lists")
    index_view_class = CensusIndexView

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            **{"add_url_name": None, "edit_url_name": None, "history_url_name": None, "usage_url_name": None, **kwargs}
        )

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("upload/", CensusUploadView.as_view(), name="upload"),
        ]

    def get_permissions_to_register(self):
        """ "add" (upload) only: a list is replaced by uploading again, and has no entries to look at."""
        unused = [get_permission_codename(action, self.model_opts) for action in ("change", "delete", "view")]
        return super().get_permissions_to_register().exclude(codename__in=unused)
