"""The benchmark seeder writes realistic, valid learners in bulk, on a tiny size; the harness
reads wrk's report."""

import pytest

from bench.seed import BENCH_PASSWORD, load_content, record_count, seed_learner, seed_learners
from learners.models import (
    EarnedCertification,
    PortfolioProject,
    ProjectSkill,
    ReadinessSnapshot,
    SkillRecord,
    User,
)
from learners.readiness.load import load_learner
from tests.factories import (
    CertificationFactory,
    EducationPathFactory,
    RoleFactory,
    SkillFactory,
    UserFactory,
)
from tests.readiness_helpers import certification_is_evidence


@pytest.fixture
def content(db):
    RoleFactory(slug="machine-learning-engineer", title="Machine Learning Engineer")
    RoleFactory(slug="data-scientist", title="Data Scientist")
    for n in range(8):
        SkillFactory(slug=f"bench-skill-{n}", name=f"Bench skill {n}")
    CertificationFactory(validity_months=24, verification_hosts="www.credly.com")
    CertificationFactory(slug="forever", name="Forever", validity_months=None)
    EducationPathFactory()
    return load_content()


def test_it_seeds_the_requested_number_of_learners_with_records(content):
    totals = seed_learners(12, content=content, learners_per_transaction=5)

    assert User.objects.filter(email__endswith="@bench.example").count() == 12
    assert totals["users"] == 12
    assert SkillRecord.objects.count() == totals["skill_records"] >= 12 * 3
    assert ReadinessSnapshot.objects.count() == totals["snapshots"]
    assert ProjectSkill.objects.count() == totals["project_skills"]
    assert all(u.target_role_id in content.role_ids for u in User.objects.all())


def test_it_appends_after_existing_learners_and_keeps_ids_usable(content):
    UserFactory(email="someone@example.com")
    seed_learners(3, content=content)
    seed_learners(4, content=content)

    assert User.objects.filter(email__endswith="@bench.example").count() == 7
    # The id sequence was moved past the explicit ids: ordinary creation still works.
    assert (
        UserFactory(email="after@example.com").pk
        > User.objects.exclude(email="after@example.com")
        .order_by("-pk")
        .values_list("pk", flat=True)
        .first()
    )
    PortfolioProject.objects.create(user=User.objects.first(), title="After the seed")


def test_the_seeded_learners_can_sign_in_with_the_benchmark_password(content):
    seed_learners(2, content=content)

    assert (
        User.objects.filter(email__endswith="@bench.example").first().check_password(BENCH_PASSWORD)
    )


def test_the_full_record_learner_rates_every_skill_and_has_evidence(content):
    user = seed_learner("bench@example.com", content=content)

    assert user.target_role.slug == "machine-learning-engineer"
    assert SkillRecord.objects.filter(user=user).count() == len(content.skill_ids)
    assert EarnedCertification.objects.filter(user=user).count() == 3
    assert PortfolioProject.objects.filter(user=user).count() == 5
    assert user.education.count() == 2
    assert user.snapshots.count() == 30
    # "Has evidence": the engine counts some of it (links on the certifications' own
    # verification hosts, done projects on a public code host), as the benchmark should exercise.
    learner = load_learner(user)
    assert any(certification_is_evidence(item.earned) for item in learner.certifications)
    assert any(credit.done and credit.has_link for credit in learner.records.project_credits)


@pytest.mark.parametrize("records", [1, 500])
def test_it_gives_a_learner_exactly_the_number_of_records_asked_for(content, records):
    user = seed_learner(f"r{records}@example.com", records=records, content=content)

    assert record_count(user) == records
    for cert in EarnedCertification.objects.filter(user=user):
        assert cert.expires_on is None or cert.expires_on >= cert.issued_on


WRK_REPORT = """Running 4s test @ http://127.0.0.1:40000/dashboard/
  1 threads and 4 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    56.10ms   20.01ms 200.00ms   70.00%
  Latency Distribution
     50%   56.10ms
     75%   70.00ms
     90%   90.00ms
     99%    1.06s
  280 requests in 4.00s, 30.00MB read
  Non-2xx or 3xx responses: 3
Requests/sec:     70.00
Transfer/sec:      7.50MB
"""


def test_the_harness_reads_wrks_report_in_milliseconds():
    from bench.wrk import parse_wrk

    result = parse_wrk(WRK_REPORT)

    assert result.rps == 70.0
    assert result.p50_ms == pytest.approx(56.1)
    assert result.p99_ms == pytest.approx(1060.0)
    assert result.requests == 280
    assert result.errors == 3
