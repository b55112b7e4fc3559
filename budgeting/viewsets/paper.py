"""Paper ballots in Wagtail admin: batches per round, keying each ballot twice, and resolving mismatches.

Budget staff (editors and case officers, `rules.is_budget_staff`) key ballots from the day voting opens
until the tally (`rules.can(user, "key_paper", round)`). A keyer never sees an earlier keying of the ballot
they key; the mismatch page shows two differing keyings side by side (choices only: of the identity number
it says only whether the keyings agree) to whoever resolves it. Writes go through `services.paper_entry_key`.
"""

from __future__ import annotations

from django.contrib.admin.utils import quote
from django.contrib.auth import get_permission_codename
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from wagtail.admin import messages
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import CreateView, IndexView, InspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import HeaderButton
from wagtail.log_actions import log

from participation.admin_forms import add_service_errors
from participation.admin_views import refuse

from .. import rules, selectors, services
from ..admin_forms import PaperBatchForm, PaperKeyingForm
from ..models import PaperBatch, PaperEntry, PaperEntryStatus
from .base import CASE_OFFICER, EDITOR, BudgetModelViewSet, RolePermissionPolicy, ServiceSaveMixin

PAPER = "budgeting_paper"
PAPER_LOG_ACTIONS = (("budgeting.paper_key", gettext_lazy("Key a paper ballot"), gettext_lazy("Paper ballot keyed")),)
PAPER_POLICY = RolePermissionPolicy(PaperBatch, roles={"add": (EDITOR, CASE_OFFICER), "view": (EDITOR, CASE_OFFICER)})
KEY_REFUSAL = gettext_lazy(
    "Only the staff running the budget key paper ballots, from the day voting opens until the votes are counted."
)


def batch_url(batch: PaperBatch) -> str:
    return reverse(f"{PAPER}:inspect", args=[quote(batch.pk)])


def key_url(batch: PaperBatch, sequence: int | None = None) -> str:
    url = reverse(f"{PAPER}:key", args=[quote(batch.pk)])
    return f"{url}?sequence={sequence}" if sequence else url


class BatchIndexView(IndexView):
    def get_base_queryset(self):
        return selectors.admin_paper_batches()

    @cached_property
    def columns(self):
        return [
            self._get_title_column("label"),
            Column("round", label=_("Budget round"), accessor="round.title"),
            Column("entry_count", label=_("Ballots")),
            Column("counted", label=_("Counted")),
            Column("pending", label=_("Keyed once")),
            Column("mismatches", label=_("Keyings differ")),
            Column("refused", label=_("Not counted")),
            DateColumn("created_at", label=_("Created")),
        ]

    def get_edit_url(self, instance):
        return batch_url(instance)


class BatchCreateView(ServiceSaveMixin, CreateView):
    log_action = "wagtail.create"
    error_fields = {"label": "label", "closed": "round", "no_identity": "round", None: None}

    def save_instance(self):
        data = self.form.cleaned_data
        return services.paper_batch_create(round=data["round"], label=data["label"], created_by=self.request.user)

    def get_success_url(self):
        return key_url(self.object, 1)

    def get_success_buttons(self):
        return [messages.button(batch_url(self.object), _("Open the batch"))]


class BatchInspectView(InspectView):
    """The batch: how many ballots are counted, waiting or in doubt, and each ballot's state and keyers."""

    template_name = "budgeting/admin/paper_batch.html"

    def get_object(self, queryset=None):
        return selectors.admin_paper_batches().get(pk=self.pk)

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if rules.can(self.request.user, "key_paper", self.object.round):
            buttons.append(HeaderButton(_("Key a ballot"), url=key_url(self.object), icon_name="edit"))
        return buttons

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        may_key = rules.can(self.request.user, "key_paper", self.object.round)
        rows = []
        for entry in selectors.paper_entries(batch=self.object):
            rows.append(
                {
                    "entry": entry,
                    "key_url": key_url(self.object, entry.sequence) if may_key and _keyable(entry) else "",
                    "compare_url": reverse(f"{PAPER}:compare", args=[quote(entry.pk)])
                    if entry.status == PaperEntryStatus.MISMATCH
                    else "",
                }
            )
        context.update(rows=rows, may_key=may_key, key_url=key_url(self.object))
        return context


