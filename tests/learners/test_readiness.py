"""Readiness, computed by hand and checked against the engine (no client, mostly no database)."""

import datetime as dt

import pytest
from django.urls import reverse

from learners.models import SkillRecord
from learners.readiness import (
    CertificationCredit,
    Closer,
    LearnerRecords,
    ProjectCredit,
    RequirementSpec,
    RoleProfile,
    Source,
    StepKind,
    add_months,
    compute_readiness,
    load_records,
    role_profiles,
)
from roles.models import Role
from tests import factories as f
from tests.readiness_helpers import all_roles_readiness, readiness_for

TODAY = dt.date(2026, 6, 15)

PYTHON, STATS, DOCKER, SQL, MATHS = 1, 2, 3, 4, 5


def spec(skill_id, name, *, importance=3, essential=False, target=3, category="Core", order=0,
         prerequisites=(), hours=20, closers=()):  # fmt: skip
    return RequirementSpec(
        skill_id=skill_id,
        skill_slug=name.lower(),
        skill_name=name,
        category=category,
        category_order=order,
        importance=importance,
        essential=essential,
        target=target,
        prerequisite_ids=frozenset(prerequisites),
        estimated_hours=hours,
        closers=tuple(closers),
    )


def profile(*specs):
    return RoleProfile(role_id=1, slug="ml-engineer", title="ML Engineer", requirements=specs)


def cert(skill_id, level, *, name="AWS Certified Machine Learning – Specialty", expires_on=None,
         verified=True):  # fmt: skip
    return CertificationCredit(skill_id, level, name, expires_on, verified)


def project(skill_id, level, *, title="Churn model", done=True, has_link=True):
    return ProjectCredit(skill_id, level, title, done, has_link)


def compute(role, ratings=None, certs=(), projects=(), today=TODAY):
    records = LearnerRecords(ratings or {}, tuple(certs), tuple(projects))
    return compute_readiness(role, records, today=today)


THREE = profile(
    spec(PYTHON, "Python", importance=5, essential=True, target=4),
    spec(STATS, "Statistics", importance=3, essential=True, target=3),
    spec(DOCKER, "Docker", importance=2, essential=False, target=3),
)


def test_it_weights_essential_requirements_double():
    # W: Python 5×2 = 10, Statistics 3×2 = 6, Docker 2×1 = 2; Σ W = 18.
    # Levels 2, 3, 5 → min(L/t, 1): 2/4 = 0.5, 3/3 = 1, 5/3 → 1 (capped).
    # Σ W·min = 10×0.5 + 6×1 + 2×1 = 13; readiness = 100 × 13 / 18 = 72.2…
    result = compute(THREE, {PYTHON: 2, STATS: 3, DOCKER: 5})
    assert result.score == pytest.approx(100 * 13 / 18)
    assert result.evidenced_score == 0
    assert [r.contribution for r in result.rows] == [5.0, 6.0, 2.0]
    assert [r.gap for r in result.rows] == [2, 0, 0]


def test_it_scores_nothing_recorded_as_zero_and_everything_met_as_exactly_100():
    assert compute(THREE).score == 0
    assert compute(THREE, {PYTHON: 4, STATS: 3, DOCKER: 3}).score == 100.0
    assert compute(THREE, {PYTHON: 5, STATS: 5, DOCKER: 5}).score == 100.0


def test_it_scores_a_role_without_requirements_as_zero():
    result = compute(profile(), {PYTHON: 5})
    assert (result.score, result.evidenced_score, result.next_steps) == (0, 0, ())
    assert not result.is_ready


def test_it_counts_essentials_met():
    result = compute(THREE, {PYTHON: 4, STATS: 2, DOCKER: 0})
    assert (result.essentials_met, result.essentials_total) == (1, 2)
    result = compute(THREE, {PYTHON: 4, STATS: 3})
    assert (result.essentials_met, result.essentials_total) == (2, 2)
    assert (result.met_total, result.requirements_total) == (2, 3)


