"""What the budgeting screens share: URL namespaces, permission policies, and saving through the services."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy
from wagtail.admin import messages
from wagtail.admin.views.generic import DeleteView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import log
from wagtail.permission_policies import ModelPermissionPolicy

from participation.admin_forms import add_service_errors

from .. import rules
from ..models import BudgetRound, Proposal, SubBudget, Tally

# URL namespaces of the viewsets (under /admin/budgeting/…).
ROUNDS = "budgeting_rounds"
SUB_BUDGETS = "budgeting_sub_budgets"
PROPOSALS = "budgeting_proposals"
TALLIES = "budgeting_tallies"

# What is written to Wagtail's audit log (Reports › Site history); registered in wagtail_hooks.
LOG_ACTIONS = (
    ("budgeting.assess", gettext_lazy("Assess feasibility"), gettext_lazy("Feasibility assessed")),
    ("budgeting.tally", gettext_lazy("Count the votes"), gettext_lazy("Votes counted")),
)


# Permissions: Wagtail's model permissions, plus the roles --------------------------------------------

EDITOR, CASE_OFFICER = "editor", "case_officer"
# Case officers first: participation's menu has already asked that question, so it costs no query.
ROLE_TESTS = {CASE_OFFICER: rules.is_case_officer, EDITOR: rules.is_editor}


class RolePermissionPolicy(ModelPermissionPolicy):
    """Wagtail's model permissions, plus what the roles give: `roles` maps an action ("add", "change",
    "delete", "view") to the roles ("editor", "case_officer") that may take it on any object."""

    def __init__(self, model, *, roles: dict[str, tuple[str, ...]]):
        super().__init__(model)
        self.roles = roles

    def _role_allows(self, user, actions) -> bool:
        roles = {role for action in actions for role in self.roles.get(action, ())}
        return any(test(user) for role, test in ROLE_TESTS.items() if role in roles)

    def user_has_permission(self, user, action):
        return super().user_has_permission(user, action) or self._role_allows(user, [action])

    def user_has_any_permission(self, user, actions):
        return super().user_has_any_permission(user, actions) or self._role_allows(user, actions)

    def users_with_any_permission(self, actions):
        roles = {role for action in actions for role in self.roles.get(action, ())}
        condition = Q()
        if EDITOR in roles:
            condition |= Q(groups__name=rules.EDITORS_GROUP)
        if CASE_OFFICER in roles:
            administration_model = Proposal._meta.get_field("administration").related_model
            condition |= Q(groups__in=administration_model.objects.values("moderators"))
        by_role = get_user_model().objects.filter(condition, is_active=True) if condition else None
        users = super().users_with_any_permission(actions)
        return (users | by_role).distinct() if by_role is not None else users


ROUND_POLICY = RolePermissionPolicy(
    BudgetRound, roles={"add": (EDITOR,), "change": (EDITOR,), "delete": (EDITOR,), "view": (EDITOR, CASE_OFFICER)}
)
SUB_BUDGET_POLICY = RolePermissionPolicy(
    SubBudget, roles={"add": (EDITOR,), "change": (EDITOR,), "delete": (EDITOR,), "view": (EDITOR, CASE_OFFICER)}
)
PROPOSAL_POLICY = RolePermissionPolicy(
    Proposal,
    roles={
        "add": (EDITOR, CASE_OFFICER),
        "change": (EDITOR, CASE_OFFICER),  # of their own administration's proposals: see ProposalEditView
        "delete": (EDITOR,),
        "view": (EDITOR, CASE_OFFICER),
    },
)
TALLY_POLICY = RolePermissionPolicy(Tally, roles={"view": (EDITOR, CASE_OFFICER)})
POLICIES = (ROUND_POLICY, SUB_BUDGET_POLICY, PROPOSAL_POLICY, TALLY_POLICY)


# Saving through the services -------------------------------------------------------------------------


class ServiceSaveMixin:
    """Create and edit views that save through a service: its `ValidationError` comes back on the form
    (on the field it names) and nothing is saved. `save_instance` calls the service."""

    error_fields: dict[str | None, str | None] = {None: None}
    log_action = "wagtail.edit"
    produced_error_message = None

    def form_valid(self, form):
        self.form = form
        try:
            with transaction.atomic():
                self.object = self.save_instance()
                log(instance=self.object, action=self.log_action, user=self.request.user)
        except ValidationError as error:
            add_service_errors(form, error, fields=self.error_fields)
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)
        response = self.save_action()
        return self.run_after_hook() or response


class ServiceDeleteView(DeleteView):
    """Deletes through a service, which may refuse (voting has opened) with a message."""

    def delete_through_service(self):
        raise NotImplementedError

    def form_valid(self, form):
        success_url = self.get_success_url()
        try:
            with transaction.atomic():
                log(instance=self.object, action="wagtail.delete", user=self.request.user)
                self.delete_through_service()
        except ValidationError as error:
            messages.error(self.request, " ".join(error.messages))
            return redirect(self.get_success_url())
        messages.success(self.request, self.get_success_message())
        return redirect(success_url)


class BudgetModelViewSet(ModelViewSet):
    add_to_reference_index = False
    copy_view_enabled = False
    list_per_page = 50