def _keyable(entry: PaperEntry) -> bool:
    return entry.status in (PaperEntryStatus.PENDING, PaperEntryStatus.MISMATCH)


class PaperAdminView(WagtailAdminTemplateMixin):
    """What the keying and mismatch views share: the batch, the permission, the breadcrumbs."""

    header_icon = "doc-full"

    def get_batch(self, **kwargs) -> PaperBatch:
        raise NotImplementedError

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.batch = self.get_batch(**kwargs)
        if self.batch is None:
            raise Http404

    def dispatch(self, request, *args, **kwargs):
        if not rules.can(request.user, "key_paper", self.batch.round):
            return refuse(request, str(KEY_REFUSAL))
        return super().dispatch(request, *args, **kwargs)

    def get_header_title(self):
        return f"{self.get_page_title()}: {self.batch.label}"

    @cached_property
    def header_buttons(self):
        return [HeaderButton(_("Back to the batch"), url=batch_url(self.batch), icon_name="arrow-left")]

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(f"{PAPER}:index"), "label": _("Paper ballots")},
            {"url": batch_url(self.batch), "label": self.batch.label},
            {"url": "", "label": self.get_page_title()},
        ]


class KeyView(PaperAdminView, FormView):
    """Key one paper ballot: its number, the identity number on its stub, and the proposals chosen. Saving goes
    on to the next ballot, so a stack is keyed with the keyboard alone (Tab, Space, Enter)."""

    template_name = "budgeting/admin/paper_key.html"
    form_class = PaperKeyingForm
    page_title = gettext_lazy("Key a paper ballot")

    def get_batch(self, **kwargs):
        return PaperBatch.objects.select_related("round__project").filter(pk=kwargs["pk"]).first()

    @cached_property
    def proposals(self):
        return list(selectors.ballot_proposals(round=self.batch.round))

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "round": self.batch.round, "proposals": self.proposals}

    def get_initial(self):
        try:
            sequence = int(self.request.GET.get("sequence", ""))
        except ValueError:
            sequence = selectors.next_paper_sequence(batch=self.batch, user=self.request.user)
        return {"sequence": sequence}

    def form_valid(self, form):
        sequence = form.cleaned_data["sequence"]
        try:
            entry = services.paper_entry_key(
                batch=self.batch,
                sequence=sequence,
                keyed_by=self.request.user,
                selections=form.selections(),
                census_number=form.cleaned_data["census_number"],
            )
        except ValidationError as error:
            fields = {"census_number": "census_number", "sequence": "sequence", "same_keyer": "sequence"}
            add_service_errors(form, error, fields={**fields, "settled": "sequence", None: None})
            return self.form_invalid(form)
        log(
            instance=self.batch,
            action="budgeting.paper_key",
            user=self.request.user,
            data={"sequence": sequence, "status": entry.status},
        )
        self._tell(entry)
        return redirect(key_url(self.batch, sequence + 1))

    def _tell(self, entry: PaperEntry) -> None:
        number = {"sequence": entry.sequence}
        if entry.status == PaperEntryStatus.PENDING:
            messages.success(
                self.request, _("Ballot %(sequence)s is keyed once. Someone else must key it too.") % number
            )
        elif entry.status == PaperEntryStatus.MATCHED:
            messages.success(self.request, _("Ballot %(sequence)s: the keyings agree, and it is counted.") % number)
        elif entry.status == PaperEntryStatus.MISMATCH:
            url = reverse(f"{PAPER}:compare", args=[quote(entry.pk)])
            text = _("Ballot %(sequence)s: the keyings differ. Someone who keyed neither must key it again.") % number
            messages.warning(self.request, format_html('{} <a href="{}">{}</a>', text, url, _("Compare the keyings")))
        else:
            messages.error(
                self.request,
                _("Ballot %(sequence)s is not counted: %(problem)s") % {**number, "problem": entry.problem},
            )

    def form_invalid(self, form):
        messages.error(self.request, _("The ballot was not saved. Correct the errors below."))
        return super().form_invalid(form)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        context.update(
            batch=self.batch,
            action_url=reverse(f"{PAPER}:key", args=[quote(self.batch.pk)]),
            proposal_fields=form.proposal_fields(),
            uses_points=form.uses_points,
            submit_button_label=_("Save and key the next ballot"),
            submit_button_active_label=_("Saving…"),
        )
        return context


