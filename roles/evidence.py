"""What counts as evidence: links someone else can open and check.

Pure functions, no database. A certification's verification link counts only on that
certification's own verification hosts, over https; a project counts when its repository lives on
a public code host or it has an https demo. Anything else is still recorded and shown, but counts
as a self-rating.
"""

import re
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


# First path segments that are a code host's own pages, never an owner: github.com/login/oauth,
# github.com/settings/profile and gitlab.com/users/sign_in have two segments but are no repository.
_RESERVED_OWNERS = {
    "github.com": frozenset(
        [
            "about",
            "account",
            "apps",
            "codespaces",
            "collections",
            "contact",
            "customer-stories",
            "dashboard",
            "enterprise",
            "events",
            "explore",
            "features",
            "issues",
            "join",
            "login",
            "logout",
            "marketplace",
            "new",
            "notifications",
            "orgs",
            "organizations",
            "password_reset",
            "pricing",
            "pulls",
            "readme",
            "search",
            "security",
            "sessions",
            "settings",
            "signup",
            "site",
            "sponsors",
            "topics",
            "trending",
            "users",
        ]
    ),
    "gitlab.com": frozenset(
        ["-", "admin", "dashboard", "explore", "groups", "help", "profile", "search", "users"]
    ),
    "codeberg.org": frozenset(["admin", "explore", "notifications", "org", "repo", "user"]),
    "bitbucket.org": frozenset(["account", "dashboard", "product", "repo", "site", "socialauth"]),
    "huggingface.co": frozenset(["blog", "docs", "join", "login", "new", "pricing", "settings"]),
}
# Hugging Face writes a space or a data set as spaces/owner/name, datasets/owner/name.
_KIND_PREFIXES = {"huggingface.co": frozenset({"spaces", "datasets", "models"})}
# An owner or repository name as the hosts allow it: letters, digits, -, _ and dots, but never a
# path step such as "." or ".." (github.com/ada/.. is github.com/ada, a profile).
_NAME = re.compile(r"[A-Za-z0-9_.-]+")


def _repository_segments(url: str) -> list[str]:
    return [s for s in urlsplit(url.strip()).path.split("/") if s]


def _is_repository_url(url: str | None) -> bool:
    host = https_host(url)
    if host is None:
        return False
    if host.startswith("www."):
        host = host[4:]
    if host not in PUBLIC_CODE_HOSTS:
        return False
    segments = _repository_segments(url)
    if segments and segments[0] in _KIND_PREFIXES.get(host, ()):
        segments = segments[1:]
    # A repository has an owner and a name: github.com/ada/project, not github.com/ada.
    if len(segments) < 2 or segments[0].lower() in _RESERVED_OWNERS.get(host, ()):
        return False
    return all(_NAME.fullmatch(s) and s.strip(".") for s in segments[:2])


# Names that point at the learner's own machine or network whatever the DNS says.
_LOCAL_SUFFIXES = (".localhost", ".local", ".internal", ".lan", ".home.arpa", ".localdomain")
# Public wildcard names that resolve to any address written in them (127.0.0.1.nip.io).
_WILDCARD_DNS = ("nip.io", "sslip.io", "xip.io", "localtest.me", "lvh.me")
_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?|xn--[a-z0-9-]+")
_TOP_LEVEL = re.compile(r"[a-z]{2,63}|xn--[a-z0-9-]+")


def public_host(url: str | None) -> str | None:
    """The host of an https URL when it names a public site, else None.

    No localhost, no local-network names (``.local``, ``.internal``...), no single-label hosts,
    no wildcard DNS that maps a name onto any address, and no bare IP address in any spelling:
    a public name always ends in an alphabetic top-level domain, so ``127.0.0.1``, ``[::1]``,
    ``2130706433`` and ``0x7f.1`` all fail. Pure: nothing is resolved.
    """
    host = https_host(url)
    if host is None or host == "localhost" or host.endswith(_LOCAL_SUFFIXES):
        return None
    if any(host == name or host.endswith("." + name) for name in _WILDCARD_DNS):
        return None
    labels = host.split(".")
    if len(labels) < 2 or not all(_LABEL.fullmatch(label) for label in labels):
        return None
    if not _TOP_LEVEL.fullmatch(labels[-1]):
        return None
    return host


def project_is_evidence(repository_url: str | None, demo_url: str | None) -> bool:
    """Whether a finished project can be checked by someone else.

    True when its repository is an https link to an ``owner/name`` repository on a public code
    host (`PUBLIC_CODE_HOSTS`), or when its demo is an https link on a public host
    (`public_host`).
    """
    return _is_repository_url(repository_url) or public_host(demo_url) is not None


def _code_hosts() -> str:
    return ", ".join(sorted(PUBLIC_CODE_HOSTS))


# What a project's links must look like to count, said the same way in the form and after a save.
PROJECT_LINK_RULE = (
    f"A repository counts as evidence as an https link to owner/name on {_code_hosts()}; a demo "
    "counts as an https link on a public site (not localhost, a local network or a bare IP "
    "address)."
)


def certification_link_note(url: str | None, hosts: Iterable[str], *, in_catalogue: bool) -> str:
    """One plain sentence for the learner who saved this verification link: whether it counts
    as evidence and, if not, which hosts would. Empty when there is no link."""
    if not (url or "").strip():
        return ""
    hosts = list(hosts)
    if not in_catalogue:
        return (
            "Its link does not count as evidence: careerhub checks links only for "
            "certifications in its catalogue."
        )
    if certification_url_is_evidence(url, hosts):
        return "Its link counts as evidence."
    if not hosts:
        return (
            "Its link does not count as evidence: careerhub knows no verification site for "
            "this certification yet."
        )
    return f"Its link does not count as evidence: only an https link on {', '.join(hosts)} does."


def project_link_note(repository_url: str | None, demo_url: str | None) -> str:
    """One plain sentence for the learner who saved these project links: whether they count as
    evidence and, if not, what would. Empty when there is no link."""
    if not (repository_url or "").strip() and not (demo_url or "").strip():
        return ""
    if project_is_evidence(repository_url, demo_url):
        return "Its link counts as evidence once the project is done."
    return f"Its links do not count as evidence. {PROJECT_LINK_RULE}"
