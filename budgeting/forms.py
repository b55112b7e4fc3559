"""Forms of the citizens' pages: the self-declared eligibility, the ballot itself, the receipt check and the
filters of a round's list of proposals."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import (
    RECEIPT_ALPHABET,
    RECEIPT_LENGTH,
    BallotType,
    BudgetRound,
    Feasibility,
    Proposal,
    normalize_receipt_code,
)

# The most points one field can hold (BallotChoice.points is a PositiveSmallIntegerField).
POINTS_CEILING = 32767


class EligibilityForm(forms.Form):
    """Where the person lives, and their word that they may vote (round.eligibility == "self_declared")."""

    district = forms.ModelChoiceField(
        label=_("The district where you live"),
        queryset=None,
        empty_label=_("Choose your district"),
        error_messages={
            "required": _("Choose the district where you live."),
            "invalid_choice": _("Choose one of the districts in the list."),
        },
    )
    confirm = forms.BooleanField(
        required=True,
        error_messages={"required": _("Tick the box to confirm that you may vote in this round.")},
    )

    def __init__(self, *args, districts, minimum_age: int, has_sub_budgets: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = districts
        if has_sub_budgets:
            self.fields["district"].help_text = _(
                "Each district has its own budget in this vote: you vote on the proposals in your district. "
                "If you live in a district that is not in the list, you cannot vote in this round."
            )
        self.fields["confirm"].label = _(
            "I confirm that I am at least %(minimum_age)s years old and live in Copenhagen Municipality "
            "(in the district I chose)."
        ) % {"minimum_age": minimum_age}


@dataclass
class BallotRow:
    """One proposal on the ballot as the form shows it: its input's id and name, and what is chosen."""

    proposal: Proposal
    input_id: str
    name: str
    checked: bool
    points: str
    errors: list[str]

    @property
    def error_id(self) -> str:
        return f"{self.input_id}-error"


class BallotForm(forms.Form):
    """The voter's choices: a checkbox per proposal (approval and knapsack ballots), or a number of points
    from 0 to the most one proposal may get (cumulative ballots).

    The form only reads the input; whether the choices make a valid ballot (budget, number of choices,
    points in all) is `services.ballot_validate`'s question, whose messages the view adds as non-field errors.
    """

    def __init__(self, data=None, *, round: BudgetRound, proposals: list[Proposal], selections: dict[int, int]):
        super().__init__(data)
        self.round = round
        self.proposals = proposals
        self.uses_points = round.ballot_type == BallotType.CUMULATIVE
        most = round.points_per_proposal_max or 1
        if self.uses_points:
            for proposal in proposals:
                self.fields[f"points-{proposal.pk}"] = forms.IntegerField(
                    label=proposal.title,
                    required=False,
                    min_value=0,
                    max_value=most,
                    initial=selections.get(proposal.pk, 0),
                    error_messages={
                        "invalid": _("Give a whole number of points from 0 to %(most)s.") % {"most": most},
                        "min_value": _("Give a whole number of points from 0 to %(most)s.") % {"most": most},
                        "max_value": _("One proposal can get at most %(most)s points.") % {"most": most},
                    },
                )
        else:
            self.fields["proposal"] = forms.MultipleChoiceField(
                required=False,
                choices=[(str(proposal.pk), proposal.title) for proposal in proposals],
                initial=[str(pk) for pk in selections],
                error_messages={
                    "invalid_choice": _("One of your choices is not on your ballot. Reload the page and choose again.")
                },
            )

    def selections(self) -> dict[int, int]:
        """{proposal id: points} of a valid form; proposals given 0 points are left out."""
        if self.uses_points:
            chosen = {proposal.pk: self.cleaned_data.get(f"points-{proposal.pk}") or 0 for proposal in self.proposals}
            return {pk: points for pk, points in chosen.items() if points > 0}
        return {int(pk): 1 for pk in self.cleaned_data.get("proposal", [])}

    def rows(self) -> list[BallotRow]:
        """The proposals with what is chosen: what was sent when the form is bound, else the initial choices."""
        rows = []
        if self.uses_points:
            for proposal in self.proposals:
                bound = self[f"points-{proposal.pk}"]
                value = bound.value()
                rows.append(
                    BallotRow(
                        proposal=proposal,
                        input_id=f"points-{proposal.pk}",
                        name=bound.html_name,
                        checked=False,
                        points="" if value is None else str(value),
                        errors=list(bound.errors),
                    )
                )
            return rows
        chosen = {str(value) for value in (self["proposal"].value() or [])}
        return [
            BallotRow(
                proposal=proposal,
                input_id=f"proposal-{proposal.pk}",
                name="proposal",
                checked=str(proposal.pk) in chosen,
                points="",
                errors=[],
            )
            for proposal in self.proposals
        ]

    def field_errors(self) -> list[tuple[str, str, str]]:
        """(input id, proposal title, message) for the error summary's links."""
        errors = []
        for row in self.rows():
            errors.extend((row.input_id, row.proposal.title, message) for message in row.errors)
        if not self.uses_points:
            errors.extend(("ballot-proposals", "", message) for message in self.errors.get("proposal", []))
        return errors


