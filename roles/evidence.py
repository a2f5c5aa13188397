"""What counts as evidence: links someone else can open and check.

Pure functions, no database. A certification's verification link counts only on that
certification's own verification hosts, over https; a project counts when its repository lives on
a public code host or it has an https demo. Anything else is still recorded and shown, but counts
as a self-rating.
"""

from collections.abc import Iterable
from urllib.parse import urlsplit

# Public code hosts whose repository pages anyone can open without an account.
PUBLIC_CODE_HOSTS = frozenset(
    {"github.com", "gitlab.com", "codeberg.org", "bitbucket.org", "huggingface.co"}
)


def https_host(url: str | None) -> str | None:
    """The lower-cased host of an https URL, or None for anything else.

    Rejects other schemes, user info (``https://github.com@evil.example``), ports other than 443
    and malformed URLs. A trailing dot (``github.com.``) is dropped.
    """
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    if parts.scheme.lower() != "https" or parts.username is not None or parts.password is not None:
        return None
    if port not in (None, 443):
        return None
    host = (parts.hostname or "").rstrip(".").lower()
    return host or None


def host_list(text: str) -> list[str]:
    """A certification's verification hosts (one per line) as a list, blank lines and
    surrounding spaces dropped."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def host_matches(host: str, allowed: str) -> bool:
    """Whether `host` is the allowed host.

    Subdomains are a deliberate choice of the editor: ``credly.com`` accepts only credly.com;
    ``*.credly.com`` accepts any subdomain (www.credly.com, a.b.credly.com) but not credly.com
    itself, so each form says exactly what it allows.
    """
    allowed = allowed.strip().rstrip(".").lower()
    if not allowed:
        return False
    if allowed.startswith("*."):
        suffix = allowed[1:]  # ".credly.com"
        return host.endswith(suffix) and len(host) > len(suffix)
    return host == allowed


def certification_url_is_evidence(url: str | None, hosts: Iterable[str]) -> bool:
    """Whether a learner's verification URL proves the certification.

    True only for an https URL on one of the certification's verification hosts (see
    `host_matches` for how subdomains are written).
    """
    host = https_host(url)
    if host is None:
        return False
    return any(host_matches(host, allowed) for allowed in hosts)


def _is_repository_url(url: str | None) -> bool:
    host = https_host(url)
    if host is None:
        return False
    if host.startswith("www."):
        host = host[4:]
    if host not in PUBLIC_CODE_HOSTS:
        return False
    # A repository has an owner and a name: github.com/ada/project, not github.com/ada.
    segments = [s for s in urlsplit(url.strip()).path.split("/") if s]
    return len(segments) >= 2


def project_is_evidence(repository_url: str | None, demo_url: str | None) -> bool:
    """Whether a finished project can be checked by someone else.

    True when its repository is an https link to a repository on a public code host
    (`PUBLIC_CODE_HOSTS`), or when it has an https demo link.
    """
    return _is_repository_url(repository_url) or https_host(demo_url) is not None