def test_a_certification_crediting_a_skill_raises_the_level():
    result = compute(THREE, {PYTHON: 1}, certs=[cert(PYTHON, 4)])
    row = result.row_for(PYTHON)
    assert (row.self_level, row.level, row.met) == (1, 4, True)
    assert row.source is Source.CERTIFICATION
    assert row.source_label == "AWS Certified Machine Learning – Specialty"
    # Python now contributes its full weight 10 of 18.
    assert result.score == pytest.approx(100 * 10 / 18)


def test_an_expired_certification_credits_nothing_but_counts_on_its_expiry_day():
    expired = compute(THREE, certs=[cert(PYTHON, 4, expires_on=TODAY - dt.timedelta(days=1))])
    assert expired.row_for(PYTHON).level == 0
    assert expired.row_for(PYTHON).source is Source.NONE
    assert expired.score == 0
    last_day = compute(THREE, certs=[cert(PYTHON, 4, expires_on=TODAY)])
    assert last_day.row_for(PYTHON).level == 4


def test_a_certification_without_a_verification_url_raises_the_level_but_not_the_evidence():
    row = compute(THREE, certs=[cert(STATS, 3, verified=False)]).row_for(STATS)
    assert (row.level, row.evidenced_level) == (3, 0)
    assert row.evidenced_source is Source.NONE


def test_a_verified_certification_is_evidence():
    result = compute(THREE, certs=[cert(STATS, 3)])
    row = result.row_for(STATS)
    assert (row.evidenced_level, row.evidenced_source) == (3, Source.CERTIFICATION)
    # Statistics W = 6 of 18 met, both for L and E.
    assert result.evidenced_score == pytest.approx(100 * 6 / 18)


def test_a_done_project_with_a_link_raises_the_level_and_the_evidence():
    result = compute(THREE, {DOCKER: 1}, projects=[project(DOCKER, 3)])
    row = result.row_for(DOCKER)
    assert (row.level, row.evidenced_level) == (3, 3)
    assert row.source is Source.PROJECT
    assert row.source_label == "Project: Churn model"
    assert row.evidenced_label == "Project: Churn model"


def test_a_planned_project_credits_nothing():
    row = compute(THREE, projects=[project(DOCKER, 5, done=False)]).row_for(DOCKER)
    assert (row.level, row.evidenced_level, row.source) == (0, 0, Source.NONE)


def test_a_done_project_without_a_link_raises_the_level_but_not_the_evidence():
    row = compute(THREE, projects=[project(DOCKER, 3, has_link=False)]).row_for(DOCKER)
    assert (row.level, row.evidenced_level) == (3, 0)


def test_the_self_rating_is_never_evidence():
    result = compute(THREE, {PYTHON: 5, STATS: 5, DOCKER: 5})
    assert result.score == 100
    assert result.evidenced_score == 0
    assert result.row_for(PYTHON).source_label == "Self-rated"


def test_the_highest_source_wins_and_a_tie_names_evidence_first():
    row = compute(THREE, {PYTHON: 3}, projects=[project(PYTHON, 2)]).row_for(PYTHON)
    assert (row.level, row.source) == (3, Source.SELF)
    assert (row.evidenced_level, row.evidenced_source) == (2, Source.PROJECT)

    row = compute(THREE, {PYTHON: 3}, projects=[project(PYTHON, 3)]).row_for(PYTHON)
    assert row.source is Source.PROJECT

    row = compute(
        THREE, {PYTHON: 3}, certs=[cert(PYTHON, 3)], projects=[project(PYTHON, 3)]
    ).row_for(PYTHON)
    assert row.source is Source.CERTIFICATION

    # An unverified certification still beats the self-rating on a tie, but is not evidence.
    row = compute(
        THREE, {PYTHON: 3}, certs=[cert(PYTHON, 3, verified=False)], projects=[project(PYTHON, 3)]
    ).row_for(PYTHON)
    assert (row.source, row.evidenced_source) == (Source.CERTIFICATION, Source.PROJECT)