def _sides(entry: PaperEntry, proposals) -> list[dict]:
    """Each proposal with the points of the first and the second keying, and whether they differ."""
    first = {int(pk): points for pk, points in (entry.first_keying or {}).items()}
    second = {int(pk): points for pk, points in (entry.second_keying or {}).items()}
    rows = []
    for proposal in proposals:
        a, b = first.get(proposal.pk, 0), second.get(proposal.pk, 0)
        if a or b:
            rows.append({"proposal": proposal, "first": a, "second": b, "differs": a != b})
    return rows


class CompareView(PaperAdminView, TemplateView):
    """A ballot whose two keyings differ: the choices side by side, whether the identity numbers agree, and the
    way to resolve it (a third keying by someone who made neither)."""

    template_name = "budgeting/admin/paper_compare.html"
    page_title = gettext_lazy("Keyings that differ")

    def get_batch(self, **kwargs):
        self.entry = (
            PaperEntry.objects.select_related("batch__round__project", "first_keyed_by", "second_keyed_by")
            .filter(pk=kwargs["pk"], status=PaperEntryStatus.MISMATCH)
            .first()
        )
        # Only keyings that differ are shown: an entry keyed once must be keyed again without seeing the first
        # keying, and a counted one shows nobody's choices.
        return self.entry.batch if self.entry is not None else None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        entry = self.entry
        user = self.request.user
        may_resolve = entry.status == PaperEntryStatus.MISMATCH and user.pk not in (
            entry.first_keyed_by_id,
            entry.second_keyed_by_id,
        )
        context.update(
            entry=entry,
            rows=_sides(entry, selectors.ballot_proposals(round=self.batch.round)),
            same_identity=entry.first_census_hash == entry.second_census_hash,
            resolve_url=key_url(self.batch, entry.sequence) if may_resolve else "",
            uses_points=self.batch.round.ballot_type == "cumulative",
        )
        return context


class PaperBatchViewSet(BudgetModelViewSet):
    model = PaperBatch
    url_prefix = "budgeting/paper"
    url_namespace = PAPER
    icon = "doc-full"
    menu_label = gettext_lazy("Paper ballots")
    index_view_class = BatchIndexView
    add_view_class = BatchCreateView
    inspect_view_class = BatchInspectView
    inspect_view_enabled = True
    list_filter = ["round"]
    search_fields = ["label"]

    def get_form_class(self, for_update=False):
        return PaperBatchForm

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            **{"edit_url_name": None, "history_url_name": None, "usage_url_name": None, **kwargs}
        )

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("new/", self.add_view, name="add"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
            path("key/<int:pk>/", KeyView.as_view(), name="key"),
            path("compare/<int:pk>/", CompareView.as_view(), name="compare"),
        ]

    def get_permissions_to_register(self):
        """ "add" and "view": batches are not edited or deleted; their ballots are keyed."""
        unused = [get_permission_codename(action, self.model_opts) for action in ("change", "delete")]
        return super().get_permissions_to_register().exclude(codename__in=unused)
