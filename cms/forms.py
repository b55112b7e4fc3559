from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from participation.models import PhaseType, find_overlaps


class ProjectPageForm(WagtailAdminPageForm):
    """Refuses phases whose dates overlap: a project is in one phase at a time."""

    def clean(self):
        cleaned_data = super().clean()
        formset = self.formsets.get("phases")
        if formset is None or not formset.is_valid():
            return cleaned_data
        rows = [form for form in formset.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")]
        dated = [(form.cleaned_data["start"], form.cleaned_data["end"]) for form in rows]
        for i, j in find_overlaps(dated):
            first, second = rows[i].cleaned_data, rows[j].cleaned_data
            message = gettext(
                "The phases “%(first)s” (%(first_start)s – %(first_end)s) and “%(second)s” "
                "(%(second_start)s – %(second_end)s) overlap. A project is in one phase at a time: "
                "let one phase end before the next begins."
            ) % {
                "first": first["title"],
                "first_start": date_format(first["start"]),
                "first_end": date_format(first["end"]),
                "second": second["title"],
                "second_start": date_format(second["start"]),
                "second_end": date_format(second["end"]),
            }
            self.add_error(None, message)
            rows[j].add_error("start", message)
        return cleaned_data


class ProjectFilterForm(forms.Form):
    """The filters on the project index. Every field is optional; bad values are ignored."""

    bydel = forms.ModelChoiceField(
        queryset=None, required=False, label=_("District"), empty_label=_("All districts"), to_field_name="slug"
    )
    forvaltning = forms.ModelChoiceField(
        queryset=None, required=False, label=_("Administration"), empty_label=_("All administrations")
    )
    fase = forms.ChoiceField(required=False, label=_("Current phase"))

    def __init__(self, *args, locale=None, **kwargs):
        from maps.models import District

        from .models import Administration

        super().__init__(*args, **kwargs)
        self.fields["bydel"].queryset = District.objects.all()
        administrations = Administration.objects.all()
        if locale is not None:
            administrations = administrations.filter(locale=locale)
        self.fields["forvaltning"].queryset = administrations
        self.fields["fase"].choices = [("", _("All phases")), *PhaseType.choices]

    def clean(self):
        data = super().clean()
        return {
            "district": data.get("bydel"),
            "administration": data.get("forvaltning"),
            "phase_type": data.get("fase") or None,
        }