def test_it_scores_each_category_with_the_same_formula():
    role = profile(
        spec(PYTHON, "Python", importance=4, essential=True, target=4, category="Code", order=1),
        spec(SQL, "SQL", importance=2, target=2, category="Code", order=1),
        spec(STATS, "Statistics", importance=3, target=3, category="Maths", order=0),
    )
    result = compute(role, {PYTHON: 2, SQL: 2, STATS: 1})
    maths, code = result.categories
    assert (maths.name, maths.order, maths.met, maths.total) == ("Maths", 0, 0, 1)
    # Maths: 3 × 1/3 / 3 → 33.3…
    assert maths.score == pytest.approx(100 / 3)
    # Code: W 8 and 2; 8 × 2/4 + 2 × 1 = 6 of 10 → 60.
    assert (code.name, code.met, code.total) == ("Code", 1, 2)
    assert code.score == pytest.approx(60)
    # Rows follow the categories' order, then weight.
    assert [r.spec.skill_name for r in result.rows] == ["Statistics", "Python", "SQL"]


GATED = profile(
    spec(MATHS, "Maths", importance=1, target=2),
    spec(STATS, "Statistics", importance=5, essential=True, target=3, prerequisites=[MATHS]),
    spec(PYTHON, "Python", importance=2, essential=True, target=3),
    spec(SQL, "SQL", importance=4, target=3),
    spec(DOCKER, "Docker", importance=4, target=3, prerequisites=[99]),
)


def test_next_steps_are_essential_first_then_by_weight_times_gap_and_gated_by_prerequisites():
    result = compute(GATED)
    # Statistics waits for Maths (target 2 here); Docker waits for skill 99 (not required: Guided).
    # Python: essential, W 4 × gap 3 = 12. SQL: 4 × 3 = 12. Maths: 1 × 2 = 2.
    # Statistics is the most urgent essential but waits for Maths: Maths stands in for it (an
    # optional requirement here, yet it goes first because it unlocks an essential).
    assert [r.skill_name for r in result.next_steps] == ["Maths", "Python", "SQL"]
    assert result.next_steps[0].kind == StepKind.PREREQUISITE
    assert result.next_steps[0].unlocks == "Statistics"
    assert not result.row_for(STATS).prerequisites_met

    result = compute(GATED, {MATHS: 2, 99: 2})
    # Statistics: essential, W 10 × 3 = 30 beats Python's 12; Docker now unlocked, 4 × 3 = 12.
    assert [r.skill_name for r in result.gap_steps] == [
        "Statistics",
        "Python",
        "Docker",
        "SQL",
    ]


def test_next_steps_break_ties_by_name_and_stop_at_five():
    role = profile(*(spec(i, f"Skill {chr(72 - i)}") for i in range(1, 8)))
    names = [r.skill_name for r in compute(role).next_steps]
    assert names == ["Skill A", "Skill B", "Skill C", "Skill D", "Skill E"]


def test_a_cycle_never_hides_an_essential_or_empties_the_list():
    role = profile(
        spec(PYTHON, "Python", prerequisites=[STATS]),
        spec(STATS, "Statistics", essential=True, prerequisites=[PYTHON]),
    )
    # The essential is shown itself (no prerequisite on its path can be started first).
    assert [r.skill_name for r in compute(role).next_steps] == ["Statistics"]
    assert compute(role, {PYTHON: 3, STATS: 3}).gap_steps == ()
    optional_only = profile(
        spec(PYTHON, "Python", prerequisites=[STATS]),
        spec(STATS, "Statistics", prerequisites=[PYTHON]),
    )
    assert [r.skill_name for r in compute(optional_only).next_steps] == ["Python", "Statistics"]


def test_next_steps_carry_their_closers():
    closers = (Closer("resource", "Python docs", "https://docs.python.org/3/", "free docs"),)
    role = profile(spec(PYTHON, "Python", closers=closers))
    assert compute(role).next_steps[0].closers == closers


