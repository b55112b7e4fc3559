from wagtail import hooks
from wagtail.permissions import register_permission_policy

from .viewsets import LOG_ACTIONS, POLICIES, BudgetingViewSetGroup

for policy in POLICIES:
    register_permission_policy(policy.model, policy)


@hooks.register("register_admin_viewset")
def register_budgeting():
    return BudgetingViewSetGroup()


@hooks.register("register_log_actions")
def register_budgeting_log_actions(actions):
    for action, label, message in LOG_ACTIONS:
        actions.register_action(action, label, message)
