"""Paper ballots: batches, double keying by different people, and counting a ballot once two keyings agree.

`paper_entry_key` is the one write of a keying. Under a lock on the entry: the first keying is stored; a
second keying by someone else is compared with it (the choices and the hash of the identity number on the
stub); on a match the ballot is counted, on a difference the entry waits for a third person, whose keying
decides. Counting validates the ballot as any ballot (`ballot_validate`), checks the census list when the
round has one, and marks the person as having voted on paper; a person who has voted already (online or on
another paper ballot) is not counted twice: the entry is refused with the reason, for staff to follow up.

That check needs the online voters to carry the same identity hash as the stub, so only rounds whose voters show
an identity number take paper ballots (`paper_refusal`).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..eligibility import CensusProvider, Code
from ..eligibility.identity import is_identity_number, normalize_identity_number, round_identity_hash
from ..models import (
    Ballot,
    BallotChoice,
    BudgetRound,
    CensusEntry,
    Channel,
    Eligibility,
    PaperBatch,
    PaperEntry,
    PaperEntryStatus,
    Proposal,
    Voter,
)
from .ballots import _new_ballot, ballot_validate
from .common import Moment, lock_round


def paper_refusal(round: BudgetRound) -> ValidationError | None:
    """Why the round cannot take paper ballots, or None when it can.

    A paper voter is marked, and found among the online voters, by the hash of the identity (CPR) number on the
    stub (`Voter.census_hash`). Online voters carry that hash only when they showed the same number: on the census
    list, or with MitID when the broker gives the CPR number (the "identity" claim of `BUDGETING_OIDC_CLAIMS`).
    A self-declared voter has no hash, and a MitID voter without that claim is known by their MitID subject only:
    either could vote again on paper without anyone seeing it.
    """
    if round.eligibility == Eligibility.SELF_DECLARED:
        return ValidationError(
            _(
                "This round cannot take paper ballots: its voters declare for themselves that they may vote, so a "
                "paper ballot cannot be checked against the people who voted online."
            ),
            code="no_identity",
        )
    if round.eligibility == Eligibility.OIDC and not settings.BUDGETING_OIDC_CLAIMS.get("identity"):
        return ValidationError(
            _(
                "This round cannot take paper ballots: MitID does not give this site the voters' CPR numbers (no "
                "identity claim is set up), so a paper ballot cannot be checked against the people who voted online."
            ),
            code="no_identity",
        )
    return None


def _keying_closed(round: BudgetRound, at: Moment) -> ValidationError | None:
    if round.tallied_at is not None:
        return ValidationError(_("The votes have been counted: paper ballots can no longer be keyed."), code="closed")
    if not round.voting_has_opened(at):
        return ValidationError(_("Paper ballots can be keyed once voting has opened."), code="closed")
    return None


@transaction.atomic
def paper_batch_create(*, round: BudgetRound, label: str, created_by, at: Moment = None) -> PaperBatch:
    """A new batch of paper ballots for the round, with a label unique in the round.

    Refused for a round that cannot take paper ballots (`paper_refusal`), before voting opens and once counted.
    """
    if error := paper_refusal(round) or _keying_closed(round, at):
        raise error
    label = " ".join((label or "").split())
    if not label:
        raise ValidationError(
            _("Give the batch a label, e.g. where and when the ballots were collected."), code="label"
        )
    try:
        with transaction.atomic():
            return PaperBatch.objects.create(round=round, label=label, created_by=created_by)
    except IntegrityError:
        raise ValidationError(_("The round already has a batch with this label."), code="label") from None


def _as_keying(selections) -> dict[str, int]:
    """{"proposal id": points} with the proposals given no points left out."""
    try:
        chosen = {int(key): int(value) for key, value in dict(selections or {}).items()}
    except (TypeError, ValueError):
        raise ValidationError(_("The choices could not be read."), code="selections") from None
    return {str(pk): points for pk, points in sorted(chosen.items()) if points > 0}


def _staff_reason(code: Code, round: BudgetRound) -> str:
    """Why the census list refuses a paper voter, for the staff who key the ballot."""
    if code == Code.NOT_LISTED:
        return _("The identity number is not on the round's census list.")
    if code == Code.AGE:
        return _("The voter is under %(age)s according to the census list.") % {"age": round.minimum_age}
    if code == Code.DISTRICT:
        return _("The voter lives in a district that has no budget in this round.")
    return _("The voter may not vote in this round.")


def _count(entry: PaperEntry, round: BudgetRound, keying: dict[str, int], census_hash: str, at: Moment) -> None:
    """Count the agreed keying as a paper ballot, or refuse it with the reason; the entry keeps no identity after."""
    entry.first_census_hash = entry.second_census_hash = entry.third_census_hash = ""
    ballot, problem = _cast(round, {int(pk): points for pk, points in keying.items()}, census_hash, at)
    if ballot is None:
        entry.status, entry.problem = (
            PaperEntryStatus.REFUSED,
            problem[: PaperEntry._meta.get_field("problem").max_length],
        )
    else:
        entry.status, entry.ballot, entry.problem = PaperEntryStatus.MATCHED, ballot, ""


def _cast(round: BudgetRound, chosen: dict[int, int], census_hash: str, at: Moment) -> tuple[Ballot | None, str]:
    district = None
    if CensusEntry.objects.filter(round=round).exists():
        decision = CensusProvider().check(round, identity_hash=census_hash, at=at)
        if not decision.eligible:
            return None, _staff_reason(decision.code, round)
        district = decision.district

    sub_budgets = {sub.district_id: sub for sub in round.sub_budgets.select_related("district")}
    sub_budget = None
    if sub_budgets:
        if district is None:
            # Where the voter lives is not on the list: the ballot's proposals say which district's ballot it is.
            proposals = Proposal.objects.filter(round=round, pk__in=chosen)
            ballot_districts = set(proposals.values_list("district_id", flat=True))
            district_id = ballot_districts.pop() if len(ballot_districts) == 1 else None
        else:
            district_id = district.pk
        sub_budget = sub_budgets.get(district_id)
        if sub_budget is None:
            return None, _("The ballot is not one district's: its proposals are from several districts, or none.")
    errors = ballot_validate(round=round, sub_budget=sub_budget, selections=chosen)
    if errors:
        return None, _("The ballot is not valid: %(errors)s") % {"errors": " ".join(errors)}

    voter = Voter.objects.select_for_update().filter(round=round, census_hash=census_hash).first()
    if voter is None:
        try:
            with transaction.atomic():
                voter = Voter.objects.create(
                    round=round,
                    census_hash=census_hash,
                    channel=Channel.PAPER,
                    voted=True,
                    district=sub_budget.district if sub_budget else district,
                )
        except IntegrityError:
            voter = Voter.objects.select_for_update().get(round=round, census_hash=census_hash)
            if voter.voted:
                return None, _already_voted(voter)
            _mark_paper(voter)
    elif voter.voted:
        return None, _already_voted(voter)
    else:
        _mark_paper(voter)

    ballot = _new_ballot(round=round, sub_budget=sub_budget, channel=Channel.PAPER)
    BallotChoice.objects.bulk_create(
        [BallotChoice(ballot=ballot, proposal_id=pk, points=points) for pk, points in sorted(chosen.items())]
    )
    return ballot, ""


def _already_voted(voter: Voter) -> str:
    if voter.channel == Channel.ONLINE:
        return _("This person has already voted online, so the paper ballot does not count. Set it aside.")
    return _("This person has already voted on another paper ballot, so this one does not count. Set it aside.")


def _mark_paper(voter: Voter) -> None:
    """A person who showed online that they may vote, but had not voted, has now voted on paper."""
    voter.channel, voter.voted, voter.ballot, voter.draft = Channel.PAPER, True, None, {}
    voter.save(update_fields=["channel", "voted", "ballot", "draft"])


def paper_entry_key(
    *,
    keyed_by,
    selections: dict[int, int],
    census_number: str,
    batch: PaperBatch | None = None,
    sequence: int | None = None,
    entry: PaperEntry | None = None,
    at: Moment = None,
) -> PaperEntry:
    """Key paper ballot number `sequence` of the batch (or `entry`): its choices and the identity number on its stub.

    The first keying is stored. The second, by someone else, is compared with it: the same choices and number
    count the ballot, a difference marks the entry "mismatch". A mismatch is resolved by a third keying, by
    someone who made neither of the first two, which counts when it agrees with one of them. The same person
    keying one ballot twice, or keying a ballot that is counted or refused, is refused. Returns the entry; its
    status and `problem` say what happened.
    """
    if entry is not None:
        batch, sequence = entry.batch, entry.sequence
    if batch is None or sequence is None or sequence < 1:
        raise ValidationError(_("Give the ballot's number in the batch."), code="sequence")
    round = BudgetRound.objects.select_related("project").get(pk=batch.round_id)
    # Asked again at each keying: the MitID claims are settings, and may have changed since the batch was made.
    if error := paper_refusal(round) or _keying_closed(round, at):
        raise error
    number = normalize_identity_number(census_number)
    if not is_identity_number(number):
        raise ValidationError(
            _("Type the identity number from the ballot's stub: 4 to 32 letters and digits."), code="census_number"
        )
    keying = _as_keying(selections)
    census_hash = round_identity_hash(round, number)
    now = timezone.now()

    with transaction.atomic():
        # The round's row is locked as the count locks it, so a ballot is keyed wholly before the count or not at all.
        round = lock_round(round.pk)
        if error := _keying_closed(round, at):
            raise error
        locked = PaperEntry.objects.select_for_update().filter(batch=batch, sequence=sequence).first()
        if locked is None:
            try:
                with transaction.atomic():
                    return PaperEntry.objects.create(
                        batch=batch,
                        sequence=sequence,
                        first_keying=keying,
                        first_census_hash=census_hash,
                        first_keyed_by=keyed_by,
                        first_keyed_at=now,
                    )
            except IntegrityError:
                # Someone keyed the same ballot at the same moment: this is the second keying.
                locked = PaperEntry.objects.select_for_update().get(batch=batch, sequence=sequence)

        if locked.status == PaperEntryStatus.PENDING:
            if locked.first_keyed_by_id == keyed_by.pk:
                raise ValidationError(
                    _("You keyed ballot %(sequence)s first: someone else must key it the second time.")
                    % {"sequence": sequence},
                    code="same_keyer",
                )
            locked.second_keying, locked.second_census_hash = keying, census_hash
            locked.second_keyed_by, locked.second_keyed_at = keyed_by, now
            if keying == locked.first_keying and census_hash == locked.first_census_hash:
                _count(locked, round, keying, census_hash, at)
            else:
                locked.status = PaperEntryStatus.MISMATCH
        elif locked.status == PaperEntryStatus.MISMATCH:
            if keyed_by.pk in (locked.first_keyed_by_id, locked.second_keyed_by_id):
                raise ValidationError(
                    _(
                        "Ballot %(sequence)s was keyed differently twice. Someone who keyed neither keying must key "
                        "it again to resolve it."
                    )
                    % {"sequence": sequence},
                    code="same_keyer",
                )
            locked.third_keying, locked.third_census_hash = keying, census_hash
            locked.third_keyed_by, locked.third_keyed_at = keyed_by, now
            # The third keying settles it only by agreeing with one of the two: two keyings must always match.
            agrees = any(
                keying == earlier and census_hash == earlier_hash
                for earlier, earlier_hash in (
                    (locked.first_keying, locked.first_census_hash),
                    (locked.second_keying, locked.second_census_hash),
                )
            )
            if agrees:
                _count(locked, round, keying, census_hash, at)
        else:
            raise ValidationError(
                _("Ballot %(sequence)s is already keyed and settled: %(status)s.")
                % {"sequence": sequence, "status": locked.get_status_display()},
                code="settled",
            )
        locked.save()
    return locked


def paper_links_drop(*, round: BudgetRound) -> int:
    """Forget the paper entries' keyings, identity hashes and links to ballots (when the round is tallied).

    The ballots stay, anonymous; the entries keep their status and who keyed them. Returns how many entries.
    """
    return PaperEntry.objects.filter(batch__round=round).update(
        ballot=None,
        first_keying={},
        second_keying=None,
        third_keying=None,
        first_census_hash="",
        second_census_hash="",
        third_census_hash="",
    )
