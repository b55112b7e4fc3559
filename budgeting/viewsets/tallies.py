"""Tallies, read only: the stored result of a round."""

from __future__ import annotations

from django.contrib.auth import get_permission_codename
from django.urls import path
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import IndexView, InspectView

from .. import selectors
from ..models import Tally
from .base import TALLIES, BudgetModelViewSet


class TallyIndexView(IndexView):
    def get_base_queryset(self):
        return selectors.admin_tallies()

    @cached_property
    def columns(self):
        return [
            self._get_title_column("round__title"),
            Column("rule", label=_("Winner rule"), accessor="get_rule_display"),
            DateColumn("computed_at", label=_("Computed")),
        ]


class TallyInspectView(InspectView):
    """The stored result: each proposal's votes online and on paper, and whether it was selected."""

    template_name = "budgeting/admin/tally_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["results"] = selectors.tally_results(round=self.object.round)
        return context


class TallyViewSet(BudgetModelViewSet):
    model = Tally
    url_prefix = "budgeting/tallies"
    url_namespace = TALLIES
    icon = "list-ol"
    menu_label = gettext_lazy("Tallies")
    index_view_class = TallyIndexView
    inspect_view_class = TallyInspectView
    inspect_view_enabled = True
    inspect_view_fields = ["round", "rule", "computed_at"]

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            **{"add_url_name": None, "edit_url_name": None, "history_url_name": None, "usage_url_name": None, **kwargs}
        )

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
        ]

    def get_permissions_to_register(self):
        """Only "view": tallies are computed, never written by hand."""
        unused = [get_permission_codename(action, self.model_opts) for action in ("add", "change", "delete")]
        return super().get_permissions_to_register().exclude(codename__in=unused)
