"""The admin as an editor uses it, and as learners must never reach it."""

import re

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from roles.forms import SkillAdminForm
from roles.models import ContentGeneration, ContentRelease, Level, Requirement, Role, Skill
from tests.conftest import PASSWORD
from tests.factories import (
    CertificationFactory,
    EarnedCertificationFactory,
    RequirementFactory,
    RoleFactory,
    SkillFactory,
    SkillRecordFactory,
    UserFactory,
)


def admin_url(model, view="changelist", *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def requirement_post(requirement, **changes):
    data = {
        "role": requirement.role_id,
        "skill": requirement.skill_id,
        "importance": requirement.importance,
        "target_level": requirement.target_level,
        "_save": "Save",
    }
    if requirement.is_essential:
        data["is_essential"] = "on"
    data.update(changes)
    return data


def skill_post(skill, prerequisites, **changes):
    data = {
        "name": skill.name,
        "slug": skill.slug,
        "kind": skill.kind,
        "category": skill.category_id,
        "description": skill.description,
        "prerequisites": [p.pk for p in prerequisites],
        "estimated_hours": skill.estimated_hours,
        "resources-TOTAL_FORMS": "0",
        "resources-INITIAL_FORMS": "0",
        "_save": "Save",
    }
    data.update(changes)
    return data


@pytest.fixture
def python(db):
    return SkillFactory(slug="python", name="Python")


@pytest.fixture
def numpy(python):
    skill = SkillFactory(slug="numpy", name="NumPy")
    skill.prerequisites.add(python)
    return skill


# Registration


def test_every_content_model_is_in_the_admin_with_search_and_filters():
    for model in apps.get_app_config("roles").get_models():
        if model._meta.model_name.startswith("historical") or model is ContentGeneration:
            continue  # history, and the cache's bookkeeping: not content
        model_admin = admin.site.get_model_admin(model)
        assert model_admin.search_fields, model
        assert model_admin.list_filter, model
        assert model_admin.list_display != ("__str__",), model


# An editor at work


def test_an_editor_can_log_in_to_the_admin(client, editor):
    response = client.post(
        reverse("admin:login"),
        {"username": editor.email, "password": PASSWORD, "next": reverse("admin:index")},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")
    assert client.get(reverse("admin:index")).status_code == 200


def test_an_editor_sees_content_but_no_learners_in_the_admin_index(client, editor):
    client.force_login(editor)

    response = client.get(reverse("admin:index"))

    assert response.status_code == 200
    assert admin_url(Requirement) in response.text
    assert admin_url(Skill) in response.text
    assert "/admin/learners/" not in response.text
    assert "/admin/auth/" not in response.text


@pytest.mark.parametrize("view", ["changelist", "add"])
def test_an_editor_can_open_every_content_list_and_add_form(client, editor, view):
    client.force_login(editor)
    for model in apps.get_app_config("roles").get_models():
        if model._meta.model_name.startswith("historical") or model is ContentGeneration:
            continue
        if model is ContentRelease and view == "add":
            continue  # written only by sync_content
        response = client.get(admin_url(model, view))
        assert response.status_code == 200, model


def test_an_editor_can_search_and_filter_requirements(client, editor, role):
    RequirementFactory(role=role, skill=SkillFactory(name="PyTorch"), target_level=4)
    RequirementFactory(role=role, skill=SkillFactory(name="Kubernetes"), target_level=2)
    client.force_login(editor)

    found = client.get(admin_url(Requirement), {"q": "pytorch"})
    filtered = client.get(admin_url(Requirement), {"target_level__exact": "2"})

    assert found.status_code == 200
    assert "PyTorch" in found.text
    assert "Kubernetes" not in found.text
    assert "Kubernetes" in filtered.text
    assert "PyTorch" not in filtered.text


def test_an_editor_can_open_a_role_with_its_inlines(client, editor, role):
    RequirementFactory(role=role, skill=SkillFactory(name="PyTorch"))
    client.force_login(editor)

    response = client.get(admin_url(role, "change", role.pk))

    assert response.status_code == 200
    assert "requirements-TOTAL_FORMS" in response.text
    assert "responsibilities-TOTAL_FORMS" in response.text
    assert "lifecycle_stages-TOTAL_FORMS" in response.text
    assert "market_figures-TOTAL_FORMS" in response.text
    assert "faq_entries-TOTAL_FORMS" in response.text
    assert "PyTorch" in response.text
    assert "data-prepopulated-fields" in response.text
    # "View on site" goes through the admin's shortcut to the public page.
    assert "/admin/r/" in response.text


def test_view_on_site_leads_to_the_public_role_page(client, editor, role):
    requirement = RequirementFactory(role=role)
    client.force_login(editor)

    response = client.get(admin_url(requirement, "change", requirement.pk))

    assert response.status_code == 200
    assert f'href="{role.get_absolute_url()}"' in response.text


def test_an_editor_can_open_a_skill_and_autocomplete_prerequisites(client, editor, numpy, python):
    client.force_login(editor)

    page = client.get(admin_url(numpy, "change", numpy.pk))
    autocomplete = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "roles", "model_name": "skill", "field_name": "prerequisites", "term": "pyt"},
    )

    assert page.status_code == 200
    assert "admin-autocomplete" in page.text
    assert "resources-TOTAL_FORMS" in page.text
    assert autocomplete.status_code == 200
    assert [r["text"] for r in autocomplete.json()["results"]] == ["Python"]


