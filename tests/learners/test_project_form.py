"""The project form: skills picked with checkboxes grouped by category, each with its own level;
saved by `save_project`, which writes only the skill rows that changed."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from learners import actions
from learners.models import PortfolioProject, ProjectSkill
from tests.factories import (
    PortfolioProjectFactory,
    ProjectSkillFactory,
    SkillCategoryFactory,
    SkillFactory,
)
from tests.learners.test_dashboard import make_role
from tests.readiness_helpers import readiness_for

HX = {"HX-Request": "true"}
TODAY = timezone.localdate()
ADD = reverse("learners:project_add")


@pytest.fixture
def skills(role):
    """Three skills of the role (the first essential; Programming, Maths, Programming)."""
    return make_role(role)


def level(skill):
    return f"level_{skill.pk}"


def checkbox_html(skill, checked=False):
    return f'value="{skill.pk}" id="id_project_skill_{skill.pk}"{" checked" if checked else ""}>'


def selected_level(html, skill) -> str:
    """The level selected in a skill's select, as the page shows it."""
    select = re.search(rf'<select[^>]*id="id_project_level_{skill.pk}">(.*?)</select>', html, re.S)
    return re.search(r'<option value="(\d)" selected>', select.group(1)).group(1)


def shown(project):
    return sorted(project.skills.values_list("skill_id", "level"))


# --- the form ----------------------------------------------------------------------------------


def test_it_groups_the_skills_by_category_in_fieldsets_with_legends(client, learner, skills):
    client.force_login(learner)
    html = client.get(ADD).content.decode()
    assert html.count('<fieldset class="skill-group" data-skill-group>') == 2
    programming = html.index('<legend class="skill-group-name">Programming</legend>')
    maths = html.index('<legend class="skill-group-name">Maths</legend>')
    # Categories in their order, each with its own skills.
    assert programming < html.index(checkbox_html(skills[0])) < html.index(checkbox_html(skills[2]))
    assert html.index(checkbox_html(skills[2])) < maths < html.index(checkbox_html(skills[1]))
    assert '<legend class="form-label fs-6 fw-semibold mb-1">Skills demonstrated</legend>' in html


def test_every_checkbox_select_and_the_filter_box_has_a_label(client, learner, skills):
    client.force_login(learner)
    html = client.get(ADD).content.decode()
    for skill in skills:
        assert f'<label class="form-check-label" for="id_project_skill_{skill.pk}">' in html
        assert (
            f'<label class="visually-hidden" for="id_project_level_{skill.pk}">'
            f"Level shown in {skill.name}</label>"
        ) in html
    assert '<label class="form-label" for="id_project_skills_filter">' in html
    # The filter box needs JavaScript: it is hidden until project-form.js shows it.
    assert re.search(r"<div [^>]*data-skill-filter-box hidden>", html)


def test_without_javascript_every_skill_has_a_visible_level_defaulting_to_guided(
    client, learner, skills
):
    client.force_login(learner)
    html = client.get(ADD).content.decode()
    for skill in skills:
        assert checkbox_html(skill) in html
        assert selected_level(html, skill) == "2"  # Guided, the model's default
    assert "disabled" not in html.split('class="skill-groups"')[1]


def test_the_filter_matches_names_and_aliases(client, learner, skills):
    SkillFactory(slug="kubernetes", name="Kubernetes", aliases="k8s\nKube")
    client.force_login(learner)
    html = client.get(ADD).content.decode()
    assert 'data-skill-terms="kubernetes k8s kube"' in html


def test_a_retired_skill_is_offered_only_to_a_project_that_shows_it(client, learner, skills):
    retired = SkillFactory(slug="theano", name="Theano", is_retired=True)
    client.force_login(learner)
    assert "Theano" not in client.get(ADD).content.decode()
    response = client.post(
        ADD, {"title": "Old", "status": "planned", "skills": [retired.pk], level(retired): 3}
    )
    assert response.status_code == 200
    assert "is not one of them" in response.content.decode()

    project = PortfolioProjectFactory(user=learner)
    ProjectSkillFactory(project=project, skill=retired, level=3)
    html = client.get(reverse("learners:project_edit", args=[project.pk])).content.decode()
    assert checkbox_html(retired, checked=True) in html


