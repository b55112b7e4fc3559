"""The reach report in Wagtail admin (Reports › Reach), and its CSV download.

Whom the platform reaches and whom it does not: per district and per project, ideas, comments, supporters and
voters per 1,000 inhabitants against the city average, districts more than 30 % below it flagged for outreach,
and the answers to the optional end-of-vote question. The figures and the hiding of small cells are
`selectors.reach.reach_report`'s; the page and the CSV show the same report. Staff only
(`rules.may_see_reach_report`: editors, case officers, superusers). Registered in `wagtail_hooks`.
"""

from __future__ import annotations

import datetime

from django import forms
from django.http import HttpResponse
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.http import content_disposition_header, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import HeaderButton

from participation.admin_views import refuse

from .. import rules
from ..reach_export import reach_csv, reach_filename
from ..selectors.reach import MEASURES, OUTREACH_SHORTFALL, SMALL_CELL, reach_report, report_rounds

REACH_URL_NAME = "budgeting_reach_report"
REACH_CSV_URL_NAME = "budgeting_reach_report_csv"


class ReachFilterForm(forms.Form):
    """Narrow the report to one round's project and to a period (both days included). Every field is optional."""

    round = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label=gettext_lazy("Budget round"),
        empty_label=gettext_lazy("All projects and rounds"),
    )
    start = forms.DateField(
        required=False,
        label=gettext_lazy("From"),
        help_text=gettext_lazy("Counted in whole months: from the first day of this month."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    end = forms.DateField(
        required=False,
        label=gettext_lazy("To"),
        help_text=gettext_lazy("Counted in whole months: to the last day of this month."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].queryset = report_rounds()

    def clean(self):
        data = super().clean()
        # Whole months only: two reports a day apart could otherwise be subtracted into a day's small numbers.
        start, end = data.get("start"), data.get("end")
        if start:
            start = data["start"] = start.replace(day=1)
        if end:
            following = (end.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
            end = data["end"] = following - datetime.timedelta(days=1)
        if start and end and end < start:
            self.add_error("end", _("The period must end on or after the day it starts."))
        return data


def _report_for(request):
    """The filter form and, when it is valid (or empty), the report it asks for."""
    form = ReachFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return form, None
    filters = form.cleaned_data if form.is_bound else {}
    report = reach_report(round=filters.get("round"), start=filters.get("start"), end=filters.get("end"))
    return form, report


class ReachReportView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "budgeting/admin/reach_report.html"
    page_title = gettext_lazy("Reach")
    page_subtitle = gettext_lazy("whom the platform reaches, and whom it does not")
    header_icon = "group"

    def dispatch(self, request, *args, **kwargs):
        if not rules.may_see_reach_report(request.user):
            return refuse(request, _("Only editors and case officers can see the reach report."))
        return super().dispatch(request, *args, **kwargs)

    def csv_url(self) -> str:
        query = urlencode({key: value for key, value in self.request.GET.items() if key in ReachFilterForm.base_fields})
        return reverse(REACH_CSV_URL_NAME) + (f"?{query}" if query else "")

    @cached_property
    def header_buttons(self):
        return [HeaderButton(_("Download CSV"), url=self.csv_url(), icon_name="download")]

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": _("Reports")}, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form, report = _report_for(self.request)
        numerator, denominator = OUTREACH_SHORTFALL
        context.update(
            form=form,
            report=report,
            measure_tables=report.districts.measures() if report else [],
            measures=MEASURES,
            small_cell=SMALL_CELL,
            shortfall_percent=100 * numerator // denominator,
            csv_url=self.csv_url(),
        )
        return context


def reach_report_csv(request):
    """The report as CSV, with the same filters and the same hidden cells as the page."""
    if not rules.may_see_reach_report(request.user):
        return refuse(request, _("Only editors and case officers can see the reach report."))
    form, report = _report_for(request)
    if report is None:
        errors = " ".join(message for messages in form.errors.values() for message in messages)
        return HttpResponse(errors, status=400, content_type="text/plain; charset=utf-8")
    response = HttpResponse(reach_csv(report), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, reach_filename(report))
    return response


class ReachMenuItem(MenuItem):
    def is_shown(self, request):
        return rules.may_see_reach_report(request.user)


def reach_menu_item() -> MenuItem:
    """The report's item in Wagtail's Reports menu (`register_reports_menu_item`)."""
    return ReachMenuItem(gettext_lazy("Reach"), reverse(REACH_URL_NAME), name="reach", icon_name="group", order=1300)


def admin_urls() -> list:
    return [
        path("budgeting/reach/", ReachReportView.as_view(), name=REACH_URL_NAME),
        path("budgeting/reach.csv", reach_report_csv, name=REACH_CSV_URL_NAME),
    ]
