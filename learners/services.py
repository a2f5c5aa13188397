"""The only place that writes a learner's records, and keeps the readiness history fresh.

Every change to what a learner has recorded goes through a function here, so the day's
readiness snapshot for the target role is always up to date.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from datetime import date, timedelta

from django.core.exceptions import FieldDoesNotExist
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from learners import readiness as engine
from learners.models import (
    EarnedCertification,
    EducationRecord,
    PortfolioProject,
    ProjectSkill,
    ReadinessSnapshot,
    SkillRecord,
    User,
)
from roles.models import Role, Skill

DEFAULT_ROLE_SLUG = "machine-learning-engineer"


def role_profiles() -> dict[int, engine.RoleProfile]:
    """Every published role's profile (cached by the engine under the content version)."""
    return engine.load_profiles()


def default_profile(profiles: dict[int, engine.RoleProfile]) -> engine.RoleProfile | None:
    """The role a learner without a target sees: the ML engineer, else the first published."""
    for profile in profiles.values():
        if profile.slug == DEFAULT_ROLE_SLUG:
            return profile
    return next(iter(profiles.values()), None)


class _Bumped:
    """An on-commit callback doing nothing: it marks that the transaction has bumped a learner.

    Django drops it with the savepoint or transaction it was registered in when that rolls back,
    so the mark lives exactly as long as the bump it stands for.
    """

    __slots__ = ("current", "user_id")

    def __init__(self, user_id: int):
        self.user_id = user_id
        self.current = True

    def __call__(self) -> None:
        pass


def bump_records_version(user: User | int) -> None:
    """Make the learner's cached dashboard stale (learners/dashboard_cache.py): one UPDATE.

    Saves and deletes of records bump through learners/signals.py; call this after writes that
    send no signal (`bulk_create`, `QuerySet.update()`). Each process reads the version from the
    user row it loads for every request, so every process sees the bump at once.

    Within one transaction a learner is bumped once: the second change of a level change (the
    level, then today's snapshot) commits together with the first, so no other connection can
    see a state between them. Only this connection could, by storing a dashboard rendered
    mid-transaction: `dashboard_cache` calls `forget_pending_bumps()` when it stores one, and
    the next change bumps again.

    The in-memory value is forgotten rather than guessed (another process may have bumped
    too): if read again, it is loaded afresh.
    """
    user_id = user if isinstance(user, int) else user.pk
    connection = transaction.get_connection()
    in_transaction = connection.in_atomic_block
    if not (in_transaction and _bumped_in_this_transaction(connection, user_id)):
        User.objects.filter(pk=user_id).update(records_version=F("records_version") + 1)
        if in_transaction:
            transaction.on_commit(_Bumped(user_id))
    if not isinstance(user, int):
        with contextlib.suppress(AttributeError):  # AttributeError: already deferred
            delattr(user, "records_version")  # deferred: the next read asks the database


def _bumped_in_this_transaction(connection, user_id: int) -> bool:
    return any(
        isinstance(callback, _Bumped) and callback.current and callback.user_id == user_id
        for _savepoints, callback, _robust in connection.run_on_commit
    )


def forget_pending_bumps() -> None:
    """After storing a dashboard: a later change in this transaction must bump again."""
    for _savepoints, callback, _robust in transaction.get_connection().run_on_commit:
        if isinstance(callback, _Bumped):
            callback.current = False


def record_snapshot(
    *,
    user: User,
    role: Role | int | None,
    today: date | None = None,
    readiness: engine.Readiness | None = None,
) -> ReadinessSnapshot | None:
    """Upsert today's readiness snapshot for the learner and role (one row per day).

    Pass `readiness` when the caller has just computed it, to save the queries.
    """
    if role is None:
        return None
    role_id = role if isinstance(role, int) else role.pk
    today = today or timezone.localdate()
    if readiness is None:
        readiness = engine.readiness_for(user, role_id, today=today)
    snapshot = ReadinessSnapshot(
        user=user,
        role_id=role_id,
        day=today,
        score=round(min(max(readiness.score, 0.0), 100.0), 2),
        evidenced_score=round(min(max(readiness.evidenced_score, 0.0), 100.0), 2),
    )
    # One statement whatever the history holds (INSERT … ON CONFLICT DO UPDATE).
    ReadinessSnapshot.objects.bulk_create(
        [snapshot],
        update_conflicts=True,
        unique_fields=["user", "role", "day"],
        update_fields=["score", "evidenced_score"],
    )
    bump_records_version(user)
    return snapshot


