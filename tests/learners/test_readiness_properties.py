"""Properties the readiness formula must keep for any role and any records (Hypothesis)."""

import dataclasses
import datetime as dt
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from learners.readiness import (
    CertificationCredit,
    LearnerRecords,
    ProjectCredit,
    RequirementSpec,
    RoleProfile,
    StepKind,
    compute_readiness,
)

TODAY = dt.date(2026, 6, 15)
# No per-example deadline: a busy shared machine must not fail a correct example.
unhurried = settings(deadline=None)
SKILLS = st.integers(1, 8)
LEVELS = st.integers(0, 5)
CREDIT_LEVELS = st.integers(1, 5)


@st.composite
def profiles(draw):
    skill_ids = draw(st.lists(SKILLS, unique=True, max_size=8))
    specs = tuple(
        RequirementSpec(
            skill_id=skill_id,
            skill_slug=f"skill-{skill_id}",
            skill_name=f"Skill {skill_id}",
            category=draw(st.sampled_from(["Code", "Maths", "Ops"])),
            category_order=draw(st.integers(0, 3)),
            importance=draw(st.integers(1, 5)),
            essential=draw(st.booleans()),
            target=draw(st.integers(1, 5)),
            prerequisite_ids=frozenset(draw(st.lists(SKILLS, max_size=3))),
            estimated_hours=draw(st.integers(1, 200)),
        )
        for skill_id in skill_ids
    )
    return RoleProfile(role_id=1, slug="role", title="Role", requirements=specs)


expiries = st.one_of(
    st.none(), st.dates(min_value=dt.date(2026, 6, 1), max_value=dt.date(2026, 6, 30))
)
certification_credits = st.builds(
    CertificationCredit,
    skill_id=SKILLS,
    level=CREDIT_LEVELS,
    name=st.sampled_from(["AWS ML", "TensorFlow Developer", "Azure AI"]),
    expires_on=expiries,
    verified=st.booleans(),
)
project_credits = st.builds(
    ProjectCredit,
    skill_id=SKILLS,
    level=CREDIT_LEVELS,
    title=st.sampled_from(["Churn model", "Recommender"]),
    done=st.booleans(),
    has_link=st.booleans(),
)
records = st.builds(
    LearnerRecords,
    ratings=st.dictionaries(SKILLS, LEVELS, max_size=8),
    certification_credits=st.lists(certification_credits, max_size=6).map(tuple),
    project_credits=st.lists(project_credits, max_size=6).map(tuple),
)


def compute(profile, learner):
    return compute_readiness(profile, learner, today=TODAY)


@unhurried
@given(profiles(), records)
def test_scores_stay_between_0_and_100_and_evidence_never_exceeds_the_score(profile, learner):
    result = compute(profile, learner)
    assert 0 <= result.evidenced_score <= result.score <= 100
    for category in result.categories:
        assert 0 <= category.score <= 100
    for row in result.rows:
        assert row.evidenced_level <= row.level
        assert row.gap == max(row.spec.target - row.level, 0)
        assert row.met == (row.gap == 0)


@unhurried
@given(profiles(), records)
def test_the_score_is_100_exactly_when_every_target_is_met(profile, learner):
    result = compute(profile, learner)
    every_target_met = bool(result.rows) and all(r.level >= r.spec.target for r in result.rows)
    assert (result.score == 100) == every_target_met
    assert result.is_ready == every_target_met


@unhurried
@given(profiles(), records, SKILLS, LEVELS)
def test_raising_a_self_rating_never_lowers_the_score(profile, learner, skill_id, raise_by):
    before = compute(profile, learner)
    ratings = dict(learner.ratings)
    ratings[skill_id] = min(5, ratings.get(skill_id, 0) + raise_by)
    after = compute(profile, dataclasses.replace(learner, ratings=ratings))
    assert after.score >= before.score
    assert after.evidenced_score == before.evidenced_score
    assert after.essentials_met >= before.essentials_met


@unhurried
@given(profiles(), records, certification_credits)
def test_adding_a_certification_never_lowers_the_score(profile, learner, credit):
    before = compute(profile, learner)
    more = (*learner.certification_credits, credit)
    after = compute(profile, dataclasses.replace(learner, certification_credits=more))
    assert after.score >= before.score
    assert after.evidenced_score >= before.evidenced_score


