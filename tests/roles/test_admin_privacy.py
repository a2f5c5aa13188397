"""An editor can neither see nor delete learners' private data through the admin: content that
learners' records point to cannot be deleted, and the confirmation page only counts them."""

import datetime as dt

import pytest
from django.urls import reverse

from learners.models import EarnedCertification, ProjectSkill, SkillRecord
from roles.models import Certification, Role, Skill
from tests.factories import (
    CertificationFactory,
    EarnedCertificationFactory,
    PortfolioProjectFactory,
    ProjectSkillFactory,
    RoleFactory,
    SkillFactory,
    SkillRecordFactory,
)

pytestmark = pytest.mark.django_db
SECRET = "Stealth startup for a rival firm"


def delete_url(obj) -> str:
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_delete", args=[obj.pk])


def test_an_editor_cannot_see_or_delete_a_learners_project_through_a_skill(client, editor, learner):
    skill = SkillFactory(slug="secret-skill")
    project = PortfolioProjectFactory(user=learner, title=SECRET)
    ProjectSkillFactory(project=project, skill=skill)
    client.force_login(editor)

    page = client.get(delete_url(skill))
    client.post(delete_url(skill), {"post": "yes"})

    assert page.status_code == 200
    assert SECRET not in page.text
    assert learner.email not in page.text
    assert "Cannot delete" in page.text
    assert Skill.objects.filter(pk=skill.pk).exists()
    assert ProjectSkill.objects.filter(project=project, skill=skill).exists()


def test_an_editor_cannot_delete_a_skill_learners_rated_nor_one_selected_in_bulk(
    client, editor, learner
):
    rated = SkillFactory(slug="rated-skill")
    SkillRecordFactory(user=learner, skill=rated, level=3, note=SECRET)
    client.force_login(editor)

    page = client.post(
        reverse("admin:roles_skill_changelist"),
        {"action": "delete_selected", "_selected_action": [rated.pk]},
    )
    client.post(
        reverse("admin:roles_skill_changelist"),
        {"action": "delete_selected", "_selected_action": [rated.pk], "post": "yes"},
    )

    assert "Cannot delete" in page.text
    assert SECRET not in page.text
    assert "Ada" not in page.text
    assert Skill.objects.filter(pk=rated.pk).exists()
    assert SkillRecord.objects.filter(skill=rated).exists()


def test_an_editor_cannot_delete_an_earned_certification_or_a_role_with_learners_history(
    client, editor, learner
):
    from learners.models import ReadinessSnapshot

    certification = CertificationFactory()
    EarnedCertificationFactory(user=learner, certification=certification, credential_id=SECRET)
    role = RoleFactory(slug="tracked-role")
    ReadinessSnapshot.objects.create(
        user=learner, role=role, day=dt.date(2026, 1, 1), score=10, evidenced_score=0
    )
    client.force_login(editor)

    for obj in (certification, role):
        page = client.get(delete_url(obj))
        client.post(delete_url(obj), {"post": "yes"})
        assert page.status_code == 200
        assert "Cannot delete" in page.text
        assert SECRET not in page.text
        assert "Ada" not in page.text
        assert learner.email not in page.text

    assert Certification.objects.filter(pk=certification.pk).exists()
    assert EarnedCertification.objects.filter(user=learner).exists()
    assert Role.objects.filter(pk=role.pk).exists()


def test_an_editor_still_deletes_content_nobody_uses(client, editor):
    skill = SkillFactory(slug="unused-skill")
    client.force_login(editor)

    client.post(delete_url(skill), {"post": "yes"})

    assert not Skill.objects.filter(pk=skill.pk).exists()