def test_requirement_skills_are_autocompleted_too(client, editor, python):
    client.force_login(editor)

    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "roles", "model_name": "requirement", "field_name": "skill", "term": "pyt"},
    )

    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["Python"]


def test_an_editor_changes_a_target_level_and_the_role_page_shows_it(client, editor, role):
    requirement = RequirementFactory(
        role=role, skill=SkillFactory(name="PyTorch"), target_level=Level.GUIDED
    )
    visitor = Client()  # anonymous: the one who may get a cached page
    before = visitor.get(role.get_absolute_url())
    client.force_login(editor)

    response = client.post(
        admin_url(requirement, "change", requirement.pk),
        requirement_post(requirement, target_level=Level.EXPERT),
    )

    assert response.status_code == 302
    requirement.refresh_from_db()
    assert requirement.target_level == Level.EXPERT
    after = visitor.get(role.get_absolute_url())
    assert before.status_code == after.status_code == 200
    assert f"Target: {Level.GUIDED.label}" in before.text
    assert "PyTorch" in after.text
    assert f"Target: {Level.EXPERT.label}" in after.text
    assert f"Target: {Level.GUIDED.label}" not in after.text


def test_an_editor_changes_target_levels_from_the_list(client, editor, role):
    requirement = RequirementFactory(role=role, target_level=Level.GUIDED)
    client.force_login(editor)

    response = client.post(
        admin_url(Requirement),
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-id": requirement.pk,
            "form-0-importance": "5",
            "form-0-target_level": str(Level.ADVANCED),
            "_save": "Save",
        },
    )

    assert response.status_code == 302
    requirement.refresh_from_db()
    assert requirement.target_level == Level.ADVANCED
    assert requirement.importance == 5
    assert not requirement.is_essential


def test_an_out_of_range_target_level_is_a_form_error(client, editor, role):
    requirement = RequirementFactory(role=role, target_level=Level.GUIDED)
    client.force_login(editor)

    response = client.post(
        admin_url(requirement, "change", requirement.pk),
        requirement_post(requirement, target_level=9),
    )

    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    requirement.refresh_from_db()
    assert requirement.target_level == Level.GUIDED


# Prerequisite cycles


def test_a_prerequisite_cycle_is_rejected_and_nothing_is_saved(client, editor, python, numpy):
    client.force_login(editor)

    response = client.post(
        admin_url(python, "change", python.pk),
        skill_post(python, [numpy], description="Changed"),
    )

    assert response.status_code == 200
    assert "Python → NumPy → Python would form a cycle" in response.text
    python.refresh_from_db()
    assert list(python.prerequisites.all()) == []
    assert python.description != "Changed"


def test_a_longer_cycle_is_named_in_full(client, editor, python, numpy):
    pandas = SkillFactory(slug="pandas", name="pandas")
    pandas.prerequisites.add(numpy)
    client.force_login(editor)

    response = client.post(admin_url(python, "change", python.pk), skill_post(python, [pandas]))

    assert response.status_code == 200
    assert "Python → pandas → NumPy → Python would form a cycle" in response.text
    assert not python.prerequisites.exists()


