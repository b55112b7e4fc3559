"""Voters, drafts and secret ballots: one ballot per voter, replaced when the vote changes, and the
person ↔ ballot link dropped when the round is tallied (see `models/voting.py`)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from participation.models import local_date

from ..models import Ballot, BallotChoice, BallotType, BudgetRound, Channel, Proposal, SubBudget, SurveyAnswer, Voter
from .common import Moment, kroner, lock_round

RECEIPT_ATTEMPTS = 5


def _as_selections(selections) -> dict[int, int] | None:
    """{proposal id: points} with integers, or None when the input cannot be read that way."""
    try:
        return {int(key): int(value) for key, value in dict(selections).items()}
    except (TypeError, ValueError):
        return None


def ballot_validate(*, round: BudgetRound, sub_budget: SubBudget | None, selections: dict[int, int]) -> list[str]:
    """What is wrong with these choices for a ballot of the round, as messages for the voter; [] when valid.

    Writes nothing. `selections` maps proposal ids to points (1 for approval and knapsack ballots).
    With sub-budgets, a voter votes in their district's sub-budget, on that district's proposals.
    """
    chosen = _as_selections(selections)
    if chosen is None:
        return [_("Your choices could not be read. Reload the page and choose again.")]
    has_sub_budgets = round.sub_budgets.exists()
    if sub_budget is not None and sub_budget.round_id != round.pk:
        return [_("The district budget does not belong to this vote.")]
    if has_sub_budgets and sub_budget is None:
        return [_("Tell us which district you live in: each district has its own budget in this vote.")]
    if not chosen:
        return [_("Choose at least one proposal.")]

    errors = []
    proposals = Proposal.objects.filter(round=round, pk__in=chosen).select_related("district").in_bulk()
    valid = {}
    for pk, points in chosen.items():
        proposal = proposals.get(pk)
        if proposal is None:
            errors.append(_("One of your choices is not a proposal in this vote. Reload the page and choose again."))
        elif not proposal.on_ballot:
            errors.append(_("“%(title)s” is not on the ballot.") % {"title": proposal.title})
        elif sub_budget is not None and proposal.district_id != sub_budget.district_id:
            errors.append(
                _("“%(title)s” is not in %(district)s, where you vote.")
                % {"title": proposal.title, "district": sub_budget.district.name}
            )
        else:
            valid[pk] = (proposal, points)

    if any(points < 1 for points in chosen.values()):
        errors.append(_("Give each chosen proposal at least 1 point."))
    budget = sub_budget.amount if sub_budget is not None else round.total_budget

    if round.ballot_type in (BallotType.APPROVAL, BallotType.KNAPSACK) and any(
        points > 1 for points in chosen.values()
    ):
        errors.append(_("In this vote a proposal is either chosen or not: it cannot get more than one vote."))

    if round.ballot_type == BallotType.APPROVAL and len(chosen) > round.max_choices:
        errors.append(
            ngettext(
                "You may choose at most %(most)s proposal, but you have chosen %(chosen)s.",
                "You may choose at most %(most)s proposals, but you have chosen %(chosen)s.",
                round.max_choices,
            )
            % {"most": round.max_choices, "chosen": len(chosen)}
        )

    elif round.ballot_type == BallotType.KNAPSACK:
        spent = sum(proposal.cost for proposal, _points in valid.values())
        minimum = -(-budget * round.min_spend_percent // 100)  # rounded up: the share must be reached
        if spent > budget:
            errors.append(
                _("You have chosen proposals for %(chosen)s kr., but the budget is %(budget)s kr.")
                % {"chosen": kroner(spent), "budget": kroner(budget)}
            )
        elif spent < minimum:
            errors.append(
                _("You have chosen proposals for %(chosen)s kr., but you must use at least %(minimum)s kr.")
                % {"chosen": kroner(spent), "minimum": kroner(minimum)}
            )

    elif round.ballot_type == BallotType.CUMULATIVE:
        given = sum(chosen.values())
        if given > round.points_total:
            errors.append(
                _("You have given %(given)s points, but you have %(total)s points to give.")
                % {"given": given, "total": round.points_total}
            )
        for proposal, points in valid.values():
            if points > round.points_per_proposal_max:
                errors.append(
                    _("You have given “%(title)s” %(points)s points, but one proposal can get at most %(most)s.")
                    % {"title": proposal.title, "points": points, "most": round.points_per_proposal_max}
                )
    return errors


def voter_for(*, round: BudgetRound, user, district=None) -> Voter:
    """The person's voter row in the round, made the first time. Two requests at once get the same row.

    A `district` given (declared or verified) replaces the one stored: it chooses the sub-budget of
    the person's next ballot.
    """
    if not user.is_authenticated:
        raise ValidationError(_("Sign in to vote."), code="anonymous")
    voter = Voter.objects.filter(round=round, user=user).first()
    if voter is None:
        try:
            with transaction.atomic():
                voter = Voter.objects.create(round=round, user=user, district=district, channel=Channel.ONLINE)
        except IntegrityError:
            voter = Voter.objects.get(round=round, user=user)
    if district is not None and voter.district_id != district.pk:
        Voter.objects.filter(pk=voter.pk).update(district=district)
        voter.district = district
    return voter


def _sub_budget_of(round: BudgetRound, voter: Voter) -> SubBudget | None:
    """The sub-budget the voter votes in: their district's, or None when the round has none."""
    sub_budgets = {sub.district_id: sub for sub in round.sub_budgets.select_related("district")}
    if not sub_budgets:
        return None
    if voter.district_id is None:
        raise ValidationError(
            _("Tell us which district you live in: each district has its own budget in this vote."), code="district"
        )
    if voter.district_id not in sub_budgets:
        raise ValidationError(_("Your district has no budget in this vote."), code="district")
    return sub_budgets[voter.district_id]


