"""What happens to a whole account: its first handle, ending its sessions, deleting it.

Plain functions with keyword-only arguments; the account views call them.
"""

import re
from importlib import import_module

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.db import IntegrityError, transaction
from django.utils.text import slugify

from learners.models import LearnerSession
from roles.models import Role

User = get_user_model()

DEFAULT_TARGET_ROLE_SLUG = "machine-learning-engineer"
HANDLE_MAX_LENGTH = 30


def handle_base(email: str) -> str:
    """A handle-shaped slug from the email's local part: `Ada.Lovelace+x@…` → `ada-lovelace-x`."""
    local = email.split("@", 1)[0]
    base = re.sub(r"[^a-z0-9-]+", "-", slugify(local.replace(".", "-").replace("_", "-")))
    base = re.sub(r"-{2,}", "-", base).strip("-")[: HANDLE_MAX_LENGTH - 4].strip("-")
    if len(base) < 3:
        base = f"learner-{base}".strip("-") if base else "learner"
    return base


def free_handle(email: str) -> str:
    """The first free handle for this email: the base, else the base with digits appended."""
    base = handle_base(email)
    taken = {
        h.lower()
        for h in User.objects.filter(handle__istartswith=base).values_list("handle", flat=True)
    }
    if base not in taken:
        return base
    n = 2
    while f"{base}{n}" in taken:
        n += 1
    return f"{base}{n}"


def default_target_role() -> Role | None:
    return Role.objects.published().filter(slug=DEFAULT_TARGET_ROLE_SLUG).first()


def update_account(*, user, values: dict) -> bool:
    """Write `values` (only the fields that changed) to the user's row; False if it is gone.

    One UPDATE of those columns: a concurrent password change, privacy change or deletion is
    never undone by writing back what this request loaded, and a deleted row is not re-inserted.
    An `IntegrityError` (a handle claimed at the same moment) is the caller's to answer.
    """
    if not values:
        return User.objects.filter(pk=user.pk).exists()
    with transaction.atomic():
        updated = User.objects.filter(pk=user.pk).update(**values)
    for name, value in values.items():
        setattr(user, name, value)
    return updated == 1


class SignupTokenGenerator(PasswordResetTokenGenerator):
    """Links that confirm a sign-up: valid while the account has never been used. Confirming
    signs in, which sets `last_login`: from then on the link is dead for good, so an account an
    administrator deactivates later cannot be reactivated through its old link."""

    key_salt = "careerhub.account_actions.SignupTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        login = "" if user.last_login is None else user.last_login.replace(microsecond=0)
        return f"{user.pk}{user.password}{user.is_active}{login}{timestamp}{user.email}"


def never_confirmed(user) -> bool:
    """An account waiting for its email: inactive and never signed in."""
    return not user.is_active and user.last_login is None


signup_tokens = SignupTokenGenerator()


def start_signup(*, email: str, password: str) -> tuple[User, str]:
    """Create an account waiting for its email to be confirmed, and say which case it was.

    "new": created, not active until its link is followed. "pending": an unconfirmed account
    had this email; nothing changes (its password stays: a stranger signing up again with
    someone's email must not choose the password that account will have) and a fresh link is
    sent. "active": the email belongs to an account already; nothing changes and its owner is
    told by email. The caller answers the same in all three cases.
    """
    hashed = make_password(password)  # in every case, so no case answers faster
    existing = User.objects.filter(email=email).first()
    if existing is None:
        user = User(
            email=email,
            password=hashed,
            handle=free_handle(email),
            target_role=default_target_role(),
            is_active=False,
        )
        try:
            with transaction.atomic():
                user.save()
        except IntegrityError:
            existing = User.objects.filter(email=email).first()
            if existing is None:
                raise  # the handle was taken at the same moment: the caller asks to try again
        else:
            return user, "new"
    if never_confirmed(existing):
        return existing, "pending"
    return existing, "active"


def confirm_signup(*, user, password: str | None = None) -> bool:
    """Activate an account that was never confirmed, whose owner just proved the password (or,
    with `password`, chose a new one: the hash is set in the same statement). False if it was
    confirmed, active or used already (a deactivated account stays deactivated)."""
    values = {"is_active": True}
    if password is not None:
        values["password"] = make_password(password)
    activated = (
        User.objects.filter(pk=user.pk, is_active=False, last_login__isnull=True).update(**values)
        == 1
    )
    if activated:
        for name, value in values.items():
            setattr(user, name, value)
    return activated


def sessions_of(user) -> list[str]:
    """Keys of every database session (expired ones too) signed in as `user`: one index lookup
    on the session's user column (learners/sessions), whatever the number of sessions."""
    return list(
        LearnerSession.objects.filter(user_id=user.pk).values_list("session_key", flat=True)
    )


def end_sessions(*, user) -> int:
    """End every session of `user` (on every device). Returns how many ended.

    Through the session engine, so that a copy the engine keeps in the cache (`cached_db`, used
    with Redis) goes with the database row.
    """
    keys = sessions_of(user)
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    for key in keys:
        store.delete(key)
    return len(keys)


@transaction.atomic
def delete_account(*, user) -> None:
    """Delete the learner, every record they made, their sessions and their login-throttle rows.

    Records cascade from the user (skills, certifications, projects and their skills, education,
    snapshots); history rows written by the learner keep no link (SET_NULL). The user's row is
    locked first, as every write of the learner's does: a write in another tab finishes before
    the deletion collects what to delete, or waits and then finds nothing.
    """
    User.objects.select_for_update().filter(pk=user.pk).exists()
    end_sessions(user=user)
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        model.objects.filter(username__iexact=user.email).delete()
    user.delete()