def test_a_cycle_elsewhere_does_not_block_an_unrelated_edit(client, editor, python, numpy):
    # A cycle that slipped in without the admin (say, a fixture) is not this skill's doing.
    scipy = SkillFactory(slug="scipy", name="SciPy")
    scipy.prerequisites.add(numpy)
    numpy.prerequisites.add(scipy)
    pandas = SkillFactory(slug="pandas", name="pandas")
    client.force_login(editor)

    response = client.post(admin_url(pandas, "change", pandas.pk), skill_post(pandas, [numpy]))

    assert response.status_code == 302
    assert list(pandas.prerequisites.all()) == [numpy]


def test_removing_a_prerequisite_that_closed_a_cycle_is_allowed(client, editor, python, numpy):
    python.prerequisites.add(numpy)  # entered before the admin checked
    client.force_login(editor)

    response = client.post(admin_url(python, "change", python.pk), skill_post(python, []))

    assert response.status_code == 302
    assert not python.prerequisites.exists()


def test_a_skill_cannot_be_its_own_prerequisite(client, editor, python):
    client.force_login(editor)

    response = client.post(admin_url(python, "change", python.pk), skill_post(python, [python]))

    assert response.status_code == 200
    assert "cannot be its own prerequisite" in response.text
    assert not python.prerequisites.exists()


def test_prerequisites_without_a_cycle_are_saved(client, editor, python, numpy):
    pandas = SkillFactory(slug="pandas", name="pandas")
    client.force_login(editor)

    response = client.post(
        admin_url(pandas, "change", pandas.pk), skill_post(pandas, [numpy, python])
    )

    assert response.status_code == 302
    assert set(pandas.prerequisites.all()) == {numpy, python}


def test_a_new_skill_can_be_added_with_prerequisites(client, editor, python, numpy):
    client.force_login(editor)
    new = Skill(name="scikit-learn", slug="", kind="skill", category=python.category)
    new.description = "Classical machine learning."
    new.estimated_hours = 30

    response = client.post(admin_url(Skill, "add"), skill_post(new, [numpy], slug="scikit-learn"))

    assert response.status_code == 302
    assert list(Skill.objects.get(slug="scikit-learn").prerequisites.all()) == [numpy]


def test_a_certification_cannot_succeed_itself(client, editor):
    certification = CertificationFactory(name="Old cert", slug="old-cert")
    client.force_login(editor)

    response = client.post(
        admin_url(certification, "change", certification.pk),
        {
            "name": certification.name,
            "slug": certification.slug,
            "issuer": certification.issuer,
            "url": certification.url,
            "kind": certification.kind,
            "level": certification.level,
            "is_recognised": "on",
            "validity_months": "24",
            "is_retired": "on",
            "successor": certification.pk,
            "credits-TOTAL_FORMS": "0",
            "credits-INITIAL_FORMS": "0",
            "_save": "Save",
        },
    )

    assert response.status_code == 200
    assert "cannot be its own successor" in response.text
    certification.refresh_from_db()
    assert certification.successor is None
    assert not certification.is_retired


# Who cannot get in


