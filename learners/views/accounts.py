"""Sign-up, log-in, log-out, password change and reset, and the learner's settings page.

Every view here acts on request.user only: no ids in the URLs.
"""

import copy

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from learners.account_actions import (
    default_target_role,
    end_sessions,
    free_handle,
    update_account,
)
from learners.account_forms import (
    HANDLE_TAKEN,
    AccountSettingsForm,
    EmailAuthenticationForm,
    PasswordOnlyChangeForm,
    PasswordOnlySetForm,
    SignupForm,
)

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"

login_view = auth_views.LoginView.as_view(
    authentication_form=EmailAuthenticationForm,
    redirect_authenticated_user=True,
)
logout_view = auth_views.LogoutView.as_view()
password_change = auth_views.PasswordChangeView.as_view(
    form_class=PasswordOnlyChangeForm,
    success_url=reverse_lazy("accounts:password_change_done"),
)
password_change_done = auth_views.PasswordChangeDoneView.as_view()
password_reset = auth_views.PasswordResetView.as_view(
    success_url=reverse_lazy("accounts:password_reset_done"),
    email_template_name="registration/password_reset_email.html",
    subject_template_name="registration/password_reset_subject.txt",
)
password_reset_done = auth_views.PasswordResetDoneView.as_view()
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    form_class=PasswordOnlySetForm,
    success_url=reverse_lazy("accounts:password_reset_complete"),
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view()


@sensitive_post_parameters("password1", "password2")
@csrf_protect
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect("learners:dashboard")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save(commit=False)
        user.handle = free_handle(user.email)
        user.target_role = default_target_role()
        try:
            with transaction.atomic():
                user.save()
        except IntegrityError:
            # Someone took this email or handle between the check and the save.
            form.add_error(None, "That account could not be created just now. Please try again.")
        else:
            login(request, user, backend=MODEL_BACKEND)
            return redirect("learners:dashboard")
    return render(request, "registration/signup.html", {"form": form})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def account_settings(request):
    # The form edits a copy, so a rejected value never shows up as if it were saved.
    form = AccountSettingsForm(request.POST or None, instance=copy.copy(request.user))
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in form.changed_data}
        try:
            saved = update_account(user=request.user, values=values)
        except IntegrityError:
            # Someone claimed the same handle between the form's check and this write.
            form.add_error("handle", HANDLE_TAKEN)
        else:
            if not saved:  # the account was deleted meanwhile
                logout(request)
                return redirect("accounts:login")
            messages.success(request, "Your settings are saved.")
            return redirect("accounts:settings")
    account = request.user
    public_url = None
    if account.is_public and account.handle:
        public_url = request.build_absolute_uri(
            reverse("accounts:profile", kwargs={"handle": account.handle})
        )
    context = {"form": form, "account": account, "public_url": public_url}
    return render(request, "learners/settings.html", context)


@require_POST
@login_required
def logout_everywhere(request):
    """End every session of this learner, this one included."""
    end_sessions(user=request.user)
    logout(request)
    messages.success(request, "You are logged out on every device.")
    return redirect("accounts:login")
