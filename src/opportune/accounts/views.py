from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import services
from .forms import PasswordChangeForm, PreferencesForm, SignInForm


class SignInView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = PasswordChangeForm
    success_url = reverse_lazy("accounts:preferences")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}

    def form_valid(self, form):
        messages.success(self.request, gettext_lazy("Your password has been changed."))
        return super().form_valid(form)


@login_required
def preferences(request):
    form = PreferencesForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user = services.preferences_update(user=request.user, **form.cleaned_data)
        # Confirm in the language just chosen.
        translation.activate(user.language or translation.get_language_from_request(request))
        messages.success(request, _("Your preferences have been saved."))
        return redirect("accounts:preferences")
    return render(request, "accounts/preferences.html", {"form": form})
