"""The writes of an import, in the style of learners/actions.py: each is one durable transaction
that first locks the learner's user row (`actions.learner_locked`) and settles readiness.

- `start_import`: keep a proposal for review (nothing of the learner's records changes).
- `confirm_import`: write what the learner ticked, all or nothing, and remember exactly what it
  wrote (new rows' ids, the levels it replaced) for "Undo this import".
- `undo_import`: remove what it added and restore the levels it changed (a level the learner
  changed again since is theirs and stays).
- `abandon_import`: forget a proposal.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from learners.actions import learner_locked, settle
from learners.models import (
    EarnedCertification,
    EducationRecord,
    ImportBatch,
    PortfolioProject,
    ProjectSkill,
    SkillRecord,
    User,
)
from learners.readiness import display_percent
from learners.records import Outcome, score
from roles.evidence import https_host
from roles.models import Certification, EducationPath, Level, Skill

#: The sources that are a CV (documents.py and structured.py name them).
CV_SOURCES = frozenset({"PDF CV", "Word CV", "CV text", "JSON Resume"})


class ImportGone(Exception):
    """The import is no longer under review (confirmed, abandoned or expired) or past undoing."""


@dataclass(frozen=True)
class Choices:
    """What the learner ticked on the review screen: skill slug -> level, and the indexes of the
    proposal's certifications, projects and degrees."""

    skills: dict[str, int]
    certifications: frozenset[int] = frozenset()
    projects: frozenset[int] = frozenset()
    education: frozenset[int] = frozenset()


def prune_expired() -> int:
    """Delete every proposal older than an hour that nobody confirmed (any learner's)."""
    cutoff = timezone.now() - timedelta(hours=ImportBatch.PROPOSAL_HOURS)
    deleted, _ = ImportBatch.objects.filter(confirmed_at=None, created_at__lt=cutoff).delete()
    return deleted


def start_import(*, user: User, proposal: dict) -> ImportBatch:
    with transaction.atomic(durable=True):
        prune_expired()
        return ImportBatch.objects.create(
            user=user, source=proposal.get("source", "")[:40], proposal=proposal
        )


def abandon_import(*, user: User, batch: ImportBatch) -> None:
    with transaction.atomic(durable=True):
        ImportBatch.objects.filter(pk=batch.pk, user=user, confirmed_at=None).delete()
        prune_expired()


def _target_score(user: User, scored) -> tuple[str, float | None]:
    role_id = user.target_role_id or next(iter(scored.profiles), None)
    if role_id is None:
        return "", None
    readiness = scored.scored.get(role_id)
    return (readiness.role_title if readiness else ""), (readiness.score if readiness else None)


def confirm_import(*, user: User, batch: ImportBatch, choices: Choices) -> tuple[Outcome, str]:
    """Write the chosen items in one transaction; returns the outcome and what moved
    ("+31 skills rated, readiness 0 % → 54 %"). Raises `ImportGone` when the proposal is no
    longer under review."""
    with learner_locked(user):
        locked = ImportBatch.objects.select_for_update().filter(pk=batch.pk, user=user).first()
        if locked is None or not locked.is_pending:
            raise ImportGone("This import is no longer waiting for review.")
        proposal = locked.proposal
        title, before = _target_score(user, score(user, lists=False))
        undo = {
            "skills": _write_skills(user, proposal, choices.skills),
            "certifications": _write_certifications(user, proposal, choices.certifications),
            "projects": _write_projects(user, proposal, choices.projects),
            "education": _write_education(user, proposal, choices.education),
        }
        settled = settle(user)
        _title, after = _target_score(user, settled)
        summary = _summary(undo, title, before, after)
        locked.proposal = None
        locked.confirmed_at = timezone.now()
        locked.undo = undo
        locked.summary = summary[:200]
        # Which skills the CV names (slugs only): a posting's page compares them with the
        # learner's ratings (jobs/pages.py, cv_gaps). Not for an export or a badge.
        locked.cv_skills = (
            sorted({s["slug"] for s in proposal.get("skills", [])})
            if locked.source in CV_SOURCES
            else []
        )
        locked.save(update_fields=["proposal", "confirmed_at", "undo", "summary", "cv_skills"])
    return settled.outcome(), summary


def _summary(undo: dict, title: str, before, after) -> str:
    parts = [f"+{len(undo['skills'])} skill{'s' if len(undo['skills']) != 1 else ''} rated"]
    for key, noun in (
        ("certifications", "certification"),
        ("projects", "project"),
        ("education", "degree"),
    ):
        if undo[key]:
            parts.append(f"+{len(undo[key])} {noun}{'s' if len(undo[key]) != 1 else ''}")
    if before is not None and after is not None:
        parts.append(
            f"readiness for {title} {display_percent(before)} % → {display_percent(after)} %"
        )
    return ", ".join(parts)


