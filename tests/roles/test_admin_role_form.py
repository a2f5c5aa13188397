"""A role form an editor can use: requirements grouped by skill category and collapsed, their own
list with filters and levels editable in place, and every input of a table row labelled."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from roles.models import Level, Requirement
from tests.factories import (
    CertificationFactory,
    CertificationSkillFactory,
    RequirementFactory,
    ResourceFactory,
    SkillCategoryFactory,
    SkillFactory,
)


class _Controls(HTMLParser):
    """Every form control a person reaches (not hidden), and the ids labels point to."""

    def __init__(self):
        super().__init__()
        self.controls: list[dict] = []
        self.label_for: set[str] = set()
        self._label_depth = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "label":
            self._label_depth += 1
            if a.get("for"):
                self.label_for.add(a["for"])
        if tag in {"input", "select", "textarea"}:
            if a.get("type") in {"hidden", "submit", "button"}:
                return
            self.controls.append({**a, "_tag": tag, "_in_label": self._label_depth > 0})

    def handle_endtag(self, tag):
        if tag == "label":
            self._label_depth = max(0, self._label_depth - 1)


ROW = re.compile(r"-(\d+|__prefix__)-")


def unlabelled(html: str) -> list[str]:
    """The inputs of table rows (inline and list formsets) that have no accessible name."""
    parser = _Controls()
    parser.feed(html)
    return [
        f"<{c['_tag']} name={c.get('name')!r}>"
        for c in parser.controls
        if ROW.search(c.get("name") or "")
        and not (
            c.get("aria-label")
            or c.get("aria-labelledby")
            or c["_in_label"]
            or c.get("id") in parser.label_for
        )
    ]


@pytest.fixture
def categorised_role(role):
    data = SkillCategoryFactory(name="Data", order=1)
    ops = SkillCategoryFactory(name="Operations", order=2)
    RequirementFactory(role=role, skill=SkillFactory(name="Kubernetes", category=ops))
    RequirementFactory(role=role, skill=SkillFactory(name="SQL", category=data))
    RequirementFactory(role=role, skill=SkillFactory(name="Docker", category=ops))
    RequirementFactory(role=role, skill=SkillFactory(name="Statistics", category=data))
    return role


def test_requirements_on_the_role_form_are_grouped_by_category(client, editor, categorised_role):
    client.force_login(editor)

    html = client.get(reverse("admin:roles_role_change", args=[categorised_role.pk])).text

    group = html[html.index('id="requirements-group"') : html.index('id="responsibilities-group"')]
    names = re.findall(r"<strong>(Data|Operations)</strong>", group)
    assert names == ["Data", "Operations"]
    positions = [group.index(name) for name in ["Data", "SQL", "Statistics", "Operations"]]
    assert positions == sorted(positions)
    assert group.index("Operations") < group.index("Docker") < group.index("Kubernetes")
    # Collapsed until opened, with the way to the list.
    assert "<details>" in group
    list_url = reverse("admin:roles_requirement_changelist")
    assert f"{list_url}?role__id__exact={categorised_role.pk}" in group


def test_the_requirement_list_filters_by_role_and_category(client, editor, categorised_role):
    other = RequirementFactory(skill=SkillFactory(name="Excel"))
    ops = Requirement.objects.get(skill__name="Docker").skill.category
    client.force_login(editor)

    by_role = client.get(
        reverse("admin:roles_requirement_changelist"), {"role__id__exact": categorised_role.pk}
    )
    by_category = client.get(
        reverse("admin:roles_requirement_changelist"),
        {"role__id__exact": categorised_role.pk, "skill__category__id__exact": ops.pk},
    )

    assert by_role.status_code == by_category.status_code == 200
    assert "SQL" in by_role.text
    assert other.skill.name not in by_role.text
    assert "Docker" in by_category.text
    assert "Kubernetes" in by_category.text
    assert "SQL" not in by_category.text
    assert 'name="form-0-target_level"' in by_category.text


def test_saving_the_role_form_keeps_the_requirements(client, editor, categorised_role):
    from tests.roles.admin_page import browser_form

    client.force_login(editor)
    url = reverse("admin:roles_role_change", args=[categorised_role.pk])
    data = browser_form(client.get(url).text, "role_form")
    docker = Requirement.objects.get(skill__name="Docker")
    index = next(
        k.split("-")[1] for k, v in data.items() if k.endswith("-id") and v == str(docker.pk)
    )
    data[f"requirements-{index}-target_level"] = str(Level.EXPERT)
    data["_save"] = "Save"

    response = client.post(url, data)

    assert response.status_code == 302
    docker.refresh_from_db()
    assert docker.target_level == Level.EXPERT
    assert categorised_role.requirements.count() == 4


def test_every_input_of_the_role_form_has_an_accessible_name(client, editor, categorised_role):
    client.force_login(editor)

    html = client.get(reverse("admin:roles_role_change", args=[categorised_role.pk])).text

    assert unlabelled(html) == []
    assert 'aria-label="Target level, Machine Learning Engineer needs Docker"' in html
    assert 'aria-label="Delete, Machine Learning Engineer needs Docker"' in html


def test_every_tabular_inline_and_editable_list_labels_its_inputs(client, editor, role):
    skill = SkillFactory(name="Python")
    ResourceFactory(skill=skill)
    certification = CertificationFactory()
    CertificationSkillFactory(certification=certification, skill=skill)
    RequirementFactory(role=role, skill=skill)
    client.force_login(editor)

    for url in [
        reverse("admin:roles_skill_change", args=[skill.pk]),
        reverse("admin:roles_certification_change", args=[certification.pk]),
        reverse("admin:roles_requirement_changelist"),
        reverse("admin:roles_role_changelist"),
        reverse("admin:roles_certificationskill_changelist"),
        reverse("admin:roles_stale_content"),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert unlabelled(response.text) == [], url


def test_the_role_form_takes_one_query_more_a_requirement_row_and_no_more(
    client, editor, categorised_role, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(editor)
    url = reverse("admin:roles_role_change", args=[categorised_role.pk])
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200

    category = SkillCategoryFactory(name="More", order=3)
    for _ in range(8):
        RequirementFactory(role=categorised_role, skill=SkillFactory(category=category))
    # Django's autocomplete widget looks up its selected skill, one query a row; nothing else
    # grows with the rows (the role and category come with the requirements).
    with django_assert_num_queries(len(few) + 8):
        assert client.get(url).status_code == 200


def test_a_certification_form_takes_one_query_more_a_credit_row_and_no_more(
    client, editor, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    certification = CertificationFactory()
    CertificationSkillFactory(certification=certification)
    client.force_login(editor)
    url = reverse("admin:roles_certification_change", args=[certification.pk])
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200

    for _ in range(5):
        CertificationSkillFactory(certification=certification)
    with django_assert_num_queries(len(few) + 5):  # Django's autocomplete lookup, a row each
        assert client.get(url).status_code == 200
