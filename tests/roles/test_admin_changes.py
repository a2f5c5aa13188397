"""No phantom changes: a form saved as the browser sends it, untouched, changes and records nothing.

A browser sends a textarea's line breaks as CRLF while the database holds LF. Before this was
fixed, saving the role form without touching it recorded a history entry in the editor's name,
and `sync_content` then kept "the editor's change" and stopped updating the role.
"""

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from roles.content_release import sync_content
from roles.models import ContentGeneration, Level, Role
from tests.factories import (
    CertificationFactory,
    FAQEntryFactory,
    RequirementFactory,
    ResourceFactory,
    ResponsibilityFactory,
    SkillFactory,
)
from tests.roles.admin_page import browser_form, submit_untouched

STAMP = "2026-11-27T09:00:00Z"
TWO_PARAGRAPHS = "Builds models.\n\nShips them to production."


def change_url(obj):
    return reverse(f"admin:roles_{obj._meta.model_name}_change", args=[obj.pk])


def form_id(obj):
    return f"{obj._meta.model_name}_form"


def _release(tmp_path: Path, name: str, *, description: str, summary: str = "Writes code.") -> Path:
    objects = [
        {"model": "roles.skillcategory", "pk": 1, "fields": {"slug": "prog", "name": "Prog"}},
        {
            "model": "roles.skill",
            "pk": 1,
            "fields": {
                "slug": "python",
                "name": "Python",
                "category": 1,
                "description": "The language.\nEverywhere.",
                "prerequisites": [],
                "updated_at": STAMP,
            },
        },
        {
            "model": "roles.role",
            "pk": 1,
            "fields": {
                "slug": "mle",
                "title": "Machine Learning Engineer",
                "summary": summary,
                "description": description,
                "outlook": "Growing.\nFast.",
                "updated_at": STAMP,
            },
        },
        {
            "model": "roles.responsibility",
            "pk": 1,
            "fields": {"role": 1, "order": 1, "title": "Ship", "description": "Line one.\nTwo."},
        },
        {
            "model": "roles.requirement",
            "pk": 1,
            "fields": {"role": 1, "skill": 1, "importance": 5, "is_essential": True},
        },
    ]
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps(objects))
    return path


def _history_counts(role: Role) -> tuple[int, ...]:
    return (
        role.history.count(),
        role.responsibilities.model.history.count(),
        role.requirements.model.history.count(),
    )


def test_the_browser_sends_crlf_line_endings_in_textareas(client, editor, role):
    role.description = TWO_PARAGRAPHS
    role.save()
    client.force_login(editor)

    data = browser_form(client.get(change_url(role)).text, "role_form")

    assert data["description"] == TWO_PARAGRAPHS.replace("\n", "\r\n")


def test_saving_an_untouched_role_form_records_no_history(client, editor, role):
    role.description = TWO_PARAGRAPHS
    role.outlook = "Demand grows.\r\nStill growing."  # even a stored CR stays as it is
    role.save()
    ResponsibilityFactory(role=role, description="First line.\nSecond line.")
    RequirementFactory(role=role)
    FAQEntryFactory(role=role, answer="Yes.\n\nReally.")
    generation = ContentGeneration.objects.values_list("value", flat=True).first()
    before = _history_counts(role)
    client.force_login(editor)

    response = submit_untouched(client, change_url(role), "role_form")

    assert response.status_code == 302
    assert "Nothing changed, so nothing was saved." in client.get(response["Location"]).text
    assert _history_counts(role) == before
    assert not role.history.filter(history_user=editor).exists()
    role.refresh_from_db()
    assert role.description == TWO_PARAGRAPHS
    assert role.outlook == "Demand grows.\r\nStill growing."
    assert ContentGeneration.objects.values_list("value", flat=True).first() == generation
    from django.contrib.admin.models import LogEntry

    assert not LogEntry.objects.filter(user=editor).exists()


def test_a_real_change_is_saved_with_lf_line_endings_and_recorded(client, editor, role):
    role.description = TWO_PARAGRAPHS
    role.save()
    client.force_login(editor)

    response = submit_untouched(
        client, change_url(role), "role_form", outlook="New outlook.\r\nSecond line.\rThird."
    )

    assert response.status_code == 302
    assert "was changed successfully" in client.get(response["Location"]).text
    role.refresh_from_db()
    assert role.outlook == "New outlook.\nSecond line.\nThird."
    assert role.description == TWO_PARAGRAPHS
    latest = role.history.latest()
    assert latest.history_user == editor
    assert latest.outlook == "New outlook.\nSecond line.\nThird."


