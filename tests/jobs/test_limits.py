"""How much one learner can paste: a few postings an hour, and a bound on what is kept."""

import pytest
from django.urls import reverse

from jobs import services
from jobs.models import JobPosting
from learners.models import ThrottleEvent
from tests.factories import JobPostingFactory

pytestmark = pytest.mark.django_db
TEXT = "Machine Learning Engineer\n\nRequirements\n- Python and Docker.\n"


def paste(client, text=TEXT):
    return client.post(
        reverse("jobs:new"), {"title": "MLE", "company": "", "url": "", "text": text}
    )


def test_pastes_are_limited_per_learner_an_hour_with_the_text_kept(client, learner):
    client.force_login(learner)
    answers = [paste(client).status_code for _ in range(22)]

    assert answers.count(302) == 20
    assert answers[20:] == [429, 429]
    assert JobPosting.objects.filter(user=learner).count() == 20
    refused = paste(client, text=TEXT + "- Kubernetes.\n")
    assert "many postings in the last hour" in refused.text
    assert "Kubernetes." in refused.text  # nothing typed is lost


def test_another_learner_is_not_limited_by_the_first(client, learner, other_learner):
    client.force_login(learner)
    for _ in range(20):
        paste(client)
    client.force_login(other_learner)
    assert paste(client).status_code == 302


def test_a_learner_keeps_at_most_max_postings(client, learner, monkeypatch):
    monkeypatch.setattr(services, "MAX_POSTINGS", 3)
    JobPostingFactory.create_batch(3, user=learner)
    client.force_login(learner)

    response = paste(client)

    assert response.status_code == 409
    assert "Delete one you no longer need" in response.text
    assert "Python and Docker." in response.text
    assert JobPosting.objects.filter(user=learner).count() == 3
    # A refused paste is not counted against the hour's allowance beyond the one attempt.
    assert ThrottleEvent.objects.filter(scope="job_posting:learner").count() == 1
