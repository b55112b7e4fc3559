"""The local committees in Wagtail admin: one "Local committees" menu with the workspace, the audit trail and the
members.

- **Workspace** (`/admin/budgeting/committees/`): a member sees their own committee's winning proposals of counted
  rounds, each with where it stands; editors and superusers see every committee's. A proposal's screen has the
  decision form (record, change or withdraw the draft), the chair's confirm button, the conflict declaration, the
  declarations, the decisions so far and the proposal's audit trail.
- **Audit trail** (`/admin/budgeting/committee-audit/`): every step, newest first, filterable by committee; editors
  and superusers read all of it, members their own committees'.
- **Members** (`/admin/budgeting/committee-members/`): editors and superusers add, change and remove members.

Who may see or do what is `budgeting.rules.can` ("view_committee", "view_audit", "manage_members", "decide",
"confirm_decision", "declare_conflict"); writes go through `budgeting.services.committees`, whose errors come back
on the forms with what was typed. A refusal is the 403 page that says why.
"""

from __future__ import annotations

import django_filters
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
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import CreateView, EditView, IndexView
from wagtail.admin.views.generic.base import BaseListingView, WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup

from maps.models import LocalCommittee
from participation.admin_forms import add_service_errors
from participation.admin_views import refuse

from .. import rules
from ..committee_forms import ConflictForm, DecisionForm, MembershipCreateForm, MembershipEditForm
from ..models import AuditAction, CommitteeAuditEntry, CommitteeMembership, CommitteeRole, DecisionKind
from ..selectors import committees as selectors
from ..services import committees as services
from .base import EDITOR, BudgetModelViewSet, RolePermissionPolicy, ServiceDeleteView, ServiceSaveMixin

WORKSPACE = "budgeting_committees"
AUDIT = "budgeting_committee_audit"
MEMBERS = "budgeting_committee_members"

MEMBERSHIP_POLICY = RolePermissionPolicy(
    CommitteeMembership, roles={"add": (EDITOR,), "change": (EDITOR,), "delete": (EDITOR,), "view": (EDITOR,)}
)


def viewable_committees(user) -> list[LocalCommittee]:
    """The committees whose workspace the user may open: all for editors, their own for members."""
    return [committee for committee in selectors.local_committees() if rules.can(user, "view_committee", committee)]


def committee_url(committee: LocalCommittee) -> str:
    return reverse(f"{WORKSPACE}:committee", args=[quote(committee.pk)])


def case_url(proposal) -> str:
    return reverse(f"{WORKSPACE}:proposal", args=[quote(proposal.pk)])


NOT_YOURS = gettext_lazy(
    "The local committees' workspace is for their members, and for editors. Ask an editor to add you to your committee."
)


# The workspace ------------------------------------------------------------------------------------


class CommitteeIndexView(WagtailAdminTemplateMixin, TemplateView):
    """The committees the user may open, with how many winning proposals wait; a member of one goes straight in."""

    template_name = "budgeting/admin/committee_index.html"
    page_title = gettext_lazy("Local committees")
    header_icon = "group"

    def dispatch(self, request, *args, **kwargs):
        if not rules.can(request.user, "view_committee", None):
            return refuse(request, str(NOT_YOURS))
        self.committees = viewable_committees(request.user)
        if len(self.committees) == 1 and not rules.is_editor(request.user):
            return redirect(committee_url(self.committees[0]))
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = selectors.committee_overview(committees=self.committees)
        mine = rules.committee_roles(self.request.user)
        for row in rows:
            row["url"] = committee_url(row["committee"])
            row["role"] = CommitteeRole(mine[row["committee"].pk]).label if row["committee"].pk in mine else ""
        context.update(rows=rows, audit_url=reverse(f"{AUDIT}:index"))
        return context


