"""The optional, anonymous question at the end of voting: age band and whether it is a first time.

An answer is stored under a random id with the round, the voter's district and the day only: nothing
links it to the voter or to the ballot. `Voter.surveyed` only stops a voter from answering twice.
The reach report shows these answers as aggregates, never a group of fewer than five.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .rounds import BudgetRound


class AgeBand(models.TextChoices):
    UNDER_18 = "15-17", _("15–17 years")
    FROM_18 = "18-24", _("18–24 years")
    FROM_25 = "25-34", _("25–34 years")
    FROM_35 = "35-49", _("35–49 years")
    FROM_50 = "50-64", _("50–64 years")
    FROM_65 = "65+", _("65 years or older")


class FirstTime(models.TextChoices):
    YES = "yes", _("Yes, this is my first time")
    NO = "no", _("No, I have taken part before")


class SurveyAnswer(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(
        BudgetRound, verbose_name=_("budget round"), on_delete=models.CASCADE, related_name="survey_answers"
    )
    district = models.ForeignKey(
        "maps.District", verbose_name=_("district"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Blank: the voter skipped that part.
    age_band = models.CharField(_("age"), max_length=5, choices=AgeBand.choices, blank=True)
    first_time = models.CharField(_("first time taking part"), max_length=3, choices=FirstTime.choices, blank=True)
    answered_on = models.DateField(_("answered on"))

    class Meta:
        verbose_name = _("answer to the end-of-vote question")
        verbose_name_plural = _("answers to the end-of-vote question")
        indexes = [models.Index(fields=["round", "district"], name="budgeting_survey_round")]
        constraints = [
            models.CheckConstraint(
                condition=Q(age_band="") | Q(age_band__in=AgeBand.values), name="budgeting_survey_age_valid"
            ),
            models.CheckConstraint(
                condition=Q(first_time="") | Q(first_time__in=FirstTime.values), name="budgeting_survey_first_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round_id}: {self.age_band or '-'} / {self.first_time or '-'}"
