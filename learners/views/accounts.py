"""Sign-up, log-in, log-out, password change and reset, and the learner's settings page.

Every view here acts on request.user only: no ids in the URLs.
"""

import copy
import logging
import smtplib

from django.contrib import messages
from django.contrib.auth import get_user_model, login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.mail import send_mail
from django.db import IntegrityError
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse, reverse_lazy
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from learners import throttle
from learners.account_actions import (
    confirm_signup,
    end_sessions,
    never_confirmed,
    signup_tokens,
    start_signup,
    update_account,
)
from learners.account_forms import (
    HANDLE_TAKEN,
    AccountSettingsForm,
    ConfirmSignupForm,
    EmailAuthenticationForm,
    PasswordOnlyChangeForm,
    PasswordOnlySetForm,
    SignupForm,
)

User = get_user_model()
logger = logging.getLogger(__name__)
MAIL_DOWN = (
    "We could not send the confirmation email just now. Nothing is lost: please try again in "
    "a few minutes."
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
password_reset_done = auth_views.PasswordResetDoneView.as_view()
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    form_class=PasswordOnlySetForm,
    success_url=reverse_lazy("accounts:password_reset_complete"),
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view()


def too_many(request):
    """The answer when a sign-up or reset is over its limit (learners/throttle.py)."""
    return render(request, "registration/throttled.html", status=429)


class ThrottledPasswordResetView(auth_views.PasswordResetView):
    """Django's reset view, limited per address and per email (counted whether or not the
    email has an account, so the limit tells nobody which emails do)."""

    def form_valid(self, form):
        email = form.cleaned_data["email"]
        if not throttle.allow(
            action="password_reset", address=throttle.client_address(self.request), email=email
        ):
            return too_many(self.request)
        opts = {
            "use_https": self.request.is_secure(),
            "token_generator": self.token_generator,
            "from_email": self.from_email,
            "email_template_name": self.email_template_name,
            "subject_template_name": self.subject_template_name,
            "request": self.request,
            "html_email_template_name": self.html_email_template_name,
            "extra_email_context": self.extra_email_context,
        }
        # The account lookup and the mail wait until the answer has gone out: the server calls
        # close() after sending the body, so the answer takes the same time whether or not the
        # email has an account (a slow relay made it 212 ms against 9 ms).
        return RedirectThen(self.get_success_url(), after=lambda: _send_reset_mail(form, opts))


class RedirectThen(HttpResponseRedirect):
    """A redirect that runs `after` once the server has sent it (WSGI servers call close()
    after the last byte), once."""

    def __init__(self, url: str, *, after):
        super().__init__(url)
        self.after = after

    def close(self):
        # Before Django's own close(): it ends the request (request_finished closes the database
        # connection), and `after` still needs the database.
        after, self.after = self.after, None
        try:
            if after is not None:
                after()
        finally:
            super().close()


def _send_reset_mail(form, opts) -> None:
    try:
        form.save(**opts)
    except Exception:
        logger.exception("The password reset mail could not be sent")


password_reset = ThrottledPasswordResetView.as_view(
    success_url=reverse_lazy("accounts:password_reset_done"),
    email_template_name="registration/password_reset_email.html",
    subject_template_name="registration/password_reset_subject.txt",
)


def send_signup_email(request, *, user, state: str) -> None:
    """The confirmation link, or (the email has an account already) a note to its owner."""
    context = {
        "email": user.email,
        "protocol": request.scheme,
        "domain": request.get_host(),
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": signup_tokens.make_token(user) if state != "active" else "",
    }
    if state == "active":
        subject, template = "Your careerhub account", "registration/signup_exists_email.txt"
    else:
        subject, template = "Confirm your careerhub account", "registration/signup_email.txt"
    send_mail(subject, render_to_string(template, context), None, [user.email])


@sensitive_post_parameters("password1", "password2")
@csrf_protect
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect("learners:dashboard")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        address = throttle.client_address(request)
        if not throttle.allow(action="signup", address=address, email=email):
            return too_many(request)
        try:
            user, state = start_signup(email=email, password=form.cleaned_data["password1"])
        except IntegrityError:
            form.add_error(None, "That account could not be created just now. Please try again.")
        else:
            # The same answer whether or not the email had an account.
            try:
                send_signup_email(request, user=user, state=state)
            except (smtplib.SMTPException, OSError):
                # The relay is down: say so, keep what was typed. Signing up again sends a
                # fresh link (a pending account takes the new password).
                logger.exception("The sign-up email could not be sent")
                form.add_error(None, MAIL_DOWN)
                return render(request, "registration/signup.html", {"form": form}, status=503)
            return redirect("accounts:signup_done")
    return render(request, "registration/signup.html", {"form": form})


@require_safe
def signup_done(request):
    return render(request, "registration/signup_done.html")


@sensitive_post_parameters("password", "new_password1", "new_password2")
@csrf_protect
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def signup_confirm(request, uidb64, token):
    """Confirm the email with the password chosen at sign-up, or (`?choose=1`) by choosing a
    new one, then sign in. A GET changes nothing: mail scanners open links."""
    try:
        user = User.objects.get(pk=int(urlsafe_base64_decode(uidb64).decode()))
    except (ValueError, TypeError, OverflowError, User.DoesNotExist):
        user = None
    valid = user is not None and never_confirmed(user) and signup_tokens.check_token(user, token)
    if not valid:
        return render(request, "registration/signup_confirm.html", {"validlink": False})
    choose = request.GET.get("choose") == "1"
    data = request.POST if request.method == "POST" else None
    form = PasswordOnlySetForm(user, data) if choose else ConfirmSignupForm(data, user=user)
    if data is not None and form.is_valid():
        new_password = form.cleaned_data["new_password1"] if choose else None
        if confirm_signup(user=user, password=new_password):
            login(request, user, backend=MODEL_BACKEND)
            messages.success(request, "Your email is confirmed: welcome to careerhub.")
            return redirect("learners:dashboard")
        return render(request, "registration/signup_confirm.html", {"validlink": False})
    context = {"validlink": True, "form": form, "choose": choose, "email": user.email}
    return render(request, "registration/signup_confirm.html", context)


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
