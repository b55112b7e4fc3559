from django import forms
from django.utils.translation import gettext_lazy as _

REMOVE, KEEP = "remove", "keep"


class AccountDeleteForm(forms.Form):
    """The person chooses what happens to their ideas and comments, and shows it is them: their password, or (for an
    account without one) their e-mail address typed out."""

    contributions = forms.ChoiceField(
        label=_("Your ideas and comments"),
        choices=[
            (REMOVE, _("Remove them")),
            (KEEP, _("Keep them on the site, shown as written by “deleted user”")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what happens to your ideas and comments.")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if user.has_usable_password():
            self.fields["password"] = forms.CharField(
                label=_("Your password"),
                strip=False,
                widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
                error_messages={"required": _("Type your password to delete your account.")},
            )
        else:
            self.fields["email"] = forms.CharField(
                label=_("Type your e-mail address to confirm"),
                widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
                error_messages={"required": _("Type your e-mail address to delete your account.")},
            )

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is not right."), code="password")
        return password

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip()
        if email.casefold() != self.user.email.casefold():
            raise forms.ValidationError(_("This is not the e-mail address of your account."), code="email")
        return email

    @property
    def keep_contributions(self) -> bool:
        return self.cleaned_data["contributions"] == KEEP
