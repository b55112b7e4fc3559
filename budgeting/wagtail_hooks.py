from wagtail import hooks
from wagtail.permissions import register_permission_policy

from .viewsets import (
    CENSUS_LOG_ACTIONS,
    CENSUS_POLICY,
    LOG_ACTIONS,
    PAPER_LOG_ACTIONS,
    PAPER_POLICY,
    POLICIES,
    BudgetingViewSetGroup,
)
from .viewsets.tally import admin_urls as tally_admin_urls

for policy in (*POLICIES, PAPER_POLICY, CENSUS_POLICY):
    register_permission_policy(policy.model, policy)


@hooks.register("register_admin_viewset")
def register_budgeting():
    return BudgetingViewSetGroup()


@hooks.register("register_admin_urls")
def register_budgeting_tally_urls():
    return tally_admin_urls()


@hooks.register("register_log_actions")
def register_budgeting_log_actions(actions):
    for action, label, message in (*LOG_ACTIONS, *PAPER_LOG_ACTIONS, *CENSUS_LOG_ACTIONS):
        actions.register_action(action, label, message)
