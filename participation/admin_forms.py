"""Forms for what case officers do in the Wagtail admin. They only collect input: the services decide.

A service's `ValidationError` is put back on the form (`add_service_errors`), on the field its code
names, so the officer sees the service's own message next to what they typed.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from . import selectors
from .models import AnswerStatus, Idea


def add_service_errors(form: forms.Form, error: ValidationError, *, fields: dict[str | None, str | None]) -> None:
    """Attach a service's errors to the form: `fields` maps an error code to a field name (None: the whole form)."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
        return
    for item in error.error_list:
        form.add_error(fields.get(item.code, fields.get(None)), item)


class ConfirmForm(forms.Form):
    """Approving asks for nothing but the click."""


class HideForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for hiding"),
        help_text=_("The author sees this reason. Write it so that they understand what to change."),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=1000,
        required=False,  # the service decides, with its own message
    )


class AnswerForm(forms.Form):
    status = forms.ChoiceField(label=_("Answer status"), choices=AnswerStatus.choices, widget=forms.RadioSelect)
    text = forms.CharField(
        label=_("Answer"),
        help_text=_("Shown to everyone on the idea's page. If the idea is not possible, say why."),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,  # needed for "Not possible" only: the service decides
    )
    administration = forms.ModelChoiceField(
        label=_("Answering administration"),
        help_text=_("The answer is signed by the administration, never by a person."),
        queryset=None,
    )

    def __init__(self, *args, idea: Idea, **kwargs):
        super().__init__(*args, **kwargs)
        administrations = selectors.answering_administrations()
        self.fields["administration"].queryset = administrations
        if not self.is_bound and "administration" not in self.initial:
            # The idea's earlier answer, else the project's owner, in the language answers are signed in.
            owner = idea.answer_administration or idea.project.administration
            if owner is not None:
                self.initial["administration"] = (
                    administrations.filter(translation_key=owner.translation_key).values_list("pk", flat=True).first()
                )


class IdeaChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Idea) -> str:
        created = date_format(timezone.localtime(obj.created_at), "SHORT_DATE_FORMAT")
        return _("%(title)s (no. %(number)s, %(date)s)") % {"title": obj.title, "number": obj.pk, "date": created}


class MergeForm(forms.Form):
    keep = IdeaChoiceField(
        label=_("Idea to keep"),
        help_text=_(
            "This idea is merged into the one you choose: it then points there, and its supports move with it."
        ),
        queryset=None,
        empty_label=_("Choose an idea"),
    )

    def __init__(self, *args, idea: Idea, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["keep"].queryset = selectors.merge_candidates(idea=idea)
