"""What changed in a role's requirements since the learner last dismissed the notice.

Editors change role profiles; learners' records belong to skills, so no progress is lost. The
dashboard names what moved, from the requirements' history (django-simple-history): each
requirement touched since then is compared as it stood then with how it stands now, so an edit
made and undone says nothing. The reason an editor gave in the admin (the history's change
reason) goes with the change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Subquery

from learners.readiness import level_name
from roles.content_release import REASON_PREFIX as RELEASE_REASON
from roles.models import Requirement


@dataclass(frozen=True)
class _State:
    importance: int
    essential: bool
    target: int


@dataclass(frozen=True)
class RequirementChange:
    kind: str  # "added" | "removed" | "changed"
    skill_name: str
    skill_slug: str
    details: tuple[str, ...] = ()
    by_release: bool = False  # the last change came with a content release, not an editor
    reason: str = ""  # why, as the editor wrote it in the admin (the latest one given)

    @property
    def text(self) -> str:
        """For example "Docker: now essential, target Independent → Advanced"."""
        if self.kind == "added":
            text = f"Added: {self.skill_name} ({', '.join(self.details)})"
        elif self.kind == "removed":
            text = f"Removed: {self.skill_name}"
        else:
            text = f"{self.skill_name}: {', '.join(self.details)}"
        return f"{text} (content update)" if self.by_release else text


@dataclass(frozen=True)
class RequirementChanges:
    changes: tuple[RequirementChange, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.changes)

    def __iter__(self):
        return iter(self.changes)

    def __len__(self) -> int:
        return len(self.changes)


def _describe(state: _State) -> tuple[str, ...]:
    return (
        "essential" if state.essential else "optional",
        f"target {level_name(state.target)}",
        f"importance {state.importance}",
    )


def _differences(before: _State, after: _State) -> tuple[str, ...]:
    details = []
    if before.essential != after.essential:
        details.append("now essential" if after.essential else "no longer essential")
    if before.target != after.target:
        details.append(f"target {level_name(before.target)} → {level_name(after.target)}")
    if before.importance != after.importance:
        details.append(f"importance {before.importance} → {after.importance}")
    return tuple(details)


def requirement_changes(*, role_id: int, since: datetime | None) -> RequirementChanges:
    """Net changes to the role's requirements between `since` and now, in one query."""
    if since is None:
        return RequirementChanges()
    historical = Requirement.history.model
    touched = historical.objects.filter(role_id=role_id, history_date__gt=since).values("id")
    rows = (
        historical.objects.filter(id__in=Subquery(touched))
        .order_by("history_date", "history_id")
        .values_list(
            "id",
            "history_date",
            "history_type",
            "role_id",
            "importance",
            "is_essential",
            "target_level",
            "skill__name",
            "skill__slug",
            "history_change_reason",
        )
    )
    before: dict[int, _State | None] = {}
    now: dict[int, _State | None] = {}
    names: dict[int, tuple[str, str]] = {}
    by_release: dict[int, bool] = {}
    reasons: dict[int, str] = {}
    for req_id, when, kind, row_role_id, importance, essential, target, name, slug, reason in rows:
        present = kind != "-" and row_role_id == role_id
        state = _State(importance, essential, target) if present else None
        if when <= since:
            before[req_id] = state
        elif req_id not in before and kind == "~":
            # No record from before `since` (content loaded without a baseline): the first
            # record after it is the best knowledge of the earlier state.
            before[req_id] = state
        now[req_id] = state
        by_release[req_id] = (reason or "").startswith(RELEASE_REASON)
        if when > since and reason and not by_release[req_id]:
            reasons[req_id] = reason
        if name:
            names[req_id] = (name, slug)
    changes = []
    for req_id, after in now.items():
        prior = before.get(req_id)
        name, slug = names.get(req_id, ("A skill", ""))
        release = by_release[req_id]
        why = "" if release else reasons.get(req_id, "")
        if prior is None and after is not None:
            changes.append(RequirementChange("added", name, slug, _describe(after), release, why))
        elif prior is not None and after is None:
            changes.append(RequirementChange("removed", name, slug, (), release, why))
        elif prior is not None and after is not None and prior != after:
            details = _differences(prior, after)
            changes.append(RequirementChange("changed", name, slug, details, release, why))
    order = {"changed": 0, "added": 1, "removed": 2}
    changes.sort(key=lambda c: (order[c.kind], c.skill_name))
    return RequirementChanges(tuple(changes))