def share_round(pk: int) -> BudgetRound:
    """The round with its page, its row locked in share mode until the transaction ends (PostgreSQL).

    Voters' submissions and drafts take this lock together, so they never wait for one another; the count and
    paper keying (`lock_round`, FOR NO KEY UPDATE) wait for those in progress, and those that come later wait
    for the count and then see that it is done. Django has no `select_for_share`, hence the statement. SQLite
    has one writer at a time and nothing to lock.
    """
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(BudgetRound._meta.db_table)
        column = connection.ops.quote_name(BudgetRound._meta.pk.column)
        with connection.cursor() as cursor:
            # Only quoted names of the model's own table and key are put into the statement.
            cursor.execute(f"SELECT 1 FROM {table} WHERE {column} = %s FOR SHARE", [pk])  # noqa: S608
    return BudgetRound.objects.select_related("project").get(pk=pk)


def _voting_open_error(round: BudgetRound, at: Moment) -> ValidationError | None:
    if round.tallied_at is not None:
        return ValidationError(_("The votes have been counted: voting is closed."), code="closed")
    if not round.voting_open(at):
        return ValidationError(_("Voting is not open."), code="closed")
    return None


def draft_save(*, voter: Voter, selections: dict[int, int], at: Moment = None) -> Voter:
    """Keep the choices being made before submitting, even over budget (the ballot page shows what is wrong).

    Only proposals on the voter's ballot are kept; others are dropped, as are choices with no points. Written
    under the round's share lock, asked again whether voting is open: the count drops every draft, and a draft
    saved at the same moment must not outlive it.
    """
    round = BudgetRound.objects.select_related("project").get(pk=voter.round_id)
    if error := _voting_open_error(round, at):
        raise error
    chosen = _as_selections(selections)
    if chosen is None:
        raise ValidationError(_("Your choices could not be read. Reload the page and choose again."), code="invalid")
    with transaction.atomic():
        round = share_round(round.pk)
        if error := _voting_open_error(round, at):
            raise error
        known = round.proposals.on_ballot().filter(pk__in=chosen)
        sub_budgets = round.sub_budgets.all()
        if voter.district_id is not None and sub_budgets.filter(district_id=voter.district_id).exists():
            known = known.filter(district_id=voter.district_id)
        known_ids = set(known.values_list("pk", flat=True))
        draft = {str(pk): points for pk, points in chosen.items() if pk in known_ids and points > 0}
        # The filter too: SQLite takes no share lock, and there the row says whether the count has been.
        Voter.objects.filter(pk=voter.pk, round__tallied_at__isnull=True).update(draft=draft)
    voter.draft = draft
    return voter


