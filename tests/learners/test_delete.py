"""/me/delete/: the account and every record go, after the password is asked again."""

import datetime as dt

import pytest
from axes.models import AccessAttempt, AccessLog
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.test import Client
from django.urls import reverse

from learners.models import LearnerSession as Session
from learners.models import ReadinessSnapshot
from tests.conftest import PASSWORD
from tests.factories import (
    EarnedCertificationFactory,
    EducationRecordFactory,
    PortfolioProjectFactory,
    ProjectSkillFactory,
    SkillRecordFactory,
)

User = get_user_model()
DELETE = reverse("accounts:delete")


def rows_referencing(user_id: int) -> dict[str, int]:
    """Every row of every model (auto-created ones too) with a foreign key to this user id."""
    found = {}
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.get_fields():
            if (
                isinstance(field, models.ForeignKey)
                and field.concrete
                and field.related_model is User
            ):
                count = model._default_manager.filter(**{field.attname: user_id}).count()
                if count:
                    found[f"{model._meta.label}.{field.name}"] = count
    return found


def sessions_of(user_id: int) -> list[str]:
    return [
        s.session_key
        for s in Session.objects.all()
        if str(s.get_decoded().get("_auth_user_id")) == str(user_id)
    ]


@pytest.fixture
def full_learner(learner, role):
    """Ada with one of every record, a history row she authored, and throttling rows."""
    SkillRecordFactory(user=learner, note="my private note")
    EarnedCertificationFactory(user=learner)
    ProjectSkillFactory(project=PortfolioProjectFactory(user=learner))
    EducationRecordFactory(user=learner)
    ReadinessSnapshot.objects.create(
        user=learner, role=role, day=dt.date(2026, 1, 1), score=10, evidenced_score=5
    )
    role._history_user = learner
    role.title = "ML Engineer (edited)"
    role.save()
    AccessAttempt.objects.create(
        username="ada@example.com", ip_address="127.0.0.1", user_agent="x", failures_since_start=1
    )
    AccessLog.objects.create(username="ada@example.com", ip_address="127.0.0.1", user_agent="x")
    return learner


def test_it_needs_a_login(client, db):
    response = client.get(DELETE)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_it_asks_for_the_password(client, learner):
    client.force_login(learner)
    response = client.get(DELETE)
    assert response.status_code == 200
    body = response.content.decode()
    assert "<title>Delete your account" in body
    assert 'autocomplete="current-password"' in body
    assert reverse("accounts:export") in body


def test_it_keeps_everything_on_a_wrong_password(client, full_learner):
    client.force_login(full_learner)
    before = rows_referencing(full_learner.pk)
    response = client.post(DELETE, {"password": "not my password"})
    assert response.status_code == 200
    assert "not correct" in response.content.decode()
    assert User.objects.filter(pk=full_learner.pk).exists()
    assert rows_referencing(full_learner.pk) == before
    assert client.get(reverse("accounts:settings")).status_code == 200


def test_it_keeps_everything_on_an_empty_password(client, learner):
    client.force_login(learner)
    response = client.post(DELETE, {"password": ""})
    assert response.status_code == 200
    assert User.objects.filter(pk=learner.pk).exists()


def test_it_refuses_to_delete_with_get(client, learner):
    client.force_login(learner)
    client.get(DELETE, {"password": PASSWORD})
    assert User.objects.filter(pk=learner.pk).exists()


def test_it_deletes_the_account_and_every_record(client, full_learner, other_learner):
    other_records = SkillRecordFactory(user=other_learner)
    user_id = full_learner.pk
    assert rows_referencing(user_id)  # the check below would notice rows
    client.force_login(full_learner)
    response = client.post(DELETE, {"password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("roles:home")
    assert not User.objects.filter(pk=user_id).exists()
    assert rows_referencing(user_id) == {}
    assert sessions_of(user_id) == []
    assert not AccessAttempt.objects.filter(username__iexact="ada@example.com").exists()
    assert not AccessLog.objects.filter(username__iexact="ada@example.com").exists()
    assert User.objects.filter(pk=other_learner.pk).exists()
    other_records.refresh_from_db()


def test_it_ends_every_session_and_the_old_cookie_no_longer_authenticates(client, learner):
    phone = Client()
    phone.force_login(learner)
    client.force_login(learner)
    client.post(DELETE, {"password": PASSWORD})
    dashboard = reverse("learners:dashboard")
    for device in (client, phone):
        response = device.get(dashboard)
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))
    assert sessions_of(learner.pk) == []


def test_it_keeps_the_other_learners_sessions(client, learner, other_learner):
    bob = Client()
    bob.force_login(other_learner)
    client.force_login(learner)
    client.post(DELETE, {"password": PASSWORD})
    assert bob.get(reverse("accounts:settings")).status_code == 200


def test_it_locks_out_a_password_guesser_like_the_login_does(client, learner):
    client.force_login(learner)
    for n in range(5):
        client.post(DELETE, {"password": f"guess number {n}"})
    response = client.post(DELETE, {"password": PASSWORD})
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    assert User.objects.filter(pk=learner.pk).exists()