AWS_ML = "AWS Certified Machine Learning – Specialty"
DOCS = Closer("resource", "Python docs", "https://docs.python.org/3/", "free docs")
AWS = Closer("certification", AWS_ML, "/certifications/aws-ml/", "credits Independent", 3)
PCPP = Closer("certification", "PCPP", "/certifications/pcpp/", "credits Advanced", 4)
PCEP = Closer("certification", "PCEP", "/certifications/pcep/", "credits Guided", 2)
IDEA = Closer("project_idea", "Churn model", "/skills/python/#idea-churn", "beginner project")
CLOSING = profile(spec(PYTHON, "Python", target=5, closers=(DOCS, AWS, PCPP, PCEP, IDEA)))


def test_a_learner_with_nothing_is_offered_every_closer():
    row = compute(CLOSING).next_steps[0]
    assert row.closers == (DOCS, AWS, PCPP, PCEP, IDEA)


def test_next_steps_leave_out_a_certification_the_learner_holds():
    """Holding AWS ML (credits Python at 3) puts Python at 3: AWS goes because it is held,
    PCEP because Guided (2) <= 3; PCPP (4 > 3), the resource and the idea stay."""
    result = compute(CLOSING, certs=[cert(PYTHON, 3, name=AWS_ML)])
    row = result.next_steps[0]
    assert row.level == 3
    assert row.closers == (DOCS, PCPP, IDEA)
    # The profile is shared by every learner and keeps every closer.
    assert CLOSING.requirements[0].closers == (DOCS, AWS, PCPP, PCEP, IDEA)


def test_a_held_certification_is_left_out_even_when_it_credits_another_skill_higher():
    """Held for another skill still means held: the learner needs no second copy."""
    result = compute(CLOSING, certs=[cert(STATS, 4, name=AWS_ML)])
    assert result.next_steps[0].level == 0
    assert result.next_steps[0].closers == (DOCS, PCPP, PCEP, IDEA)


def test_certifications_at_or_below_the_learners_level_are_left_out():
    """Self-rated Advanced (4): PCPP credits 4 (not above), AWS 3 and PCEP 2: none moves it."""
    row = compute(CLOSING, ratings={PYTHON: 4}).next_steps[0]
    assert row.closers == (DOCS, IDEA)


def test_an_expired_certification_is_offered_again_to_renew():
    lapsed = cert(PYTHON, 3, name=AWS_ML, expires_on=TODAY - dt.timedelta(days=1))
    row = compute(CLOSING, certs=[lapsed]).next_steps[0]
    assert row.level == 0
    assert row.closers == (DOCS, AWS, PCPP, PCEP, IDEA)
    on_expiry_day = cert(PYTHON, 3, name=AWS_ML, expires_on=TODAY)
    assert compute(CLOSING, certs=[on_expiry_day]).next_steps[0].closers == (DOCS, PCPP, IDEA)


def test_every_row_not_only_next_steps_carries_the_learners_closers():
    role = profile(
        spec(PYTHON, "Python", target=3, closers=(AWS, PCPP)),
        spec(STATS, "Statistics", target=2, closers=(PCEP,)),
    )
    result = compute(role, ratings={STATS: 2}, certs=[cert(PYTHON, 3, name=AWS_ML)])
    assert result.row_for(PYTHON).met
    assert result.row_for(PYTHON).closers == (PCPP,)
    assert result.row_for(STATS).closers == ()
    assert result.gap_steps == ()


def test_it_loads_the_credited_level_of_each_certification_closer(ml_role):
    role, python, _ = ml_role
    strong = f.CertificationFactory(slug="pcpp", name="PCPP")
    f.CertificationSkillFactory(certification=strong, skill=python, level=4)
    closers = role_profiles()[role.id].requirements[1].closers
    assert [(c.title, c.level) for c in closers] == [("PCPP", 4)]


