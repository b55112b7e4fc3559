"""Who may do what in a budget round, and when. The one place these questions are answered.

`can(user, action, target, at=...)` is asked by views, templates and the admin alike. The target is
the round for "vote", "propose", "edit_round", "tally", "key_paper" and "view_results", and the proposal
for "assess" and "edit_proposal". Roles:

- anonymous: reads, and sees results once the round is tallied;
- citizen: any signed-in, active person; votes while voting is open (eligibility is checked apart);
- case officer: a member of an administration's case-officer group (`Administration.moderators`);
  proposes in any round, and assesses and edits the proposals of their own administration;
- editor: a member of the "Editors" group who may use Wagtail admin; sets up rounds and proposes;
- superuser: everything.

Proposals are written and assessed only until voting opens; after that they are frozen. Editors count
the votes ("tally") once voting has closed, and only once. Budget staff (editors and case officers) key
paper ballots ("key_paper") from the day voting opens until the tally.
"""

from __future__ import annotations

import datetime
from enum import StrEnum

from participation import selectors as idea_selectors

from .models import BudgetRound, Proposal

EDITORS_GROUP = "Editors"


class Action(StrEnum):
    VOTE = "vote"
    PROPOSE = "propose"
    ASSESS = "assess"
    EDIT_PROPOSAL = "edit_proposal"
    EDIT_ROUND = "edit_round"
    VIEW_RESULTS = "view_results"
    TALLY = "tally"
    KEY_PAPER = "key_paper"


def _active(user) -> bool:
    return user.is_authenticated and user.is_active


def _groups(user) -> dict[int, str]:
    """The user's groups {id: name}, asked once per user object."""
    cached = user.__dict__.get("_budgeting_groups")
    if cached is None:
        cached = dict(user.groups.values_list("pk", "name"))
        user.__dict__["_budgeting_groups"] = cached
    return cached


def is_editor(user) -> bool:
    """Superusers, and members of the Editors group who may use Wagtail admin."""
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    return user.has_perm("wagtailadmin.access_admin") and EDITORS_GROUP in _groups(user).values()


def is_case_officer(user, administration=None) -> bool:
    """Whether the user is in the case-officer group of the administration (of any administration
    when none is given). Superusers are case officers everywhere."""
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    if administration is not None:
        return administration.moderators_id is not None and administration.moderators_id in _groups(user)
    # The same question participation's menu and work queue ask: its answer is kept on the user object.
    return idea_selectors.is_case_officer(user=user)


def is_budget_staff(user) -> bool:
    """Editors and case officers: those who work on rounds and proposals in Wagtail admin."""
    return is_case_officer(user) or is_editor(user)


def may_manage_proposal(user, proposal: Proposal) -> bool:
    """Editors and the case officers of the owning administration, whatever the phase (the services
    refuse what is frozen, with a message)."""
    if is_editor(user):
        return True
    return proposal.administration_id is not None and is_case_officer(user, proposal.administration)


def can(user, action: str, target, *, at: datetime.datetime | datetime.date | None = None) -> bool:
    """May this user do this action to this target (round or proposal) at this moment?"""
    action = Action(action)

    if action in (Action.ASSESS, Action.EDIT_PROPOSAL):
        if not isinstance(target, Proposal):
            raise TypeError(f"{action} needs a proposal, not {type(target).__name__}")
        if not _active(user) or target.round.voting_has_opened(at):
            return False
        if action is Action.ASSESS:
            return user.is_superuser or (
                target.administration_id is not None and is_case_officer(user, target.administration)
            )
        return may_manage_proposal(user, target)

    if not isinstance(target, BudgetRound):
        raise TypeError(f"{action} needs a budget round, not {type(target).__name__}")
    if action is Action.VIEW_RESULTS:
        return target.tallied_at is not None
    if not _active(user):
        return False
    if action is Action.VOTE:
        return target.voting_open(at)
    if action is Action.PROPOSE:
        return is_budget_staff(user) and not target.voting_has_opened(at)
    if action is Action.EDIT_ROUND:
        return is_editor(user)
    if action is Action.KEY_PAPER:
        return is_budget_staff(user) and target.tallied_at is None and target.voting_has_opened(at)
    if action is Action.TALLY:
        return is_editor(user) and target.tallied_at is None and target.voting_closed(at)
    raise AssertionError(f"Unhandled action {action}")  # pragma: no cover