class CommitteeView(WagtailAdminTemplateMixin, TemplateView):
    """One committee's winning proposals of counted rounds, newest round first, with where each stands."""

    template_name = "budgeting/admin/committee_workspace.html"
    header_icon = "group"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.committee = LocalCommittee.objects.select_related("district").filter(pk=kwargs["pk"]).first()
        if self.committee is None:
            raise Http404

    def dispatch(self, request, *args, **kwargs):
        if not rules.can(request.user, "view_committee", self.committee):
            return refuse(
                request,
                _("Only the members of the %(committee)s Local Committee see its workspace.")
                % {"committee": self.committee},
            )
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("%(committee)s Local Committee") % {"committee": self.committee.name}

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(f"{WORKSPACE}:index"), "label": _("Local committees")},
            {"url": "", "label": self.committee.name},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        cases = selectors.committee_cases(committee=self.committee)
        context.update(
            committee=self.committee,
            rows=[
                {"case": case, "url": case_url(case.proposal), "conflicted": case.is_conflicted(user)} for case in cases
            ],
            members=selectors.committee_members(committee=self.committee),
            role=rules.committee_roles(user).get(self.committee.pk, ""),
            audit_url=f"{reverse(f'{AUDIT}:index')}?committee={self.committee.pk}",
        )
        return context


