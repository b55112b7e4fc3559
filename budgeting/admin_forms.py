"""Forms for budget rounds, sub-budgets and proposals in Wagtail admin. They collect input and show what
is locked; the services decide, and their errors come back on the form (`add_service_errors`)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from participation import selectors as idea_selectors

from . import rules, selectors, services
from .models import BudgetRound, Proposal, SubBudget

LOCKED_MESSAGE = _("Voting has opened: the budget, ballot type and rules of the round can no longer change.")


class BudgetRoundForm(WagtailAdminModelForm):
    """Once voting has opened, the budget, ballot type and rules are marked as locked, and a change to
    them is refused here, field by field, as well as by `services.round_save`."""

    class Meta:
        model = BudgetRound
        fields = [
            "project",
            "title",
            "total_budget",
            "ballot_type",
            "max_choices",
            "min_spend_percent",
            "points_total",
            "points_per_proposal_max",
            "winner_rule",
            "eligibility",
            "minimum_age",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.locked = self.instance.pk is not None and services.voting_started(self.instance)
        if self.locked:
            for name in services.LOCKED_ROUND_FIELDS:
                if name in self.fields:
                    self.fields[name].help_text = _("Locked: voting has opened.")

    def clean(self):
        cleaned_data = super().clean()
        if self.locked:
            for name in set(self.changed_data) & set(services.LOCKED_ROUND_FIELDS):
                self.add_error(name, LOCKED_MESSAGE)
        return cleaned_data


class SubBudgetForm(WagtailAdminModelForm):
    """A district's part of a round's budget. To move it to another district, delete it and add another."""

    class Meta:
        model = SubBudget
        fields = ["round", "district", "amount"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["round"].disabled = True
            self.fields["district"].disabled = True


class ProposalForm(WagtailAdminModelForm):
    """A proposal's text, cost, place, owner and ideas. Its number and district are set by the service;
    its feasibility by the "Assess feasibility" action."""

    class Meta:
        model = Proposal
        fields = [
            "round",
            "title",
            "description",
            "cost",
            "administration",
            "latitude",
            "longitude",
            "district",
            "ideas",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 8}),
            "ideas": forms.SelectMultiple(attrs={"size": 8}),
        }
        help_texts = {
            "district": _("Only for a proposal without a place on the map: with a place, the place decides."),
            "ideas": _("The ideas the proposal grew from. Their authors are told."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        self.fields["administration"].required = True
        if rules.is_editor(user):
            self.fields["administration"].queryset = selectors.administrations()
        else:
            self.fields["administration"].queryset = idea_selectors.moderated_administrations(user=user)
        if self.instance.pk is not None:
            self.fields["round"].disabled = True
            self.fields["ideas"].queryset = selectors.round_ideas(round=self.instance.round)
        else:
            self.fields["ideas"].queryset = selectors.proposing_ideas()


class AssessForm(forms.Form):
    verdict = forms.ChoiceField(
        label=_("Verdict"),
        choices=[("feasible", _("Feasible")), ("not_feasible", _("Not feasible"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        help_text=_("Shown to everyone with the proposal. Required when the proposal is not feasible."),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=3000,
        required=False,  # the service decides, with its own message
    )
