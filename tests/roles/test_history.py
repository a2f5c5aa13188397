"""Content history: every change to roles, requirements, skills and certifications (with their
credits, prerequisites and roles) says who and when, and editors can read it in the admin."""

import pytest
from django.urls import reverse
from django.utils import timezone

from roles.models import CertificationSkill, Level, Requirement
from tests.factories import (
    CertificationFactory,
    CertificationSkillFactory,
    RequirementFactory,
    ResponsibilityFactory,
    SkillFactory,
)


def change_url(obj):
    return reverse(f"admin:roles_{obj._meta.model_name}_change", args=[obj.pk])


def history_url(obj):
    return reverse(f"admin:roles_{obj._meta.model_name}_history", args=[obj.pk])


def test_editing_a_requirement_in_the_admin_records_who_and_when(client, editor, role):
    requirement = RequirementFactory(role=role, target_level=Level.GUIDED)
    client.force_login(editor)

    response = client.post(
        change_url(requirement),
        {
            "role": role.pk,
            "skill": requirement.skill_id,
            "importance": requirement.importance,
            "target_level": Level.ADVANCED,
            "_save": "Save",
        },
    )

    assert response.status_code == 302
    latest = requirement.history.latest()
    assert latest.history_type == "~"
    assert latest.history_user == editor
    assert latest.target_level == Level.ADVANCED
    assert latest.history_date is not None
    assert latest.prev_record.target_level == Level.GUIDED
    assert requirement.history.count() == 2


