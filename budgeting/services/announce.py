"""Telling people what became of a proposal: committee decisions, status changes and news of its implementation.

Whoever records such an event calls `announce_proposal_event`; once the change is committed a task
(`budgeting.tasks.fan_out_proposal_event`) finds who to tell and hands plain values to participation
(`participation.notifications.notify_about_proposal`), which stores the notifications and queues the e-mails.
Participation knows nothing of proposals, so the budgeting app decides who is concerned:

- the people who follow the proposal (`ProposalFollow`);
- the followers of its project, in any of the page's languages;
- the followers of the public ideas the proposal grew from, and the authors of those ideas.

Each person is told once, never the person who acted, and only while their account is active.
"""

from __future__ import annotations

from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import translation

from participation.models import Follow, NotificationKind, Visibility

from ..models import Proposal, ProposalFollow

# The kinds of notification a proposal event can be.
PROPOSAL_EVENTS = frozenset(
    {
        NotificationKind.PROPOSAL_DECIDED,
        NotificationKind.IMPLEMENTATION_STATUS,
        NotificationKind.IMPLEMENTATION_UPDATE,
    }
)


def announce_proposal_event(*, proposal: Proposal, kind: str, detail: str = "", by=None) -> None:
    """Tell everyone concerned with the proposal that something happened to it, once the change is committed.

    `kind` is "proposal_decided", "impl_status" or "impl_update" (`NotificationKind`); `detail` is the English
    source text of the label of what happened (a decision such as "Approved with changes", a status such as
    "In progress"), translated when the notification is shown. `by`, the person who acted, is not told.
    Nothing is sent if the surrounding transaction rolls back; the fan-out runs in a task.
    """
    kind = NotificationKind(kind)
    if kind not in PROPOSAL_EVENTS:
        raise ValueError(f"{kind} is not an event of a proposal")
    from ..tasks import fan_out_proposal_event

    transaction.on_commit(
        partial(
            fan_out_proposal_event.enqueue,
            proposal_id=proposal.pk,
            kind=str(kind),
            detail=str(detail)[:100],
            by_id=getattr(by, "pk", None),
        )
    )


def proposal_urls(proposal: Proposal) -> dict[str, str]:
    """The path of the proposal's page in each language of the site."""
    urls = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            urls[language] = reverse("budgeting:proposal_detail", kwargs={"pk": proposal.pk})
    return urls


def proposal_audience(*, proposal: Proposal) -> list[int]:
    """Ids of the people concerned with a proposal, each once, in a stable order (a fixed number of queries).

    Followers of the proposal first, then the authors of its ideas, then the followers of those ideas (public
    ones only: a hidden idea's followers no longer see it) and of its project in any language. Whether they
    are active, and leaving out the person who acted, is participation's job.
    """
    ideas = list(proposal.ideas.values_list("pk", "author_id", "visibility", "merged_into_id"))
    public_ideas = [
        pk for pk, _author, visibility, merged in ideas if visibility == Visibility.PUBLISHED and not merged
    ]
    ids: list[int] = list(
        ProposalFollow.objects.filter(proposal=proposal).order_by("created_at", "pk").values_list("user_id", flat=True)
    )
    ids += [author_id for _pk, author_id, _visibility, _merged in ideas if author_id is not None]
    follows = Q(project__translation_key=proposal.round.project.translation_key)
    if public_ideas:
        follows |= Q(idea_id__in=public_ideas)
    ids += Follow.objects.filter(follows).order_by("created_at", "pk").values_list("user_id", flat=True)
    return list(dict.fromkeys(ids))
