"""Forms for what became of funded proposals: the filters of "Hvad skete der?" (a GET form anyone uses) and the
case officers' forms in Wagtail admin (status and progress, and a dated update). They collect input; the
services in `services/implementation.py` decide, and their errors come back on the form."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets import AdminDateInput

from participation import photos

from .models import ImplementationStatus
from .selectors.implementation import STATES


class RoundChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.title


class WhatHappenedFilterForm(forms.Form):
    """Filters for the funded proposals: district, round and where they stand. Every field is optional; a bad
    value is ignored."""

    bydel = forms.ModelChoiceField(
        queryset=None, required=False, label=_("District"), empty_label=_("All districts"), to_field_name="slug"
    )
    runde = RoundChoiceField(queryset=None, required=False, label=_("Citizens' budget"), empty_label=_("All rounds"))
    status = forms.ChoiceField(required=False, label=_("Status"), choices=[("", _("All")), *STATES])

    def __init__(self, *args, districts, rounds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bydel"].queryset = districts
        self.fields["runde"].queryset = rounds

    def filters(self) -> dict:
        """The valid filters as `selectors.implementation.funded_proposals` takes them; a bad value counts as unset."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {"district": data.get("bydel"), "round": data.get("runde"), "state": data.get("status") or None}


class ImplementationForm(forms.Form):
    """Where the implementation stands. Done means 100 %; cancelled needs a public reason (the service decides)."""

    status = forms.ChoiceField(label=_("Status"), choices=ImplementationStatus.choices, widget=forms.RadioSelect)
    progress = forms.IntegerField(
        label=_("Progress (%)"),
        min_value=0,
        max_value=100,
        help_text=_("How far the work has come, from 0 to 100. Done is always 100."),
    )
    expected_completion = forms.DateField(
        label=_("Expected completion"), required=False, widget=AdminDateInput, help_text=_("Public.")
    )
    administration = forms.ModelChoiceField(
        label=_("Responsible administration"),
        queryset=None,
        help_text=_("Its case officers keep the implementation up to date."),
    )
    cancel_reason = forms.CharField(
        label=_("Why it was cancelled"),
        help_text=_("Public. Required when the status is cancelled."),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=3000,
        required=False,  # the service decides, with its own message
    )

    def __init__(self, *args, administrations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["administration"].queryset = administrations


class ImplementationUpdateForm(forms.Form):
    """A dated update, with an optional photo. A photo that was accepted is kept (`kept_photo`) when something
    else in the form must be corrected, so it need not be chosen again."""

    date = forms.DateField(label=_("Date"), widget=AdminDateInput, initial=timezone.localdate)
    text = forms.CharField(
        label=_("Text of the update"),
        help_text=_("Public. Plain text: what has happened, and what comes next."),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=5000,
    )
    photo = forms.FileField(
        label=_("Photo (optional)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    photo_alt = forms.CharField(
        label=_("Photo description"),
        help_text=_("What the photo shows, for those who cannot see it. Required with a photo."),
        max_length=250,
        required=False,  # the service decides, with its own message
    )
    kept_photo = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["photo"].help_text = gettext(
            "JPEG, PNG or WebP, at most %(limit)s MB. Location and camera data are removed."
        ) % {"limit": photos.MAX_UPLOAD_MB}

    def clean_photo(self):
        upload = self.cleaned_data.get("photo")
        return photos.process_upload(upload) if upload else None

    def chosen_photo(self) -> photos.ProcessedPhoto | None:
        """The new photo if one was sent, else the one kept from an earlier attempt, else None."""
        new = self.cleaned_data.get("photo")
        if new is not None:
            return new
        return photos.load_draft(self.cleaned_data.get("kept_photo") or "")