def set_skill_level(*, user: User, skill: Skill, level: int) -> SkillRecord:
    """Rate a skill 0..5 in the learner's one ledger (it counts for every role)."""
    if not 0 <= level <= 5:
        raise ValueError(f"level must be 0..5, not {level}")
    record = SkillRecord(user=user, skill=skill, level=level, updated_at=timezone.now())
    SkillRecord.objects.bulk_create(
        [record],
        update_conflicts=True,
        unique_fields=["user", "skill"],
        update_fields=["level", "updated_at"],
    )
    bump_records_version(user)
    return record


def set_skill_note(*, user: User, skill: Skill, note: str) -> SkillRecord:
    """Save the learner's private note on a skill, keeping any level already rated."""
    record = SkillRecord(user=user, skill=skill, note=note, updated_at=timezone.now())
    SkillRecord.objects.bulk_create(
        [record],
        update_conflicts=True,
        unique_fields=["user", "skill"],
        update_fields=["note", "updated_at"],
    )
    bump_records_version(user)
    return record


def set_target_role(*, user: User, role: Role) -> None:
    user.target_role = role
    User.objects.filter(pk=user.pk).update(target_role=role)


#: A dashboard view within this long of the last one, showing no changes, is the same visit.
SAME_VISIT = timedelta(minutes=5)


def mark_dashboard_seen(*, user: User, changes_shown: bool = False) -> None:
    """Remember when the learner last opened the dashboard (at most one UPDATE).

    A reload soon after the last mark, with no "what changed" notice on it, writes nothing:
    every change made since that mark is still reported on the next view, and once a notice
    has been shown the mark moves so it is not shown again.
    """
    now = timezone.now()
    if not changes_shown and user.dashboard_seen_at and now - user.dashboard_seen_at < SAME_VISIT:
        return
    user.dashboard_seen_at = now
    User.objects.filter(pk=user.pk).update(dashboard_seen_at=user.dashboard_seen_at)


def _write(record, changed: Iterable[str] | None) -> None:
    """Insert a new record, or write the `changed` fields of one that still exists.

    An edit never re-inserts a row deleted meanwhile (a plain `save()` inserts when its UPDATE
    matches nothing): the row is locked first, and if it is gone, `DoesNotExist` is raised.
    """
    if record._state.adding:
        with transaction.atomic():  # a duplicate fails alone, leaving any outer transaction usable
            record.save()
        return
    model = type(record)
    with transaction.atomic():
        if not model.objects.select_for_update().filter(pk=record.pk).exists():
            raise model.DoesNotExist(f"{model.__name__} {record.pk} was deleted")
        fields = None if changed is None else [f for f in changed if _is_column(model, f)]
        if fields != []:
            record.save(update_fields=fields)


def _is_column(model, name: str) -> bool:
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:  # a form field that is not a model field (project skills)
        return False
    return field.concrete and not field.many_to_many


def save_certification(
    *, user: User, earned: EarnedCertification, changed: Iterable[str] | None = None
) -> EarnedCertification:
    """Save an earned certification; an empty expiry defaults from the certification's validity.

    `changed` names the fields an edit changed (only those are written); raises
    `EarnedCertification.DoesNotExist` when the edited record was deleted meanwhile.
    """
    earned.user = user
    validity = earned.certification.validity_months
    if earned.expires_on is None and validity:
        earned.expires_on = engine.add_months(earned.issued_on, validity)
    if changed is not None:
        changed = {*changed, "expires_on"}
    _write(earned, changed)
    return earned


@transaction.atomic
def save_project(
    *,
    user: User,
    project: PortfolioProject,
    skills: Iterable[Skill],
    level: int,
    changed: Iterable[str] | None = None,
) -> PortfolioProject:
    """Save a portfolio project and replace the skills it demonstrates (all at `level`).

    Raises `PortfolioProject.DoesNotExist` when the edited project was deleted meanwhile.
    """
    project.user = user
    if project.status != PortfolioProject.Status.DONE:
        project.completed_on = None
    if changed is not None:
        changed = {*changed, "completed_on"}
    _write(project, changed)
    ProjectSkill.objects.filter(project=project).delete()
    ProjectSkill.objects.bulk_create(
        [ProjectSkill(project=project, skill=skill, level=level) for skill in skills]
    )
    bump_records_version(user)
    return project


def save_education(
    *, user: User, record: EducationRecord, changed: Iterable[str] | None = None
) -> EducationRecord:
    """Save an education record; raises `DoesNotExist` when the edited one was deleted."""
    record.user = user
    _write(record, changed)
    return record


def delete_record(
    *, user: User, record: EarnedCertification | PortfolioProject | EducationRecord
) -> None:
    if record.user_id != user.pk:
        raise PermissionError("a learner deletes only their own records")
    record.delete()