def test_a_learner_who_holds_a_certification_is_not_told_to_take_it(learner, ml_role):
    role, python, _ = ml_role
    held = f.CertificationFactory(slug="pcpp", name="PCPP")
    f.CertificationSkillFactory(certification=held, skill=python, level=4)
    other = f.CertificationFactory(slug="pcap-pro", name="PCAP Pro")
    f.CertificationSkillFactory(certification=other, skill=python, level=5)
    f.EarnedCertificationFactory(user=learner, certification=held, issued_on=TODAY, expires_on=None)

    result = readiness_for(learner, role.id, today=TODAY)

    row = result.row_for(python.id)
    assert [c.title for c in row.spec.closers] == ["PCAP Pro", "PCPP"]
    assert [c.title for c in row.closers] == ["PCAP Pro"]


def test_adding_months_clamps_to_the_last_day_of_the_month():
    assert add_months(dt.date(2025, 1, 31), 1) == dt.date(2025, 2, 28)
    assert add_months(dt.date(2024, 11, 30), 3) == dt.date(2025, 2, 28)
    assert add_months(dt.date(2024, 2, 29), 12) == dt.date(2025, 2, 28)


# --- through the database -------------------------------------------------------------------


@pytest.fixture
def ml_role(role):
    category = f.SkillCategoryFactory(name="Programming", order=1)
    maths = f.SkillCategoryFactory(name="Maths", order=0)
    python = f.SkillFactory(name="Python", slug="python", category=category)
    stats = f.SkillFactory(name="Statistics", slug="statistics", category=maths)
    stats.prerequisites.add(python)
    f.RequirementFactory(role=role, skill=python, importance=5, is_essential=True, target_level=4)
    f.RequirementFactory(role=role, skill=stats, importance=3, target_level=3)
    return role, python, stats


def test_it_loads_a_profile_in_category_order_with_prerequisites(ml_role):
    role, python, _ = ml_role
    loaded = role_profiles()[role.id]
    assert (loaded.role_id, loaded.slug, loaded.title) == (role.id, role.slug, role.title)
    assert [s.skill_name for s in loaded.requirements] == ["Statistics", "Python"]
    python_spec = loaded.requirements[1]
    assert (python_spec.importance, python_spec.essential, python_spec.target) == (5, True, 4)
    assert python_spec.weight == 10
    assert loaded.requirements[0].prerequisite_ids == {python.id}


def test_it_loads_closers_for_each_requirement(ml_role):
    role, python, _ = ml_role
    f.ResourceFactory(skill=python, title="The Python tutorial", url="https://docs.python.org/3/")
    strong = f.CertificationFactory(slug="pcpp", name="PCPP")
    f.CertificationSkillFactory(certification=strong, skill=python, level=4)
    weak = f.CertificationFactory(slug="pcep", name="PCEP")
    f.CertificationSkillFactory(certification=weak, skill=python, level=2)
    successor = f.CertificationFactory(slug="new-cert", name="New cert")
    retired = f.CertificationFactory(slug="old", name="Old cert", is_retired=True,
                                     successor=successor)  # fmt: skip
    f.CertificationSkillFactory(certification=retired, skill=python, level=5)
    gone = f.CertificationFactory(slug="gone", name="Gone", is_retired=True)
    f.CertificationSkillFactory(certification=gone, skill=python, level=5)
    listed = f.ProjectIdeaFactory(slug="churn", title="Churn model")
    listed.roles.add(role)
    f.ProjectIdeaSkillFactory(idea=listed, skill=python, level=3)
    elsewhere = f.ProjectIdeaFactory(slug="scraper", title="Web scraper")
    f.ProjectIdeaSkillFactory(idea=elsewhere, skill=python, level=4)

    closers = role_profiles()[role.id].requirements[1].closers
    # The retired certificate's successor credits nothing in Python, so it is not offered for
    # Python (issue 22 item 3); the retired ones never are.
    assert [(c.kind, c.title, c.url) for c in closers] == [
        ("resource", "The Python tutorial", "https://docs.python.org/3/"),
        ("certification", "PCPP", "/certifications/pcpp/"),
        ("project_idea", "Churn model", f"/careers/{role.slug}/#idea-churn"),
        ("project_idea", "Web scraper", "/skills/python/#idea-scraper"),
    ]
    assert closers[1].detail == "associate exam, credits Advanced"


