"""Recording that a person may vote: their voter row, with the district and the hash of the identity they showed."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ..eligibility.rules import Code, Decision, reason
from ..models import BudgetRound, Channel, Voter


def _record(round: BudgetRound, user, identity: str | None, district) -> Voter:
    voter = Voter.objects.select_for_update().filter(round=round, user=user).first()
    if identity is not None:
        holder = Voter.objects.filter(round=round, census_hash=identity).values_list("pk", flat=True).first()
        if holder is not None and (voter is None or holder != voter.pk):
            raise ValidationError(reason(Code.IDENTITY_USED, round), code=Code.IDENTITY_USED)
        if voter is not None and voter.census_hash and voter.census_hash != identity:
            raise ValidationError(reason(Code.OTHER_IDENTITY, round), code=Code.OTHER_IDENTITY)
    if voter is None:
        return Voter.objects.create(
            round=round, user=user, census_hash=identity, district=district, channel=Channel.ONLINE
        )
    fields = []
    if identity is not None and voter.census_hash != identity:
        voter.census_hash = identity
        fields.append("census_hash")
    if district is not None and voter.district_id != district.pk:
        voter.district = district
        fields.append("district")
    if fields:
        voter.save(update_fields=fields)
    return voter


def voter_verify(*, round: BudgetRound, user, decision: Decision) -> Voter:
    """Record an eligible decision: the person's voter row, made the first time, with their district (when it is
    known; else they choose it next) and the hash of the identity they showed.

    The identity hash is unique in the round, so one person takes part once, whichever account they use and
    whether online or on paper: refused (code "identity_used") when it belongs to another voter row, and
    (code "other_identity") when this person showed another identity before.
    """
    if not decision.eligible:
        raise ValueError("Only an eligible decision is recorded.")
    if not user.is_authenticated:
        raise ValidationError(_("Sign in to vote."), code="anonymous")
    identity = decision.identity_hash or None
    # A second attempt sees the row that a request at the same moment inserted first.
    for _attempt in range(2):
        try:
            with transaction.atomic():
                return _record(round, user, identity, decision.district)
        except IntegrityError:
            continue
    raise ValidationError(reason(Code.IDENTITY_USED, round), code=Code.IDENTITY_USED)
