"""What the budgeting app holds about a person, for the personal-data protocol (`accounts.personal_data`), and what
happens to it when they delete their account.

Votes. The export says in which rounds the person takes part, whether they have voted and whether their vote is
still linked to them (until the count) or counted; never what they voted for, nor their receipt code or identity
hash. A ballot is secret, an export file is easy to pass on, and while voting is open the person sees their own
choices on the ballot page, behind their sign-in. On deletion:
- a round they only checked their eligibility in, or have a draft in, forgets them (the voter row goes);
- a ballot they cast stays in its round, counted or to be counted: it was validly cast. Their voter row stays
  too, as the mark that this identity has voted (`voted`, the census or MitID identity hash, the district for
  turnout), with the link to the account, to the ballot and the day they first came dropped, as the count
  drops them for everyone. So nothing ties the ballot to the person any more, and the same person cannot vote
  again in the round with a new account: their identity hash is still taken. (In a self-declared round there
  is no identity to hold on to; anyone can make a second account there anyway.)

Public and legal records stay, with the link to the account set to empty by the database (`SET_NULL`): committee
decisions they recorded or confirmed, conflict-of-interest declarations (with the name as declared), the
committee audit trail (with the name as written), implementation updates they wrote, census lists they uploaded
and paper ballots they keyed. Their committee memberships end, and the audit trail says so. Proposal follows go.
"""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from accounts.personal_data import section
from participation.models import local_date
from participation.notifications import absolute_url

from .models import (
    AuditAction,
    CensusList,
    CommitteeAuditEntry,
    CommitteeDecision,
    CommitteeMembership,
    ConflictOfInterest,
    ImplementationUpdate,
    PaperBatch,
    PaperEntry,
    ProposalFollow,
    Voter,
)


def _proposal_url(proposal) -> str:
    return absolute_url(reverse("budgeting:proposal_detail", kwargs={"pk": proposal.pk}))


# Export ----------------------------------------------------------------------------------------------------------


def _vote_status(voter: Voter) -> str:
    if not voter.voted:
        return _("You have not voted.")
    if voter.ballot_id is not None:
        return _(
            "You have voted. Until voting closes you can change your vote; then it is counted and no longer linked "
            "to you."
        )
    return _("You have voted, and your vote has been counted. Nothing links it to you any more.")


def _votes(user) -> dict:
    voters = Voter.objects.filter(user=user).select_related("round__project", "district").order_by("round_id")
    items = [
        {
            "round": voter.round.title,
            "project": voter.round.project.title,
            "url": absolute_url(reverse("budgeting:ballot", kwargs={"round_id": voter.round_id})),
            "district": voter.district.name if voter.district_id else "",
            "identity_checked": bool(voter.census_hash),
            "status": _vote_status(voter),
            "draft_choices": len(voter.draft or {}),
            "answered_question": voter.surveyed,
            "first_seen": voter.created_on,
        }
        for voter in voters
    ]
    return section(
        title=_("Citizens' budgets you take part in"),
        fields={
            "round": pgettext("noun", "Vote"),
            "project": _("Project"),
            "url": _("Ballot page"),
            "district": _("District you vote in"),
            "identity_checked": _("Identity checked (census list or MitID)"),
            "status": _("Your vote"),
            "draft_choices": _("Proposals chosen in your unsent draft"),
            "answered_question": _("Asked the question at the end of voting"),
            "first_seen": _("First taken part"),
        },
        items=items,
        note=_(
            "What you voted for is not in this export: a ballot is secret, and a file is easily passed on. While "
            "voting is open you see your choices on the ballot page. Your receipt code shows that your ballot is "
            "counted; your answer to the question at the end of voting is never linked to you."
        ),
    )


def _follows(user) -> dict:
    follows = ProposalFollow.objects.filter(user=user).select_related("proposal").order_by("created_at", "pk")
    return section(
        title=_("Proposals you follow"),
        fields={"proposal": _("Proposal"), "url": _("Link"), "created_at": _("Followed since")},
        items=[
            {"proposal": follow.proposal.title, "url": _proposal_url(follow.proposal), "created_at": follow.created_at}
            for follow in follows
        ],
    )


def _memberships(user) -> dict:
    memberships = CommitteeMembership.objects.filter(user=user).select_related("committee").order_by("pk")
    return section(
        title=_("Local committees"),
        fields={"committee": _("Local committee"), "role": _("Role"), "created_at": _("Since")},
        items=[
            {"committee": m.committee.name, "role": str(m.get_role_display()), "created_at": m.created_at}
            for m in memberships
        ],
    )


def _conflicts(user) -> dict:
    conflicts = ConflictOfInterest.objects.filter(member=user).select_related("proposal").order_by("declared_at")
    return section(
        title=_("Conflicts of interest you declared"),
        fields={
            "proposal": _("Proposal"),
            "url": _("Link"),
            "name": _("Name shown"),
            "reason": _("Reason"),
            "declared_at": _("Declared"),
        },
        items=[
            {
                "proposal": conflict.proposal.title,
                "url": _proposal_url(conflict.proposal),
                "name": conflict.member_name,
                "reason": conflict.reason,
                "declared_at": conflict.declared_at,
            }
            for conflict in conflicts
        ],
        note=_("Declarations are public, with the name as declared, and stay so if you delete your account."),
    )


