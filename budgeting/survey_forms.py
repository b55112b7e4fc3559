"""The form of the optional end-of-vote question on the receipt page: two groups of radio buttons, each of which may
be left blank, and two buttons, "Send my answer" and "Skip"."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import AgeBand, FirstTime

SKIP = "skip"
ANSWER = "answer"


class SurveyForm(forms.Form):
    age_band = forms.ChoiceField(
        label=_("How old are you?"),
        required=False,
        choices=AgeBand.choices,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose one of the age groups in the list.")},
    )
    first_time = forms.ChoiceField(
        label=_("Is this the first time you take part in a citizens' budget or a dialogue with the city?"),
        required=False,
        choices=FirstTime.choices,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose one of the answers in the list.")},
    )
    action = forms.ChoiceField(required=False, choices=[(ANSWER, ANSWER), (SKIP, SKIP)], widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        if data.get("action") != SKIP and not (data.get("age_band") or data.get("first_time")):
            raise forms.ValidationError(
                _("Choose an answer to at least one of the two questions, or press “Skip the question”."),
                code="empty",
            )
        return data

    @property
    def skipped(self) -> bool:
        return self.cleaned_data.get("action") == SKIP
