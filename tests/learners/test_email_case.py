"""Emails are one account per mailbox however they are typed: stored in lower case, looked up
case-insensitively, and the database refuses anything else."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
User = get_user_model()


def test_create_editor_stores_a_mixed_case_email_in_lower_case_and_the_site_login_finds_it():
    call_command(
        "create_editor",
        email="Mixed.Case@Example.COM",
        password="a-long-pass-phrase",
        interactive=False,
        verbosity=0,
    )
    assert User.objects.get().email == "mixed.case@example.com"

    client = Client()
    response = client.post(
        reverse("accounts:login"),
        {"username": "Mixed.Case@Example.COM", "password": "a-long-pass-phrase"},
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(User.objects.get().pk)


def test_the_manager_lower_cases_the_whole_address():
    user = User.objects.create_user(email=" Grace.Hopper@Navy.MIL ", password="x")
    assert user.email == "grace.hopper@navy.mil"
    assert User.objects.get_by_natural_key("GRACE.hopper@navy.mil") == user


def test_the_database_refuses_a_mixed_case_email_and_a_case_variant_of_a_taken_one():
    user = UserFactory(email="ada@example.com")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.filter(pk=user.pk).update(email="Ada@example.com")
    with pytest.raises(IntegrityError), transaction.atomic():
        UserFactory(email="ADA@EXAMPLE.COM", handle="ada2")
