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
from .viewsets.committees import MEMBERSHIP_POLICY, CommitteeViewSetGroup
from .viewsets.implementation import IMPLEMENTATION_LOG_ACTIONS, IMPLEMENTATION_POLICY, ImplementationViewSet
from .viewsets.reach import admin_urls as reach_admin_urls
from .viewsets.reach import reach_menu_item
from .viewsets.tally import admin_urls as tally_admin_urls

for policy in (*POLICIES, PAPER_POLICY, CENSUS_POLICY):
    register_permission_policy(policy.model, policy)


@hooks.register("register_admin_viewset")
def register_budgeting():
    return BudgetingViewSetGroup()


# The local committees: workspace, audit trail and members (budgeting/viewsets/committees.py).
register_permission_policy(MEMBERSHIP_POLICY.model, MEMBERSHIP_POLICY)


@hooks.register("register_admin_viewset")
def register_budgeting_committees():
    return CommitteeViewSetGroup()


# The implementation of funded proposals: status, progress and updates (budgeting/viewsets/implementation.py).
register_permission_policy(IMPLEMENTATION_POLICY.model, IMPLEMENTATION_POLICY)


@hooks.register("register_admin_viewset")
def register_budgeting_implementation():
    return ImplementationViewSet()


@hooks.register("register_log_actions")
def register_budgeting_implementation_log_actions(actions):
    for action, label, message in IMPLEMENTATION_LOG_ACTIONS:
        actions.register_action(action, label, message)


@hooks.register("register_admin_urls")
def register_budgeting_tally_urls():
    return tally_admin_urls()


# The reach report: Reports › Reach, and its CSV (budgeting/viewsets/reach.py).
@hooks.register("register_admin_urls")
def register_budgeting_reach_urls():
    return reach_admin_urls()


@hooks.register("register_reports_menu_item")
def register_budgeting_reach_menu_item():
    return reach_menu_item()


@hooks.register("register_log_actions")
def register_budgeting_log_actions(actions):
    for action, label, message in (*LOG_ACTIONS, *PAPER_LOG_ACTIONS, *CENSUS_LOG_ACTIONS):
        actions.register_action(action, label, message)