class ProposalCaseView(WagtailAdminTemplateMixin, TemplateView):
    """A winning proposal before its committee: the decision form, the chair's confirmation, the declarations of
    conflicts of interest, the decisions so far and every step taken on it.

    One URL for the page and its forms: each form posts its `action` ("record", "update", "withdraw", "confirm",
    "conflict"), the rules are asked for it, and a service error comes back on the page with what was typed.
    """

    template_name = "budgeting/admin/committee_proposal.html"
    header_icon = "group"
    ACTIONS = {
        "record": "decide",
        "update": "decide",
        "withdraw": "decide",
        "confirm": "confirm_decision",
        "conflict": "declare_conflict",
    }

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.case = selectors.committee_case(proposal=kwargs["pk"])
        if self.case is None or self.case.committee is None or not self.case.winner:
            raise Http404
        self.proposal, self.committee = self.case.proposal, self.case.committee
        self.decision_form = self.conflict_form = None

    def dispatch(self, request, *args, **kwargs):
        if not rules.can(request.user, "view_committee", self.committee):
            return refuse(
                request,
                _("Only the members of the %(committee)s Local Committee see its proposals.")
                % {"committee": self.committee},
            )
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return self.proposal.title

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(f"{WORKSPACE}:index"), "label": _("Local committees")},
            {"url": committee_url(self.committee), "label": self.committee.name},
            {"url": "", "label": self.proposal.title},
        ]

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action", "")
        rule = self.ACTIONS.get(action)
        if rule is None:
            return redirect(case_url(self.proposal))
        if not rules.can(request.user, rule, self.case):
            return refuse(request, self.refusal(rule))
        try:
            message = getattr(self, f"do_{action}")()
        except ValidationError as error:
            messages.error(request, _("Nothing was saved. Correct the errors below."))
            if action in ("record", "update"):
                add_service_errors(self.decision_form, error, fields={None: None})
            elif action == "conflict":
                add_service_errors(self.conflict_form, error, fields={"reason": "conflict_reason", None: None})
            else:
                messages.error(request, " ".join(error.messages))
            return self.render_to_response(self.get_context_data())
        if message is None:
            return self.render_to_response(self.get_context_data())
        messages.success(request, message)
        return redirect(case_url(self.proposal))

    def refusal(self, rule: str) -> str:
        if self.case.is_conflicted(self.request.user):
            if rule == "confirm_decision":
                return _(
                    "You declared a conflict of interest on this proposal, so you cannot confirm its decision: "
                    "another chair of the committee (the deputy chair) must."
                )
            return _("You declared a conflict of interest on this proposal, so you take no part in its decisions.")
        if not self.case.open:
            return _("The committee has approved this proposal for good: it cannot be decided again.")
        if rule == "confirm_decision":
            return _("Only the chair of the %(committee)s Local Committee confirms its decisions.") % {
                "committee": self.committee
            }
        return _("Only the members of the %(committee)s Local Committee decide on this proposal.") % {
            "committee": self.committee
        }

    # The forms' actions: each returns the success message, or None when the form itself has errors.

    def _decision_data(self) -> dict | None:
        self.decision_form = DecisionForm(self.request.POST)
        if not self.decision_form.is_valid():
            messages.error(self.request, _("Nothing was saved. Correct the errors below."))
            return None
        return self.decision_form.cleaned_data

    def do_record(self):
        data = self._decision_data()
        if data is None:
            return None
        decision = services.decision_record(
            proposal=self.proposal,
            kind=data["kind"],
            changes=data["changes"],
            reason=data["reason"],
            by=self.request.user,
        )
        return _("The decision “%(kind)s” is recorded. It is final once the chair confirms it.") % {
            "kind": decision.get_kind_display()
        }

    def do_update(self):
        data = self._decision_data()
        if data is None:
            return None
        if self.case.draft is None:
            raise ValidationError(_("The decision was withdrawn in the meantime."), code="missing")
        decision = services.decision_update(
            decision=self.case.draft,
            kind=data["kind"],
            changes=data["changes"],
            reason=data["reason"],
            by=self.request.user,
        )
        return _("The draft is changed to “%(kind)s”.") % {"kind": decision.get_kind_display()}

    def do_withdraw(self):
        if self.case.draft is None:
            raise ValidationError(_("The decision was withdrawn in the meantime."), code="missing")
        services.decision_withdraw(decision=self.case.draft, by=self.request.user)
        return _("The draft decision is withdrawn.")

    def do_confirm(self):
        decision = services.decision_confirm(decision=self.case.draft, by=self.request.user)
        return _("The decision “%(kind)s” is confirmed and published. Those who follow the proposal are told.") % {
            "kind": decision.get_kind_display()
        }

    def do_conflict(self):
        self.conflict_form = ConflictForm(self.request.POST)
        if not self.conflict_form.is_valid():
            messages.error(self.request, _("Nothing was saved. Correct the errors below."))
            return None
        services.conflict_declare(
            proposal=self.proposal, member=self.request.user, reason=self.conflict_form.cleaned_data["conflict_reason"]
        )
        return _("Your conflict of interest is declared and will be published. You take no part in this decision.")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # After a write the case is read again, so the page shows what was saved.
        case = selectors.committee_case(proposal=self.proposal.pk) if self.request.method == "POST" else self.case
        user = self.request.user
        draft = case.draft
        may_decide = rules.can(user, "decide", case)
        role = rules.committee_roles(user).get(self.committee.pk, "")
        decision_form = self.decision_form
        if decision_form is None and may_decide:
            initial = {"kind": draft.kind, "changes": draft.changes, "reason": draft.reason} if draft else {}
            decision_form = DecisionForm(initial=initial)
        context.update(
            case=case,
            proposal=self.proposal,
            committee=self.committee,
            draft=draft,
            final=case.final,
            history=case.history,
            conflicts=case.conflicts,
            conflicted=case.is_conflicted(user),
            role=role,
            is_chair=role == CommitteeRole.CHAIR,
            may_decide=may_decide,
            may_confirm=rules.can(user, "confirm_decision", case),
            may_declare=rules.can(user, "declare_conflict", case),
            decision_form=decision_form,
            conflict_form=self.conflict_form or ConflictForm(),
            changes_kind=DecisionKind.APPROVE_WITH_CHANGES,
            entries=[
                {"entry": entry, "summary": audit_summary(entry)}
                for entry in selectors.proposal_audit_entries(proposal=self.proposal)
            ],
            public_url=self.proposal.get_absolute_url(),
            action_url=case_url(self.proposal),
        )
        return context


# The audit trail ----------------------------------------------------------------------------------


def _kind(value) -> str:
    return DecisionKind(value).label if value in DecisionKind.values else str(value or "")


def _role(value) -> str:
    return CommitteeRole(value).label if value in CommitteeRole.values else str(value or "")


