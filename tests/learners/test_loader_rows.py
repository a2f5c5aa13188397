"""The one loader reads the engine's input with four `values_list` querysets whose SQL is compiled
once (learners/readiness/load.py). These tests hold it to what the models say: for random
learners, the credits it reads are exactly those the model objects give through their own rules
(name, expiry, evidence), and the compiled SQL reads what its queryset reads."""

import ast
import datetime as dt
import pathlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from learners.models import (
    EarnedCertification,
    PortfolioProject,
    ProjectSkill,
    SkillRecord,
    User,
)
from learners.readiness import load as loader
from learners.readiness import load_learner
from learners.readiness.load import effective_expiry
from learners.readiness.types import CertificationCredit, ProjectCredit
from roles import evidence
from roles.models import Certification, CertificationSkill
from tests.learners.test_one_truth import TODAY, learners, record, world  # noqa: F401 (fixture)
from tests.readiness_helpers import certification_is_evidence

pytestmark = pytest.mark.django_db

described = st.lists(
    st.fixed_dictionaries(
        {
            "skills": st.sets(st.integers(0, 5), max_size=3),
            "level": st.integers(1, 5),
            "expires_in_days": st.none() | st.integers(-30, 30),
        }
    ),
    max_size=2,
)


def expected_credits(user) -> tuple[tuple, tuple]:
    """The credits as the model objects give them, in the loader's documented order."""
    certification_credits = []
    earned = EarnedCertification.objects.filter(user=user).select_related("certification")
    for record_ in sorted(earned, key=lambda e: (e.name, e.issued_on, e.pk)):
        if record_.in_catalogue:
            credits = CertificationSkill.objects.filter(
                certification=record_.certification
            ).order_by("skill_id")
            pairs = [(c.skill_id, c.level) for c in credits]
        else:
            pairs = [(s.pk, record_.other_level) for s in record_.other_skills.order_by("name")]
        certification_credits += [
            CertificationCredit(
                skill_id=skill_id,
                level=level,
                name=record_.name,
                expires_on=effective_expiry(record_),
                verified=certification_is_evidence(record_),
            )
            for skill_id, level in pairs
        ]
    project_credits = []
    projects = PortfolioProject.objects.filter(user=user)
    for project in sorted(projects, key=lambda p: (p.title, p.pk)):
        for shown in ProjectSkill.objects.filter(project=project).order_by("skill__name", "id"):
            project_credits.append(
                ProjectCredit(
                    skill_id=shown.skill_id,
                    level=shown.level,
                    title=project.title,
                    done=project.status == PortfolioProject.Status.DONE,
                    has_link=evidence.project_is_evidence(project.repository_url, project.demo_url),
                )
            )
    return tuple(certification_credits), tuple(project_credits)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(spec=learners, own=described, hosts=st.sampled_from(["verify.example.org", "", "  \n"]))
def test_the_loaders_rows_are_what_the_models_say(world, spec, own, hosts):  # noqa: F811
    Certification.objects.filter(pk=world["certifications"][0].pk).update(verification_hosts=hosts)
    n = User.objects.count()
    user = User.objects.create_user(
        email=f"rows{n}@example.com", password="x-long-enough-password", handle=f"rows-{n}"
    )
    record(world, user, spec)
    SkillRecord.objects.filter(user=user).update(note="a note")
    for i, item in enumerate(own):
        expires = item["expires_in_days"]
        earned = EarnedCertification.objects.create(
            user=user,
            other_name=f"Own cert {i}",
            other_level=item["level"],
            issued_on=TODAY - dt.timedelta(days=40),
            expires_on=None if expires is None else TODAY + dt.timedelta(days=expires),
        )
        earned.other_skills.set([world["skills"][s] for s in item["skills"]])

    learner = load_learner(user, today=TODAY)
    assert (
        learner.records.certification_credits,
        learner.records.project_credits,
    ) == expected_credits(user)
    assert dict(learner.records.ratings) == dict(
        SkillRecord.objects.filter(user=user).values_list("skill_id", "level")
    )
    assert learner.notes == dict.fromkeys(learner.records.ratings, "a note")
    # What the lists show comes from the same rows.
    for item in learner.certifications:
        if not item.earned.in_catalogue:
            assert item.earned.covered_skills == list(
                item.earned.other_skills.order_by("name").values_list("name", flat=True)
            )
    for project in learner.projects:
        assert [(s.skill_id, s.level) for s in project.shown_skills] == list(
            ProjectSkill.objects.filter(project=project)
            .order_by("skill__name", "id")
            .values_list("skill_id", "level")
        )
    # Without the lists: the same input and notes, and no list to be mistaken for an empty one.
    bare = load_learner(user, today=TODAY, lists=False)
    assert (bare.records, bare.notes) == (learner.records, learner.notes)
    assert bare.certifications is None
    with pytest.raises(ValueError, match="without its lists"):
        bare.has_any  # noqa: B018


def test_the_loader_types_no_sql():
    """Every table and column the loader reads is named by the ORM (issue 21)."""
    source = pathlib.Path(loader.__file__).read_text()
    constants = [
        node.value
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]
    assert [c for c in constants if "SELECT" in c.upper() or "learners_" in c] == []


@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(spec=learners)
def test_the_compiled_sql_reads_what_its_queryset_reads(world, spec):  # noqa: F811
    """The SQL compiled once per database gives the very rows of its `values_list` queryset."""
    n = User.objects.count()
    user = User.objects.create_user(
        email=f"sql{n}@example.com", password="x-long-enough-password", handle=f"sql-{n}"
    )
    record(world, user, spec)
    own = EarnedCertification.objects.create(
        user=user, other_name="Own", other_level=2, issued_on=TODAY
    )
    own.other_skills.set(world["skills"][:2])
    for name, build in (
        ("ratings", loader._ratings),
        ("catalogue", loader._catalogue),
        ("described", loader._described),
        ("shown", loader._shown),
    ):
        assert loader._fetch(name, build, user.pk) == list(build(user.pk)), name