@pytest.mark.parametrize("kind", ["skill", "certification", "resource", "responsibility"])
def test_every_content_form_saved_untouched_records_nothing(client, editor, kind):
    obj = {
        "skill": lambda: SkillFactory(description="One.\n\nTwo.", aliases="k8s\nkube"),
        "certification": lambda: CertificationFactory(
            description="About.\nMore.", verification_hosts="www.credly.com\nwww.credential.net"
        ),
        "resource": lambda: ResourceFactory(),
        "responsibility": lambda: ResponsibilityFactory(description="First.\nSecond."),
    }[kind]()
    count = obj.history.count()
    client.force_login(editor)

    response = submit_untouched(client, change_url(obj), form_id(obj))

    assert response.status_code == 302, response.context and response.context["errors"]
    assert obj.history.count() == count


def test_sync_content_still_updates_a_role_saved_untouched_after_a_release(
    client, editor, tmp_path
):
    sync_content(_release(tmp_path, "one", description=TWO_PARAGRAPHS))
    role = Role.objects.get(slug="mle")
    client.force_login(editor)

    assert submit_untouched(client, change_url(role), "role_form").status_code == 302
    report = sync_content(
        _release(tmp_path, "two", description="Builds models.\n\nNow agents too.", summary="New.")
    )

    role.refresh_from_db()
    assert role.description == "Builds models.\n\nNow agents too."
    assert role.summary == "New."
    assert report.conflicts == []


@pytest.mark.django_db
def test_sync_content_still_updates_a_role_loaded_by_loaddata_and_saved_untouched(
    client, editor, tmp_path
):
    # Before any release was synced, sync_content tells an editor's row by its history: an
    # untouched save must leave none.
    release = _release(tmp_path, "one", description=TWO_PARAGRAPHS)
    call_command("loaddata", str(release), verbosity=0)
    role = Role.objects.get(slug="mle")
    client.force_login(editor)

    assert submit_untouched(client, change_url(role), "role_form").status_code == 302
    report = sync_content(_release(tmp_path, "two", description="Builds models.\n\nAgents."))

    role.refresh_from_db()
    assert role.description == "Builds models.\n\nAgents."
    assert report.conflicts == []


def test_reverting_to_an_older_version_from_the_history_still_saves(client, editor, role):
    requirement = RequirementFactory(role=role, target_level=Level.GUIDED)
    first = requirement.history.latest()
    client.force_login(editor)
    submit_untouched(client, change_url(requirement), "requirement_form", target_level="5")
    requirement.refresh_from_db()
    assert requirement.target_level == Level.EXPERT
    revert_url = reverse(
        "admin:roles_requirement_simple_history", args=[requirement.pk, first.history_id]
    )

    response = submit_untouched(
        client, revert_url, "historicalrequirement_form", change_reason="Back to Guided"
    )

    assert response.status_code == 302
    requirement.refresh_from_db()
    assert requirement.target_level == Level.GUIDED
    assert requirement.history.latest().history_user == editor
    assert requirement.history.latest().history_change_reason == "Back to Guided"
    from django.contrib.admin.models import LogEntry

    assert LogEntry.objects.filter(user=editor, object_id=str(requirement.pk)).count() == 2


def test_every_demo_role_skill_and_certification_saved_untouched_records_nothing(
    client, editor, demo_content
):
    from roles.models import Certification, Skill

    client.force_login(editor)
    objects = [
        *Role.objects.all(),
        *Skill.objects.order_by("pk")[:5],
        *Certification.objects.order_by("pk")[:5],
    ]
    counts = {obj: obj.history.count() for obj in objects}

    for obj in objects:
        response = submit_untouched(client, change_url(obj), form_id(obj))
        assert response.status_code == 302, (obj, response.context and response.context["errors"])

    assert {obj: obj.history.count() for obj in objects} == counts
    from roles.models import Requirement

    assert not Requirement.history.filter(history_user=editor).exists()


def test_every_content_admin_and_inline_reads_text_the_same_way():
    from django.contrib import admin

    from roles.admin_base import BumpsContentGeneration, ContentInline
    from roles.models import ContentRelease

    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label != "roles" or model is ContentRelease:
            continue
        assert isinstance(model_admin, BumpsContentGeneration), model
        for inline in model_admin.inlines:
            assert issubclass(inline, ContentInline), inline
