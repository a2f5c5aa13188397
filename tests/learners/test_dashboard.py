"""The dashboard page: readiness meter, rows, records, history, every role, first-run guide."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from learners.models import ReadinessSnapshot, User
from tests.factories import (
    CertificationFactory,
    CertificationSkillFactory,
    EarnedCertificationFactory,
    PortfolioProjectFactory,
    ProjectSkillFactory,
    RequirementFactory,
    RoleFactory,
    SkillCategoryFactory,
    SkillFactory,
    SkillRecordFactory,
)

DASHBOARD = "/dashboard/"


def make_role(role, n=3):
    """Give `role` n requirements (the first essential) in two categories; return the skills."""
    categories = [
        SkillCategoryFactory(slug="programming", name="Programming", order=1),
        SkillCategoryFactory(slug="maths", name="Maths", order=2),
    ]
    skills = []
    for i in range(n):
        skill = SkillFactory(
            slug=f"skill-{role.slug}-{i}", name=f"Skill {role.slug} {i}", category=categories[i % 2]
        )
        RequirementFactory(
            role=role, skill=skill, importance=3, is_essential=i == 0, target_level=3
        )
        skills.append(skill)
    return skills


@pytest.fixture
def skills(role):
    return make_role(role)


def test_it_requires_login(client, db):
    response = client.get(DASHBOARD)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def checked_level(html: str, slug: str) -> int | None:
    """The level checked in requirement row `slug` of a dashboard page (None: no row, or none
    checked)."""
    row = re.search(rf'<li id="req-{re.escape(slug)}".*?</li>', html, re.S)
    if row is None:
        return None
    checked = re.search(r'value="(\d)"[^>]*checked', row.group(0))
    return int(checked.group(1)) if checked else None


def test_it_shows_the_meter_rows_and_essentials(client, learner, role, skills):
    SkillRecordFactory(user=learner, skill=skills[0], level=3)
    User.objects.filter(pk=learner.pk).update(fold_rows=False)
    client.force_login(learner)
    response = client.get(DASHBOARD)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'role="progressbar"' in html
    assert 'aria-valuemin="0"' in html
    assert 'aria-valuemax="100"' in html
    # One met essential of weight 6 out of 6 + 3 + 3: 50%.
    assert 'aria-valuenow="50"' in html
    assert "Essentials met: <strong>1 of 1</strong>" in html
    for skill in skills:
        assert f'id="req-{skill.slug}"' in html
        assert f"Your level in {skill.name}" in html
    for word in ("None", "Aware", "Guided", "Independent", "Advanced", "Expert"):
        assert word in html
    assert "How is this computed?" in html
    assert "self-rated" in html
    assert checked_level(html, skills[0].slug) == 3
    assert response["Vary"].count("HX-Request") == 1


def test_it_answers_htmx_with_the_dashboard_body_only(client, learner, role, skills):
    client.force_login(learner)
    response = client.get(DASHBOARD, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert 'role="progressbar"' in html
    assert "HX-Request" in response["Vary"]


def test_it_shows_a_first_run_guide_without_records(client, learner, role, skills):
    client.force_login(learner)
    html = client.get(DASHBOARD).content.decode()
    assert "Get started in three steps" in html
    SkillRecordFactory(user=learner, skill=skills[1], level=1)
    html = client.get(DASHBOARD).content.decode()
    assert "Get started in three steps" not in html


def test_it_defaults_to_the_machine_learning_engineer_role(client, learner, skills):
    RoleFactory(slug="another-role", title="Another Role", order=0)
    client.force_login(learner)
    html = client.get(DASHBOARD).content.decode()
    assert "Your readiness for Machine Learning Engineer" in html


def test_it_uses_the_target_role(client, learner, role, skills):
    other = RoleFactory(slug="data-scientist", title="Data Scientist")
    make_role(other, 2)
    learner.target_role = other
    learner.save()
    client.force_login(learner)
    html = client.get(DASHBOARD).content.decode()
    assert "Your readiness for Data Scientist" in html


def test_it_is_friendly_without_any_role(client, learner):
    client.force_login(learner)
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    assert "There are no career roles" in response.content.decode()


def test_it_views_another_role_without_changing_the_target(client, learner, role, skills):
    other = RoleFactory(slug="data-scientist", title="Data Scientist")
    make_role(other, 2)
    client.force_login(learner)
    html = client.get(DASHBOARD, {"role": "data-scientist"}).content.decode()
    assert "Your readiness for Data Scientist" in html
    assert 'name="role" value="data-scientist"' in html
    learner.refresh_from_db()
    assert learner.target_role_id is None


def test_it_answers_404_for_an_unknown_role(client, learner, role, skills):
    client.force_login(learner)
    assert client.get(DASHBOARD, {"role": "no-such-role"}).status_code == 404


def test_it_lists_every_role_sorted_by_readiness(client, learner, role, skills):
    other = RoleFactory(slug="data-scientist", title="Data Scientist")
    other_skills = make_role(other, 1)
    SkillRecordFactory(user=learner, skill=other_skills[0], level=5)
    client.force_login(learner)
    html = client.get(DASHBOARD).content.decode()
    table = html[html.index('id="all-roles"') :]
    assert table.index("Data Scientist") < table.index("Machine Learning Engineer")
    assert "100%" in table


def test_it_flags_expired_and_soon_expiring_certifications(client, learner, role, skills):
    today = timezone.localdate()
    retired_successor = CertificationFactory(name="New Cert")
    old = CertificationFactory(name="Old Cert", is_retired=True, successor=retired_successor)
    EarnedCertificationFactory(
        user=learner,
        certification=old,
        issued_on=today - dt.timedelta(days=800),
        expires_on=today - dt.timedelta(days=1),
    )
    EarnedCertificationFactory(
        user=learner,
        certification=CertificationFactory(name="Soon Cert"),
        issued_on=today - dt.timedelta(days=700),
        expires_on=today + dt.timedelta(days=30),
    )
    EarnedCertificationFactory(
        user=learner,
        certification=CertificationFactory(name="Fresh Cert"),
        issued_on=today,
        expires_on=today + dt.timedelta(days=700),
    )
    client.force_login(learner)
    html = client.get(DASHBOARD).content.decode()
    section = html[html.index('id="certifications"') :]

    def item(name):
        start = section.index(name)
        return section[start : section.index("</li>", start)]

    assert "Expired" in item("Old Cert")
    assert "its successor is" in item("Old Cert")
    assert "New Cert" in item("Old Cert")
    assert "Expires in 30 days" in item("Soon Cert")
    assert "Expire" not in item("Fresh Cert")


def test_an_expired_certification_credits_nothing(client, learner, role, skills):
    today = timezone.localdate()
    cert = CertificationFactory(name="Lapsed")
    CertificationSkillFactory(certification=cert, skill=skills[0], level=5)
    EarnedCertificationFactory(
        user=learner,
        certification=cert,
        issued_on=today - dt.timedelta(days=400),
        expires_on=today - dt.timedelta(days=1),
    )
    client.force_login(learner)
    html = client.get(DASHBOARD).content.decode()
    assert 'aria-valuenow="0"' in html


def test_a_visit_changes_nothing(client, learner, role, skills):
    """GET requests have no side effects: no user column, no snapshot, no record moves."""
    SkillRecordFactory(user=learner, skill=skills[0], level=2)
    client.force_login(learner)
    before = {**User.objects.filter(pk=learner.pk).values().get(), "last_login": None}
    for _ in range(2):
        assert client.get(DASHBOARD).status_code == 200
        assert client.get(DASHBOARD, headers={"HX-Request": "true"}).status_code == 200
    after = {**User.objects.filter(pk=learner.pk).values().get(), "last_login": None}
    assert after == before
    assert not ReadinessSnapshot.objects.filter(user=learner).exists()


def test_the_plan_link_and_record_links_are_real_links(client, learner, role, skills):
    client.force_login(learner)
    html = client.get(DASHBOARD).content.decode()
    for name in ("plan", "certification_add", "project_add", "education_add"):
        assert f'href="{reverse("learners:" + name)}' in html


# --- setting a level --------------------------------------------------------------------------


def level_url(skill):
    return reverse("learners:set_skill_level", args=[skill.slug])


def test_it_sets_a_level_with_htmx_and_swaps_the_row_and_the_summary(client, learner, role, skills):
    client.force_login(learner)
    response = client.post(level_url(skills[0]), {"level": 3}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    # Everything is swapped out of band: the row's form (and anything typed in it) stays.
    row_status = f"req-{skills[0].slug}-status"
    for element_id in (
        row_status,
        "summary",
        "cat-programming-score",
        "next-steps",
        "all-roles",
        "history",
    ):
        assert re.search(rf'id="{element_id}"[^>]*hx-swap-oob="true"', html), element_id
    # Only the skill's own category can have moved.
    assert "cat-maths-score" not in html
    assert html.count('hx-swap-oob="true"') == 6
    assert "<form" not in html
    assert 'aria-valuenow="50"' in html
    assert "Counts Independent, self-rated" in html
    # The category's score in its heading: one met essential (6 of 6 + 3 in Programming).
    assert re.search(r'id="cat-programming-score"[^>]*>.*?66% · 1 of 2 met', html, re.S)
    assert "HX-Request" in response["Vary"]
    assert learner.skill_records.get(skill=skills[0]).level == 3


def test_it_sets_a_level_without_javascript_and_redirects_to_the_row(client, learner, role, skills):
    client.force_login(learner)
    response = client.post(level_url(skills[1]), {"level": "4"})
    assert response.status_code == 302
    # The row just saved is shown even though it is folded (met, and not essential).
    assert response["Location"] == f"/dashboard/?row={skills[1].slug}#req-{skills[1].slug}"
    html = client.get(response["Location"]).content.decode()
    assert checked_level(html, skills[1].slug) == 4
    assert checked_level(client.get(DASHBOARD).content.decode(), skills[1].slug) is None


def test_changing_a_level_raises_the_score(client, learner, role, skills):
    client.force_login(learner)
    client.post(level_url(skills[0]), {"level": 1}, headers={"HX-Request": "true"})
    response = client.post(level_url(skills[0]), {"level": 3}, headers={"HX-Request": "true"})
    assert 'aria-valuenow="50"' in response.content.decode()
    response = client.post(level_url(skills[1]), {"level": 3}, headers={"HX-Request": "true"})
    assert 'aria-valuenow="75"' in response.content.decode()


@pytest.mark.parametrize("bad", ["7", "-1", "abc", "", "3.5", None])
def test_it_refuses_a_bad_level_and_changes_nothing(client, learner, role, skills, bad):
    SkillRecordFactory(user=learner, skill=skills[0], level=2)
    client.force_login(learner)
    data = {} if bad is None else {"level": bad}
    for headers in ({}, {"HX-Request": "true"}):
        response = client.post(level_url(skills[0]), data, headers=headers)
        assert response.status_code == 400
    assert learner.skill_records.get(skill=skills[0]).level == 2


def test_it_answers_404_for_an_unknown_skill(client, learner, role, skills):
    client.force_login(learner)
    response = client.post("/dashboard/skills/no-such-skill/level/", {"level": 2})
    assert response.status_code == 404
    assert not learner.skill_records.exists()


def test_it_refuses_get_on_the_level_url(client, learner, role, skills):
    client.force_login(learner)
    assert client.get(level_url(skills[0])).status_code == 405


def test_a_skill_outside_the_role_can_still_be_rated(client, learner, role, skills):
    elsewhere = SkillFactory(slug="cooking", name="Cooking")
    client.force_login(learner)
    response = client.post(level_url(elsewhere), {"level": 2})
    assert response.status_code == 302
    assert learner.skill_records.get(skill=elsewhere).level == 2


def test_a_level_counts_for_every_role(client, learner, role, skills):
    other = RoleFactory(slug="data-scientist", title="Data Scientist")
    RequirementFactory(role=other, skill=skills[0], importance=3, target_level=3)
    client.force_login(learner)
    client.post(level_url(skills[0]), {"level": 3})
    html = client.get(DASHBOARD, {"role": "data-scientist"}).content.decode()
    assert 'aria-valuenow="100"' in html


def test_a_level_change_while_viewing_another_role_keeps_that_role(client, learner, role, skills):
    other = RoleFactory(slug="data-scientist", title="Data Scientist")
    RequirementFactory(role=other, skill=skills[0], importance=3, target_level=3)
    client.force_login(learner)
    response = client.post(level_url(skills[0]), {"level": 3, "role": "data-scientist"})
    assert response["Location"] == (
        f"/dashboard/?role=data-scientist&row={skills[0].slug}#req-{skills[0].slug}"
    )
    response = client.post(
        level_url(skills[0]),
        {"level": 3, "role": "data-scientist"},
        headers={"HX-Request": "true"},
    )
    assert 'aria-valuenow="100"' in response.content.decode()


# --- switching the target role ----------------------------------------------------------------


def test_it_switches_the_target_role_with_htmx_and_pushes_the_url(client, learner, role, skills):
    other = RoleFactory(slug="data-scientist", title="Data Scientist")
    make_role(other, 2)
    client.force_login(learner)
    response = client.post(
        reverse("learners:set_target_role"),
        {"role": "data-scientist"},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert "Your readiness for Data Scientist" in html
    assert response["HX-Push-Url"] == "/dashboard/"
    assert "HX-Request" in response["Vary"]
    learner.refresh_from_db()
    assert learner.target_role == other


def test_it_switches_the_target_role_without_javascript(client, learner, role, skills):
    other = RoleFactory(slug="data-scientist", title="Data Scientist")
    client.force_login(learner)
    response = client.post(reverse("learners:set_target_role"), {"role": "data-scientist"})
    assert response.status_code == 302
    assert response["Location"] == "/dashboard/"
    learner.refresh_from_db()
    assert learner.target_role == other


@pytest.mark.parametrize("bad", ["", "no-such-role", "1" * 300])
def test_it_refuses_an_unknown_or_unpublished_target(client, learner, role, skills, bad):
    RoleFactory(slug="hidden", title="Hidden", is_published=False)
    learner.target_role = role
    learner.save()
    client.force_login(learner)
    for value in (bad, "hidden"):
        response = client.post(reverse("learners:set_target_role"), {"role": value})
        assert response.status_code == 400
    learner.refresh_from_db()
    assert learner.target_role == role


def test_a_history_restore_gets_the_whole_page(client, learner, role, skills):
    client.force_login(learner)
    response = client.get(
        DASHBOARD, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )
    assert "<html" in response.content.decode()


def test_a_level_for_a_skill_outside_the_role_answers_htmx_with_the_summary_only(
    client, learner, role, skills
):
    elsewhere = SkillFactory(slug="cooking", name="Cooking")
    client.force_login(learner)
    response = client.post(level_url(elsewhere), {"level": 2}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<li" not in html.split('id="summary"')[0]
    # No row and no category of this role moved: the meter, next steps, roles and chart only.
    assert html.count('hx-swap-oob="true"') == 4
    assert "cat-" not in html


def test_no_page_or_fragment_carries_inline_script_or_style(client, learner, role, skills):
    project = PortfolioProjectFactory(user=learner)
    ProjectSkillFactory(project=project, skill=skills[0])
    EarnedCertificationFactory(user=learner)
    client.force_login(learner)
    urls = [
        DASHBOARD,
        reverse("learners:plan"),
        reverse("learners:certification_add"),
        reverse("learners:project_edit", args=[project.pk]),
        reverse("learners:education_add"),
        reverse("learners:project_delete", args=[project.pk]),
        reverse("learners:skill_note", args=[skills[0].slug]),
    ]
    for url in urls:
        for headers in ({}, {"HX-Request": "true"}):
            html = client.get(url, headers=headers).content.decode()
            assert "style=" not in html, url
            assert "<script>" not in html, url
            assert " on" + "click=" not in html, url
            assert "hx-on" not in html, url


def test_a_section_navigation_reaches_every_part_of_the_dashboard(client, learner, role, skills):
    client.force_login(learner)
    html = client.get(DASHBOARD).text
    nav = html[html.index('aria-label="Dashboard sections"') :]
    nav = nav[: nav.index("</nav>")]
    for target in ("#requirements", "#certifications", "#projects", "#education", "#all-roles"):
        assert f'href="{target}"' in nav
        assert f'id="{target[1:]}"' in html
    assert f'href="{reverse("learners:plan")}"' in nav


# --- folding met and non-essential rows -------------------------------------------------------


def test_met_and_non_essential_rows_are_folded_by_default(client, learner, role, skills):
    """skills[0] is the essential one; skills[1] and [2] are not essential."""
    SkillRecordFactory(user=learner, skill=skills[1], level=3)  # met, not essential
    client.force_login(learner)
    html = client.get(DASHBOARD).content.decode()
    assert checked_level(html, skills[0].slug) == 0  # shown: an essential, not rated yet
    assert f'id="req-{skills[0].slug}"' in html
    assert f'id="req-{skills[1].slug}"' not in html
    assert f'id="req-{skills[2].slug}"' not in html
    # Programming holds skills 0 and 2; Maths holds skill 1.
    assert "Folded: 1 not essential." in html
    assert "Folded: 1 met." in html
    assert "Show every skill (2 folded)" in html


def test_unfolding_is_remembered_and_works_without_javascript(client, learner, role, skills):
    client.force_login(learner)
    response = client.post(reverse("learners:set_row_folding"), {"fold": "0"})
    assert response.status_code == 302
    assert response["Location"] == "/dashboard/#requirements"
    learner.refresh_from_db()
    assert learner.fold_rows is False
    html = client.get(DASHBOARD).content.decode()
    for skill in skills:
        assert f'id="req-{skill.slug}"' in html
    assert "Folded:" not in html
    assert "Fold met and non-essential skills" in html


def test_folding_with_htmx_answers_the_requirements_section(client, learner, role, skills):
    client.force_login(learner)
    url = reverse("learners:set_row_folding")
    response = client.post(url, {"fold": "0"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert html.lstrip().startswith('<section id="requirements"')
    assert all(f'id="req-{skill.slug}"' in html for skill in skills)
    assert "HX-Request" in response["Vary"]
    response = client.post(url, {"fold": "1"}, headers={"HX-Request": "true"})
    assert f'id="req-{skills[1].slug}"' not in response.content.decode()
    learner.refresh_from_db()
    assert learner.fold_rows is True


@pytest.mark.parametrize("data", [{}, {"fold": "yes"}, {"fold": "2"}])
def test_folding_rejects_bad_input_and_changes_nothing(client, learner, role, skills, data):
    client.force_login(learner)
    response = client.post(reverse("learners:set_row_folding"), data)
    assert response.status_code == 400
    learner.refresh_from_db()
    assert learner.fold_rows is True


def test_folding_is_post_only(client, learner, role, skills):
    client.force_login(learner)
    assert client.get(reverse("learners:set_row_folding")).status_code == 405


def test_folding_while_viewing_another_role_returns_to_it(client, learner, role, skills):
    other = RoleFactory(slug="data-scientist", title="Data Scientist")
    RequirementFactory(role=other, skill=skills[1], importance=3, target_level=3)
    client.force_login(learner)
    response = client.post(
        reverse("learners:set_row_folding"), {"fold": "0", "role": "data-scientist"}
    )
    assert response["Location"] == "/dashboard/?role=data-scientist#requirements"
    response = client.post(
        reverse("learners:set_row_folding"),
        {"fold": "0", "role": "data-scientist"},
        headers={"HX-Request": "true"},
    )
    assert "What Data Scientist asks for" in response.content.decode()
