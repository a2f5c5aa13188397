"""sync_content: a content release reaches a live database without trampling editors."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command

from learners.models import SkillRecord
from roles.content_release import REASON_PREFIX, release_id_of, sync_content
from roles.models import ContentRelease, Requirement, Role, Skill
from tests.factories import UserFactory

FIXTURE = "fixtures/roles.json"
STAMP = "2026-11-27T09:00:00Z"  # loaddata saves raw: auto_now fields need a value


def _release(tmp_path, name, *, python_hours=40, sql=True, tagline="Writes code."):
    """A small release: one category, two or three skills, one role needing them."""
    objects = [
        {
            "model": "roles.skillcategory",
            "pk": 1,
            "fields": {"slug": "programming", "name": "Programming"},
        },
        {
            "model": "roles.skill",
            "pk": 1,
            "fields": {
                "slug": "python",
                "name": "Python",
                "category": 1,
                "description": "The language.",
                "estimated_hours": python_hours,
                "prerequisites": [],
                "updated_at": STAMP,
            },
        },
        {
            "model": "roles.skill",
            "pk": 2,
            "fields": {
                "slug": "git",
                "name": "Git",
                "category": 1,
                "description": "Version control.",
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
                "summary": tagline,
                "description": "Builds models.",
                "updated_at": STAMP,
            },
        },
        {
            "model": "roles.requirement",
            "pk": 1,
            "fields": {
                "role": 1,
                "skill": 1,
                "importance": 5,
                "is_essential": True,
                "target_level": 3,
            },
        },
    ]
    if sql:
        objects.append(
            {
                "model": "roles.skill",
                "pk": 3,
                "fields": {
                    "slug": "sql",
                    "name": "SQL",
                    "category": 1,
                    "description": "Queries.",
                    "prerequisites": [1],
                    "updated_at": STAMP,
                },
            }
        )
        objects.append(
            {
                "model": "roles.requirement",
                "pk": 2,
                "fields": {
                    "role": 1,
                    "skill": 3,
                    "importance": 3,
                    "is_essential": False,
                    "target_level": 2,
                },
            }
        )
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps(objects))
    return path


def _counts():
    counts = {}
    for model in apps.get_app_config("roles").get_models():
        counts[model._meta.label] = model.objects.count()
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            counts[through._meta.label] = through.objects.count()
    return counts


def _edit_as_editor(obj, editor, **changes):
    """Save as the admin would: the history entry names the editor."""
    for name, value in changes.items():
        setattr(obj, name, value)
    obj._history_user = editor
    obj.save()


@pytest.mark.django_db
def test_it_fills_an_empty_database_and_a_second_run_changes_nothing(tmp_path):
    path = _release(tmp_path, "one")
    first = sync_content(path)
    assert len(first.created) == 7
    assert Skill.objects.get(slug="sql").prerequisites.get().slug == "python"
    counts = _counts()

    second = sync_content(path)

    assert second.changes == 0
    assert second.conflicts == []
    assert _counts() == counts
    assert ContentRelease.objects.count() == 1


@pytest.mark.django_db
def test_the_real_release_fills_an_empty_database_row_for_row_and_twice_is_a_no_op():
    call_command("sync_content", verbosity=0)
    synced = {k: v for k, v in _counts().items() if "Historical" not in k}
    in_release: dict[str, int] = {}
    for obj in json.loads(Path(FIXTURE).read_text()):
        label = apps.get_model(obj["model"])._meta.label
        in_release[label] = in_release.get(label, 0) + 1
    assert {label: synced[label] for label in in_release} == in_release
    assert synced["roles.Role"] == 7

    out = StringIO()
    call_command("sync_content", stdout=out)
    assert "0 added, 0 updated, 0 removed, 0 retired, 0 editor changes kept" in out.getvalue()
    assert {k: v for k, v in _counts().items() if "Historical" not in k} == synced


@pytest.mark.django_db(transaction=False)
def test_a_database_loaded_with_loaddata_needs_no_change():
    call_command("loaddata", FIXTURE, verbosity=0)
    report = sync_content(Path(FIXTURE))
    assert report.changes == 0
    assert report.conflicts == []


@pytest.mark.django_db
def test_an_editors_change_is_kept_and_reported_while_the_rest_is_updated(tmp_path):
    sync_content(_release(tmp_path, "one"))
    editor = UserFactory(is_staff=True)
    _edit_as_editor(Role.objects.get(slug="mle"), editor, summary="Our own words.")

    report = sync_content(_release(tmp_path, "two", python_hours=60, tagline="New release words."))

    assert Role.objects.get(slug="mle").summary == "Our own words."
    assert Skill.objects.get(slug="python").estimated_hours == 60
    assert report.conflicts == ["role mle: summary (the release changed it too)"]
    assert [u for u in report.updated if "python" in u] == ["skill python: estimated_hours"]
    # The next run keeps it too, and changes nothing.
    again = sync_content(_release(tmp_path, "two", python_hours=60, tagline="New release words."))
    assert again.changes == 0
    assert again.conflicts == ["role mle: summary"]  # the new release left it alone
    assert Role.objects.get(slug="mle").summary == "Our own words."


@pytest.mark.django_db
def test_a_row_an_editor_deleted_is_not_added_back(tmp_path):
    sync_content(_release(tmp_path, "one"))
    Requirement.objects.get(skill__slug="sql").delete()

    report = sync_content(_release(tmp_path, "two", python_hours=60))

    assert not Requirement.objects.filter(skill__slug="sql").exists()
    assert any("was deleted by an editor" in c for c in report.conflicts)


@pytest.mark.django_db
def test_a_skill_learners_rated_is_retired_not_deleted_when_the_release_drops_it(tmp_path):
    sync_content(_release(tmp_path, "one"))
    learner = UserFactory()
    sql = Skill.objects.get(slug="sql")
    SkillRecord.objects.create(user=learner, skill=sql, level=2)

    report = sync_content(_release(tmp_path, "two", sql=False))

    sql.refresh_from_db()
    assert sql.is_retired
    assert SkillRecord.objects.filter(user=learner, skill=sql, level=2).exists()
    assert report.retired == ["skill sql"]
    # Its requirement, which nobody can point to, is removed.
    assert not Requirement.objects.filter(skill=sql).exists()
    assert report.removed == ["requirement mle / sql"]


@pytest.mark.django_db
def test_the_history_names_the_release(tmp_path):
    path = _release(tmp_path, "one")
    sync_content(path)
    sync_content(_release(tmp_path, "two", python_hours=60))
    latest = Skill.history.filter(slug="python").order_by("-history_date").first()
    assert latest.history_change_reason == REASON_PREFIX + release_id_of(tmp_path / "two.json")
    assert latest.estimated_hours == 60
    assert Requirement.history.filter(history_change_reason__startswith=REASON_PREFIX).exists()


@pytest.mark.django_db
def test_before_any_release_a_row_an_editor_changed_after_loaddata_is_kept(tmp_path):
    call_command("loaddata", str(_release(tmp_path, "one")), verbosity=0)
    editor = UserFactory(is_staff=True)
    _edit_as_editor(Skill.objects.get(slug="git"), editor, description="Our words.")

    report = sync_content(_release(tmp_path, "two", python_hours=60))

    assert Skill.objects.get(slug="git").description == "Our words."
    assert Skill.objects.get(slug="python").estimated_hours == 60
    assert report.conflicts == ["skill git: description"]


@pytest.mark.django_db
def test_before_any_release_a_row_an_editor_added_is_kept(tmp_path):
    call_command("loaddata", str(_release(tmp_path, "one")), verbosity=0)
    editor = UserFactory(is_staff=True)
    from roles.models import Resource

    resource = Resource(
        skill=Skill.objects.get(slug="git"), title="Pro Git", url="https://git-scm.com/book"
    )
    resource._history_user = editor
    resource.save()

    report = sync_content(_release(tmp_path, "two"))

    assert Resource.objects.filter(pk=resource.pk).exists()
    assert report.removed == []


@pytest.mark.django_db
def test_the_command_lists_the_editors_changes_it_kept(tmp_path):
    sync_content(_release(tmp_path, "one"))
    _edit_as_editor(Role.objects.get(slug="mle"), UserFactory(is_staff=True), summary="Ours.")
    out = StringIO()

    call_command("sync_content", release=_release(tmp_path, "two", tagline="New."), stdout=out)

    assert "1 editor changes kept" in out.getvalue()
    assert "role mle: summary (the release changed it too)" in out.getvalue()


@pytest.mark.django_db
def test_rows_hanging_from_a_skill_an_editor_deleted_are_not_added(tmp_path):
    sync_content(_release(tmp_path, "one", sql=False))
    Skill.objects.get(slug="git").delete()
    path = _release(tmp_path, "two", sql=False)
    objects = json.loads(path.read_text())
    objects.append(
        {
            "model": "roles.requirement",
            "pk": 9,
            "fields": {
                "role": 1,
                "skill": 2,
                "importance": 2,
                "is_essential": False,
                "target_level": 2,
            },
        }
    )
    path.write_text(json.dumps(objects))

    report = sync_content(path)

    assert not Skill.objects.filter(slug="git").exists()
    assert not Requirement.objects.filter(skill__slug="git").exists()
    assert "requirement mle / git not added: its skill was deleted by an editor" in report.conflicts