def _decisions(user) -> dict:
    decisions = (
        CommitteeDecision.objects.filter(Q(recorded_by=user) | Q(confirmed_by=user))
        .select_related("proposal", "committee")
        .order_by("recorded_at", "pk")
    )
    items = []
    for decision in decisions:
        parts = []
        if decision.recorded_by_id == user.pk:
            parts.append(_("recorded it"))
        if decision.confirmed_by_id == user.pk:
            parts.append(_("confirmed it as chair"))
        items.append(
            {
                "proposal": decision.proposal.title,
                "url": _proposal_url(decision.proposal),
                "committee": decision.committee.name,
                "decision": str(decision.get_kind_display()),
                "part": ", ".join(parts),
                "recorded_at": decision.recorded_at,
                "confirmed_at": decision.confirmed_at,
            }
        )
    return section(
        title=_("Committee decisions you recorded or confirmed"),
        fields={
            "proposal": _("Proposal"),
            "url": _("Link"),
            "committee": _("Local committee"),
            "decision": _("Decision"),
            "part": _("You"),
            "recorded_at": _("Recorded"),
            "confirmed_at": _("Confirmed"),
        },
        items=items,
    )


def _audit(user) -> dict:
    entries = (
        CommitteeAuditEntry.objects.filter(actor=user).select_related("committee", "proposal").order_by("at", "pk")
    )
    # Not the entries' details: they name the other members concerned.
    return section(
        title=_("Your steps in the committees' audit trail"),
        fields={"action": _("Step"), "committee": _("Local committee"), "proposal": _("Proposal"), "at": _("When")},
        items=[
            {
                "action": str(entry.get_action_display()),
                "committee": entry.committee.name,
                "proposal": entry.proposal.title if entry.proposal_id else "",
                "at": entry.at,
            }
            for entry in entries
        ],
        note=_("The audit trail is kept, with your name as written at the time, if you delete your account."),
    )


def _updates(user) -> dict:
    updates = (
        ImplementationUpdate.objects.filter(author=user)
        .select_related("implementation__proposal")
        .order_by("date", "pk")
    )
    return section(
        title=_("Implementation updates you wrote"),
        fields={
            "proposal": _("Proposal"),
            "url": _("Link"),
            "date": _("Date"),
            "text": _("Text"),
            "photo_url": _("Photo"),
        },
        items=[
            {
                "proposal": update.implementation.proposal.title,
                "url": _proposal_url(update.implementation.proposal),
                "date": update.date,
                "text": update.text,
                "photo_url": absolute_url(update.photo.url) if update.photo else "",
            }
            for update in updates
        ],
    )


def _staff_work(user) -> dict:
    items = [
        {
            "what": _("Census list uploaded"),
            "round": census.round.title,
            "count": census.entry_count,
            "at": census.uploaded_at,
        }
        for census in CensusList.objects.filter(uploaded_by=user).select_related("round").order_by("pk")
    ]
    items += [
        {"what": _("Batch of paper ballots created"), "round": batch.round.title, "count": None, "at": batch.created_at}
        for batch in PaperBatch.objects.filter(created_by=user).select_related("round").order_by("pk")
    ]
    keyed = (
        PaperEntry.objects.filter(Q(first_keyed_by=user) | Q(second_keyed_by=user) | Q(third_keyed_by=user))
        .values("batch__round__title")
        .annotate(count=Count("pk"))
        .order_by("batch__round__title")
    )
    items += [
        {"what": _("Paper ballots keyed"), "round": row["batch__round__title"], "count": row["count"], "at": None}
        for row in keyed
    ]
    return section(
        title=_("Census lists and paper ballots"),
        fields={"what": _("What"), "round": pgettext("noun", "Vote"), "count": _("Number"), "at": _("When")},
        items=items,
        note=_("Only what you did, never the identities or choices on the lists and ballots."),
    )


def export(user) -> dict[str, dict]:
    sections = {"votes": _votes(user), "proposal_follows": _follows(user)}
    # What only staff and committee members have: shown when there is something.
    staff = {
        "committee_memberships": _memberships(user),
        "conflicts_of_interest": _conflicts(user),
        "committee_decisions": _decisions(user),
        "committee_audit": _audit(user),
        "implementation_updates": _updates(user),
        "staff_work": _staff_work(user),
    }
    sections.update({key: value for key, value in staff.items() if value["items"]})
    return sections


# Deletion --------------------------------------------------------------------------------------------------------


def _forget_voters(user) -> None:
    voters = list(Voter.objects.select_for_update().filter(user=user).select_related("round__project"))
    Voter.objects.filter(pk__in=[voter.pk for voter in voters if not voter.voted]).delete()
    for voter in voters:
        if not voter.voted:
            continue
        phases = voter.round.voting_phases()
        first_day = min(phase.start for phase in phases) if phases else local_date()
        Voter.objects.filter(pk=voter.pk).update(user=None, ballot=None, draft={}, created_on=first_day)


def _end_memberships(user) -> None:
    name = user.get_full_name() or user.email
    memberships = list(CommitteeMembership.objects.filter(user=user))
    CommitteeAuditEntry.objects.bulk_create(
        [
            CommitteeAuditEntry(
                committee_id=membership.committee_id,
                actor=user,
                actor_name=name,
                action=AuditAction.MEMBER_REMOVED,
                details={"member": name, "role": membership.role, "reason": "account deleted"},
            )
            for membership in memberships
        ]
    )
    CommitteeMembership.objects.filter(pk__in=[membership.pk for membership in memberships]).delete()


def delete(user, *, keep_contributions: bool) -> None:
    ProposalFollow.objects.filter(user=user).delete()
    _forget_voters(user)
    _end_memberships(user)
