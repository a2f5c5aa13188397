"""Job postings under concurrent requests, on PostgreSQL in real threads (issue 21, fault 6):
two "Add" of one skill at once, a deletion while a skill is added, an account deleted while
another tab adds a skill (or rates one on the dashboard). A race answers a clear message or a
404, never a 500, and an account deletion always completes."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from jobs.models import JobPosting, JobSkill
from jobs.services import create_posting
from learners.models import User
from tests.conftest import PASSWORD
from tests.factories import SkillFactory, UserFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="races need a database that runs requests concurrently: make test-postgres",
    ),
]
ROUNDS = 5


def at_once(*requests):
    """Run the requests in threads released together; their status codes."""
    start = threading.Barrier(len(requests))
    answers: dict[int, int] = {}

    def run(n, request):
        try:
            start.wait(10)
            answers[n] = request().status_code
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n, r)) for n, r in enumerate(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return [answers.get(n) for n in range(len(requests))]


def signed_in(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


@pytest.fixture
def skills(db):
    return SkillFactory(slug="python", name="Python"), SkillFactory(slug="docker", name="Docker")


def posting_of(user):
    return create_posting(user=user, title="MLE", company="", url="", text="Python required.")


def post(client, url, data=None):
    return lambda: client.post(url, data or {})


def add_docker(client, posting):
    data = {"skill": "docker", "need": "required", "target": 3}
    return lambda: client.post(reverse("jobs:skill_add", args=[posting.pk]), data)


def test_two_adds_of_one_skill_at_once_give_one_row_and_no_500(skills):
    for n in range(ROUNDS):
        user = UserFactory(email=f"add{n}@example.com")
        posting = posting_of(user)
        answers = at_once(
            add_docker(signed_in(user), posting), add_docker(signed_in(user), posting)
        )
        assert all(a is not None and a < 500 for a in answers), answers
        assert JobSkill.objects.filter(posting=posting, skill__slug="docker").count() == 1


def test_deleting_a_posting_while_a_skill_is_added_gives_no_500(skills):
    for n in range(ROUNDS):
        user = UserFactory(email=f"del{n}@example.com")
        posting = posting_of(user)
        client = signed_in(user)
        delete = reverse("jobs:delete", args=[posting.pk])
        answers = at_once(add_docker(client, posting), post(client, delete))
        assert all(a is not None and a < 500 for a in answers), answers
        assert not JobPosting.objects.filter(pk=posting.pk).exists()


def test_deleting_the_account_while_another_tab_adds_a_skill_always_completes(skills):
    for n in range(ROUNDS):
        user = UserFactory(email=f"gone{n}@example.com", password=PASSWORD)
        posting = posting_of(user)
        tab, settings_tab = signed_in(user), signed_in(user)
        delete = reverse("accounts:delete")
        answers = at_once(
            add_docker(tab, posting), post(settings_tab, delete, {"password": PASSWORD})
        )
        assert all(a is not None and a < 500 for a in answers), answers
        assert not User.objects.filter(pk=user.pk).exists()
        assert not JobPosting.objects.filter(pk=posting.pk).exists()


def test_deleting_the_account_while_another_tab_rates_a_skill_always_completes(skills):
    for n in range(ROUNDS):
        user = UserFactory(email=f"rating{n}@example.com", password=PASSWORD)
        tab, settings_tab = signed_in(user), signed_in(user)
        level = reverse("learners:set_skill_level", args=["python"])
        answers = at_once(
            post(tab, level, {"level": 3}),
            post(settings_tab, reverse("accounts:delete"), {"password": PASSWORD}),
        )
        assert all(a is not None and a < 500 for a in answers), answers
        assert not User.objects.filter(pk=user.pk).exists()
