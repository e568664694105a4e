from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from .models import User


class SignInForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    error_messages = {
        "invalid_login": _("The e-mail address or the password is not correct."),
        "inactive": _("This account is inactive."),
    }


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "language"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Each language by its own name, so a user can find theirs whatever is shown now.
        self.fields["language"].choices = [
            ("", _("Same as my browser")),
            ("en", "English"),
            ("de", "Deutsch"),
        ]