def test_it_offers_certifications_below_the_target_when_none_reaches_it(ml_role):
    role, python, _ = ml_role
    weak = f.CertificationFactory(slug="pcep", name="PCEP")
    f.CertificationSkillFactory(certification=weak, skill=python, level=2)
    closers = role_profiles()[role.id].requirements[1].closers
    assert [(c.title, c.detail) for c in closers] == [("PCEP", "associate exam, credits Guided")]


def test_it_loads_what_a_learner_recorded(learner, other_learner, ml_role):
    _, python, stats = ml_role
    f.SkillRecordFactory(user=learner, skill=python, level=2)
    f.SkillRecordFactory(user=other_learner, skill=stats, level=5)
    aws = f.CertificationFactory(name="AWS ML", validity_months=12)
    f.CertificationSkillFactory(certification=aws, skill=stats, level=4)
    f.EarnedCertificationFactory(
        user=learner,
        certification=aws,
        issued_on=dt.date(2025, 1, 31),
        expires_on=None,
        verification_url="",
    )
    churn = f.PortfolioProjectFactory(user=learner, title="Churn", repository_url="",
                                      demo_url="https://demo.example.org")  # fmt: skip
    f.ProjectSkillFactory(project=churn, skill=python, level=3)
    plan = f.PortfolioProjectFactory(user=learner, title="Plan", completed_on=None,
                                     status="planned", repository_url="")  # fmt: skip
    f.ProjectSkillFactory(project=plan, skill=stats, level=5)

    records = load_records(learner)
    assert records.ratings == {python.id: 2}
    assert records.certification_credits == (
        CertificationCredit(stats.id, 4, "AWS ML", dt.date(2026, 1, 31), verified=False),
    )
    assert set(records.project_credits) == {
        ProjectCredit(python.id, 3, "Churn", done=True, has_link=True),
        ProjectCredit(stats.id, 5, "Plan", done=False, has_link=False),
    }


def test_readiness_for_a_learner_combines_profile_records_and_today(learner, ml_role):
    role, python, stats = ml_role
    f.SkillRecordFactory(user=learner, skill=python, level=4)
    aws = f.CertificationFactory(name="AWS ML")
    f.CertificationSkillFactory(certification=aws, skill=stats, level=3)
    f.EarnedCertificationFactory(user=learner, certification=aws, issued_on=dt.date(2025, 1, 1),
                                 expires_on=dt.date(2026, 1, 1))  # fmt: skip

    # Python W 10 met; Statistics W 3 met by the certification until it expires.
    valid = readiness_for(learner, role.id, today=dt.date(2026, 1, 1))
    assert valid.score == 100
    assert valid.evidenced_score == pytest.approx(100 * 3 / 13)
    assert valid.row_for(stats.id).source_label == "AWS ML"
    expired = readiness_for(learner, role.id, today=dt.date(2026, 1, 2))
    assert expired.score == pytest.approx(100 * 10 / 13)
    assert expired.next_steps[0].skill_id == stats.id


def test_every_demo_role_starts_at_zero_with_next_steps_that_say_how_to_close_them(
    demo_content, learner
):
    results = all_roles_readiness(learner, today=TODAY)
    assert len(results) == Role.objects.published().count() >= 6
    for result in results:
        assert (result.score, result.evidenced_score, result.essentials_met) == (0, 0, 0)
        assert len(result.next_steps) == 5
        assert all(step.closers for step in result.next_steps)
        # Every step can be started now: a gap whose prerequisites are met, or a prerequisite.
        for step in result.next_steps:
            row = result.row_for(step.skill_id)
            assert step.kind == StepKind.PREREQUISITE or row.prerequisites_met


