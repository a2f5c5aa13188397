"""What the importer maps onto: the posting reader's Matcher (the catalogue's skill names and
aliases), the catalogue's certifications and education paths. Pure data; `from_database()`
builds it from the current content, `from_fixture()` from fixtures/roles.json (the evaluation)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from jobs.reading.matcher import Matcher, SkillTerms

_CODE = re.compile(r"\(([A-Z]{2,}[A-Z0-9]*(?:-[A-Z0-9]+)?)\)")
_STOP = {"certified", "certification", "the", "of", "and", "for", "in", "a", "–", "-", "—"}


@dataclass(frozen=True)
class CertificationTerms:
    slug: str
    name: str
    issuer: str
    verification_hosts: tuple[str, ...] = ()

    @property
    def code(self) -> str | None:
        """The exam code in the name ("MLA-C01", "AIGP"), not the issuer's initials ("IAPP")."""
        for found in _CODE.findall(self.name):
            if f"({found})" not in self.issuer:
                return found
        return None

    @property
    def key_words(self) -> frozenset[str]:
        """The words of its name (without the code) that a CV's line must all hold."""
        bare = _CODE.sub(" ", self.name)
        return frozenset(w for w in words(bare) if w not in _STOP)


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


@dataclass(frozen=True)
class PathTerms:
    slug: str
    level: str  # bachelor, master, phd
    title: str


@dataclass(frozen=True)
class RoleTerms:
    """A published role: its names, and the essential skills and knowledge (not tools) anyone
    who held it for a while has used, which a position with its title implies."""

    slug: str
    title: str
    aliases: tuple[str, ...]
    implied: tuple[str, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return (self.title, *self.aliases)


#: Kinds of skill a position's title implies (never a tool or a platform: those are named).
IMPLIED_KINDS = ("knowledge", "skill")


@dataclass(frozen=True)
class Catalogue:
    matcher: Matcher
    skill_names: dict[str, str]  # slug -> name
    certifications: tuple[CertificationTerms, ...]
    paths: tuple[PathTerms, ...]
    roles: tuple[RoleTerms, ...] = ()


def _aliases(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in (text or "").splitlines() if line.strip())


def from_fixture(path: Path) -> Catalogue:
    skills, certs, paths = [], [], []
    objects = json.loads(path.read_text(encoding="utf-8"))
    kinds = {
        o["pk"]: (o["fields"]["slug"], o["fields"].get("kind", "skill"))
        for o in objects
        if o["model"] == "roles.skill" and not o["fields"].get("is_retired")
    }
    essentials: dict[int, list[str]] = {}
    for o in objects:
        f = o["fields"]
        if o["model"] == "roles.requirement" and f.get("is_essential") and f["skill"] in kinds:
            slug, kind = kinds[f["skill"]]
            if kind in IMPLIED_KINDS:
                essentials.setdefault(f["role"], []).append(slug)
    roles = tuple(
        RoleTerms(
            o["fields"]["slug"],
            o["fields"]["title"],
            _names(o["fields"].get("aliases")),
            tuple(sorted(essentials.get(o["pk"], []))),
        )
        for o in objects
        if o["model"] == "roles.role" and o["fields"].get("is_published", True)
    )
    for obj in objects:
        f = obj["fields"]
        if obj["model"] == "roles.skill" and not f.get("is_retired"):
            skills.append(SkillTerms(f["slug"], f["name"], _aliases(f.get("aliases"))))
        elif obj["model"] == "roles.certification":  # a retired one was still earned
            hosts = _aliases(f.get("verification_hosts"))
            certs.append(CertificationTerms(f["slug"], f["name"], f["issuer"], hosts))
        elif obj["model"] == "roles.educationpath" and not f.get("is_retired"):
            paths.append(PathTerms(f["slug"], f["level"], f["title"]))
    names = {s.slug: s.name for s in skills}
    return Catalogue(Matcher(skills), names, tuple(certs), tuple(paths), roles)


def _names(text: str | None) -> tuple[str, ...]:
    return tuple(a.strip() for a in (text or "").split(",") if a.strip())


def from_database() -> Catalogue:
    """The current catalogue, read with the postings' own Matcher (jobs.catalogue)."""
    from jobs.catalogue import catalogue_terms, matcher
    from roles.models import Certification, EducationPath, Requirement, Role

    certs = tuple(
        CertificationTerms(c.slug, c.name, c.issuer, tuple(c.verification_host_list))
        for c in Certification.objects.order_by("slug")  # a retired one was still earned
    )
    paths = tuple(
        PathTerms(slug, level, title)
        for slug, level, title in EducationPath.objects.filter(is_retired=False)
        .order_by("slug")
        .values_list("slug", "level", "title")
    )
    names = {t.slug: t.name for t in catalogue_terms()}
    essentials: dict[int, list[str]] = {}
    for role_id, slug in (
        Requirement.objects.filter(
            is_essential=True, skill__is_retired=False, skill__kind__in=IMPLIED_KINDS
        )
        .order_by("skill__slug")
        .values_list("role_id", "skill__slug")
    ):
        essentials.setdefault(role_id, []).append(slug)
    roles = tuple(
        RoleTerms(role.slug, role.title, tuple(role.alias_list), tuple(essentials.get(role.pk, [])))
        for role in Role.objects.published().order_by("order", "slug")
    )
    return Catalogue(matcher(), names, certs, paths, roles)