def audit_summary(entry: CommitteeAuditEntry) -> str:
    """What an audit entry's details say, in words."""
    details = entry.details or {}
    action = entry.action
    if action in (AuditAction.DECISION_RECORDED, AuditAction.DECISION_WITHDRAWN, AuditAction.DECISION_CONFIRMED):
        parts = [_kind(details.get("kind"))]
        if details.get("changes"):
            parts.append(_("Changes: %(changes)s") % {"changes": details["changes"]})
        if details.get("reason"):
            parts.append(_("Reason: %(reason)s") % {"reason": details["reason"]})
        if details.get("because") == "conflict_of_interest":
            parts.append(_("Withdrawn because its recorder declared a conflict of interest."))
        return " · ".join(str(part) for part in parts if part)
    if action == AuditAction.DECISION_CHANGED:
        before, after = details.get("before", {}), details.get("after", {})
        parts = [_("%(before)s → %(after)s") % {"before": _kind(before.get("kind")), "after": _kind(after.get("kind"))}]
        if after.get("changes"):
            parts.append(_("Changes: %(changes)s") % {"changes": after["changes"]})
        if after.get("reason"):
            parts.append(_("Reason: %(reason)s") % {"reason": after["reason"]})
        return " · ".join(parts)
    if action == AuditAction.CONFLICT_DECLARED:
        if details.get("reason"):
            return _("%(member)s: %(reason)s") % {"member": details.get("member", ""), "reason": details["reason"]}
        return str(details.get("member", ""))
    if action == AuditAction.MEMBER_CHANGED:
        return _("%(member)s: %(before)s → %(after)s") % {
            "member": details.get("member", ""),
            "before": _role(details.get("role_before")),
            "after": _role(details.get("role")),
        }
    if action in (AuditAction.MEMBER_ADDED, AuditAction.MEMBER_REMOVED):
        return _("%(member)s (%(role)s)") % {"member": details.get("member", ""), "role": _role(details.get("role"))}
    return ""


class AuditFilterSet(WagtailFilterSet):
    committee = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Local committee"), queryset=None, empty_label=gettext_lazy("All")
    )
    action = django_filters.ChoiceFilter(
        label=gettext_lazy("Action"), choices=AuditAction.choices, empty_label=gettext_lazy("All")
    )

    class Meta:
        model = CommitteeAuditEntry
        fields = []

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        committees = [committee.pk for committee in viewable_committees(request.user)]
        self.filters["committee"].queryset = LocalCommittee.objects.filter(pk__in=committees).order_by("code")


class AuditProposalColumn(Column):
    """The proposal, linked to its committee screen."""

    cell_template_name = "budgeting/admin/cells/audit_proposal.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["url"] = case_url(instance.proposal) if instance.proposal_id else ""
        return context


class AuditTimeColumn(Column):
    """The date and time, not "3 minutes ago": a trail is read against other records."""

    cell_template_name = "budgeting/admin/cells/audit_when.html"


class AuditTrailView(BaseListingView):
    """Every step in the committees' work, newest first: who, what, when, on which proposal."""

    template_name = "budgeting/admin/committee_audit.html"
    page_title = gettext_lazy("Audit trail of the local committees")
    header_icon = "history"
    paginate_by = 50
    filterset_class = AuditFilterSet
    index_url_name = f"{AUDIT}:index"
    index_results_url_name = f"{AUDIT}:index_results"
    verbose_name_plural = gettext_lazy("audit entries")

    def dispatch(self, request, *args, **kwargs):
        if not rules.can(request.user, "view_audit", None):
            return refuse(request, str(NOT_YOURS))
        return super().dispatch(request, *args, **kwargs)

    def get_base_queryset(self):
        committees = None if rules.is_editor(self.request.user) else viewable_committees(self.request.user)
        return selectors.audit_entries(committees=committees)

    def order_queryset(self, queryset):
        return queryset  # the selector's order: newest first

    @cached_property
    def columns(self):
        return [
            AuditTimeColumn("at", label=_("When")),
            Column("committee", label=_("Local committee"), accessor="committee.name"),
            Column("actor_name", label=_("By")),
            Column("action", label=_("Action"), accessor="get_action_display"),
            AuditProposalColumn("proposal", label=_("Proposal"), accessor="proposal.title"),
            Column("details", label=_("Details"), accessor=audit_summary),
        ]

    def get_table_kwargs(self):
        kwargs = super().get_table_kwargs()
        kwargs["caption"] = _("Every step in the committees' work, newest first")
        return kwargs


