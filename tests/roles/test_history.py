"""Content history: every change to roles, requirements, skills and certifications says who and
when, and editors can read it in the admin."""

from django.urls import reverse

from roles.models import Level, Requirement
from tests.factories import CertificationFactory, RequirementFactory, SkillFactory


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