def test_a_learner_is_sent_to_the_admin_login(client, learner):
    client.force_login(learner)

    response = client.get(reverse("admin:index"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_a_learner_cannot_open_a_change_page(client, learner, role):
    requirement = RequirementFactory(role=role)
    client.force_login(learner)

    get = client.get(admin_url(requirement, "change", requirement.pk))
    post = client.post(
        admin_url(requirement, "change", requirement.pk),
        requirement_post(requirement, target_level=Level.EXPERT),
    )

    assert get.status_code in {302, 403}
    assert post.status_code in {302, 403}
    if get.status_code == 302:
        assert get["Location"].startswith(reverse("admin:login"))
    requirement.refresh_from_db()
    assert requirement.target_level != Level.EXPERT


def test_an_anonymous_visitor_is_sent_to_the_admin_login(client, role):
    response = client.get(admin_url(role, "change", role.pk))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_an_editor_cannot_see_accounts(client, editor, learner):
    client.force_login(editor)

    assert client.get(admin_url(learner)).status_code == 403
    assert client.get(admin_url(learner, "change", learner.pk)).status_code == 403


def test_an_editor_cannot_see_learners_records(client, editor, learner):
    record = SkillRecordFactory(user=learner)
    earned = EarnedCertificationFactory(user=learner)
    client.force_login(editor)

    for obj in (record, earned):
        assert client.get(admin_url(obj)).status_code == 403
        assert client.get(admin_url(obj, "change", obj.pk)).status_code == 403


def test_a_staff_member_with_a_stray_permission_still_cannot_see_records(client, learner):
    from django.contrib.auth.models import Permission

    staff = UserFactory(email="staff@example.com", is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_skillrecord"))
    record = SkillRecordFactory(user=learner)
    client.force_login(staff)

    assert client.get(admin_url(record)).status_code == 403


def test_a_superuser_can_read_records_but_not_write_them(client, learner):
    superuser = UserFactory(email="root@example.com", is_staff=True, is_superuser=True)
    record = SkillRecordFactory(user=learner)
    client.force_login(superuser)

    assert client.get(admin_url(record)).status_code == 200
    assert client.get(admin_url(record, "change", record.pk)).status_code == 200
    assert client.get(admin_url(record, "add")).status_code == 403
    assert client.get(admin_url(record, "delete", record.pk)).status_code == 403


# Accounts, for superusers


def test_a_superuser_manages_accounts_by_email(client, learner, other_learner):
    superuser = UserFactory(email="root@example.com", is_staff=True, is_superuser=True)
    client.force_login(superuser)

    listing = client.get(admin_url(learner), {"q": "ada"})
    change = client.get(admin_url(learner, "change", learner.pk))
    add = client.post(
        admin_url(learner, "add"),
        {
            "email": "new@example.com",
            "password1": "a-long-pass-phrase",
            "password2": "a-long-pass-phrase",
        },
    )

    assert listing.status_code == 200
    assert "ada@example.com" in listing.text
    assert other_learner.email not in listing.text
    assert change.status_code == 200
    assert add.status_code == 302
    from learners.models import User

    assert User.objects.get(email="new@example.com").check_password("a-long-pass-phrase")


def test_the_account_form_refuses_an_email_taken_in_another_case(client, learner):
    superuser = UserFactory(email="root@example.com", is_staff=True, is_superuser=True)
    client.force_login(superuser)

    response = client.post(
        admin_url(learner, "add"),
        {
            "email": "ADA@example.com",
            "password1": "a-long-pass-phrase",
            "password2": "a-long-pass-phrase",
        },
    )

    assert response.status_code == 200
    assert "already exists" in response.text


# The strict Content Security Policy


def test_admin_pages_need_no_inline_script_under_the_strict_policy(client, editor, role):
    requirement = RequirementFactory(role=role)
    client.force_login(editor)
    urls = [
        reverse("admin:index"),
        admin_url(role, "change", role.pk),
        admin_url(requirement.skill, "change", requirement.skill_id),
        admin_url(Requirement),
        admin_url(Skill, "add"),
    ]

    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "script-src 'self'" in response["Content-Security-Policy"]
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", response.text), url
        assert not re.search(r"\son[a-z]+=\"", response.text), url


@pytest.mark.parametrize("model", [Role, Requirement, Skill])
def test_content_lists_take_the_same_queries_for_many_rows(
    client, editor, role, model, django_assert_num_queries
):
    client.force_login(editor)
    RequirementFactory.create_batch(2, role=role)
    url = admin_url(model)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200

    for extra_role in RoleFactory.create_batch(5):
        RequirementFactory.create_batch(4, role=extra_role)
    with django_assert_num_queries(len(few)):
        assert client.get(url).status_code == 200


# The demo content


def test_an_editor_can_open_every_demo_role_and_skill(client, editor, demo_content):
    client.force_login(editor)

    for role in Role.objects.all():
        assert client.get(admin_url(role, "change", role.pk)).status_code == 200, role
    for skill in Skill.objects.all()[:10]:
        assert client.get(admin_url(skill, "change", skill.pk)).status_code == 200, skill


def test_every_demo_skill_saves_unchanged_through_the_cycle_check(demo_content):
    for skill in Skill.objects.prefetch_related("prerequisites"):
        prerequisites = list(skill.prerequisites.all())
        form = SkillAdminForm(data=skill_post(skill, prerequisites), instance=skill)
        assert form.is_valid(), (skill, form.errors)
