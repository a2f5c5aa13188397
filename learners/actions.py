"""The only code that writes a learner's records.

Every function is one transaction (durable: the outermost one); a write that recomputes readiness
first locks the learner's user row, so writes of one learner never score from records missing
another's change. It writes only the fields it changes (an edit locks its row
and never re-inserts one deleted meanwhile), upserts today's readiness snapshot of the roles it
affects (one statement: a level change affects the roles that require the skill, any other
write every published role), and returns what the view renders (a `records.Outcome`: the
learner's records as loaded in the write's transaction, and readiness for every role; the roles
the write did not affect are scored after the commit, from the same records, so the transaction
is short). No model signals: what a write implies happens here, in sight.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager

from django.core.exceptions import FieldDoesNotExist
from django.db import transaction
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
from learners.records import Outcome, Scored, score
from roles.models import Role, Skill


@contextmanager
def learner_locked(user: User) -> Iterator[None]:
    """One durable transaction that first locks the learner's user row: writes of one learner
    (two tabs, two quick clicks) queue here, so each reads the records the other committed and
    today's snapshot reflects both. Raises `User.DoesNotExist` when the account is gone."""
    with transaction.atomic(durable=True):
        if not User.objects.select_for_update().filter(pk=user.pk).exists():
            raise User.DoesNotExist(f"user {user.pk} was deleted")
        yield


def settle(user: User, *, lists: bool = True, skill_id: int | None = None) -> Scored:
    """Inside the write's transaction: reload, score the affected roles (those requiring
    `skill_id`, else every one) and keep their snapshots for today (one INSERT … ON CONFLICT DO
    UPDATE, whatever the history holds)."""
    settled = score(user, lists=lists, skill_id=skill_id)
    if settled.scored:
        ReadinessSnapshot.objects.bulk_create(
            [
                ReadinessSnapshot(
                    user=user,
                    role_id=role_id,
                    day=settled.today,
                    score=round(r.score, 2),
                    evidenced_score=round(r.evidenced_score, 2),
                )
                for role_id, r in settled.scored.items()
            ],
            update_conflicts=True,
            unique_fields=["user", "role", "day"],
            update_fields=["score", "evidenced_score"],
        )
    return settled


def set_level(*, user: User, skill_id: int, level: int) -> Outcome:
    """Rate a skill 0..5 in the learner's one ledger (it counts for every role). It moves only
    the roles that require the skill, so only their snapshots are kept. Its outcome holds no
    lists: a level changes none, and the answer shows none."""
    if not 0 <= level <= 5:
        raise ValueError(f"level must be 0..5, not {level}")
    with learner_locked(user):
        SkillRecord.objects.bulk_create(
            [SkillRecord(user=user, skill_id=skill_id, level=level, updated_at=timezone.now())],
            update_conflicts=True,
            unique_fields=["user", "skill"],
            update_fields=["level", "updated_at"],
        )
        settled = settle(user, lists=False, skill_id=skill_id)
    return settled.outcome()


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


def set_row_folding(*, user: User, fold: bool) -> None:
    """Fold (or show) the dashboard's met and non-essential requirement rows."""
    user.fold_rows = fold
    User.objects.filter(pk=user.pk).update(fold_rows=fold)


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
    *,
    user: User,
    earned: EarnedCertification,
    changed: Iterable[str] | None = None,
    covers: Iterable[Skill] | None = None,
) -> Outcome:
    """Save an earned certification as the learner typed it: an empty expiry stays empty (the
    default from the certification's validity is computed on read, `effective_expiry`, so it
    follows an edited issue date).

    `changed` names the fields an edit changed (only those are written); raises
    `EarnedCertification.DoesNotExist` when the edited record was deleted meanwhile, and
    `IntegrityError` when the same certification was just saved (a double submit). `covers`:
    for a certification outside the catalogue, the skills it covers (replacing any before).
    """
    earned.user = user
    with learner_locked(user):
        _write(earned, changed)
        if covers is not None:
            earned.other_skills.set([] if earned.in_catalogue else covers)
        settled = settle(user)
    return settled.outcome()


def save_project(
    *,
    user: User,
    project: PortfolioProject,
    skills: Mapping[Skill | int, int] | None = None,
    changed: Iterable[str] | None = None,
) -> Outcome:
    """Save a portfolio project and the skills it demonstrates, each at its own level.

    `skills` maps each skill (or skill id) to the level 1..5 the project shows in it, and
    replaces the project's skills: only the rows that differ are deleted, updated or inserted.
    None leaves the skills as they are.
    Raises `PortfolioProject.DoesNotExist` when the edited project was deleted meanwhile, and
    `ValueError` on a level outside 1..5.
    """
    levels = None if skills is None else _project_levels(skills)
    project.user = user
    if project.status != PortfolioProject.Status.DONE:
        project.completed_on = None
    if changed is not None:
        changed = {*changed, "completed_on"}
    adding = project._state.adding
    with learner_locked(user):
        _write(project, changed)
        if levels is not None:
            _replace_project_skills(project, levels, new=adding)
        settled = settle(user)
    return settled.outcome()


def _project_levels(skills: Mapping[Skill | int, int]) -> dict[int, int]:
    levels = {getattr(skill, "pk", skill): int(value) for skill, value in skills.items()}
    for value in levels.values():
        if not 1 <= value <= 5:
            raise ValueError(f"a project shows a level 1..5, not {value}")
    return levels


def _replace_project_skills(project: PortfolioProject, levels: dict[int, int], *, new: bool):
    """Make the project's skills exactly `levels` (skill id -> level), writing only the rows
    that differ."""
    stored = (
        {} if new else {row.skill_id: row for row in ProjectSkill.objects.filter(project=project)}
    )
    gone = [row.pk for skill_id, row in stored.items() if skill_id not in levels]
    if gone:
        ProjectSkill.objects.filter(pk__in=gone).delete()
    moved = []
    for skill_id, value in levels.items():
        row = stored.get(skill_id)
        if row is not None and row.level != value:
            row.level = value
            moved.append(row)
    if moved:
        ProjectSkill.objects.bulk_update(moved, ["level"])
    added = [
        ProjectSkill(project=project, skill_id=skill_id, level=value)
        for skill_id, value in levels.items()
        if skill_id not in stored
    ]
    if added:
        ProjectSkill.objects.bulk_create(added)


def save_education(
    *, user: User, record: EducationRecord, changed: Iterable[str] | None = None
) -> Outcome:
    """Save an education record; raises `DoesNotExist` when the edited one was deleted."""
    record.user = user
    with learner_locked(user):
        _write(record, changed)
        settled = settle(user)
    return settled.outcome()


def delete_record(
    *, user: User, record: EarnedCertification | PortfolioProject | EducationRecord
) -> Outcome:
    if record.user_id != user.pk:
        raise PermissionError("a learner deletes only their own records")
    with learner_locked(user):
        type(record).objects.filter(pk=record.pk, user=user).delete()
        settled = settle(user)
    return settled.outcome()