@unhurried
@given(profiles(), records, project_credits)
def test_adding_a_project_never_lowers_the_score(profile, learner, credit):
    before = compute(profile, learner)
    more = (*learner.project_credits, credit)
    after = compute(profile, dataclasses.replace(learner, project_credits=more))
    assert after.score >= before.score
    assert after.evidenced_score >= before.evidenced_score


@unhurried
@given(profiles(), records, st.lists(certification_credits, min_size=1, max_size=4))
def test_expired_certifications_change_nothing(profile, learner, credits):
    expired = tuple(
        dataclasses.replace(c, expires_on=TODAY - dt.timedelta(days=1 + i))
        for i, c in enumerate(credits)
    )
    before = compute(profile, learner)
    more = (*learner.certification_credits, *expired)
    after = compute(profile, dataclasses.replace(learner, certification_credits=more))
    assert after == before


@unhurried
@given(profiles(), records)
def test_next_steps_never_let_an_optional_requirement_displace_an_essential(profile, learner):
    result = compute(profile, learner)
    unmet = {r.spec.skill_id: r for r in result.rows if not r.met}
    gaps = result.gap_steps
    assert len(gaps) <= 5
    assert len({s.skill_id for s in gaps}) == len(gaps)
    assert bool(gaps) == bool(unmet)  # never empty while something is unmet
    prerequisites = {s.skill_id: s.prerequisite_ids for s in profile.requirements}

    def needs(skill_id, seen=None):  # every unmet requirement on the skill's prerequisite path
        seen = set() if seen is None else seen
        for p in prerequisites.get(skill_id, ()):
            if p in unmet and p not in seen:
                seen.add(p)
                needs(p, seen)
        return seen

    optional = [i for i, s in enumerate(gaps) if s.kind == StepKind.GAP and not s.essential]
    if optional:
        before = {s.skill_id for s in gaps[: optional[0]]}
        for skill_id, row in unmet.items():
            if row.spec.essential:
                assert skill_id in before or needs(skill_id) & before, row.spec.skill_name
    for step in gaps:
        if step.kind == StepKind.PREREQUISITE:
            assert unmet.get(step.skill_id) is None or not unmet[step.skill_id].met


@unhurried
@given(profiles(), records)
def test_evidence_steps_appear_exactly_when_the_evidence_trails(profile, learner):
    result = compute(profile, learner)
    steps = result.evidence_steps
    assert bool(steps) == (result.evidenced_score < result.score)
    assert len(steps) <= 3
    weights = [s.weight for s in steps]
    assert weights == sorted(weights, reverse=True)
    for step in steps:
        row = result.row_for(step.skill_id)
        assert min(row.level, row.spec.target) > min(row.evidenced_level, row.spec.target)
    assert result.next_steps == result.gap_steps + steps


def oracle_level(learner, skill_id, *, evidence_only):
    """L(s) (or E(s)) straight from PRODUCT.md, written independently of the engine."""
    levels = [0]
    if not evidence_only:
        levels.append(learner.ratings.get(skill_id, 0))
    levels += [
        c.level
        for c in learner.certification_credits
        if c.skill_id == skill_id
        and (c.expires_on is None or c.expires_on >= TODAY)
        and (c.verified or not evidence_only)
    ]
    levels += [
        p.level
        for p in learner.project_credits
        if p.skill_id == skill_id and p.done and (p.has_link or not evidence_only)
    ]
    return max(levels)


def oracle_score(profile, learner, *, evidence_only=False):
    total = sum(s.weight for s in profile.requirements)
    if total == 0:
        return Fraction(0)
    earned = Fraction(0)
    for s in profile.requirements:
        level = oracle_level(learner, s.skill_id, evidence_only=evidence_only)
        earned += Fraction(s.weight * min(level, s.target), s.target)
    return 100 * earned / total


@unhurried
@given(profiles(), records)
def test_the_scores_match_the_formula_worked_out_independently(profile, learner):
    result = compute(profile, learner)
    assert result.score == float(oracle_score(profile, learner))
    assert result.evidenced_score == float(oracle_score(profile, learner, evidence_only=True))
    for row in result.rows:
        assert row.level == oracle_level(learner, row.spec.skill_id, evidence_only=False)
        assert row.evidenced_level == oracle_level(learner, row.spec.skill_id, evidence_only=True)
