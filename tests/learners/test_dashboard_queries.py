"""The dashboard, each htmx partial and each record form (every valid post, with and without
JavaScript) run in the same number of queries with 1 record and with 500; the dashboard with
readiness for six roles in the same number as with one (and the dashboard and a level change
under a ceiling)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from learners.models import (
    EarnedCertification,
    EducationRecord,
    PortfolioProject,
    ProjectSkill,
    SkillRecord,
)
from roles.cache import bump_generation
from roles.models import EducationPath, Role, Skill
from tests.factories import (
    CertificationFactory,
    CertificationSkillFactory,
    EducationPathFactory,
    RoleFactory,
    SkillCategoryFactory,
)
from tests.learners.test_dashboard import make_role

HX = {"HX-Request": "true"}


def seed(user, n, *, category, certification, degree):
    """n skill ratings, certifications, projects (one skill each) and education records."""
    skills = Skill.objects.bulk_create(
        Skill(
            slug=f"{user.handle}-s{i}",
            name=f"{user.handle} skill {i}",
            category=category,
            description="x",
        )
        for i in range(n)
    )
    SkillRecord.objects.bulk_create(
        SkillRecord(user=user, skill=s, level=2, note="a note") for s in skills
    )
    start = dt.date(2020, 1, 1)
    EarnedCertification.objects.bulk_create(
        EarnedCertification(
            user=user,
            certification=certification,
            issued_on=start + dt.timedelta(days=i),
            expires_on=start + dt.timedelta(days=i + 2000),
            verification_url="https://verify.example.org/x",
        )
        for i in range(n)
    )
    projects = PortfolioProject.objects.bulk_create(
        PortfolioProject(
            user=user,
            title=f"Project {i}",
            status="done",
            completed_on=start,
            repository_url="https://github.com/p",
        )
        for i in range(n)
    )
    ProjectSkill.objects.bulk_create(
        ProjectSkill(project=p, skill=s, level=3) for p, s in zip(projects, skills, strict=True)
    )
    EducationRecord.objects.bulk_create(
        EducationRecord(user=user, education_path=degree, institution="Uni", year=2010 + i % 20)
        for i in range(n)
    )
    return skills


@pytest.fixture
def two_learners(learner, other_learner, role):
    role_skills = make_role(role, 6)
    category = SkillCategoryFactory(slug="bulk", name="Bulk")
    certification = CertificationFactory(name="Bulk Cert")
    CertificationSkillFactory(certification=certification, skill=role_skills[0], level=3)
    degree = EducationPathFactory(title="BSc Bulk")
    seed(learner, 1, category=category, certification=certification, degree=degree)
    seed(other_learner, 500, category=category, certification=certification, degree=degree)
    return role_skills


def queries(client, user, method, url, data=None, headers=None):
    """Sign in as `user`, then count the queries of one request."""
    client.force_login(user)
    return again(client, method, url, data, headers)


def again(client, method, url, data=None, headers=None):
    """The same request in the same session."""
    with CaptureQueriesContext(connection) as ctx:
        response = getattr(client, method)(url, data or {}, headers=headers or {})
    assert response.status_code < 500
    return len(ctx), response


def first_pk(user, model):
    return model.objects.filter(user=user).order_by("pk").values_list("pk", flat=True)[0]


def ok_htmx(response):
    """A valid htmx form post: the list is swapped in, no form with errors sent back."""
    return response.status_code == 200 and "HX-Retarget" not in response


def ok_no_js(response):
    """A valid form post without JavaScript: redirected (POST-redirect-GET)."""
    return response.status_code == 302


def requests(user, skill, content):
    """Every dashboard request but the deletes, as name -> (method, url, data, headers, ok).

    `ok` checks the response is the one meant (a valid post really saves), so both learners are
    measured on the same path."""
    cert = first_pk(user, EarnedCertification)
    project = first_pk(user, PortfolioProject)
    education = first_pk(user, EducationRecord)
    level = reverse("learners:set_skill_level", args=[skill.slug])
    note = reverse("learners:skill_note", args=[skill.slug])
    target = reverse("learners:set_target_role")
    cert_edit = reverse("learners:certification_edit", args=[cert])
    project_edit = reverse("learners:project_edit", args=[project])
    education_edit = reverse("learners:education_edit", args=[education])

    def certification_data(day):
        return {
            "certification": content["certification"].pk,
            "issued_on": day,
            "credential_id": "CRED-1",
            "verification_url": "https://verify.example.org/new",
        }

    def project_data(title):
        return {
            "title": title,
            "summary": "Edited",
            "repository_url": "https://github.com/edited",
            "status": "done",
            "completed_on": "2021-06-01",
            "skills": [skill.pk],
            "skill_level": 3,
        }

    def education_data(field):
        return {
            "education_path": content["degree"].pk,
            "field": field,
            "institution": "Another Uni",
            "year": 2015,
            "status": "completed",
        }

    def any_response(response):
        return True

    return {
        "dashboard": ("get", "/dashboard/", None, {}, any_response),
        "dashboard htmx": ("get", "/dashboard/", None, HX, any_response),
        "level htmx": ("post", level, {"level": 3}, HX, any_response),
        "level no js": ("post", level, {"level": 2}, {}, ok_no_js),
        "target htmx": ("post", target, {"role": content["role"].slug}, HX, any_response),
        "target no js": ("post", target, {"role": content["role"].slug}, {}, ok_no_js),
        "note get htmx": ("get", note, None, HX, any_response),
        "note post htmx": ("post", note, {"note": "practise"}, HX, any_response),
        "note post no js": ("post", note, {"note": "practise more"}, {}, ok_no_js),
        "plan": ("get", reverse("learners:plan"), None, {}, any_response),
        "certification add": (
            "get",
            reverse("learners:certification_add"),
            None,
            HX,
            any_response,
        ),
        "certification add post": (
            "post",
            reverse("learners:certification_add"),
            certification_data("2021-02-01"),
            HX,
            ok_htmx,
        ),
        "certification add post no js": (
            "post",
            reverse("learners:certification_add"),
            certification_data("2021-03-01"),
            {},
            ok_no_js,
        ),
        "certification edit": ("get", cert_edit, None, HX, any_response),
        "certification edit post invalid": (
            "post",
            cert_edit,
            {"certification": "", "issued_on": "2021-01-01"},
            HX,
            lambda r: r.status_code == 422,
        ),
        "certification edit post": (
            "post",
            cert_edit,
            certification_data("2021-04-01"),
            HX,
            ok_htmx,
        ),
        "certification edit post no js": (
            "post",
            cert_edit,
            certification_data("2021-05-01"),
            {},
            ok_no_js,
        ),
        "certification delete": (
            "get",
            reverse("learners:certification_delete", args=[cert]),
            None,
            {},
            any_response,
        ),
        "project add": ("get", reverse("learners:project_add"), None, HX, any_response),
        "project edit": ("get", project_edit, None, HX, any_response),
        "project add post": (
            "post",
            reverse("learners:project_add"),
            {"title": "New", "status": "planned", "skill_level": 2},
            HX,
            ok_htmx,
        ),
        "project add post no js": (
            "post",
            reverse("learners:project_add"),
            project_data("New without JavaScript"),
            {},
            ok_no_js,
        ),
        "project edit post": ("post", project_edit, project_data("Edited"), HX, ok_htmx),
        "project edit post no js": (
            "post",
            project_edit,
            project_data("Edited again"),
            {},
            ok_no_js,
        ),
        "education add": ("get", reverse("learners:education_add"), None, HX, any_response),
        "education add post": (
            "post",
            reverse("learners:education_add"),
            education_data("Physics"),
            HX,
            ok_htmx,
        ),
        "education add post no js": (
            "post",
            reverse("learners:education_add"),
            education_data("Maths"),
            {},
            ok_no_js,
        ),
        "education edit": ("get", education_edit, None, {}, any_response),
        "education edit post": ("post", education_edit, education_data("Chemistry"), HX, ok_htmx),
        "education edit post no js": (
            "post",
            education_edit,
            education_data("Biology"),
            {},
            ok_no_js,
        ),
    }


def delete_requests(user):
    """Deleting the first record of each kind (after the adds above, so a list never empties)."""
    cert = first_pk(user, EarnedCertification)
    project = first_pk(user, PortfolioProject)
    education = first_pk(user, EducationRecord)
    return {
        "certification delete post": (
            "post",
            reverse("learners:certification_delete", args=[cert]),
            None,
            HX,
            ok_htmx,
        ),
        "project delete get htmx": (
            "get",
            reverse("learners:project_delete", args=[project]),
            None,
            HX,
            lambda r: r.status_code == 200,
        ),
        "project delete post no js": (
            "post",
            reverse("learners:project_delete", args=[project]),
            None,
            {},
            ok_no_js,
        ),
        "education delete post": (
            "post",
            reverse("learners:education_delete", args=[education]),
            None,
            HX,
            ok_htmx,
        ),
    }


def measure(client, learner, other_learner, few, many):
    measured = {}
    for name, (method, url, data, headers, ok) in few.items():
        small, response = queries(client, learner, method, url, data, headers)
        assert ok(response), (name, "1 record", response.status_code)
        method, url, data, headers, ok = many[name]
        large, response = queries(client, other_learner, method, url, data, headers)
        assert ok(response), (name, "500 records", response.status_code)
        measured[name] = (small, large)
    return measured


def test_every_dashboard_request_runs_in_constant_queries(
    client, learner, other_learner, two_learners, role
):
    skill = two_learners[1]
    content = {
        "role": role,
        "certification": CertificationFactory(name="Another Cert"),
        "degree": EducationPath.objects.get(title="BSc Bulk"),
    }
    # Warm the content cache (role profiles) so both runs see the same state.
    queries(client, learner, "get", "/dashboard/plan/")
    measured = measure(
        client,
        learner,
        other_learner,
        requests(learner, skill, content),
        requests(other_learner, skill, content),
    )
    measured |= measure(
        client, learner, other_learner, delete_requests(learner), delete_requests(other_learner)
    )
    unequal = {name: counts for name, counts in measured.items() if counts[0] != counts[1]}
    assert unequal == {}
    assert len(measured) == 34


# Ceilings, not exact counts: the dashboard runs 12 today (the session and the user; seven record
# queries; the chart; what changed; the content generation, roles/cache.py, read on every use in
# tests and once a second in production); a level change 15 (the session and the user; the
# skill; the learner's lock; the rating's upsert; four record queries; the snapshots' upsert; the
# chart; the savepoint pair the test's transaction adds; the content generation, read twice).
# What matters most is that neither grows with the records (the tests compare 1 record with 500).
DASHBOARD_CEILING = 13
LEVEL_CHANGE_CEILING = 16


def test_the_dashboard_and_a_level_change_stay_under_a_ceiling_at_1_and_at_500_records(
    client, learner, other_learner, two_learners
):
    level = reverse("learners:set_skill_level", args=[two_learners[1].slug])
    queries(client, other_learner, "get", "/dashboard/")  # the profiles are built once
    counts = {}
    for user in (learner, other_learner):
        counts[user.email] = (
            queries(client, user, "get", "/dashboard/")[0],
            again(client, "get", "/dashboard/", headers=HX)[0],
            again(client, "post", level, {"level": 4}, HX)[0],
        )
    assert counts[learner.email] == counts[other_learner.email]
    plain, htmx, level_change = counts[learner.email]
    assert plain == htmx <= DASHBOARD_CEILING
    assert level_change <= LEVEL_CHANGE_CEILING


def test_a_level_change_response_is_small_beside_the_dashboard(client, learner, demo_content):
    learner.fold_rows = False  # every row on the page
    learner.save(update_fields=["fold_rows"])
    client.force_login(learner)
    dashboard = client.get("/dashboard/")
    slug = dashboard.content.decode().split('id="req-', 1)[1].split('"', 1)[0]
    level = client.post(reverse("learners:set_skill_level", args=[slug]), {"level": 3}, headers=HX)
    assert level.status_code == 200
    assert len(level.content) <= 0.15 * len(dashboard.content)


def give_roles(learner, roles, certification):
    """Each role gets three requirements; the learner rates, and holds a credit in, each."""
    for role in roles:
        skills = make_role(role)
        SkillRecord.objects.create(user=learner, skill=skills[1], level=2)
        CertificationSkillFactory(certification=certification, skill=skills[0], level=3)


def dashboard_queries(client, learner, headers):
    """(after a content change, warm): the dashboard's queries with the role profiles to build,
    and with them kept."""
    cold, response = queries(client, learner, "get", "/dashboard/", headers=headers)
    assert response.status_code == 200
    warm, _ = again(client, "get", "/dashboard/", headers=headers)
    assert warm <= DASHBOARD_CEILING
    assert warm < cold
    return cold, warm


@pytest.mark.parametrize("headers", [{}, HX], ids=["plain", "htmx"])
@pytest.mark.parametrize("published", [1, 6])
def test_the_dashboard_runs_the_same_queries_for_six_roles_as_for_one(
    client, learner, role, headers, published
):
    """Readiness for every published role (the role switcher) costs no query per role."""
    certification = CertificationFactory(name="Credits every role")
    EarnedCertification.objects.create(
        user=learner, certification=certification, issued_on=dt.date(2024, 1, 1)
    )
    give_roles(learner, [role], certification)
    learner.target_role = role
    learner.save()
    queries(client, learner, "get", "/dashboard/")  # first visit: the learner has seen it
    bump_generation()
    one = dashboard_queries(client, learner, headers)

    more = [RoleFactory(slug=f"role-{i}", title=f"Role {i}") for i in range(published - 1)]
    give_roles(learner, more, certification)
    RoleFactory(slug="draft", title="Draft role", is_published=False)
    bump_generation()
    many = dashboard_queries(client, learner, headers)

    assert Role.objects.published().count() == published
    html = client.get("/dashboard/").content.decode()
    assert all(r.title in html for r in more)
    assert many == one


@pytest.mark.parametrize("headers", [{}, HX], ids=["plain", "htmx"])
def test_a_single_rating_costs_the_same_queries_as_500_of_everything(
    client, learner, other_learner, two_learners, headers
):
    """The benchmark's case: nothing but one self-rating (no certification, project or degree,
    so no list to prefetch into) against 500 of each."""
    EarnedCertification.objects.filter(user=learner).delete()
    PortfolioProject.objects.filter(user=learner).delete()
    EducationRecord.objects.filter(user=learner).delete()
    assert SkillRecord.objects.filter(user=learner).count() == 1
    queries(client, learner, "get", "/dashboard/", headers=headers)  # profiles are built once
    counts = {}
    for user in (learner, other_learner):
        counts[user.email], _ = queries(client, user, "get", "/dashboard/", headers=headers)
    assert counts[learner.email] == counts[other_learner.email] <= DASHBOARD_CEILING
