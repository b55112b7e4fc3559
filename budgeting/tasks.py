"""Background tasks of the budgeting app (django-tasks): the receipt e-mail after a vote.

The task is given the voter and the language only, never a ballot or a receipt code: a queue row (the
database backend keeps them) must not tie a person to a ballot. It reads the voter's current ballot when
it runs, so a vote changed twice in a row mails the code that counts, and nothing is sent once the link
is gone (the round is tallied).
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from participation.notifications import absolute_url


def build_receipt_email(*, voter, receipt_code: str, language: str) -> EmailMultiAlternatives:
    """The receipt e-mail in plain text and HTML: the code, that the vote can be changed until voting closes,
    and how to check the code. It never says what the person voted for."""
    from .models import format_receipt_code
    from .views.common import voting_closes_on

    budget_round = voter.round
    with translation.override(language):
        context = {
            "round": budget_round,
            "receipt": format_receipt_code(receipt_code),
            "closes_on": voting_closes_on(budget_round),
            "ballot_link": absolute_url(reverse("budgeting:ballot", kwargs={"round_id": budget_round.pk})),
            "check_link": absolute_url(reverse("budgeting:receipt_check", kwargs={"round_id": budget_round.pk})),
            "language": language,
        }
        subject = translation.gettext("Your receipt code for %(round)s") % {"round": budget_round.title}
        body = render_to_string("budgeting/email/receipt.txt", context)
        html = render_to_string("budgeting/email/receipt.html", context)
    message = EmailMultiAlternatives(subject=" ".join(subject.split())[:200], body=body, to=[voter.user.email])
    message.attach_alternative(html, "text/html")
    return message


@task()
def send_receipt_email(voter_id: int, language: str = "") -> bool:
    """E-mail the voter the receipt code of the ballot that counts for them now. True when an e-mail was sent."""
    from .models import Ballot, Voter

    voter = Voter.objects.select_related("user", "round__project").filter(pk=voter_id).first()
    if voter is None or voter.ballot_id is None or voter.user is None or not voter.user.email:
        return False
    receipt_code = Ballot.objects.filter(pk=voter.ballot_id).values_list("receipt_code", flat=True).first()
    if receipt_code is None:
        return False
    language = language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    build_receipt_email(voter=voter, receipt_code=receipt_code, language=language).send()
    return True


@task()
def fan_out_proposal_event(proposal_id: int, kind: str, detail: str = "", by_id: int | None = None) -> int:
    """Tell everyone concerned with a proposal of a committee decision, a status change or an update.

    Queued by `budgeting.services.announce.announce_proposal_event` once the change is committed. Finds the
    people with a fixed number of queries, whatever their number, and hands plain values to participation,
    which stores the notifications and queues one e-mail task per person who wants it now. Returns how many
    people were told.
    """
    from participation.notifications import notify_about_proposal

    from .models import Proposal
    from .services.announce import proposal_audience, proposal_urls

    proposal = Proposal.objects.select_related("round__project__locale").filter(pk=proposal_id).first()
    if proposal is None:
        return 0
    told = notify_about_proposal(
        kind=kind,
        proposal_title=proposal.title,
        detail=detail,
        urls=proposal_urls(proposal),
        user_ids=proposal_audience(proposal=proposal),
        project=proposal.round.project,
        by=by_id,
    )
    return len(told)
