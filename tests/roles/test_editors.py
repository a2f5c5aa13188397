"""The "Content editors" group and the commands that set it up and create editors."""

import io

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.core.management.base import CommandError

from learners.models import User
from tests.factories import UserFactory

GROUP = "Content editors"


def group_permissions() -> set[str]:
    group = Group.objects.get(name=GROUP)
    return {
        f"{p.content_type.app_label}.{p.codename}"
        for p in group.permissions.select_related("content_type")
    }


def content_permissions() -> set[str]:
    """Every permission of the roles app, except changing or deleting history records."""
    expected = set()
    for p in Permission.objects.filter(content_type__app_label="roles").select_related(
        "content_type"
    ):
        historical = p.content_type.model.startswith("historical")
        if historical and not p.codename.startswith("view_"):
            continue
        expected.add(f"roles.{p.codename}")
    return expected


def run(*args, **options) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, **options)
    return out.getvalue()


# The group


@pytest.mark.django_db
def test_it_gives_the_group_exactly_the_content_permissions():
    run("setup_editors")

    permissions = group_permissions()
    assert permissions == content_permissions()
    for model in apps.get_app_config("roles").get_models():
        name = model._meta.model_name
        if name.startswith("historical"):
            assert permissions >= {f"roles.view_{name}"}
            assert f"roles.change_{name}" not in permissions
        else:
            actions = {"add", "change", "delete", "view"}
            assert permissions >= {f"roles.{a}_{name}" for a in actions}
    assert {p.split(".")[0] for p in permissions} == {"roles"}


@pytest.mark.django_db
def test_it_is_idempotent():
    first = run("setup_editors")
    before = group_permissions()
    second = run("setup_editors")

    assert Group.objects.filter(name=GROUP).count() == 1
    assert group_permissions() == before
    assert "Created" in first
    assert "Updated" in second
    assert "(0 added, 0 removed)" in second


@pytest.mark.django_db
def test_it_takes_back_a_permission_added_by_hand():
    run("setup_editors")
    group = Group.objects.get(name=GROUP)
    group.permissions.add(Permission.objects.get(codename="view_skillrecord"))

    run("setup_editors")

    assert "learners.view_skillrecord" not in group_permissions()
    assert group_permissions() == content_permissions()


def test_an_editor_can_change_content_but_not_learners_or_accounts(editor):
    editor = User.objects.get(pk=editor.pk)  # a fresh permission cache

    assert editor.has_perm("roles.change_requirement")
    assert editor.has_perm("roles.add_skill")
    assert editor.has_perm("roles.delete_certification")
    assert editor.has_perm("roles.view_historicalrole")
    assert not editor.has_perm("roles.delete_historicalrole")
    assert not editor.has_perm("learners.view_user")
    assert not editor.has_perm("learners.view_skillrecord")
    assert not editor.has_perm("auth.change_group")
    assert not editor.has_module_perms("learners")


# create_editor


@pytest.mark.django_db
def test_it_creates_an_editor_account():
    output = run(
        "create_editor", email="Erin@Example.org", password="a-long-pass-phrase", interactive=False
    )

    user = User.objects.get(email__iexact="erin@example.org")
    assert user.is_staff
    assert user.is_active
    assert not user.is_superuser
    assert user.check_password("a-long-pass-phrase")
    assert list(user.groups.values_list("name", flat=True)) == [GROUP]
    assert "Created editor" in output


@pytest.mark.django_db
def test_it_reads_the_password_from_the_environment_with_noinput(monkeypatch):
    monkeypatch.setenv("DJANGO_EDITOR_PASSWORD", "another-long-phrase")

    run("create_editor", email="erin@example.org", interactive=False)

    assert User.objects.get(email="erin@example.org").check_password("another-long-phrase")


@pytest.mark.django_db
def test_it_prompts_for_the_password_on_a_terminal(monkeypatch):
    answers = iter(["typed-long-phrase", "typed-long-phrase"])
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))

    run("create_editor", email="erin@example.org")

    assert User.objects.get(email="erin@example.org").check_password("typed-long-phrase")


@pytest.mark.django_db
def test_it_refuses_two_different_typed_passwords(monkeypatch):
    answers = iter(["typed-long-phrase", "something-else-typed"])
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))

    with pytest.raises(CommandError, match="did not match"):
        run("create_editor", email="erin@example.org")
    assert not User.objects.filter(email="erin@example.org").exists()


@pytest.mark.django_db
def test_it_turns_an_existing_account_into_an_editor_keeping_its_password():
    UserFactory(email="ada@example.com")

    output = run("create_editor", email="ADA@example.com", interactive=False)

    user = User.objects.get(email="ada@example.com")
    assert user.is_staff
    assert user.groups.filter(name=GROUP).exists()
    assert user.check_password("correct-horse-battery")
    assert User.objects.count() == 1
    assert "Updated editor" in output


@pytest.mark.django_db
def test_it_is_idempotent_for_the_same_editor():
    for _ in range(2):
        run("create_editor", email="erin@example.org", password="a-long-pass-phrase")

    user = User.objects.get(email="erin@example.org")
    assert user.groups.count() == 1
    assert User.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("email", ["not-an-email", "erin@", ""])
def test_it_rejects_an_invalid_email(email):
    with pytest.raises(CommandError, match="not a valid email"):
        run("create_editor", email=email, password="a-long-pass-phrase", interactive=False)
    assert not User.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("password", ["short", "password123", "erin@example.org"])
def test_it_rejects_a_weak_password(password):
    with pytest.raises(CommandError, match="Password refused"):
        run("create_editor", email="erin@example.org", password=password, interactive=False)
    assert not User.objects.exists()


@pytest.mark.django_db
def test_it_needs_a_password_with_noinput(monkeypatch):
    monkeypatch.delenv("DJANGO_EDITOR_PASSWORD", raising=False)

    with pytest.raises(CommandError, match="DJANGO_EDITOR_PASSWORD"):
        run("create_editor", email="erin@example.org", interactive=False)
    assert not User.objects.exists()


@pytest.mark.django_db
def test_it_will_not_prompt_without_a_terminal(monkeypatch):
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)

    with pytest.raises(CommandError, match="No terminal"):
        run("create_editor", email="erin@example.org")
    assert not User.objects.exists()
