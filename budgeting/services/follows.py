"""Following a proposal: a person who follows one is told of its committee decision and its implementation
(`budgeting.services.announce`)."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from participation.notifications import remember_language

from ..models import Proposal, ProposalFollow


def proposal_follow(*, user, proposal: Proposal, language: str | None = None) -> ProposalFollow:
    """Follow a proposal; following again changes nothing.

    `language` is the language the person is using now: the follow remembers it, and their e-mails are written in
    it from now on (as when following a project or an idea).
    """
    if language:
        remember_language(user=user, language=language)
    existing = ProposalFollow.objects.filter(user=user, proposal=proposal).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return ProposalFollow.objects.create(user=user, proposal=proposal, language=language or "")
    except IntegrityError:
        # Two clicks at once: the unique constraint let one of them in.
        return ProposalFollow.objects.get(user=user, proposal=proposal)


@transaction.atomic
def proposal_unfollow(*, user, proposal: Proposal) -> bool:
    """Stop following a proposal. True when there was something to stop."""
    deleted, _by_model = ProposalFollow.objects.filter(user=user, proposal=proposal).delete()
    return bool(deleted)
