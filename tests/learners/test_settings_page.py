"""The settings page: profile fields, validation, links, and log out everywhere."""

import pytest
from django.test import Client
from django.urls import reverse

from learners.models import LearnerSession as Session
from tests.factories import RoleFactory

SETTINGS = reverse("accounts:settings")


def valid_data(**overrides):
    data = {
        "display_name": "Ada L.",
        "handle": "ada",
        "headline": "Learning to ship models",
        "target_role": "",
        "weekly_hours": "6",
        "is_public": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def ada_client(client, learner):
    client.force_login(learner)
    return client


def test_it_needs_a_login(client, db):
    response = client.get(SETTINGS)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_it_shows_the_form_and_the_account_links(ada_client):
    response = ada_client.get(SETTINGS)
    assert response.status_code == 200
    body = response.content.decode()
    assert "<title>Account settings" in body
    for name in ("password_change", "export", "export_csv", "delete", "logout_everywhere"):
        assert reverse(f"accounts:{name}") in body
    assert 'name="handle"' in body
    assert "Your profile is private" in body


def test_it_saves_the_profile_fields(ada_client, learner, role):
    response = ada_client.post(
        SETTINGS,
        valid_data(
            display_name="Ada Lovelace",
            handle="Ada-Lovelace",
            headline="Analytical engines",
            target_role=str(role.pk),
            weekly_hours="12",
            is_public="on",
        ),
    )
    assert response.status_code == 302
    assert response.url == SETTINGS
    learner.refresh_from_db()
    assert learner.display_name == "Ada Lovelace"
    assert learner.handle == "ada-lovelace"
    assert learner.headline == "Analytical engines"
    assert learner.target_role == role
    assert learner.weekly_hours == 12
    assert learner.is_public


def test_it_shows_the_public_address_when_public(ada_client, learner):
    learner.is_public = True
    learner.save()
    body = ada_client.get(SETTINGS).content.decode()
    assert "http://testserver/u/ada/" in body


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("headline", "x" * 141),
        ("handle", "no spaces!"),
        ("handle", "-ada"),
        ("handle", "ab"),
        ("handle", "x" * 31),
        ("weekly_hours", "0"),
        ("weekly_hours", "81"),
        ("weekly_hours", "abc"),
        ("weekly_hours", ""),
        ("target_role", "999999"),
        ("target_role", "not-a-number"),
        ("display_name", "d" * 81),
    ],
)
def test_it_answers_bad_input_with_a_form_error(ada_client, learner, field, value):
    response = ada_client.post(SETTINGS, valid_data(**{field: value}))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    learner.refresh_from_db()
    assert learner.handle == "ada"
    assert learner.weekly_hours == 5
    assert learner.headline == ""


def test_it_refuses_a_handle_taken_in_another_case(ada_client, learner, other_learner):
    response = ada_client.post(SETTINGS, valid_data(handle="BOB"))
    assert "taken" in response.context["form"].errors["handle"][0]
    learner.refresh_from_db()
    assert learner.handle == "ada"


def test_it_keeps_the_learners_own_handle(ada_client, learner):
    response = ada_client.post(SETTINGS, valid_data(handle="ADA"))
    assert response.status_code == 302


def test_it_refuses_an_unpublished_target_role(ada_client, learner):
    hidden = RoleFactory(is_published=False)
    response = ada_client.post(SETTINGS, valid_data(target_role=str(hidden.pk)))
    assert "target_role" in response.context["form"].errors


def test_it_needs_a_handle_for_a_public_profile(ada_client, learner):
    response = ada_client.post(SETTINGS, valid_data(handle="", is_public="on"))
    assert "handle" in response.context["form"].errors
    learner.refresh_from_db()
    assert not learner.is_public


def test_it_clears_the_handle_of_a_private_profile(ada_client, learner):
    ada_client.post(SETTINGS, valid_data(handle=""))
    learner.refresh_from_db()
    assert learner.handle is None


def test_it_does_not_show_a_rejected_value_as_saved(ada_client, learner):
    learner.is_public = True
    learner.save()
    response = ada_client.post(SETTINGS, valid_data(handle="bad handle", is_public="on"))
    body = response.content.decode()
    assert "http://testserver/u/ada/" in body


def test_it_changes_only_the_signed_in_learner(ada_client, learner, other_learner):
    ada_client.post(SETTINGS, valid_data(headline="Mine"))
    other_learner.refresh_from_db()
    assert other_learner.headline == ""


class TestLogoutEverywhere:
    def test_it_ends_every_session_of_the_learner(self, ada_client, learner, other_learner):
        phone = Client()
        phone.force_login(learner)
        bob = Client()
        bob.force_login(other_learner)
        response = ada_client.post(reverse("accounts:logout_everywhere"))
        assert response.status_code == 302
        assert response.url == reverse("accounts:login")
        assert phone.get(SETTINGS).status_code == 302
        assert ada_client.get(SETTINGS).status_code == 302
        assert bob.get(SETTINGS).status_code == 200
        assert Session.objects.count() == 1

    def test_it_refuses_get(self, ada_client):
        assert ada_client.get(reverse("accounts:logout_everywhere")).status_code == 405


def test_it_renders_help_texts_as_text_and_hours_bounds(ada_client):
    body = ada_client.get(SETTINGS).content.decode()
    assert "<handle>" not in body
    assert 'min="1"' in body
    assert 'max="80"' in body


def test_it_answers_htmx_like_a_plain_form(ada_client, learner):
    headers = {"HX-Request": "true"}
    response = ada_client.post(SETTINGS, valid_data(headline="Via htmx"), headers=headers)
    assert response.status_code == 302
    learner.refresh_from_db()
    assert learner.headline == "Via htmx"
    bad = ada_client.post(SETTINGS, valid_data(weekly_hours="abc"), headers=headers)
    assert bad.status_code == 200
    assert "weekly_hours" in bad.context["form"].errors
