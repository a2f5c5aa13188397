"""Concurrent requests against a real PostgreSQL, in real threads.

Each test holds one request at a chosen point (after it loaded what it will write, before it
writes) while another request commits, then lets it finish: the interleaving that lost a
password change, re-inserted deleted rows and gave 500s, made to happen every time instead of
by luck. Each is repeated to show it holds every run.
"""

import datetime as dt
import threading
from collections.abc import Callable

import pytest
from django.contrib.auth.forms import PasswordChangeForm
from django.db import connection
from django.test import Client
from django.urls import reverse

from learners.account_forms import AccountSettingsForm
from learners.forms import EarnedCertificationForm, PortfolioProjectForm
from learners.models import EarnedCertification, PortfolioProject, User
from tests.conftest import PASSWORD
from tests.factories import CertificationFactory, PortfolioProjectFactory, UserFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="races need a database that runs requests concurrently: make test-postgres",
    ),
]
REPEAT = 3
NEW_PASSWORD = "a brand new passphrase"


class Gate:
    """Holds the thread named `held` right after `cls.method` returns, until released."""

    def __init__(self, monkeypatch, cls, method: str, *, held: str = "held"):
        self.reached, self.go = threading.Event(), threading.Event()
        original = getattr(cls, method)

        def wrapper(form, *args, **kwargs):
            result = original(form, *args, **kwargs)
            if threading.current_thread().name == held:
                self.reached.set()
                assert self.go.wait(20), "the gate was never opened"
            return result

        monkeypatch.setattr(cls, method, wrapper)


def in_thread(name: str, request: Callable[[], object]) -> tuple[threading.Thread, dict]:
    """Run `request` in a thread with its own database connection; its answer lands in the dict."""
    answer: dict = {}

    def run():
        try:
            answer["response"] = request()
        finally:
            connection.close()

    thread = threading.Thread(target=run, name=name)
    thread.start()
    return thread, answer


def held_while(gate: Gate, held_request, other_request):
    """Start `held_request`, wait until it reaches the gate, run `other_request` to the end,
    open the gate, and return both responses."""
    held, held_answer = in_thread("held", held_request)
    assert gate.reached.wait(20), "the held request never reached the gate"
    other, other_answer = in_thread("other", other_request)
    other.join(30)
    gate.go.set()
    held.join(30)
    return held_answer["response"], other_answer["response"]


def password_works(user, password: str) -> bool:
    return User.objects.get(pk=user.pk).check_password(password)


def signed_in(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def settings_data(user, **changes) -> dict:
    data = {
        "display_name": user.display_name,
        "handle": user.handle or "",
        "headline": user.headline,
        "target_role": user.target_role_id or "",
        "weekly_hours": user.weekly_hours,
    }
    if user.is_public:
        data["is_public"] = "on"
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def change_password(client: Client):
    return client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )


@pytest.mark.parametrize("run", range(REPEAT))
def test_a_settings_save_never_undoes_a_concurrent_password_change(monkeypatch, run):
    victim = UserFactory(email=f"victim{run}@example.com", handle=f"victim{run}")
    attacker, owner = signed_in(victim), signed_in(victim)
    gate = Gate(monkeypatch, AccountSettingsForm, "_post_clean")

    stolen, changed = held_while(
        gate,
        lambda: attacker.post(
            reverse("accounts:settings"), settings_data(victim, headline="owned")
        ),
        lambda: change_password(owner),
    )

    assert changed.status_code == 302
    assert stolen.status_code in (200, 302)
    assert password_works(victim, NEW_PASSWORD)
    assert not password_works(victim, PASSWORD)
    assert attacker.get(reverse("accounts:settings")).status_code == 302  # session ended


