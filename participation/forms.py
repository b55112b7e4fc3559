import math

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import geocoding, photos, services
from .models import AnswerStatus, Category, Comment, LocationMode, Report


class CommentForm(forms.ModelForm):
    # The comment a reply answers, from a hidden input the page fills in. A value that is not a comment's id is
    # treated like the id of a comment that is gone (the comment is not a reply): an error on a hidden input
    # would send the form back with nothing on the page to say what was wrong.
    parent = forms.Field(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Comment
        fields = ["text"]
        labels = {"text": _("Your comment")}
        widgets = {"text": forms.Textarea(attrs={"rows": 4, "maxlength": 2000})}

    def clean_parent(self) -> int | None:
        value = str(self.cleaned_data.get("parent") or "").strip()
        return int(value) if value.isascii() and value.isdigit() and 0 < int(value) < 2**63 else None


class ReportForm(forms.ModelForm):
    class Meta:
        model = Report
        fields = ["reason"]
        labels = {"reason": _("Why are you reporting this?")}
        help_texts = {"reason": _("A moderator reads every report. Your name is not shown to the author.")}
        widgets = {"reason": forms.Textarea(attrs={"rows": 3, "maxlength": 1000})}


class IdeaFilterForm(forms.Form):
    """Filters and sorting for a project's idea list. Every field is optional; a bad value is ignored."""

    bydel = forms.ModelChoiceField(
        queryset=None, required=False, label=_("District"), empty_label=_("All districts"), to_field_name="slug"
    )
    kategori = forms.ModelChoiceField(
        queryset=None, required=False, label=_("Category"), empty_label=_("All categories")
    )
    svar = forms.ChoiceField(required=False, label=_("Answer"))
    sorter = forms.ChoiceField(
        required=False,
        label=_("Sort by"),
        choices=[
            ("nyeste", _("Newest")),
            ("mest-stoettet", _("Most supported")),
            ("mest-debatteret", _("Most discussed")),
        ],
    )

    def __init__(self, *args, project, **kwargs):
        from maps.models import District

        super().__init__(*args, **kwargs)
        districts = list(project.districts.all())
        self.fields["bydel"].queryset = (
            District.objects.filter(pk__in=[d.pk for d in districts]) if districts else District.objects.all()
        )
        self.fields["kategori"].queryset = project.idea_categories.all()
        if not self.fields["kategori"].queryset.exists():
            del self.fields["kategori"]
        self.fields["svar"].choices = [
            ("", _("All")),
            ("unanswered", _("Not answered yet")),
            *AnswerStatus.choices,
        ]

    def clean(self):
        data = super().clean()
        return {
            "district": data.get("bydel"),
            "category": data.get("kategori"),
            "status": data.get("svar") or None,
            "sort": data.get("sorter") or "nyeste",
        }


class PlainTextField(forms.CharField):
    """Text whose line breaks count as one character each, as the browser counts them (not CR LF)."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n").replace("\r", "\n")


class IdeaForm(forms.Form):
    """A citizen's idea for a project.

    The place comes from the pin map's hidden latitude/longitude inputs; without a pin, the typed
    address is looked up with the geocoder. Either way the point must lie in the project's area
    (`services.locate`), which is checked here so that a visitor who still has to sign in hears about
    it first. District and local committee are never read from the form. `photo` is cleaned into a
    `photos.ProcessedPhoto` (checked by content, metadata removed, resized).
    """

    title = forms.CharField(
        label=_("Title"),
        max_length=120,
        help_text=_("A short name for your idea (at most 120 characters)."),
    )
    description = PlainTextField(
        label=_("Describe your idea"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What would you like to happen, and why? At most 3,000 characters; line breaks are kept."),
    )
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=Category.objects.none(),
        required=False,
        empty_label=_("Choose a category"),
        error_messages={"invalid_choice": _("Choose one of the project's categories.")},
    )
    address = forms.CharField(
        label=_("Address or place"),
        max_length=200,
        required=False,
        help_text=_("A street and house number, or the name of a square, park or station."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    # Plain fields, not CharFields: their hidden inputs can show no error (such as CharField's refusal of NUL),
    # and a value that is not a point counts as no pin (`_point`).
    latitude = forms.Field(required=False, widget=forms.HiddenInput)
    longitude = forms.Field(required=False, widget=forms.HiddenInput)
    photo = forms.FileField(
        label=_("Photo"),
        required=False,
        help_text=_(
            "A JPEG, PNG or WebP image of at most 10 MB. We remove the location and other hidden details "
            "from the photo before anyone sees it."
        ),
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    remove_photo = forms.BooleanField(label=_("Remove the photo"), required=False)

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.project = project
        self.district = self.committee = None
        categories = project.idea_categories.all()
        if categories.exists():
            self.fields["category"].queryset = categories
        else:
            del self.fields["category"]
        if project.location_mode == LocationMode.NONE:
            for name in ("address", "latitude", "longitude"):
                del self.fields[name]

    @property
    def asks_location(self) -> bool:
        return "address" in self.fields

    def clean_photo(self):
        upload = self.cleaned_data.get("photo")
        return photos.process_upload(upload) if upload else None

    def clean(self):
        data = super().clean()
        if not self.asks_location:
            return data
        latitude, longitude = _point(data.get("latitude"), data.get("longitude"))
        address = (data.get("address") or "").strip()
        if latitude is None and address:
            places = geocoding.geocode(address, limit=1)
            if not places:
                self.add_error(
                    "address",
                    ValidationError(
                        _("We could not find “%(address)s”. Check the spelling, or place the pin on the map."),
                        code="address_not_found",
                        params={"address": address},
                    ),
                )
                return data
            latitude, longitude = places[0].lat, places[0].lon
        if latitude is None and self.project.location_mode == LocationMode.REQUIRED:
            self.add_error(
                "address",
                ValidationError(
                    _("Tell us where the idea belongs: place the pin on the map, or type an address."),
                    code="location_required",
                ),
            )
            return data
        try:
            self.district, self.committee = services.locate(
                project=self.project, latitude=latitude, longitude=longitude
            )
        except ValidationError as error:
            self.add_error("address", error)
        data["latitude"], data["longitude"] = latitude, longitude
        return data


def _point(latitude: str | None, longitude: str | None) -> tuple[float | None, float | None]:
    """The pin from the hidden inputs, or (None, None) when there is none or it is not a valid point."""
    try:
        lat, lon = float(latitude or ""), float(longitude or "")
    except ValueError:
        return None, None
    if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
        return None, None
    return lat, lon


class IdeaEditForm(forms.Form):
    """The author's correction of an idea's title and text."""

    title = forms.CharField(label=_("Title"), max_length=120)
    description = forms.CharField(
        label=_("Describe your idea"), max_length=3000, widget=forms.Textarea(attrs={"rows": 8})
    )
