"""The optional, anonymous question at the end of voting: age band and whether it is the first time.

A voter is asked once: answering and skipping both set `Voter.surveyed`, in the same transaction as the answer,
by one conditional UPDATE of the voter's row (which locks the row and claims the question), so two submissions
at once store at most one answer. The answer (`SurveyAnswer`) holds the round, the voter's district and the
day only: nothing links it to the voter or to their ballot.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from participation.models import local_date

from ..models import AgeBand, FirstTime, SurveyAnswer, Voter
from .common import Moment


def survey_answer(
    *, voter: Voter, age_band: str = "", first_time: str = "", skip: bool = False, at: Moment = None
) -> SurveyAnswer | None:
    """Store the voter's answer to the end-of-vote question, or that they skipped it. Returns the stored answer;
    None when skipped (or when both parts were left blank, which is skipping too).

    Refused when the person has not voted, or has already answered or skipped.
    """
    if age_band and age_band not in AgeBand.values:
        raise ValidationError(_("Choose one of the age groups in the list."), code="age_band")
    if first_time and first_time not in FirstTime.values:
        raise ValidationError(_("Choose one of the answers in the list."), code="first_time")
    # The claim and the answer are written in two transactions on purpose: rows written by one transaction share
    # its id in the database (PostgreSQL's xmin), which would tie the answer to the voter's row. At worst a crash
    # between the two loses an answer, never links one.
    with transaction.atomic():
        claimed = Voter.objects.filter(pk=voter.pk, voted=True, surveyed=False).update(surveyed=True)
        if not claimed:
            state = Voter.objects.filter(pk=voter.pk).values_list("voted", flat=True).first()
            if not state:
                raise ValidationError(_("The question is for people who have voted."), code="not_voted")
            raise ValidationError(_("You have already answered or skipped this question."), code="answered")
        voter.surveyed = True
        district_id = Voter.objects.filter(pk=voter.pk).values_list("district_id", flat=True).get()
    if skip or not (age_band or first_time):
        return None
    with transaction.atomic():
        return SurveyAnswer.objects.create(
            round_id=voter.round_id,
            district_id=district_id,
            age_band=age_band,
            first_time=first_time,
            answered_on=local_date(at),
        )