class ReceiptCheckForm(forms.Form):
    code = forms.CharField(
        label=_("Receipt code"),
        max_length=40,
        help_text=_("10 letters and digits, as in K7QFM-X3PA9. Small or capital letters, with or without the dash."),
        error_messages={"required": _("Type the receipt code.")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}),
    )

    def clean_code(self) -> str:
        code = normalize_receipt_code(self.cleaned_data["code"])
        if len(code) != RECEIPT_LENGTH or any(character not in RECEIPT_ALPHABET for character in code):
            raise forms.ValidationError(
                _("A receipt code has 10 letters and digits, as in K7QFM-X3PA9. Check what you typed."),
                code="format",
            )
        return code


class ProposalFilterForm(forms.Form):
    """Filters and sorting for a round's list of proposals (a GET form). Every field is optional; a bad value
    is ignored."""

    bydel = forms.ModelChoiceField(
        queryset=None, required=False, label=_("District"), empty_label=_("All districts"), to_field_name="slug"
    )
    vurdering = forms.ChoiceField(
        required=False,
        label=_("Assessment"),
        choices=[("", _("All")), *Feasibility.choices],
    )
    sorter = forms.ChoiceField(
        required=False,
        label=_("Sort by"),
        choices=[("titel", _("Title")), ("billigst", _("Lowest cost first")), ("dyrest", _("Highest cost first"))],
    )

    def __init__(self, *args, districts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bydel"].queryset = districts

    def filters(self) -> dict:
        """The valid filters as `selectors.public_proposals` takes them; a field with a bad value counts as unset."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "district": data.get("bydel"),
            "feasibility": data.get("vurdering") or None,
            "sort": data.get("sorter") or "titel",
        }


class IdentityNumberInput(forms.TextInput):
    """A text input that never writes back what was typed: an identity number is not echoed into a page."""

    def format_value(self, value):
        return None


class CensusNumberForm(forms.Form):
    """The identity number a person types to be found on a round's census list (round.eligibility == "census")."""

    number = forms.CharField(
        label=_("Your CPR number"),
        max_length=40,
        help_text=_(
            "The 10 digits on your health insurance card, with or without the dash, as in 010203-1234. We use it "
            "only to find you on the list of people who may vote, and we do not keep it."
        ),
        error_messages={"required": _("Type your CPR number.")},
        widget=IdentityNumberInput(
            attrs={"autocomplete": "off", "inputmode": "numeric", "spellcheck": "false", "class": "form-input"}
        ),
    )

    def clean_number(self) -> str:
        from .eligibility.identity import is_identity_number, normalize_identity_number

        number = normalize_identity_number(self.cleaned_data["number"])
        if not is_identity_number(number):
            raise forms.ValidationError(_("Type the 10 digits of your CPR number, as in 010203-1234."), code="format")
        return number


class DistrictChoiceForm(forms.Form):
    """Which of several districts the person lives in, when what they showed does not say (a postcode that spans
    districts, or a census list without districts)."""

    district = forms.ModelChoiceField(
        label=_("The district where you live"),
        queryset=None,
        empty_label=_("Choose your district"),
        error_messages={
            "required": _("Choose the district where you live."),
            "invalid_choice": _("Choose one of the districts in the list."),
        },
    )

    def __init__(self, *args, districts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = districts
