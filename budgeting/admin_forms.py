"""Forms for budget rounds, sub-budgets and proposals in Wagtail admin. They collect input and show what
is locked; the services decide, and their errors come back on the form (`add_service_errors`)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from participation import selectors as idea_selectors

from . import rules, selectors, services
from .forms import IdentityNumberInput
from .models import BallotType, BudgetRound, PaperBatch, Proposal, SubBudget

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


# Census lists and paper ballots ----------------------------------------------------------------------


class CensusUploadForm(forms.Form):
    """A census list for a round: a CSV file, read in memory and kept only as salted hashes."""

    round = forms.ModelChoiceField(label=_("Budget round"), queryset=None)
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "One person per line. The first line names the columns: “number” (the CPR number) and, if you have "
            "them, “birthdate” (2008-05-31) and “district” (its number or name). Commas or semicolons. Uploading "
            "again replaces the round's list."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].queryset = selectors.census_rounds()


class PaperRoundSelect(forms.Select):
    """The rounds to choose from, with those that cannot take paper ballots disabled (and marked by their label),
    so that staff see the round they look for and why it cannot be chosen."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex=subindex, attrs=attrs)
        round = getattr(value, "instance", None)
        if round is not None and services.paper_refusal(round) is not None:
            option["attrs"]["disabled"] = True
        return option


class PaperRoundField(forms.ModelChoiceField):
    widget = PaperRoundSelect

    def label_from_instance(self, obj: BudgetRound) -> str:
        if services.paper_refusal(obj) is not None:
            return _("%(round)s (cannot take paper ballots)") % {"round": obj}
        return str(obj)


class PaperBatchForm(WagtailAdminModelForm):
    """A new batch: its round, among those not counted yet, and its label. A round whose voters show no identity
    number cannot take paper ballots (`services.paper_refusal`): it is listed but cannot be chosen."""

    round = PaperRoundField(
        label=_("Budget round"),
        queryset=BudgetRound.objects.none(),
        help_text=_(
            "Paper ballots are checked against the online votes by the voter's CPR number, so only rounds whose "
            "voters show it (a census list, or MitID with the CPR number) can take them."
        ),
    )

    class Meta:
        model = PaperBatch
        fields = ["round", "label"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].queryset = selectors.census_rounds()

    def clean_round(self):
        round = self.cleaned_data["round"]
        if error := services.paper_refusal(round):
            raise error
        return round


class PaperKeyingForm(forms.Form):
    """One keying of a paper ballot: its number in the batch, the identity number on its stub, and the choices: a
    checkbox per proposal (approval and knapsack ballots) or the points (cumulative ballots), in ballot order."""

    sequence = forms.IntegerField(
        label=_("Ballot number in the batch"),
        min_value=1,
        max_value=2**31 - 1,
        error_messages={"required": _("Type the ballot's number in the batch.")},
        widget=forms.NumberInput(attrs={"autofocus": True, "autocomplete": "off"}),
    )
    census_number = forms.CharField(
        label=_("Identity number on the stub"),
        max_length=40,
        help_text=_("The CPR number the voter wrote on the ballot's stub. It is kept only as a salted hash."),
        error_messages={"required": _("Type the identity number from the ballot's stub.")},
        widget=IdentityNumberInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def __init__(self, *args, round: BudgetRound, proposals: list[Proposal], **kwargs):
        super().__init__(*args, **kwargs)
        self.proposals = proposals
        self.uses_points = round.ballot_type == BallotType.CUMULATIVE
        for proposal in proposals:
            label = f"{proposal.code}. {proposal.title}" if proposal.code else proposal.title
            if self.uses_points:
                self.fields[f"points-{proposal.pk}"] = forms.IntegerField(
                    label=label,
                    required=False,
                    min_value=0,
                    max_value=round.points_per_proposal_max or 1,
                    widget=forms.NumberInput(attrs={"class": "paper-keying__points"}),
                )
            else:
                self.fields[f"proposal-{proposal.pk}"] = forms.BooleanField(label=label, required=False)

    def proposal_fields(self) -> list[tuple[Proposal, forms.BoundField]]:
        prefix = "points" if self.uses_points else "proposal"
        return [(proposal, self[f"{prefix}-{proposal.pk}"]) for proposal in self.proposals]

    def selections(self) -> dict[int, int]:
        """{proposal id: points} as keyed; proposals with no points (or not ticked) left out."""
        chosen = {}
        for proposal in self.proposals:
            if self.uses_points:
                points = self.cleaned_data.get(f"points-{proposal.pk}") or 0
            else:
                points = 1 if self.cleaned_data.get(f"proposal-{proposal.pk}") else 0
            if points:
                chosen[proposal.pk] = points
        return chosen
