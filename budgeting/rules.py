"""Who may do what in a budget round, and when. The one place these questions are answered.

`can(user, action, target, at=...)` is asked by views, templates and the admin alike. The target is
the round for "vote", "propose", "edit_round", "tally", "key_paper" and "view_results", and the proposal
for "assess" and "edit_proposal", the implementation for "edit_implementation" and
"write_implementation_update" (editors and the case officers of the responsible administration). Roles:

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

from maps.models import LocalCommittee
from participation import selectors as idea_selectors

from .models import BudgetRound, CommitteeRole, Implementation, Proposal
from .selectors.committees import CommitteeCase, committee_case

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
    # The implementation of a funded proposal (target: its `Implementation`).
    EDIT_IMPLEMENTATION = "edit_implementation"
    WRITE_IMPLEMENTATION_UPDATE = "write_implementation_update"
    # The local committees' work after the vote (see "Local committees" at the end of this module).
    VIEW_COMMITTEE = "view_committee"
    VIEW_AUDIT = "view_audit"
    MANAGE_MEMBERS = "manage_members"
    DECIDE = "decide"
    CONFIRM_DECISION = "confirm_decision"
    DECLARE_CONFLICT = "declare_conflict"
    # Following a proposal to hear of its decision and implementation (target: the proposal): any active person.
    FOLLOW = "follow"


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


def may_see_reach_report(user) -> bool:
    """The reach report (Wagtail admin, Reports › Reach): editors, case officers and superusers, who plan the
    outreach. It holds aggregates only, but not for citizens or local-committee members as such."""
    return is_budget_staff(user)


def may_manage_proposal(user, proposal: Proposal) -> bool:
    """Editors and the case officers of the owning administration, whatever the phase (the services
    refuse what is frozen, with a message)."""
    if is_editor(user):
        return True
    return proposal.administration_id is not None and is_case_officer(user, proposal.administration)


def may_manage_implementation(user, implementation: Implementation) -> bool:
    """Editors (and superusers), and the case officers of the administration responsible for the implementation:
    they set its status and progress and write its updates, whatever the phase."""
    if is_editor(user):
        return True
    return implementation.administration_id is not None and is_case_officer(user, implementation.administration)


def can(user, action: str, target, *, at: datetime.datetime | datetime.date | None = None) -> bool:
    """May this user do this action to this target (round or proposal) at this moment?"""
    action = Action(action)
    if action in COMMITTEE_ACTIONS:
        return _can_in_committee(user, action, target)

    if action is Action.FOLLOW:
        if not isinstance(target, Proposal):
            raise TypeError(f"{action} needs a proposal, not {type(target).__name__}")
        return _active(user)

    if action in (Action.EDIT_IMPLEMENTATION, Action.WRITE_IMPLEMENTATION_UPDATE):
        if not isinstance(target, Implementation):
            raise TypeError(f"{action} needs an implementation, not {type(target).__name__}")
        return may_manage_implementation(user, target)

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


# Local committees -----------------------------------------------------------------------------------
#
# Members of a local committee (`CommitteeMembership`, the one source of truth; the "Lokaludvalg" group only
# opens Wagtail admin to them) see their own committee's workspace and audit trail, record decisions on the
# winning proposals in their area and declare conflicts of interest; its chairs (the chair and the deputy
# both have the role) confirm decisions. A member who declared a conflict on a proposal takes no part in its
# decisions, so a chair with a conflict cannot confirm: another chair must. Editors and superusers read every
# committee's workspace and audit trail and manage the members; they never decide, because the decision is
# the committee's. Case officers and citizens have no part here: they read the published decisions.
#
# The target is a `LocalCommittee` (or None: "any committee", for menus) for "view_committee", "view_audit"
# and "manage_members", and a proposal or its `CommitteeCase` for "decide", "confirm_decision" and
# "declare_conflict". "decide" covers recording, changing and withdrawing a draft.

COMMITTEE_ACTIONS = frozenset(
    {
        Action.VIEW_COMMITTEE,
        Action.VIEW_AUDIT,
        Action.MANAGE_MEMBERS,
        Action.DECIDE,
        Action.CONFIRM_DECISION,
        Action.DECLARE_CONFLICT,
    }
)


def committee_roles(user) -> dict[int, str]:
    """The user's committees and roles {committee id: "member" or "chair"}, asked once per user object."""
    if not _active(user):
        return {}
    cached = user.__dict__.get("_budgeting_committee_roles")
    if cached is None:
        cached = dict(user.committee_memberships.values_list("committee_id", "role"))
        user.__dict__["_budgeting_committee_roles"] = cached
    return cached


def is_committee_member(user, committee: LocalCommittee | None = None) -> bool:
    """Whether the user sits on the committee (on any committee when None is given)."""
    roles = committee_roles(user)
    return bool(roles) if committee is None else committee.pk in roles


def _case_of(target) -> CommitteeCase | None:
    if isinstance(target, CommitteeCase):
        return target
    if isinstance(target, Proposal):
        return committee_case(proposal=target)
    raise TypeError(f"a committee decision needs a proposal, not {type(target).__name__}")


def _can_in_committee(user, action: Action, target) -> bool:
    if action in (Action.VIEW_COMMITTEE, Action.VIEW_AUDIT, Action.MANAGE_MEMBERS):
        if target is not None and not isinstance(target, LocalCommittee):
            raise TypeError(f"{action} needs a local committee, not {type(target).__name__}")
        if action is Action.MANAGE_MEMBERS:
            return is_editor(user)
        return is_editor(user) or is_committee_member(user, target)

    case = _case_of(target)
    if not _active(user) or case is None or not case.open or case.is_conflicted(user):
        return False
    role = committee_roles(user).get(case.committee.pk)
    if role is None:
        return False
    if action is Action.CONFIRM_DECISION:
        return role == CommitteeRole.CHAIR and case.draft is not None
    return True  # DECIDE and DECLARE_CONFLICT: any member without a conflict on the proposal
