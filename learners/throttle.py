"""Limits on what sends email or creates accounts (sign-up, password reset), per client address
and per email address.

Counted in the database (`ThrottleEvent`), not the cache: the limit must hold in every process
and while Redis is down. Addresses and emails are stored only as keyed digests.
"""

from dataclasses import dataclass
from datetime import timedelta

from axes.helpers import get_client_ip_address
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from learners.models import ThrottleEvent


@dataclass(frozen=True)
class Limit:
    per_address: int
    per_email: int
    window: timedelta


LIMITS = {
    # A household or an office shares an address: room for several people; one mailbox gets
    # a few emails an hour at most, whoever asks.
    "signup": Limit(per_address=10, per_email=3, window=timedelta(hours=1)),
    "password_reset": Limit(per_address=10, per_email=3, window=timedelta(hours=1)),
}


def _digest(value: str) -> str:
    return salted_hmac("careerhub.throttle", value, algorithm="sha256").hexdigest()


def client_address(request) -> str:
    """The client's address as login throttling sees it (django-ipware, behind the proxies)."""
    return get_client_ip_address(request) or "unknown"


def allow(*, action: str, address: str, email: str) -> bool:
    """Count one `action` for this address and email; False (and nothing counted) if either
    has reached its limit within the window."""
    limit = LIMITS[action]
    now = timezone.now()
    since = now - limit.window
    keys = [
        (f"{action}:address", _digest(address), limit.per_address),
        (f"{action}:email", _digest(email.strip().lower()), limit.per_email),
    ]
    with transaction.atomic():
        # Events older than the window count for nothing: drop them, whichever key they belong
        # to (a key never seen again would otherwise keep its rows for ever).
        ThrottleEvent.objects.filter(
            scope__in=[scope for scope, _, _ in keys], created_at__lt=since
        ).delete()
        for scope, key, most in keys:
            if ThrottleEvent.objects.filter(scope=scope, key=key).count() >= most:
                return False
        ThrottleEvent.objects.bulk_create(
            [ThrottleEvent(scope=scope, key=key, created_at=now) for scope, key, _ in keys]
        )
    return True