def test_the_page_and_the_dashboard_load_its_script_and_the_fragment_posts_in_place(
    client, learner, skills
):
    client.force_login(learner)
    page = client.get(ADD)
    html = page.content.decode()
    assert "<html" in html
    assert re.search(r'<script src="/static/js/project-form[^"]*\.js" defer></script>', html)
    assert re.search(r'<link rel="stylesheet" href="/static/css/project-form[^"]*\.css">', html)
    # On its own page the form posts plainly: there is no list on the page to swap.
    assert "hx-post" not in html.split('id="project-form"')[1].split(">")[0]

    fragment = client.get(ADD, headers=HX)
    html = fragment.content.decode()
    assert fragment.status_code == 200
    assert "<html" not in html
    assert html.lstrip().startswith('<form id="project-form"')
    assert 'hx-target="#projects"' in html
    assert "HX-Request" in fragment["Vary"]
    # htmx runs no script it swaps in: the dashboard, where the fragment opens, loads it.
    dashboard = client.get("/dashboard/").content.decode()
    assert re.search(r'<script src="/static/js/project-form[^"]*\.js" defer></script>', dashboard)


# --- saving ------------------------------------------------------------------------------------


def test_each_skill_is_saved_at_its_own_level_and_shown_so(client, learner, role, skills):
    client.force_login(learner)
    response = client.post(
        ADD,
        {
            "title": "Churn predictor",
            "status": "planned",
            "skills": [skills[0].pk, skills[1].pk],
            level(skills[0]): 5,
            level(skills[1]): 1,
            level(skills[2]): 4,  # not ticked: ignored
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/dashboard/#projects"
    project = learner.projects.get()
    assert shown(project) == [(skills[0].pk, 5), (skills[1].pk, 1)]

    dashboard = client.get("/dashboard/").content.decode()
    assert f"Shows {skills[0].name} (Expert), {skills[1].name} (Aware)." in dashboard


def test_with_htmx_it_answers_with_the_list_and_the_summary(client, learner, role, skills):
    client.force_login(learner)
    response = client.post(
        ADD,
        {
            "title": "Churn predictor",
            "status": "done",
            "repository_url": "https://github.com/me/churn",
            "skills": [skills[0].pk, skills[1].pk],
            level(skills[0]): 4,
            level(skills[1]): 2,
        },
        headers=HX,
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="projects"')
    assert f"{skills[0].name} (Advanced), {skills[1].name} (Guided)" in html
    assert '<div id="summary" hx-swap-oob="true">' in html


def test_the_engine_credits_each_skill_at_its_own_level(client, learner, role, skills):
    """A done project with a public repository: its levels count, as evidence too."""
    client.force_login(learner)
    client.post(
        ADD,
        {
            "title": "Forecaster",
            "status": "done",
            "completed_on": (TODAY - dt.timedelta(days=1)).isoformat(),
            "repository_url": "https://github.com/me/forecaster",
            "skills": [skills[0].pk, skills[1].pk],
            level(skills[0]): 5,
            level(skills[1]): 2,
        },
        headers=HX,
    )
    result = readiness_for(learner, role.pk)
    rows = {row.spec.skill_id: row for row in result.rows}
    assert (rows[skills[0].pk].level, rows[skills[0].pk].evidenced_level) == (5, 5)
    assert (rows[skills[1].pk].level, rows[skills[1].pk].evidenced_level) == (2, 2)
    assert rows[skills[2].pk].level == 0
    # Weights 6, 3, 3: 6·1 + 3·(2/3) + 0 of 12.
    assert result.score == pytest.approx(100 * 8 / 12)
    assert result.evidenced_score == pytest.approx(100 * 8 / 12)


def test_a_ticked_skill_sent_without_a_level_gets_the_default(client, learner, skills):
    client.force_login(learner)
    response = client.post(ADD, {"title": "P", "status": "planned", "skills": [skills[0].pk]})
    assert response.status_code == 302
    assert shown(learner.projects.get()) == [(skills[0].pk, 2)]


def test_a_bad_level_for_an_unticked_skill_is_ignored(client, learner, skills):
    client.force_login(learner)
    response = client.post(
        ADD,
        {
            "title": "P",
            "status": "planned",
            "skills": [skills[0].pk],
            level(skills[0]): 3,
            level(skills[1]): "nonsense",
            level(skills[2]): 9,
        },
    )
    assert response.status_code == 302
    assert shown(learner.projects.get()) == [(skills[0].pk, 3)]


# --- editing -----------------------------------------------------------------------------------


def test_editing_pre_checks_the_skills_with_their_stored_levels(client, learner, skills):
    project = PortfolioProjectFactory(user=learner)
    ProjectSkillFactory(project=project, skill=skills[0], level=4)
    ProjectSkillFactory(project=project, skill=skills[1], level=1)
    client.force_login(learner)
    for headers in ({}, HX):
        response = client.get(reverse("learners:project_edit", args=[project.pk]), headers=headers)
        html = response.content.decode()
        assert response.status_code == 200
        assert checkbox_html(skills[0], checked=True) in html
        assert checkbox_html(skills[1], checked=True) in html
        assert checkbox_html(skills[2]) in html
        assert selected_level(html, skills[0]) == "4"
        assert selected_level(html, skills[1]) == "1"
        assert selected_level(html, skills[2]) == "2"


def test_an_edit_changes_levels_adds_and_removes_skills(client, learner, skills):
    project = PortfolioProjectFactory(user=learner, title="Kept")
    kept = ProjectSkillFactory(project=project, skill=skills[0], level=4)
    ProjectSkillFactory(project=project, skill=skills[1], level=1)
    client.force_login(learner)
    response = client.post(
        reverse("learners:project_edit", args=[project.pk]),
        {
            "title": "Kept",
            "status": "done",
            "repository_url": project.repository_url,
            "skills": [skills[0].pk, skills[2].pk],
            level(skills[0]): 5,
            level(skills[1]): 3,
            level(skills[2]): 3,
        },
        headers=HX,
    )
    assert response.status_code == 200
    assert shown(project) == [(skills[0].pk, 5), (skills[2].pk, 3)]
    # The changed row was updated in place, not deleted and inserted again.
    assert ProjectSkill.objects.get(project=project, skill=skills[0]).pk == kept.pk


# --- errors keep the learner's input -----------------------------------------------------------


def bad_post(skills, changes):
    data = {
        "title": "My project",
        "summary": "Half written",
        "status": "planned",
        "skills": [skills[0].pk, skills[2].pk],
        level(skills[0]): 4,
        level(skills[1]): 5,  # not ticked: kept as typed, ignored
        level(skills[2]): 1,
    }
    return {**data, **changes}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": ""}, "This field is required."),
        ({"skills": ["999999"]}, "999999 is not one of them"),
        ({"skills": ["abc"]}, "abc is not one of them"),
        ({"level_SKILL0": "9"}, "Choose a level from 1 to 5 for"),
        ({"level_SKILL0": "0"}, "Choose a level from 1 to 5 for"),
        ({"level_SKILL0": "-1"}, "Choose a level from 1 to 5 for"),
        ({"level_SKILL0": "x"}, "Choose a level from 1 to 5 for"),
    ],
)
def test_an_error_keeps_what_the_learner_chose(client, learner, skills, changes, message):
    changes = {k.replace("SKILL0", str(skills[0].pk)): v for k, v in changes.items()}
    client.force_login(learner)
    for headers, status in (({}, 200), (HX, 422)):
        response = client.post(ADD, bad_post(skills, changes), headers=headers)
        html = response.content.decode()
        assert response.status_code == status
        assert message in html
        assert "Half written" in html
        if "skills" not in changes:
            assert checkbox_html(skills[0], checked=True) in html
            assert checkbox_html(skills[2], checked=True) in html
            assert checkbox_html(skills[1]) in html
            assert selected_level(html, skills[2]) == "1"
            assert selected_level(html, skills[1]) == "5"
            if "title" in changes:
                assert selected_level(html, skills[0]) == "4"
        if headers:
            assert response["HX-Retarget"] == "#project-form"
            assert response["HX-Reswap"] == "outerHTML"
            assert html.lstrip().startswith('<form id="project-form"')
        else:
            assert "<html" in html
    assert not PortfolioProject.objects.filter(user=learner).exists()


def test_an_error_on_an_edit_changes_nothing(client, learner, skills):
    project = PortfolioProjectFactory(user=learner, title="Before")
    ProjectSkillFactory(project=project, skill=skills[0], level=4)
    client.force_login(learner)
    response = client.post(
        reverse("learners:project_edit", args=[project.pk]),
        bad_post(skills, {level(skills[2]): "6"}),
        headers=HX,
    )
    assert response.status_code == 422
    project.refresh_from_db()
    assert project.title == "Before"
    assert shown(project) == [(skills[0].pk, 4)]


# --- ownership ---------------------------------------------------------------------------------


def test_another_learners_project_answers_404_and_stays_as_it_was(
    client, learner, other_learner, skills
):
    project = PortfolioProjectFactory(user=learner, title="Ada's")
    ProjectSkillFactory(project=project, skill=skills[0], level=4)
    client.force_login(other_learner)
    url = reverse("learners:project_edit", args=[project.pk])
    for headers in ({}, HX):
        assert client.get(url, headers=headers).status_code == 404
        data = {
            "title": "Bob's",
            "status": "planned",
            "skills": [skills[1].pk],
            level(skills[1]): 5,
        }
        assert client.post(url, data, headers=headers).status_code == 404
    project.refresh_from_db()
    assert project.title == "Ada's"
    assert shown(project) == [(skills[0].pk, 4)]


# --- the service -------------------------------------------------------------------------------


def project_skill_writes(queries) -> list[str]:
    table = ProjectSkill._meta.db_table
    return [
        q["sql"].split()[0]
        for q in queries
        if table in q["sql"] and not q["sql"].lstrip().upper().startswith("SELECT")
    ]


def test_save_project_writes_only_the_skill_rows_that_changed(learner, skills):
    project = PortfolioProjectFactory(user=learner)
    ProjectSkillFactory(project=project, skill=skills[0], level=4)
    ProjectSkillFactory(project=project, skill=skills[1], level=1)
    same = {skills[0]: 4, skills[1]: 1}

    with CaptureQueriesContext(connection) as unchanged:
        actions.save_project(user=learner, project=project, skills=same, changed=[])
    assert project_skill_writes(unchanged.captured_queries) == []

    with CaptureQueriesContext(connection) as one_level:
        actions.save_project(
            user=learner, project=project, skills={**same, skills[1]: 3}, changed=[]
        )
    assert project_skill_writes(one_level.captured_queries) == ["UPDATE"]
    assert shown(project) == [(skills[0].pk, 4), (skills[1].pk, 3)]

    with CaptureQueriesContext(connection) as swap:
        actions.save_project(
            user=learner, project=project, skills={skills[0].pk: 4, skills[2].pk: 5}, changed=[]
        )
    assert sorted(project_skill_writes(swap.captured_queries)) == ["DELETE", "INSERT"]
    assert shown(project) == [(skills[0].pk, 4), (skills[2].pk, 5)]


def test_save_project_leaves_the_skills_alone_when_given_none(learner, skills):
    project = PortfolioProjectFactory(user=learner)
    ProjectSkillFactory(project=project, skill=skills[0], level=4)
    project.title = "Renamed"
    actions.save_project(user=learner, project=project, changed=["title"])
    project.refresh_from_db()
    assert project.title == "Renamed"
    assert shown(project) == [(skills[0].pk, 4)]


@pytest.mark.parametrize("bad", [0, 6, -1])
def test_save_project_refuses_a_level_outside_1_to_5(learner, skills, bad):
    project = PortfolioProject(title="Bad", status="planned")
    with pytest.raises(ValueError, match="level"):
        actions.save_project(user=learner, project=project, skills={skills[0]: bad})
    assert not PortfolioProject.objects.filter(user=learner).exists()


def test_the_form_reads_the_skills_in_one_query_however_many_there_are(client, learner, skills):
    client.force_login(learner)
    with CaptureQueriesContext(connection) as few:
        client.get(ADD, headers=HX)
    category = SkillCategoryFactory(slug="more", name="More")
    for i in range(20):
        SkillFactory(slug=f"more-{i}", name=f"More {i}", category=category)
    with CaptureQueriesContext(connection) as many:
        html = client.get(ADD, headers=HX).content.decode()
    assert "More 19" in html
    assert len(many.captured_queries) == len(few.captured_queries)