def test_a_demo_learner_who_rates_every_target_is_fully_but_not_evidently_ready(
    demo_content, learner
):
    role_id = next(iter(role_profiles()))
    for spec_ in role_profiles()[role_id].requirements:
        SkillRecord.objects.create(user=learner, skill_id=spec_.skill_id, level=spec_.target)
    result = readiness_for(learner, role_id, today=TODAY)
    assert (result.score, result.evidenced_score) == (100.0, 0.0)
    assert result.essentials_met == result.essentials_total > 0
    # Not "well done": nothing is evidenced, so the steps say what to prove, heaviest first.
    assert result.gap_steps == ()
    steps = result.evidence_steps
    assert len(steps) == 3
    assert {s.kind for s in steps} == {StepKind.EVIDENCE}
    weights = [s.weight for s in steps]
    assert weights == sorted(weights, reverse=True)
    assert weights[0] == max(spec_.weight for spec_ in role_profiles()[role_id].requirements)


def test_the_plan_page_does_not_suggest_a_certification_the_learner_holds(client, learner, ml_role):
    """The reported case: no certification reaches Python's target (Advanced), so the profile
    offers one crediting Independent; holding it leaves a gap, and it was offered again."""
    role, python, _ = ml_role
    f.ResourceFactory(skill=python, title="The Python tutorial", url="https://docs.python.org/3/")
    held = f.CertificationFactory(slug="held-cert", name="Held cert")
    f.CertificationSkillFactory(certification=held, skill=python, level=3)
    f.EarnedCertificationFactory(user=learner, certification=held, expires_on=None)
    learner.target_role = role
    learner.save()
    client.force_login(learner)

    html = client.get(reverse("learners:plan")).content.decode()

    steps = html[html.index("<ol") : html.index("</ol>")]
    assert "The Python tutorial" in steps
    assert "Held cert" not in steps
    assert [c.title for c in role_profiles()[role.id].requirements[1].closers] == [
        "The Python tutorial",
        "Held cert",
    ]


def test_only_checkable_links_are_evidence(learner, ml_role):
    """A verification link off the certification's verification hosts (or not https), and a
    repository off the public code hosts, still count as the learner's level, but not as
    evidence; a repository on GitHub or an https demo is evidence."""
    role, python, stats = ml_role
    cert = f.CertificationFactory(name="Checked", verification_hosts="www.credly.com")
    f.CertificationSkillFactory(certification=cert, skill=python, level=4)
    earned = f.EarnedCertificationFactory(
        user=learner,
        certification=cert,
        expires_on=None,
        verification_url="https://badges.example.org/ada",
    )
    project = f.PortfolioProjectFactory(
        user=learner, status="done", repository_url="https://git.example.org/ada/p", demo_url=""
    )
    f.ProjectSkillFactory(project=project, skill=stats, level=3)
    result = readiness_for(learner, role.id, today=TODAY)
    assert (result.row_for(python.id).level, result.row_for(python.id).evidenced_level) == (4, 0)
    assert (result.row_for(stats.id).level, result.row_for(stats.id).evidenced_level) == (3, 0)

    earned.verification_url = "https://www.credly.com/badges/ada"
    earned.save()
    project.repository_url = "https://github.com/ada/p"
    project.save()
    result = readiness_for(learner, role.id, today=TODAY)
    assert result.row_for(python.id).evidenced_level == 4
    assert result.row_for(stats.id).evidenced_level == 3

    project.repository_url, project.demo_url = "", "http://demo.example.org/"
    project.save()
    assert readiness_for(learner, role.id, today=TODAY).row_for(stats.id).evidenced_level == 0
    project.demo_url = "https://demo.example.org/"
    project.save()
    assert readiness_for(learner, role.id, today=TODAY).row_for(stats.id).evidenced_level == 3
