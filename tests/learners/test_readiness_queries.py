"""The loaders ask the database a constant number of questions, however much there is."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from learners import models as lm
from learners.readiness import (
    load_records,
    role_profiles,
)
from roles import models as rm
from roles.cache import bump_generation
from tests import factories as f
from tests.readiness_helpers import all_roles_readiness, readiness_for

# Ceilings, not exact counts: what matters is that the count does not grow with the data (each
# test measures a small and a large case and asks for the same count) and stays small.
# The engine's input: ratings and notes; catalogue certifications with what they credit; the
# learner's own certifications with what they cover; the skills projects show.
RECORD_QUERIES = 4
# Published roles; their requirements; prerequisites; resources; certification credits;
# project ideas' skills; the ideas' roles; the skill catalogue.
PROFILES_QUERIES = 8
# Reading the content generation (roles/cache.py): tests read it on every use.
GENERATION_QUERIES = 1


def queries(work):
    """How many queries `work()` asks, and what it returns."""
    with CaptureQueriesContext(connection) as captured:
        result = work()
    return len(captured.captured_queries), result


def record_everything(user, count):
    """`count` ratings, earned certifications and done projects, each on its own skill."""
    category = f.SkillCategoryFactory()
    skills = rm.Skill.objects.bulk_create(
        rm.Skill(
            slug=f"{user.handle}-s{i}",
            name=f"{user.handle} skill {i}",
            category=category,
            description="A skill.",
        )
        for i in range(count)
    )
    certifications = rm.Certification.objects.bulk_create(
        rm.Certification(
            slug=f"{user.handle}-c{i}",
            name=f"{user.handle} cert {i}",
            issuer="X",
            validity_months=24,
        )
        for i in range(count)
    )
    rm.CertificationSkill.objects.bulk_create(
        rm.CertificationSkill(certification=c, skill=s, level=3)
        for c, s in zip(certifications, skills, strict=True)
    )
    lm.SkillRecord.objects.bulk_create(lm.SkillRecord(user=user, skill=s, level=2) for s in skills)
    lm.EarnedCertification.objects.bulk_create(
        lm.EarnedCertification(
            user=user,
            certification=c,
            issued_on=dt.date(2026, 1, 1),
            verification_url="https://verify.example.org/x",
        )
        for c in certifications
    )
    projects = lm.PortfolioProject.objects.bulk_create(
        lm.PortfolioProject(
            user=user,
            title=f"Project {i}",
            status="done",
            repository_url="https://github.com/p",
        )
        for i in range(count)
    )
    lm.ProjectSkill.objects.bulk_create(
        lm.ProjectSkill(project=p, skill=s, level=4) for p, s in zip(projects, skills, strict=True)
    )
    return skills


def build_role(role, count):
    """A role with `count` requirements, each with a prerequisite and every kind of closer."""
    category = f.SkillCategoryFactory()
    previous = None
    for i in range(count):
        skill = f.SkillFactory(slug=f"{role.slug}-skill-{i}", category=category)
        if previous is not None:
            skill.prerequisites.add(previous)
        f.RequirementFactory(role=role, skill=skill, is_essential=i % 2 == 0)
        f.ResourceFactory(skill=skill)
        f.CertificationSkillFactory(skill=skill, certification__slug=f"{role.slug}-cert-{i}")
        idea = f.ProjectIdeaFactory(slug=f"{role.slug}-idea-{i}")
        idea.roles.add(role)
        f.ProjectIdeaSkillFactory(idea=idea, skill=skill)
        previous = skill
    return role


def test_loading_records_takes_the_same_few_queries_for_1_or_500_of_each(db):
    few, many = f.UserFactory(), f.UserFactory()
    record_everything(few, 1)
    record_everything(many, 500)
    count_few, _ = queries(lambda: load_records(few))
    count_many, records = queries(lambda: load_records(many))
    assert count_few == count_many <= RECORD_QUERIES
    assert len(records.ratings) == 500
    assert len(records.certification_credits) == 500
    assert len(records.project_credits) == 500


def test_loading_a_profile_takes_the_same_few_queries_for_5_or_60_requirements(db):
    small, large = build_role(f.RoleFactory(slug="small"), 5), f.RoleFactory(slug="large")
    count_small, _ = queries(lambda: role_profiles()[small.id])
    build_role(large, 60)
    bump_generation()
    count_large, profile = queries(lambda: role_profiles()[large.id])
    assert count_small == count_large <= GENERATION_QUERIES + PROFILES_QUERIES
    assert len(profile.requirements) == 60
    assert all(len(spec.closers) == 3 for spec in profile.requirements)
    assert sum(len(spec.prerequisite_ids) for spec in profile.requirements) == 60 - 1


def test_loading_every_profile_takes_the_same_few_queries_for_1_or_6_roles(db):
    build_role(f.RoleFactory(slug="role-0"), 3)
    f.RoleFactory(slug="draft", is_published=False)
    count_one, _ = queries(role_profiles)
    for i in range(1, 6):
        build_role(f.RoleFactory(slug=f"role-{i}"), 3)
    bump_generation()
    count_six, profiles = queries(role_profiles)
    assert count_one == count_six <= GENERATION_QUERIES + PROFILES_QUERIES
    assert sorted(p.slug for p in profiles.values()) == [f"role-{i}" for i in range(6)]


def test_readiness_for_every_role_takes_the_same_few_queries_for_1_or_500_records(db):
    few, many = f.UserFactory(), f.UserFactory()
    record_everything(few, 1)
    skills = record_everything(many, 500)
    for i in range(3):
        role = build_role(f.RoleFactory(slug=f"role-{i}"), 4)
        f.RequirementFactory(role=role, skill=skills[0], target_level=3)
    today = dt.date(2026, 6, 1)
    all_roles_readiness(few, today=today)  # the profiles are loaded once, then shared
    count_few, _ = queries(lambda: all_roles_readiness(few, today=today))
    count_many, results = queries(lambda: all_roles_readiness(many, today=today))
    assert count_few == count_many <= RECORD_QUERIES + GENERATION_QUERIES
    assert len(results) == 3
    scores = [r.score for r in results]
    assert scores == sorted(scores, reverse=True)
    # The first skill is met by every source (project at Advanced), so each role scores above 0.
    assert all(r.score > 0 for r in results)


def test_readiness_for_every_role_ranks_the_best_first(learner):
    python = f.SkillFactory(name="Python")
    sql = f.SkillFactory(name="SQL")
    analyst = f.RoleFactory(slug="analyst", title="Data Analyst")
    engineer = f.RoleFactory(slug="engineer", title="ML Engineer")
    f.RequirementFactory(role=analyst, skill=sql)
    f.RequirementFactory(role=engineer, skill=python)
    f.RequirementFactory(role=engineer, skill=sql)
    f.SkillRecordFactory(user=learner, skill=sql, level=3)
    results = all_roles_readiness(learner)
    assert [(r.role_slug, r.score) for r in results] == [("analyst", 100.0), ("engineer", 50.0)]


def test_a_warm_profile_needs_no_query_and_a_content_change_is_seen_at_once(
    learner, role, django_assert_max_num_queries
):
    build_role(role, 2)
    role_profiles()[role.id]
    role_profiles()
    with django_assert_max_num_queries(RECORD_QUERIES + GENERATION_QUERIES):
        before = readiness_for(learner, role.id, today=dt.date(2026, 6, 1))
    with django_assert_max_num_queries(RECORD_QUERIES + GENERATION_QUERIES):
        all_roles_readiness(learner, today=dt.date(2026, 6, 1))
    assert before.requirements_total == 2

    f.RequirementFactory(role=role, skill=f.SkillFactory(name="Docker"))
    bump_generation()  # as every path that changes content does (the admin, sync_content)
    after = readiness_for(learner, role.id, today=dt.date(2026, 6, 1))
    assert after.requirements_total == 3
    assert len(role_profiles()[role.id].requirements) == 3

    requirement = rm.Requirement.objects.get(role=role, skill__name="Docker")
    requirement.target_level = 5
    requirement.save()
    bump_generation()
    targets = {s.skill_name: s.target for s in role_profiles()[role.id].requirements}
    assert targets["Docker"] == 5


def test_an_unpublished_role_has_no_profile(db):
    draft = f.RoleFactory(slug="draft", is_published=False)
    assert draft.id not in role_profiles()
