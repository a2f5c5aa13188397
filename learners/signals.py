"""Keep `User.records_version` moving with everything the dashboard shows about a learner.

Every save or delete of a learner's record bumps the owner's version, whoever makes it (the
views, the admin, factories, the shell, `QuerySet.delete()`), so a cached dashboard
(learners/dashboard_cache.py) is never served after a change. `bulk_create()` and
`QuerySet.update()` send no signal: learners/services.py bumps after them itself.

A delete runs in one transaction, so it bumps each learner once however many rows it removes
(a project with its skills, a queryset of records, a skill an editor deletes with every rating
of it: see `services.bump_records_version`), and deleting the learner bumps nothing: no page of
theirs will be asked for again.
"""

from __future__ import annotations

import threading

from django.db.models import Model, QuerySet
from django.db.models.signals import post_delete, post_save, pre_delete

from learners.models import (
    EarnedCertification,
    EducationRecord,
    PortfolioProject,
    ProjectSkill,
    ReadinessSnapshot,
    SkillRecord,
    User,
)
from learners.services import bump_records_version

TRACKED = (
    SkillRecord,
    EarnedCertification,
    PortfolioProject,
    ProjectSkill,
    EducationRecord,
    ReadinessSnapshot,
)

# The owners of the projects whose skills the delete() under way in this thread removes, so a
# project's many skills cost one lookup.
_deleting = threading.local()


def origin_model(origin: object) -> type[Model] | None:
    """The model `delete()` was called on (on an instance or on a queryset)."""
    if isinstance(origin, QuerySet):
        return origin.model
    if isinstance(origin, Model):
        return type(origin)
    return None


def owner_id(instance: Model, project_owners: dict[int, int | None]) -> int | None:
    """The learner a record belongs to (a project's skill through its project)."""
    if not isinstance(instance, ProjectSkill):
        return instance.user_id
    if "project" in instance._state.fields_cache:
        return instance.project.user_id
    if instance.project_id not in project_owners:
        project_owners[instance.project_id] = (
            PortfolioProject.objects.filter(pk=instance.project_id)
            .values_list("user_id", flat=True)
            .first()
        )
    return project_owners[instance.project_id]


def bump_on_save(sender, instance, **kwargs) -> None:
    user_id = owner_id(instance, {})
    if user_id is not None:
        bump_records_version(user_id)


def start_delete(sender, instance, **kwargs) -> None:
    # Django sends every pre_delete of one delete() before the first of its post_deletes.
    _deleting.project_owners = {}


def bump_on_delete(sender, instance, origin=None, **kwargs) -> None:
    model = origin_model(origin)
    if model is User:
        return  # the learner is being deleted
    if model is PortfolioProject and isinstance(instance, ProjectSkill):
        return  # the project's own post_delete bumps its owner
    project_owners = getattr(_deleting, "project_owners", None)
    if project_owners is None:  # not sent by a delete() (no pre_delete seen): look up afresh
        project_owners = {}
    user_id = owner_id(instance, project_owners)
    if user_id is not None:
        bump_records_version(user_id)


def connect() -> None:
    for model in TRACKED:
        name = model.__name__
        post_save.connect(bump_on_save, sender=model, dispatch_uid=f"records-save-{name}")
        pre_delete.connect(start_delete, sender=model, dispatch_uid=f"records-pre-delete-{name}")
        post_delete.connect(bump_on_delete, sender=model, dispatch_uid=f"records-delete-{name}")
