"""Who follows which proposal."""

from __future__ import annotations

from django.db.models import QuerySet

from ..models import Proposal, ProposalFollow


def is_following_proposal(*, user, proposal: Proposal) -> bool:
    """Whether the person follows the proposal (False for a visitor who is not signed in)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return ProposalFollow.objects.filter(user=user, proposal=proposal).exists()


def followed_proposals(*, user) -> QuerySet[Proposal]:
    """The proposals the person follows on live project pages, most recently followed first, with their round and
    project page joined."""
    return (
        Proposal.objects.filter(follows__user=user, round__project__live=True)
        .select_related("round__project")
        .order_by("-follows__created_at", "-pk")
    )