# The members --------------------------------------------------------------------------------------


class MembershipIndexView(IndexView):
    def get_base_queryset(self):
        return selectors.admin_memberships()

    @cached_property
    def columns(self):
        return [
            self._get_title_column("user"),
            Column("email", label=_("E-mail address"), accessor="user.email"),
            Column("committee", label=_("Local committee"), accessor="committee.name"),
            Column("role", label=_("Role"), accessor="get_role_display"),
            DateColumn("created_at", label=_("Since")),
        ]


class MembershipCreateView(ServiceSaveMixin, CreateView):
    log_action = "wagtail.create"
    error_fields = {"user": "email", "role": "role", None: None}

    def save_instance(self):
        data = self.form.cleaned_data
        return services.membership_add(
            committee=data["committee"], user=data["user"], role=data["role"], by=self.request.user
        )


class MembershipEditView(ServiceSaveMixin, EditView):
    error_fields = {"role": "role", None: None}

    def save_instance(self):
        return services.membership_change(
            membership=self.object, role=self.form.cleaned_data["role"], by=self.request.user
        )


class MembershipDeleteView(ServiceDeleteView):
    def delete_through_service(self):
        services.membership_remove(membership=self.object, by=self.request.user)


class MembershipViewSet(BudgetModelViewSet):
    model = CommitteeMembership
    url_prefix = "budgeting/committee-members"
    url_namespace = MEMBERS
    icon = "user"
    menu_label = gettext_lazy("Members")
    index_view_class = MembershipIndexView
    add_view_class = MembershipCreateView
    edit_view_class = MembershipEditView
    delete_view_class = MembershipDeleteView
    list_filter = ["committee", "role"]
    search_fields = ["user__email", "user__first_name", "user__last_name"]
    search_backend_name = None

    def get_form_class(self, for_update=False):
        return MembershipEditForm if for_update else MembershipCreateForm

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(**{"history_url_name": None, "usage_url_name": None, **kwargs})


# The menu -----------------------------------------------------------------------------------------


def _rule_menu_item(action: str):
    class RuleMenuItem(MenuItem):
        def is_shown(self, request):
            return rules.can(request.user, action, None)

    return RuleMenuItem


class WorkspaceViewSet(ViewSet):
    name = WORKSPACE
    url_prefix = "budgeting/committees"
    icon = "group"
    menu_label = gettext_lazy("Decisions")

    def get_urlpatterns(self):
        return [
            path("", CommitteeIndexView.as_view(), name="index"),
            path("<int:pk>/", CommitteeView.as_view(), name="committee"),
            path("proposal/<int:pk>/", ProposalCaseView.as_view(), name="proposal"),
        ]

    @cached_property
    def menu_item_class(self):
        return _rule_menu_item("view_committee")


class AuditViewSet(ViewSet):
    name = AUDIT
    url_prefix = "budgeting/committee-audit"
    icon = "history"
    menu_label = gettext_lazy("Audit trail")

    def get_urlpatterns(self):
        return [
            path("", AuditTrailView.as_view(), name="index"),
            path("results/", AuditTrailView.as_view(results_only=True), name="index_results"),
        ]

    @cached_property
    def menu_item_class(self):
        return _rule_menu_item("view_audit")


class CommitteeViewSetGroup(ViewSetGroup):
    menu_label = gettext_lazy("Local committees")
    menu_icon = "group"
    menu_order = 220
    items = (WorkspaceViewSet, AuditViewSet, MembershipViewSet)