def test_editing_requirements_inline_on_a_role_records_the_editor(client, editor, role):
    requirement = RequirementFactory(role=role, target_level=Level.GUIDED)
    client.force_login(editor)
    data = {
        "title": role.title,
        "slug": role.slug,
        "summary": role.summary,
        "description": role.description,
        "is_published": "on",
        "salary_currency": "USD",
        "order": "0",
        "requirements-TOTAL_FORMS": "1",
        "requirements-INITIAL_FORMS": "1",
        "requirements-0-id": requirement.pk,
        "requirements-0-role": role.pk,
        "requirements-0-skill": requirement.skill_id,
        "requirements-0-importance": "5",
        "requirements-0-target_level": str(Level.EXPERT),
        "_save": "Save",
    }
    for prefix in ("responsibilities", "lifecycle_stages", "market_figures", "faq_entries"):
        data[f"{prefix}-TOTAL_FORMS"] = "0"
        data[f"{prefix}-INITIAL_FORMS"] = "0"

    response = client.post(change_url(role), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    requirement.refresh_from_db()
    assert requirement.target_level == Level.EXPERT
    assert requirement.history.latest().history_user == editor
    assert role.history.latest().history_user == editor


def test_a_new_and_a_deleted_requirement_are_both_recorded(client, editor, role):
    skill = SkillFactory(name="PyTorch")
    client.force_login(editor)

    client.post(
        reverse("admin:roles_requirement_add"),
        {"role": role.pk, "skill": skill.pk, "importance": "4", "target_level": "3", "_save": "1"},
    )
    requirement = Requirement.objects.get(role=role, skill=skill)
    client.post(reverse("admin:roles_requirement_delete", args=[requirement.pk]), {"post": "yes"})

    records = Requirement.history.filter(id=requirement.pk).order_by("history_date")
    assert [r.history_type for r in records] == ["+", "-"]
    assert {r.history_user for r in records} == {editor}
    assert not Requirement.objects.filter(pk=requirement.pk).exists()


def test_skills_and_certifications_keep_a_history_too(client, editor):
    skill = SkillFactory(name="PyTorch")
    certification = CertificationFactory(name="Cloud ML")
    client.force_login(editor)

    client.post(
        change_url(skill),
        {
            "name": skill.name,
            "slug": skill.slug,
            "kind": skill.kind,
            "category": skill.category_id,
            "description": "Deep learning with tensors.",
            "estimated_hours": "60",
            "resources-TOTAL_FORMS": "0",
            "resources-INITIAL_FORMS": "0",
            "_save": "Save",
        },
    )
    client.post(
        change_url(certification),
        {
            "name": certification.name,
            "slug": certification.slug,
            "issuer": certification.issuer,
            "url": certification.url,
            "kind": certification.kind,
            "level": certification.level,
            "is_recognised": "on",
            "validity_months": "36",
            "credits-TOTAL_FORMS": "0",
            "credits-INITIAL_FORMS": "0",
            "_save": "Save",
        },
    )

    assert skill.history.latest().estimated_hours == 60
    assert skill.history.latest().history_user == editor
    assert certification.history.latest().validity_months == 36
    assert certification.history.latest().history_user == editor


def test_an_editor_reads_the_history_in_the_admin(client, editor, role):
    requirement = RequirementFactory(role=role, target_level=Level.GUIDED)
    client.force_login(editor)
    client.post(
        change_url(requirement),
        {
            "role": role.pk,
            "skill": requirement.skill_id,
            "importance": requirement.importance,
            "target_level": Level.ADVANCED,
            "_save": "Save",
        },
    )

    change_page = client.get(change_url(requirement))
    history = client.get(history_url(requirement))

    assert history_url(requirement) in change_page.text
    assert history.status_code == 200
    assert editor.email in history.text or editor.display_name in history.text
    assert "Target level" in history.text
    for obj in (role, requirement.skill, CertificationFactory()):
        assert client.get(history_url(obj)).status_code == 200


def test_a_learner_cannot_read_the_history(client, learner, role):
    client.force_login(learner)

    response = client.get(history_url(role))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


# Credits, responsibilities and the many-to-many links


def certification_form(certification, credits, **changes):
    data = {
        "name": certification.name,
        "slug": certification.slug,
        "issuer": certification.issuer,
        "url": certification.url,
        "kind": certification.kind,
        "level": certification.level,
        "is_recognised": "on",
        "credits-TOTAL_FORMS": str(len(credits)),
        "credits-INITIAL_FORMS": str(len(credits)),
        "_save": "Save",
    }
    for i, (credit, level) in enumerate(credits):
        data |= {
            f"credits-{i}-id": credit.pk,
            f"credits-{i}-certification": certification.pk,
            f"credits-{i}-skill": credit.skill_id,
            f"credits-{i}-level": str(level),
        }
    return data | changes


def test_changing_a_credit_level_inline_records_who_and_when(client, editor):
    credit = CertificationSkillFactory(level=Level.GUIDED)
    certification = credit.certification
    client.force_login(editor)
    before = timezone.now()

    response = client.post(
        change_url(certification), certification_form(certification, [(credit, Level.ADVANCED)])
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    latest = credit.history.latest()
    assert latest.history_type == "~"
    assert latest.history_user == editor
    assert latest.history_date >= before
    assert latest.level == Level.ADVANCED
    assert latest.prev_record.level == Level.GUIDED
    assert latest.prev_record.history_type == "+"


def test_a_credit_s_history_is_readable_in_the_admin(client, editor):
    credit = CertificationSkillFactory(level=Level.GUIDED)
    client.force_login(editor)
    client.post(
        change_url(credit),
        {
            "certification": credit.certification_id,
            "skill": credit.skill_id,
            "level": str(Level.EXPERT),
            "_save": "Save",
        },
    )

    history = client.get(history_url(credit))

    assert history.status_code == 200
    assert editor.email in history.text or editor.display_name in history.text
    assert credit.history.latest().level == Level.EXPERT


def test_a_deleted_credit_leaves_its_last_level_in_the_history(client, editor):
    credit = CertificationSkillFactory(level=Level.INDEPENDENT)
    pk = credit.pk
    client.force_login(editor)

    client.post(reverse("admin:roles_certificationskill_delete", args=[pk]), {"post": "yes"})

    records = CertificationSkill.history.filter(id=pk).order_by("history_date")
    assert [r.history_type for r in records] == ["+", "-"]
    assert records.last().history_user == editor
    assert records.last().level == Level.INDEPENDENT


def test_adding_a_prerequisite_records_the_skill_with_its_prerequisites(client, editor):
    basics = SkillFactory(name="Python")
    skill = SkillFactory(name="PyTorch")
    client.force_login(editor)

    response = client.post(
        change_url(skill),
        {
            "name": skill.name,
            "slug": skill.slug,
            "kind": skill.kind,
            "category": skill.category_id,
            "description": skill.description,
            "prerequisites": [basics.pk],
            "estimated_hours": skill.estimated_hours,
            "resources-TOTAL_FORMS": "0",
            "resources-INITIAL_FORMS": "0",
            "_save": "Save",
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    latest = skill.history.latest()
    assert latest.history_user == editor
    assert [p.to_skill for p in latest.prerequisites.all()] == [basics]
    assert list(latest.prev_record.prerequisites.all()) == []
    # The prerequisite itself is unchanged and gets no new record.
    assert basics.history.count() == 1


def test_a_certification_s_roles_are_recorded(client, editor, role):
    certification = CertificationFactory(name="Cloud ML")
    client.force_login(editor)

    response = client.post(
        change_url(certification), certification_form(certification, [], roles=[role.pk])
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    latest = certification.history.latest()
    assert latest.history_user == editor
    assert [r.role for r in latest.roles.all()] == [role]


def test_changing_a_responsibility_records_who_and_when(client, editor, role):
    responsibility = ResponsibilityFactory(role=role, title="Ship models")
    client.force_login(editor)

    response = client.post(
        change_url(responsibility),
        {
            "role": role.pk,
            "order": "1",
            "title": "Ship and monitor models",
            "description": responsibility.description,
            "_save": "Save",
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    latest = responsibility.history.latest()
    assert latest.history_user == editor
    assert latest.title == "Ship and monitor models"
    assert latest.prev_record.title == "Ship models"
    assert client.get(history_url(responsibility)).status_code == 200


@pytest.mark.django_db
def test_a_change_outside_a_request_is_recorded_without_a_user():
    credit = CertificationSkillFactory(level=Level.GUIDED)

    credit.level = Level.ADVANCED
    credit.save()

    latest = credit.history.latest()
    assert latest.level == Level.ADVANCED
    assert latest.history_user is None


def test_changed_by_shows_the_accounts_email_not_a_name_the_editor_chose(client, editor, role):
    editor.display_name = "root@example.com"
    editor.save(update_fields=["display_name"])
    requirement = RequirementFactory(role=role, target_level=Level.GUIDED)
    client.force_login(editor)
    client.post(
        change_url(requirement),
        {
            "role": role.pk,
            "skill": requirement.skill_id,
            "importance": requirement.importance,
            "target_level": Level.ADVANCED,
            "_save": "Save",
        },
    )

    history = client.get(history_url(requirement)).text

    assert editor.email in history
    assert "root@example.com" not in history


@pytest.mark.parametrize(
    "path",
    [
        "/admin/roles/role/{pk}/change/history/",
        "/admin/roles/role/abc/history/",
        "/admin/roles/role/{pk}x/history/",
        "/admin/roles/role/{pk}/history/abc/",
        "/admin/roles/role/{pk}/history/99999999/",
        "/admin/roles/role/abc/history/1/",
        "/admin/roles/skill/{pk}/change/history/",
        "/admin/roles/requirement/%20/history/",
        "/admin/roles/certification/-1/history/",
    ],
)
def test_a_malformed_id_in_a_history_url_answers_404(client, editor, role, path):
    client.force_login(editor)
    response = client.get(path.format(pk=role.pk))
    assert response.status_code == 404
