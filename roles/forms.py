"""Admin forms for content editors: the checks a model constraint cannot express."""

from collections.abc import Iterable

from django import forms
from django.core.exceptions import ValidationError

from roles.models import Certification, Role, Skill
from roles.prerequisites import find_cycle


def prerequisite_cycle(skill: Skill, prerequisites: Iterable[Skill]) -> list[Skill] | None:
    """The cycle that giving `skill` these prerequisites would close, starting at `skill`.

    Builds the whole prerequisite graph from the database, replaces this skill's edges with the
    submitted ones and looks for a cycle among the skills that can reach `skill` and that `skill`
    can reach: only there can the edit close one. Returns None when there is none.
    """
    graph: dict[int, set[int]] = {}
    through = Skill.prerequisites.through
    for skill_id, prerequisite_id in through.objects.values_list("from_skill_id", "to_skill_id"):
        graph.setdefault(skill_id, set()).add(prerequisite_id)
    graph[skill.pk] = {p.pk for p in prerequisites}

    reverse: dict[int, set[int]] = {}
    for node, needs in graph.items():
        for need in needs:
            reverse.setdefault(need, set()).add(node)
    ahead = _reachable(skill.pk, graph)
    behind = _reachable(skill.pk, reverse)
    component = ahead & behind
    if skill.pk not in component:
        return None

    # This skill first, so the cycle found is the one through it whenever the DFS allows.
    ordered = [skill.pk, *sorted(component - {skill.pk})]
    cycle_ids = find_cycle({n: sorted(graph.get(n, set()) & component) for n in ordered})
    if cycle_ids is None:  # pragma: no cover - a strongly connected component has a cycle
        return None
    if skill.pk in cycle_ids:
        start = cycle_ids.index(skill.pk)
        cycle_ids = cycle_ids[start:-1] + cycle_ids[:start] + [skill.pk]
    names = dict(Skill.objects.filter(pk__in=set(cycle_ids)).values_list("pk", "name"))
    names[skill.pk] = skill.name
    return [Skill(pk=pk, name=names[pk]) for pk in cycle_ids]


def _reachable(start: int, edges: dict[int, set[int]]) -> set[int]:
    """Every node reachable from `start` by one or more edges (`start` only if on a cycle)."""
    seen: set[int] = set()
    stack = list(edges.get(start, ()))
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        stack.extend(edges.get(node, ()))
    return seen


class SkillAdminForm(forms.ModelForm):
    class Meta:
        model = Skill
        fields = [
            "name",
            "slug",
            "kind",
            "category",
            "description",
            "prerequisites",
            "estimated_hours",
        ]

    def clean(self):
        cleaned = super().clean()
        prerequisites = cleaned.get("prerequisites")
        if prerequisites is None:
            return cleaned
        prerequisites = list(prerequisites)
        skill = self.instance
        if skill.pk is None:
            # A new skill has no dependants yet, so it cannot close a cycle.
            return cleaned
        if any(p.pk == skill.pk for p in prerequisites):
            self.add_error("prerequisites", "A skill cannot be its own prerequisite.")
            return cleaned
        if cleaned.get("name"):
            skill = Skill(pk=skill.pk, name=cleaned["name"])
        cycle = prerequisite_cycle(skill, prerequisites)
        if cycle:
            path = " → ".join(s.name for s in cycle)
            self.add_error(
                "prerequisites",
                ValidationError(
                    "%(path)s would form a cycle: remove one of these prerequisites.",
                    code="prerequisite_cycle",
                    params={"path": path},
                ),
            )
        return cleaned


class RoleAdminForm(forms.ModelForm):
    class Meta:
        model = Role
        fields = [
            "title",
            "slug",
            "aliases",
            "summary",
            "description",
            "is_published",
            "outlook",
            "employers",
            "industries",
            "related_roles",
            "salary_amount",
            "salary_currency",
            "salary_region",
            "salary_source",
            "salary_source_url",
            "salary_year",
            "salary_checked_on",
            "salary_occupation",
            "salary_note",
            "order",
        ]

    def clean_related_roles(self):
        related = self.cleaned_data["related_roles"]
        if self.instance.pk is not None and related.filter(pk=self.instance.pk).exists():
            raise ValidationError("A role cannot be related to itself.", code="self_related")
        return related


class CertificationAdminForm(forms.ModelForm):
    class Meta:
        model = Certification
        fields = [
            "name",
            "slug",
            "issuer",
            "url",
            "kind",
            "level",
            "description",
            "validity_months",
            "verification_hosts",
            "hosts_checked_on",
            "source_url",
            "checked_on",
            "is_recognised",
            "is_retired",
            "retired_on",
            "successor",
            "roles",
        ]

    def clean_successor(self):
        successor = self.cleaned_data["successor"]
        if successor is not None and successor.pk == self.instance.pk:
            raise ValidationError(
                "A certification cannot be its own successor.", code="own_successor"
            )
        return successor