def _write_skills(user: User, proposal: dict, chosen: dict[str, int]) -> dict[str, list]:
    """Upsert the chosen levels; returns {skill id: [level before or None, level written, the
    row's updated_at before]} for the rows it changed."""
    proposed = {s["slug"] for s in [*proposal.get("skills", []), *proposal.get("implied", [])]}
    wanted = {slug: level for slug, level in chosen.items() if slug in proposed and 0 <= level <= 5}
    skills = {s.slug: s for s in Skill.objects.filter(slug__in=wanted, is_retired=False)}
    existing = {
        r.skill_id: r for r in SkillRecord.objects.filter(user=user, skill__in=skills.values())
    }
    changed, rows, now = {}, [], timezone.now()
    for slug, level in wanted.items():
        skill = skills.get(slug)
        before = existing.get(skill.pk) if skill else None
        if skill is None or (before is not None and before.level == level):
            continue
        changed[str(skill.pk)] = (
            [before.level, level, before.updated_at.isoformat()] if before else [None, level, None]
        )
        rows.append(SkillRecord(user=user, skill=skill, level=level, updated_at=now))
    SkillRecord.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["user", "skill"],
        update_fields=["level", "updated_at"],
    )
    return changed


def _picked(items: list[dict], indexes: frozenset[int]) -> list[dict]:
    return [item for i, item in enumerate(items) if i in indexes]


def _https(url: str) -> str:
    return url[:500] if https_host(url) else ""


def _write_certifications(user: User, proposal: dict, indexes: frozenset[int]) -> list[int]:
    made = []
    catalogue = {c.slug: c for c in Certification.objects.all()}
    for item in _picked(proposal.get("certifications", []), indexes):
        if not item.get("issued_on"):
            continue  # the model needs a date; the review screen says so
        issued = date.fromisoformat(item["issued_on"])
        cert = catalogue.get(item.get("slug") or "")
        earned = EarnedCertification(
            user=user,
            certification=cert,
            issued_on=issued,
            credential_id=(item.get("credential_id") or "")[:120],
        )
        if cert is not None:
            if EarnedCertification.objects.filter(
                user=user, certification=cert, issued_on=issued
            ).exists():
                continue
            earned.verification_url = _https(item.get("url") or "")
        else:
            name = (item.get("name") or "").strip()[:160]
            if (
                not name
                or EarnedCertification.objects.filter(
                    user=user, certification=None, other_name=name, issued_on=issued
                ).exists()
            ):
                continue
            earned.other_name = name
            earned.other_issuer = (item.get("issuer") or "")[:120]
            earned.other_url = _https(item.get("url") or "")
            earned.other_level = Level.GUIDED
        try:
            with transaction.atomic():  # saved meanwhile by hand (a unique date): keep that one
                earned.save()
        except IntegrityError:
            continue
        made.append(earned.pk)
    return made


def _write_projects(user: User, proposal: dict, indexes: frozenset[int]) -> list[int]:
    made = []
    for item in _picked(proposal.get("projects", []), indexes):
        project = PortfolioProject.objects.create(
            user=user,
            title=(item.get("title") or "Imported project")[:160],
            summary=(item.get("summary") or "")[:4000],
            repository_url=_https(item.get("repository_url") or ""),
            demo_url=_https(item.get("demo_url") or ""),
            status=PortfolioProject.Status.DONE,
        )
        level = min(max(int(item.get("level") or Level.GUIDED), 1), 5)
        skill_ids = Skill.objects.filter(slug__in=item.get("skills") or [], is_retired=False)
        ProjectSkill.objects.bulk_create(
            [ProjectSkill(project=project, skill=s, level=level) for s in skill_ids]
        )
        made.append(project.pk)
    return made


def _write_education(user: User, proposal: dict, indexes: frozenset[int]) -> list[int]:
    made = []
    paths = {p.slug: p for p in EducationPath.objects.all()}
    for item in _picked(proposal.get("education", []), indexes):
        path = paths.get(item.get("path") or "")
        year = item.get("year")
        if path is None or not isinstance(year, int) or not 1950 <= year <= 2100:
            continue
        record = EducationRecord.objects.create(
            user=user,
            education_path=path,
            field=(item.get("field") or "")[:120],
            institution=(item.get("institution") or "")[:160] or "Not named",
            year=year,
            status=item.get("status")
            if item.get("status") in ("in_progress", "completed")
            else "completed",
        )
        made.append(record.pk)
    return made


def undo_import(*, user: User, batch: ImportBatch) -> Outcome:
    """Remove what the import added and put back the levels it replaced. Raises `ImportGone`
    when it was undone already or is more than a week old."""
    with learner_locked(user):
        locked = ImportBatch.objects.select_for_update().filter(pk=batch.pk, user=user).first()
        if locked is None or not locked.can_undo:
            raise ImportGone("This import can no longer be undone.")
        undo = locked.undo or {}
        EarnedCertification.objects.filter(
            user=user, pk__in=undo.get("certifications", [])
        ).delete()
        PortfolioProject.objects.filter(user=user, pk__in=undo.get("projects", [])).delete()
        EducationRecord.objects.filter(user=user, pk__in=undo.get("education", [])).delete()
        for skill_id, (before, written, touched) in (undo.get("skills") or {}).items():
            record = SkillRecord.objects.filter(user=user, skill_id=int(skill_id)).first()
            if record is None or record.level != written:
                continue  # changed again since the import: the learner's newer word stays
            if before is None and not record.note:
                record.delete()
            else:  # a plain UPDATE, the level and its time as they were
                SkillRecord.objects.filter(pk=record.pk).update(
                    level=before or Level.NONE,
                    updated_at=datetime.fromisoformat(touched) if touched else timezone.now(),
                )
        locked.undone_at = timezone.now()
        locked.save(update_fields=["undone_at"])
        settled = settle(user)
    return settled.outcome()
