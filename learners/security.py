"""Security events, logged to "careerhub.security": failed logins and lockouts.

One line per event, with the address and a masked email; never a password.
"""

import logging

logger = logging.getLogger("careerhub.security")


def mask_email(value: object) -> str:
    """Keep enough of an email to correlate events without writing it out in full."""
    text = str(value or "")[:254]
    local, at, domain = text.partition("@")
    if not at:
        return (text[:1] + "***") if text else "(none)"
    return f"{local[:1]}***@{domain}"


def client_ip(request) -> str:
    if request is None:
        return "(unknown)"
    return getattr(request, "axes_ip_address", None) or request.META.get("REMOTE_ADDR", "(unknown)")


def log_login_failed(sender, credentials=None, request=None, **kwargs):
    credentials = credentials or {}
    email = credentials.get("username") or credentials.get("email")
    logger.warning("login failed for email=%s ip=%s", mask_email(email), client_ip(request))


def log_locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
    logger.warning(
        "login locked out for email=%s ip=%s",
        mask_email(username),
        ip_address or client_ip(request),
    )


def connect_receivers() -> None:
    from axes.signals import user_locked_out
    from django.contrib.auth.signals import user_login_failed

    user_login_failed.connect(log_login_failed, dispatch_uid="careerhub.security.login_failed")
    user_locked_out.connect(log_locked_out, dispatch_uid="careerhub.security.locked_out")