def _new_ballot(*, round: BudgetRound, sub_budget: SubBudget | None, channel: str) -> Ballot:
    """A ballot with a fresh receipt code; a code already taken (very unlikely) is drawn again."""
    for _attempt in range(RECEIPT_ATTEMPTS):
        try:
            with transaction.atomic():
                return Ballot.objects.create(round=round, sub_budget=sub_budget, channel=channel)
        except IntegrityError:
            continue
    raise RuntimeError("Could not draw a free receipt code")  # pragma: no cover


def ballot_submit(*, voter: Voter, selections: dict[int, int], at: Moment = None) -> Ballot:
    """Cast the voter's ballot, or replace their earlier one. Returns the new ballot (with a new receipt code).

    Voting must be open and the choices valid (`ballot_validate`). The round's row is locked in share mode
    (`share_round`) and whether voting is open asked again with what it holds then, so a submission cannot
    race the count: it is stored wholly before the count reads the ballots, or refused after it. The
    voter's row is locked too, so that submissions at once by the same person end with exactly one ballot,
    equal to one of them. Once the round is tallied, or when the person voted on paper, the link to a ballot
    is gone and the vote can no longer be changed.
    """
    round = BudgetRound.objects.select_related("project").get(pk=voter.round_id)
    if error := _voting_open_error(round, at):
        raise error
    with transaction.atomic():
        # The round before the voter, in the order the count and paper keying lock them, so that none deadlock.
        round = share_round(round.pk)
        if error := _voting_open_error(round, at):
            raise error
        locked = Voter.objects.select_for_update().get(pk=voter.pk)
        if locked.voted and locked.ballot_id is None:
            if locked.channel == Channel.PAPER:
                raise ValidationError(_("You have voted on paper: you cannot also vote online."), code="voted")
            raise ValidationError(_("Your vote is counted and can no longer be changed."), code="voted")
        sub_budget = _sub_budget_of(round, locked)
        errors = ballot_validate(round=round, sub_budget=sub_budget, selections=selections)
        if errors:
            raise ValidationError([ValidationError(message, code="invalid_ballot") for message in errors])
        chosen = _as_selections(selections)
        ballot = _new_ballot(round=round, sub_budget=sub_budget, channel=Channel.ONLINE)
        BallotChoice.objects.bulk_create(
            [BallotChoice(ballot=ballot, proposal_id=pk, points=points) for pk, points in sorted(chosen.items())]
        )
        previous = locked.ballot_id
        locked.ballot, locked.voted, locked.draft = ballot, True, {}
        locked.save(update_fields=["ballot", "voted", "draft"])
        if previous is not None:
            # The new ballot replaces the old one; nothing points to the old one any more.
            Ballot.objects.filter(pk=previous).delete()
    voter.ballot, voter.voted, voter.draft = ballot, True, {}
    return ballot


@transaction.atomic
def round_close_links(*, round: BudgetRound, at: Moment = None) -> int:
    """Forget which ballot is whose: drop every person ↔ ballot link and draft of the round, the paper
    entries' keyings and links to their ballots, and the days ballots were cast.

    `voted` stays true, so nobody can vote again. Refused while voting is open. Returns how many
    links were dropped. Called when the round is tallied.
    """
    round = lock_round(round.pk)
    if round.voting_open(at):
        raise ValidationError(_("Voting is still open: the votes cannot be counted yet."), code="open")
    linked = Voter.objects.filter(round=round, ballot__isnull=False).count()
    # The days on which people first came and ballots were cast could, with the district, match a person to a
    # ballot on a quiet day: after the count every row carries the voting's first day instead.
    phases = round.voting_phases()
    first_day = min(phase.start for phase in phases) if phases else local_date(at)
    Voter.objects.filter(round=round).update(ballot=None, draft={}, created_on=first_day)
    Ballot.objects.filter(round=round).update(submitted_on=first_day)
    # Answers to the end-of-vote question get the same day, so their day cannot be matched to a voter's first day.
    SurveyAnswer.objects.filter(round=round).update(answered_on=first_day)
    from .paper import paper_links_drop  # paper.py builds on this module

    paper_links_drop(round=round)
    return linked
