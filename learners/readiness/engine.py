"""How ready a learner is for a role: a transparent, explainable score. Pure: no ORM, no URL
reversing, no cache. The only place a score, a counted level or a next step is worked out.

The formula (PRODUCT.md), for each requirement (skill s, importance w, essential e, target t):

- level L(s): the highest of the learner's own rating, the level credited by an earned
  certification that has not expired, and the level shown by a done portfolio project.
- evidenced level E(s): the same over evidence someone else can check (the loader decides which
  certifications and projects qualify). The self-rating is never evidence.
- weight W(s) = w × (2 if essential else 1).
- readiness = 100 × Σ W·min(L/t, 1) / Σ W; evidenced readiness uses E instead of L.

Decisions where the product text is silent:

- A role with no requirements scores 0: there is nothing to be ready for yet.
- A certification counts through its expiry day and not after it.
- When two sources give the same level, the row names evidence first: certification, then
  project, then the self-rating; among equals, the first by name, so the label is stable.
- The sums are whole numbers (every target divides 60) turned into a float once at the end, so
  the score is 100 exactly when every target is met, and never 100 otherwise.
- A row's closers leave out certifications that would not move this learner: one they hold
  unexpired, or one crediting no more than their level.
- Next steps (at most `NEXT_STEPS_LIMIT`): unmet essentials first, by W × (t − L), then unmet
  optional requirements whose prerequisites are met. An essential whose prerequisites are unmet
  is represented by the first unlocked prerequisite on its path ("Linux, to unlock Docker"),
  so an optional requirement never displaces it. A prerequisite counts as met at the level the
  role asks of it, else Guided (2). When the evidenced score trails the claimed one, up to
  `EVIDENCE_STEPS_LIMIT` evidence steps (skills to prove, heaviest first) follow.
- Displayed percentages are floored (`display_percent`): 99.6 % never reads as a finished 100.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from learners.readiness.steps import evidence_steps, gap_steps
from learners.readiness.types import (
    PREREQUISITE_DEFAULT_LEVEL,
    CategoryScore,
    CountedLevel,
    LearnerRecords,
    Readiness,
    RequirementRow,
    RoleProfile,
    closers_for,
    requirement_sort_key,
)

# --- the computation --------------------------------------------------------------------------

#: Every target level (1..5) divides this, so Σ W·min(L, t)·(60/t) is Σ W·min(L/t, 1) × 60 in
#: whole numbers: the sums stay exact.
_TARGET_LCM = 60


def _percent(levels: Iterable[tuple[int, int, int]]) -> float:
    """100 × Σ W·min(L/t, 1) / Σ W over (weight, level, target) triples; 0 when empty."""
    earned = possible = 0
    for weight, level, target in levels:
        earned += weight * min(level, target) * (_TARGET_LCM // target)
        possible += weight
    if possible == 0:
        return 0.0
    # int / int is correctly rounded: exactly 100.0 only when earned is everything.
    return earned * 100 / (possible * _TARGET_LCM)


def compute_readiness(profile: RoleProfile, records: LearnerRecords, *, today: date) -> Readiness:
    """How ready `records` make a learner for `profile` on `today`. Pure: no database."""
    ledger = records.ledger(today)
    targets = {spec.skill_id: spec.target for spec in profile.requirements}

    def prerequisite_met(skill_id: int) -> bool:
        needed = targets.get(skill_id, PREREQUISITE_DEFAULT_LEVEL)
        return ledger.level(skill_id).level >= needed

    rows = []
    for spec in sorted(profile.requirements, key=requirement_sort_key):
        best = ledger.level(spec.skill_id)
        proof = ledger.evidenced(spec.skill_id)
        rows.append(
            RequirementRow(
                spec=spec,
                self_level=records.ratings.get(spec.skill_id, 0),
                level=best.level,
                source=best.source,
                source_label=best.label,
                evidenced_level=proof.level,
                evidenced_source=proof.source,
                evidenced_label=proof.label,
                gap=max(spec.target - best.level, 0),
                met=best.level >= spec.target,
                prerequisites_met=all(
                    prerequisite_met(p) for p in spec.prerequisite_ids if p != spec.skill_id
                ),
                contribution=spec.weight * min(best.level / spec.target, 1.0),
                closers=(
                    closers_for(spec.closers, best.level, ledger.held)
                    if spec.has_certification_closers
                    else spec.closers
                ),
            )
        )

    by_category: dict[tuple[int, str], list[RequirementRow]] = {}
    for row in rows:
        by_category.setdefault((row.spec.category_order, row.spec.category), []).append(row)
    categories = tuple(
        CategoryScore(
            name=name,
            order=order,
            score=_percent((r.spec.weight, r.level, r.spec.target) for r in members),
            met=sum(r.met for r in members),
            total=len(members),
        )
        for (order, name), members in by_category.items()
    )
    score = _percent((r.spec.weight, r.level, r.spec.target) for r in rows)
    evidenced = _percent((r.spec.weight, r.evidenced_level, r.spec.target) for r in rows)
    essentials = [r for r in rows if r.spec.essential]
    steps = gap_steps(rows, profile, ledger, prerequisite_met)
    if evidenced < score:
        steps += evidence_steps(rows, ledger)

    return Readiness(
        role_id=profile.role_id,
        role_slug=profile.slug,
        role_title=profile.title,
        score=score,
        evidenced_score=evidenced,
        essentials_met=sum(r.met for r in essentials),
        essentials_total=len(essentials),
        categories=categories,
        rows=tuple(rows),
        next_steps=tuple(steps),
        met_total=sum(r.met for r in rows),
        requirements_total=len(rows),
    )


def counted_levels(records: LearnerRecords, *, today: date) -> dict[int, CountedLevel]:
    """Every skill the learner has some level in: the level that counts and where it came from
    (the public profile lists them, as the dashboard's rows do for one role)."""
    return dict(records.ledger(today).best)
