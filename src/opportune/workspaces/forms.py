from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from opportune.core.forms import Form, ModelForm, SingleLineCharField

from .models import Membership, Role, Workspace


class WorkspaceForm(ModelForm):
    class Meta:
        model = Workspace
        fields = ["name"]


class MemberInviteForm(Form):
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.MEMBER)


class MemberRoleForm(ModelForm):
    class Meta:
        model = Membership
        fields = ["role"]


class InvitationAcceptForm(Form):
    full_name = SingleLineCharField(label=_("Your name"), max_length=150)
    # Kept as typed, spaces around included, as sign-in and Django's password forms keep them.
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Password (again)"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str, **kwargs):
        self.email = email
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords do not match."))
        elif first:
            from opportune.accounts.models import User

            probe = User(email=self.email, full_name=cleaned.get("full_name", ""))
            try:
                password_validation.validate_password(first, probe)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned
