"""Forms for the learner's account: sign-up, log-in by email, settings, and account deletion."""

from django import forms
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.forms import (
    AuthenticationForm,
    BaseUserCreationForm,
    PasswordChangeForm,
    SetPasswordForm,
)
from django.core.exceptions import ValidationError

from learners.models import handle_validator
from roles.models import Role

User = get_user_model()


def normalise_email(value: str) -> str:
    """Emails are stored and compared in lower case, without surrounding spaces."""
    return (value or "").strip().lower()


HANDLE_TAKEN = "That handle is taken. Try another."


class PasswordOnlySave:
    """Write the new password's hash and nothing else: saving the whole row as this request
    loaded it would undo a privacy change (or anything else) made meanwhile, and would re-insert
    an account deleted meanwhile."""

    def save(self, commit=True):
        user = super().save(commit=False)
        if commit:
            User.objects.filter(pk=user.pk).update(password=user.password)
        return user


class PasswordOnlyChangeForm(PasswordOnlySave, PasswordChangeForm):
    pass


class PasswordOnlySetForm(PasswordOnlySave, SetPasswordForm):
    pass


class ConfirmSignupForm(forms.Form):
    """Confirming an email proves the password too: the account is activated only by someone who
    holds the link AND knows the password it was created with (a repeat sign-up by someone else
    never changes that password). Whoever holds the link but not the password chooses a new one
    instead (`PasswordOnlySetForm`): holding the link proves the mailbox."""

    password = forms.CharField(
        label="The password you chose",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data.get("password", "")
        if not self.user.check_password(password):
            raise ValidationError(
                "That is not the password this account was created with. If you signed up more "
                "than once, it is the first one; or choose a new password below.",
                code="password_incorrect",
            )
        return password


class SignupForm(BaseUserCreationForm):
    """Email and password. The password validators from settings run on `password2`."""

    class Meta:
        model = User
        fields = ("email",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        email = self.fields["email"]
        email.label = "Email"
        email.widget.attrs.update({"autocomplete": "email", "autofocus": True})
        self.fields[
            "password1"
        ].help_text = (
            "At least 8 characters. Long passphrases are welcome; common passwords are refused."
        )

    def clean_email(self):
        return normalise_email(self.cleaned_data.get("email", ""))

    # A taken email is not an error here: sign-up answers the same either way and the owner
    # gets an email instead (learners/account_actions.py `start_signup`), so the form never
    # tells anyone which addresses have accounts. The database still enforces uniqueness.
    def validate_unique(self):
        pass

    def validate_constraints(self):
        pass


class EmailAuthenticationForm(AuthenticationForm):
    """Log in with email. The field keeps Django's name `username` (django-axes reads it)."""

    username = forms.CharField(
        label="Email",
        max_length=254,
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "That email and password do not match an account.",
    }

    def clean_username(self):
        return normalise_email(self.cleaned_data.get("username", ""))


class AccountSettingsForm(forms.ModelForm):
    """The learner's own profile fields."""

    target_role = forms.ModelChoiceField(
        queryset=Role.objects.published(),
        required=False,
        empty_label="No target role yet",
        to_field_name="pk",
    )

    class Meta:
        model = User
        fields = ("display_name", "handle", "headline", "target_role", "weekly_hours", "is_public")
        labels = {
            "display_name": "Display name",
            "handle": "Handle",
            "headline": "Headline",
            "target_role": "Target role",
            "weekly_hours": "Hours a week for learning",
            "is_public": "Make my profile public",
        }
        # Crispy renders help texts as HTML, so none of them may contain markup-like text.
        help_texts = {
            "handle": "Your public address, /u/your-handle/: 3–30 lower-case letters, digits "
            "and hyphens.",
            "headline": "One line about you, shown on your public profile (140 characters).",
            "is_public": "Anyone with the link can see your profile: headline, target role, "
            "readiness, skills, certifications, projects and education. Never your email or "
            "notes.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["display_name"].widget.attrs["autocomplete"] = "nickname"
        self.fields["handle"].widget.attrs.update(
            {"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"}
        )
        self.fields["headline"].widget.attrs["autocomplete"] = "off"
        self.fields["weekly_hours"].widget.attrs.update({"min": 1, "max": 80})

    def clean_handle(self):
        handle = (self.cleaned_data.get("handle") or "").strip().lower()
        if not handle:
            return None
        handle_validator(handle)
        taken = User.objects.filter(handle__iexact=handle).exclude(pk=self.instance.pk)
        if taken.exists():
            raise ValidationError(HANDLE_TAKEN, code="handle_taken")
        return handle

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("is_public") and not cleaned.get("handle") and "handle" not in self.errors:
            self.add_error(
                "handle", "A public profile needs a handle: it is the profile's address."
            )
        return cleaned


class DeleteAccountForm(forms.Form):
    """Asks for the password again before the account and every record are deleted.

    The check goes through `authenticate`, so django-axes counts wrong passwords here as it does
    at log-in: someone guessing on a stolen session is locked out like any other guesser.
    """

    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, request, **kwargs):
        self.request = request
        self.user = request.user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data.get("password", "")
        confirmed = authenticate(self.request, username=self.user.email, password=password)
        if confirmed is None or confirmed.pk != self.user.pk:
            raise ValidationError("That password is not correct.", code="password_incorrect")
        return password