@pytest.mark.parametrize("run", range(REPEAT))
def test_a_settings_save_never_brings_back_a_deleted_account(monkeypatch, run):
    learner = UserFactory(email=f"leaving{run}@example.com", handle=f"leaving{run}")
    tab, other_tab = signed_in(learner), signed_in(learner)
    gate = Gate(monkeypatch, AccountSettingsForm, "_post_clean")

    saved, deleted = held_while(
        gate,
        lambda: tab.post(reverse("accounts:settings"), settings_data(learner, headline="hi")),
        lambda: other_tab.post(reverse("accounts:delete"), {"password": PASSWORD}),
    )

    assert deleted.status_code == 302
    assert saved.status_code == 302
    assert not User.objects.filter(pk=learner.pk).exists()


@pytest.mark.parametrize("run", range(REPEAT))
def test_a_password_change_never_undoes_a_concurrent_privacy_change(monkeypatch, run):
    learner = UserFactory(email=f"private{run}@example.com", handle=f"private{run}", is_public=True)
    laptop, phone = signed_in(learner), signed_in(learner)
    gate = Gate(monkeypatch, PasswordChangeForm, "clean_old_password")

    changed, made_private = held_while(
        gate,
        lambda: change_password(laptop),
        lambda: phone.post(reverse("accounts:settings"), settings_data(learner, is_public=None)),
    )

    assert made_private.status_code == 302
    assert changed.status_code == 302
    learner.refresh_from_db()
    assert learner.is_public is False
    assert password_works(learner, NEW_PASSWORD)


@pytest.mark.parametrize("run", range(REPEAT))
def test_two_learners_claiming_one_handle_at_once_get_a_form_error_not_a_500(monkeypatch, run):
    ada = UserFactory(email=f"ada{run}@example.com", handle=None)
    bob = UserFactory(email=f"bob{run}@example.com", handle=None)
    gate = Gate(monkeypatch, AccountSettingsForm, "_post_clean")
    wanted = f"star{run}"

    first, second = held_while(
        gate,
        lambda: signed_in(ada).post(
            reverse("accounts:settings"), settings_data(ada, handle=wanted)
        ),
        lambda: signed_in(bob).post(
            reverse("accounts:settings"), settings_data(bob, handle=wanted)
        ),
    )

    assert second.status_code == 302
    assert first.status_code == 200
    assert "That handle is taken" in first.content.decode()
    assert User.objects.get(handle=wanted) == bob


@pytest.mark.parametrize("run", range(REPEAT))
def test_a_double_submitted_certification_is_saved_once_without_a_500(monkeypatch, run):
    learner = UserFactory(email=f"certified{run}@example.com", handle=f"certified{run}")
    certification = CertificationFactory()
    data = {"certification": certification.pk, "issued_on": dt.date(2026, 1, 5).isoformat()}
    client = signed_in(learner)
    gate = Gate(monkeypatch, EarnedCertificationForm, "clean")
    add = reverse("learners:certification_add")

    first, second = held_while(gate, lambda: client.post(add, data), lambda: client.post(add, data))

    assert second.status_code == 302
    assert first.status_code == 200
    assert "You have just saved this already" in first.content.decode()
    assert EarnedCertification.objects.filter(user=learner).count() == 1


@pytest.mark.parametrize("run", range(REPEAT))
def test_an_edit_of_a_project_deleted_meanwhile_answers_404_and_does_not_bring_it_back(
    monkeypatch, run
):
    learner = UserFactory(email=f"builder{run}@example.com", handle=f"builder{run}")
    project = PortfolioProjectFactory(user=learner, title="Old title")
    client = signed_in(learner)
    gate = Gate(monkeypatch, PortfolioProjectForm, "clean")
    data = {"title": "New title", "status": "planned", "skill_level": 2}

    edited, deleted = held_while(
        gate,
        lambda: client.post(reverse("learners:project_edit", kwargs={"pk": project.pk}), data),
        lambda: client.post(reverse("learners:project_delete", kwargs={"pk": project.pk})),
    )

    assert deleted.status_code == 302
    assert edited.status_code == 404
    assert not PortfolioProject.objects.filter(user=learner).exists()
