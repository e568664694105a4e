from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from opportune.core.forms import EchoLimitMixin, ModelForm

from .models import User


class SignInForm(EchoLimitMixin, AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    error_messages = {
        "invalid_login": _("The e-mail address or the password is not correct."),
        "inactive": _("This account is inactive."),
    }


class PasswordChangeForm(EchoLimitMixin, auth_forms.PasswordChangeForm):
    """Checks the old password through authenticate(), so wrong guesses count towards the lock."""

    def __init__(self, user, *args, request, **kwargs):
        self.request = request
        super().__init__(user, *args, **kwargs)

    def clean_old_password(self):
        old_password = self.cleaned_data["old_password"]
        if authenticate(self.request, username=self.user.email, password=old_password) != self.user:
            raise forms.ValidationError(
                self.error_messages["password_incorrect"], code="password_incorrect"
            )
        return old_password


class PreferencesForm(ModelForm):
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
