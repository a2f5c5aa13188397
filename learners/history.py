"""What changed in a role's requirements since the learner last looked.

Editors change role profiles; learners' records belong to skills, so no progress is lost. The
dashboard only says what moved, from the requirements' history (django-simple-history).
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Subquery

from roles.models import Requirement


@dataclass(frozen=True)
class RequirementChanges:
    added: int = 0
    removed: int = 0
    raised: int = 0
    lowered: int = 0

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.raised or self.lowered)

    @property
    def parts(self) -> list[str]:
        def count(n: int, one: str, many: str) -> str:
            return f"{n} {one if n == 1 else many}"

        parts = []
        if self.added:
            parts.append(count(self.added, "skill added", "skills added"))
        if self.removed:
            parts.append(count(self.removed, "skill removed", "skills removed"))
        if self.raised:
            parts.append(count(self.raised, "target raised", "targets raised"))
        if self.lowered:
            parts.append(count(self.lowered, "target lowered", "targets lowered"))
        return parts

    @property
    def summary(self) -> str:
        """For example "2 skills added, 1 target raised"."""
        return ", ".join(self.parts)


def requirement_changes(*, role_id: int, since: datetime | None) -> RequirementChanges:
    """Net changes to the role's requirements between `since` and now, in one query.

    Each requirement touched since then is compared as it stood at `since` with how it stands
    now, so an edit made and undone counts as nothing.
    """
    if since is None:
        return RequirementChanges()
    historical = Requirement.history.model
    touched = historical.objects.filter(role_id=role_id, history_date__gt=since).values("id")
    rows = (
        historical.objects.filter(id__in=Subquery(touched))
        .order_by("history_date", "history_id")
        .values_list("id", "history_date", "history_type", "role_id", "target_level")
    )
    before: dict[int, int | None] = {}
    now: dict[int, int | None] = {}
    for req_id, when, kind, row_role_id, target in rows:
        present = kind != "-" and row_role_id == role_id
        state = target if present else None
        if when <= since:
            before[req_id] = state
        now[req_id] = state
    added = removed = raised = lowered = 0
    for req_id, after in now.items():
        prior = before.get(req_id)
        if prior is None and after is not None:
            added += 1
        elif prior is not None and after is None:
            removed += 1
        elif prior is not None and after is not None:
            if after > prior:
                raised += 1
            elif after < prior:
                lowered += 1
    return RequirementChanges(added=added, removed=removed, raised=raised, lowered=lowered)
