"""Forms of the local committees' screens in Wagtail admin. They collect input; `services.committees` decides,
and its errors come back on the form (`add_service_errors`) with what was typed."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from .models import CommitteeMembership, CommitteeRole, DecisionKind


class DecisionForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Decision"),
        choices=DecisionKind.choices,
        widget=forms.RadioSelect,
        required=False,  # the service decides, with its own message
    )
    changes = forms.CharField(
        label=_("Changes"),
        help_text=_("Public. Which changes the approval comes with. Only for “Approved with changes”."),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=3000,
        required=False,
    )
    reason = forms.CharField(
        label=_("Reason"),
        help_text=_("Public. Why the committee decided so; when referring back, what should change."),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=3000,
        required=False,
    )


class ConflictForm(forms.Form):
    conflict_reason = forms.CharField(
        label=_("Your interest (optional)"),
        help_text=_("Public. For example: “My association applied for the money.”"),
        max_length=500,
        required=False,
    )


class MembershipCreateForm(WagtailAdminModelForm):
    """A new member: the committee, the person's e-mail address (they need an account) and the role."""

    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("The e-mail address of the person's account on the site. They must have signed up first."),
    )

    class Meta:
        model = CommitteeMembership
        fields = ["committee", "email", "role"]

    def clean_email(self):
        email = self.cleaned_data["email"]
        user = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise forms.ValidationError(
                _("No one has an account with this e-mail address. Ask them to sign up on the site first.")
            )
        self.cleaned_data["user"] = user
        return email


class MembershipEditForm(WagtailAdminModelForm):
    """A member's role. To move someone to another committee, remove them and add them there."""

    class Meta:
        model = CommitteeMembership
        fields = ["role"]
        widgets = {"role": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = CommitteeRole.choices
