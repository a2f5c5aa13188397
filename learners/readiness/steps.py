"""Next steps: what to do next for a role, worked out from the rows the engine computed.

Unmet essentials first, by W × (t − L), each through the first unlocked prerequisite on its path
when it is locked; then unlocked optional requirements; then, when the evidence trails, what to
prove. Pure, like the engine that calls it.
"""

from __future__ import annotations

from learners.readiness.types import (
    EVIDENCE_STEPS_LIMIT,
    NEXT_STEPS_LIMIT,
    PREREQUISITE_DEFAULT_LEVEL,
    Closer,
    Ledger,
    NextStep,
    Readiness,
    RequirementRow,
    RoleProfile,
    StepKind,
    closers_for,
    next_step_key,
)


def _proof_closers(closers: tuple[Closer, ...], evidenced: int, held: frozenset[str]):
    """What would prove a level: certifications crediting more than the evidence shows, and
    project ideas (a done project with a public repository is evidence)."""
    return tuple(
        c
        for c in closers
        if (c.kind == "certification" and c.title not in held and c.level > evidenced)
        or c.kind == "project_idea"
    )


def _row_step(row: RequirementRow) -> NextStep:
    spec = row.spec
    return NextStep(
        kind=StepKind.GAP,
        skill_id=spec.skill_id,
        skill_slug=spec.skill_slug,
        skill_name=spec.skill_name,
        level=row.level,
        target=spec.target,
        essential=spec.essential,
        weight=spec.weight,
        closers=row.closers,
    )


def gap_steps(rows, profile: RoleProfile, ledger: Ledger, prerequisite_met) -> list[NextStep]:
    """Unmet essentials (each through its first unlocked prerequisite if it is locked), then
    unlocked optional requirements; each skill once."""
    specs = {spec.skill_id: spec for spec in profile.requirements}
    unmet = sorted((r for r in rows if not r.met), key=next_step_key)

    def prerequisites_of(skill_id: int) -> frozenset[int]:
        if skill_id in specs:
            return specs[skill_id].prerequisite_ids
        info = profile.skills.get(skill_id)
        return info.prerequisite_ids if info else frozenset()

    def blocker_key(skill_id: int) -> tuple:
        spec = specs.get(skill_id)
        name = spec.skill_name if spec else getattr(profile.skills.get(skill_id), "name", "")
        return (-(spec.weight if spec else 0), name, skill_id)

    def first_unlocked(skill_id: int, seen: set[int]) -> int | None:
        """Depth first along unmet prerequisites (heaviest, then by name): the first skill on
        the path whose own prerequisites are all met."""
        seen.add(skill_id)
        blockers = sorted(
            (
                p
                for p in prerequisites_of(skill_id)
                if p != skill_id and not prerequisite_met(p) and (p in specs or p in profile.skills)
            ),
            key=blocker_key,
        )
        if not blockers:
            return skill_id
        for blocker in blockers:
            if blocker not in seen:
                found = first_unlocked(blocker, seen)
                if found is not None:
                    return found
        return None  # only cycles below: fall back on the skill itself

    steps: list[NextStep] = []
    taken: set[int] = set()
    for row in unmet:
        if len(steps) >= NEXT_STEPS_LIMIT:
            break
        spec = row.spec
        if not spec.essential and not row.prerequisites_met:
            continue
        if spec.essential and not row.prerequisites_met:
            first = first_unlocked(spec.skill_id, set())
            if first is not None and first != spec.skill_id:
                if first not in taken:
                    steps.append(_prerequisite_step(first, row, specs, profile, ledger))
                    taken.add(first)
                continue
        if spec.skill_id not in taken:
            steps.append(_row_step(row))
            taken.add(spec.skill_id)
    if not steps:  # only locked optional requirements left (a cycle): show them anyway
        steps = [_row_step(row) for row in unmet[:NEXT_STEPS_LIMIT]]
    return steps


def _prerequisite_step(
    skill_id: int, unlocks: RequirementRow, specs, profile: RoleProfile, ledger: Ledger
) -> NextStep:
    level = ledger.level(skill_id).level
    spec = specs.get(skill_id)
    if spec is not None:
        slug, name, target, essential = (
            spec.skill_slug,
            spec.skill_name,
            spec.target,
            spec.essential,
        )
        weight, closers = spec.weight, spec.closers
    else:
        info = profile.skills[skill_id]
        slug, name, target, essential = info.slug, info.name, PREREQUISITE_DEFAULT_LEVEL, False
        weight, closers = 0, info.closers
    return NextStep(
        kind=StepKind.PREREQUISITE,
        skill_id=skill_id,
        skill_slug=slug,
        skill_name=name,
        level=level,
        target=target,
        essential=essential,
        weight=weight,
        closers=closers_for(closers, level, ledger.held),
        unlocks=unlocks.spec.skill_name,
        unlocks_slug=unlocks.spec.skill_slug,
    )


def _unproven(rows) -> tuple[RequirementRow, ...]:
    """The one order of "what to prove": requirements whose counted level is more than their
    evidence, heaviest first, then the most left to prove, then by name."""
    return tuple(
        sorted(
            (r for r in rows if r.unproven),
            key=lambda r: (
                -r.spec.weight,
                -(min(r.level, r.spec.target) - r.evidenced_level),
                r.spec.skill_name,
                r.spec.skill_id,
            ),
        )
    )


def evidence_steps(rows, ledger: Ledger) -> list[NextStep]:
    """The first few of what to prove (`_unproven`), and what would prove each."""
    unproven = _unproven(rows)
    return [
        NextStep(
            kind=StepKind.EVIDENCE,
            skill_id=r.spec.skill_id,
            skill_slug=r.spec.skill_slug,
            skill_name=r.spec.skill_name,
            level=r.level,
            target=min(r.level, r.spec.target),
            essential=r.spec.essential,
            weight=r.spec.weight,
            closers=_proof_closers(r.spec.closers, r.evidenced_level, ledger.held),
            evidenced_level=r.evidenced_level,
        )
        for r in unproven[:EVIDENCE_STEPS_LIMIT]
    ]


def unproven_rows(readiness: Readiness) -> tuple[RequirementRow, ...]:
    """Everything to prove, in the one order (`_unproven`): the plan lists it all, next steps
    show the first few."""
    return _unproven(readiness.rows)
