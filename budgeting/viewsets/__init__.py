"""The budgeting app in Wagtail admin: one "Citizens' budgets" menu with rounds, sub-budgets, proposals
and tallies.

Who may open these screens is Wagtail's model permissions (given to groups in Settings › Groups) plus
the roles of `budgeting.rules`: editors set up rounds and sub-budgets; editors and case officers write
proposals; only the case officers of the owning administration assess a proposal's feasibility. Every
write goes through `budgeting.services`, whose `ValidationError`s come back on the form, so a locked
round or a frozen proposal refuses a change with a message.

Ballots and voters have no screens: the round's page shows how many people have voted, nothing more.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy
from wagtail.admin.viewsets.base import ViewSetGroup

from .base import LOG_ACTIONS, POLICIES, PROPOSALS, ROUNDS, SUB_BUDGETS, TALLIES
from .census import CENSUS_LOG_ACTIONS, CENSUS_POLICY, CensusViewSet
from .paper import PAPER_LOG_ACTIONS, PAPER_POLICY, PaperBatchViewSet
from .proposals import ProposalViewSet
from .rounds import BudgetRoundViewSet, SubBudgetViewSet
from .tallies import TallyViewSet

__all__ = [
    "CENSUS_LOG_ACTIONS",
    "CENSUS_POLICY",
    "LOG_ACTIONS",
    "PAPER_LOG_ACTIONS",
    "PAPER_POLICY",
    "POLICIES",
    "PROPOSALS",
    "ROUNDS",
    "SUB_BUDGETS",
    "TALLIES",
    "BudgetingViewSetGroup",
]


class BudgetingViewSetGroup(ViewSetGroup):
    menu_label = gettext_lazy("Citizens' budgets")
    menu_icon = "table"
    menu_order = 210
    items = (BudgetRoundViewSet, SubBudgetViewSet, ProposalViewSet, PaperBatchViewSet, CensusViewSet, TallyViewSet)
