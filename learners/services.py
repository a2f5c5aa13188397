"""The only code that writes a learner's records.

Every function is one transaction: it writes only the fields it changes, upserts today's
readiness snapshot of every published role (one statement), and returns what the view renders
(an `Outcome`: the learner's records as loaded after the write, and readiness for every role).
No model signals: what a write implies happens here, in sight.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone

from learners.models import (
    EarnedCertification,
    EducationRecord,
    PortfolioProject,
    ProjectSkill,
    ReadinessSnapshot,
    SkillRecord,
    User,
)
from learners.readiness import (
    Learner,
    Readiness,
    RoleProfile,
    add_months,
    compute_readiness,
    load_learner,
    role_profiles,
)
from roles.models import Role, Skill

DEFAULT_ROLE_SLUG = "machine-learning-engineer"


class RecordGone(Exception):
    """The record being edited was deleted meanwhile (the view answers 404)."""


class DuplicateRecord(Exception):
    """The same record already exists (a double submit): the form says so."""


@dataclass(frozen=True)
class Outcome:
    """What a write leaves behind, for the view to render without loading anything again."""

    learner: Learner
    readiness: dict[int, Readiness]  # every published role, by role id
    profiles: dict[int, RoleProfile]
    today: date


def default_profile(profiles: dict[int, RoleProfile]) -> RoleProfile | None:
    """The role a learner without a target sees: the ML engineer, else the first published."""
    for profile in profiles.values():
        if profile.slug == DEFAULT_ROLE_SLUG:
            return profile
    return next(iter(profiles.values()), None)


def _settle(user: User) -> Outcome:
    """Inside the write's transaction: reload the records, score every role, keep today's
    snapshots (one INSERT … ON CONFLICT DO UPDATE, whatever the history holds)."""
    today = timezone.localdate()
    learner = load_learner(user, today=today)
    profiles = role_profiles()
    readiness = {
        role_id: compute_readiness(profile, learner.records, today=today)
        for role_id, profile in profiles.items()
    }
    if readiness:
        ReadinessSnapshot.objects.bulk_create(
            [
                ReadinessSnapshot(
                    user=user,
                    role_id=role_id,
                    day=today,
                    score=round(r.score, 2),
                    evidenced_score=round(r.evidenced_score, 2),
                )
                for role_id, r in readiness.items()
            ],
            update_conflicts=True,
            unique_fields=["user", "role", "day"],
            update_fields=["score", "evidenced_score"],
        )
    return Outcome(learner=learner, readiness=readiness, profiles=profiles, today=today)


def outcome_without_write(user: User) -> Outcome:
    """The same picture as after a write, for pages that only read (no snapshot is kept)."""
    today = timezone.localdate()
    learner = load_learner(user, today=today)
    profiles = role_profiles()
    readiness = {
        role_id: compute_readiness(profile, learner.records, today=today)
        for role_id, profile in profiles.items()
    }
    return Outcome(learner=learner, readiness=readiness, profiles=profiles, today=today)


def set_level(*, user: User, skill: Skill, level: int) -> Outcome:
    """Rate a skill 0..5 in the learner's one ledger (it counts for every role)."""
    if not 0 <= level <= 5:
        raise ValueError(f"level must be 0..5, not {level}")
    with transaction.atomic():
        SkillRecord.objects.bulk_create(
            [SkillRecord(user=user, skill=skill, level=level, updated_at=timezone.now())],
            update_conflicts=True,
            unique_fields=["user", "skill"],
            update_fields=["level", "updated_at"],
        )
        return _settle(user)


def set_note(*, user: User, skill: Skill, note: str) -> None:
    """Save the learner's private note on a skill, keeping any level already rated. A note
    changes no score, so no snapshot is touched."""
    SkillRecord.objects.bulk_create(
        [SkillRecord(user=user, skill=skill, note=note, updated_at=timezone.now())],
        update_conflicts=True,
        unique_fields=["user", "skill"],
        update_fields=["note", "updated_at"],
    )


def set_target(*, user: User, role: Role) -> None:
    user.target_role = role
    User.objects.filter(pk=user.pk).update(target_role=role)


def dismiss_changes(*, user: User) -> None:
    """The learner has read "what changed": report only what changes after now."""
    user.changes_seen_at = timezone.now()
    User.objects.filter(pk=user.pk).update(changes_seen_at=user.changes_seen_at)


def _save(record, fields: Iterable[str] | None) -> None:
    """Insert a new record, or update `fields` of an existing one; an update that finds the row
    gone raises `RecordGone` instead of inserting it again, and a duplicate `DuplicateRecord`."""
    try:
        with transaction.atomic():  # a savepoint: the outer transaction survives the error
            if record.pk is None:
                record.save(force_insert=True)
            else:
                record.save(update_fields=list(fields or []) or None, force_update=True)
    except IntegrityError as error:
        raise DuplicateRecord(str(error)) from error
    except DatabaseError as error:
        if record.pk is not None and "did not affect any rows" in str(error):
            raise RecordGone from error
        raise


def save_certification(
    *, user: User, earned: EarnedCertification, fields: Iterable[str] | None = None
) -> Outcome:
    """Save an earned certification; an empty expiry defaults from the certification's validity.
    `fields`: on an edit, the form fields that changed (only those are written)."""
    earned.user = user
    validity = earned.certification.validity_months
    fields = set(fields or ())
    if earned.expires_on is None and validity:
        earned.expires_on = add_months(earned.issued_on, validity)
        fields.add("expires_on")
    with transaction.atomic():
        _save(earned, fields)
        return _settle(user)


def save_project(
    *,
    user: User,
    project: PortfolioProject,
    skills: Iterable[Skill],
    level: int,
    fields: Iterable[str] | None = None,
) -> Outcome:
    """Save a portfolio project and replace the skills it demonstrates (all at `level`)."""
    project.user = user
    fields = set(fields or ())
    if project.status != PortfolioProject.Status.DONE and project.completed_on is not None:
        project.completed_on = None
        fields.add("completed_on")
    with transaction.atomic():
        _save(project, fields)
        ProjectSkill.objects.filter(project=project).delete()
        ProjectSkill.objects.bulk_create(
            [ProjectSkill(project=project, skill=skill, level=level) for skill in skills]
        )
        return _settle(user)


def save_education(
    *, user: User, record: EducationRecord, fields: Iterable[str] | None = None
) -> Outcome:
    record.user = user
    with transaction.atomic():
        _save(record, fields)
        return _settle(user)


def delete_record(
    *, user: User, record: EarnedCertification | PortfolioProject | EducationRecord
) -> Outcome:
    if record.user_id != user.pk:
        raise PermissionError("a learner deletes only their own records")
    with transaction.atomic():
        type(record).objects.filter(pk=record.pk, user=user).delete()
        return _settle(user)
