"""Limits on what sends email, creates accounts or reads postings (sign-up, password reset, a
pasted job posting), per client address, per email address and per learner.

Counted in the database (`ThrottleEvent`), not the cache: the limit must hold in every process
and while Redis is down. Addresses and emails are stored only as keyed digests.
"""

from dataclasses import dataclass
from datetime import timedelta

from axes.helpers import get_client_ip_address
from django.db import connection, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from learners.models import ThrottleEvent


@dataclass(frozen=True)
class Limit:
    most: dict[str, int]  # what is counted (address, email, learner) -> the most in one window
    window: timedelta


LIMITS = {
    # A household or an office shares an address: room for several people; one mailbox gets
    # a few emails an hour at most, whoever asks.
    "signup": Limit(most={"address": 10, "email": 3}, window=timedelta(hours=1)),
    "password_reset": Limit(most={"address": 10, "email": 3}, window=timedelta(hours=1)),
    # Reading a posting is the dearest thing a learner can ask for: a busy job hunt pastes a
    # few an hour, never dozens.
    "job_posting": Limit(most={"learner": 20}, window=timedelta(hours=1)),
}


def _digest(value: str) -> str:
    return salted_hmac("careerhub.throttle", value, algorithm="sha256").hexdigest()


def client_address(request) -> str:
    """The client's address as login throttling sees it (django-ipware, behind the proxies)."""
    return get_client_ip_address(request) or "unknown"


def _lock(keys: list[tuple[str, str]]) -> None:
    """Serialise counting for these keys until the transaction ends, so that a check and its
    insert are one step: two requests at once never both see room for one more. PostgreSQL takes
    a transaction-level advisory lock per key (in one order, so two requests cannot deadlock);
    SQLite needs none, as its transactions start IMMEDIATE and so run one at a time."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for scope, key in sorted(keys):
            cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [scope + key])


def _count(scope: str, key: str) -> int:
    return ThrottleEvent.objects.filter(scope=scope, key=key).count()


def allow(*, action: str, **values: object) -> bool:
    """Count one `action` for each of `values` (address=, email=, learner=: as `LIMITS` names
    them); False (and nothing counted) if any has reached its limit within the window."""
    limit = LIMITS[action]
    if set(values) != set(limit.most):
        raise ValueError(f"{action} is counted by {sorted(limit.most)}, not {sorted(values)}")
    now = timezone.now()
    keys = [
        (f"{action}:{name}", _digest(str(value).strip().lower()), limit.most[name])
        for name, value in values.items()
    ]
    with transaction.atomic():
        _lock([(scope, key) for scope, key, _ in keys])
        # Events older than the window count for nothing: drop them, whichever key they belong
        # to (a key never seen again would otherwise keep its rows for ever).
        ThrottleEvent.objects.filter(
            scope__in=[scope for scope, _, _ in keys], created_at__lt=now - limit.window
        ).delete()
        if any(_count(scope, key) >= most for scope, key, most in keys):
            return False
        ThrottleEvent.objects.bulk_create(
            [ThrottleEvent(scope=scope, key=key, created_at=now) for scope, key, _ in keys]
        )
    return True
