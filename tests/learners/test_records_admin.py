"""Learners' records in the admin: superusers may read them; nobody writes them there."""

import pytest
from django.urls import reverse

from learners.models import ProjectSkill
from tests.factories import ProjectSkillFactory, UserFactory


@pytest.fixture
def superuser(db):
    return UserFactory(email="root@example.com", handle="root", is_staff=True, is_superuser=True)


def test_a_superuser_reads_a_project_with_its_skills_but_cannot_change_them(
    client, superuser, learner
):
    shown = ProjectSkillFactory(project__user=learner, level=3)
    client.force_login(superuser)
    url = reverse("admin:learners_portfolioproject_change", args=[shown.project.pk])
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert shown.skill.name in html
    assert 'name="skills-0-level"' not in html  # the inline is read-only
    response = client.post(url, {"title": "Changed"})
    assert response.status_code == 403
    assert ProjectSkill.objects.get(pk=shown.pk).level == 3


def test_an_editor_cannot_open_a_learners_project(client, editor, learner):
    shown = ProjectSkillFactory(project__user=learner)
    client.force_login(editor)
    url = reverse("admin:learners_portfolioproject_change", args=[shown.project.pk])
    assert client.get(url).status_code == 403
