"""The title (and company) of a saved posting can be changed: htmx swaps the heading, without
JavaScript the form posts and redirects; an empty title is a clear error that keeps the rest."""

import pytest
from django.urls import reverse

from jobs.models import JobPosting
from tests.jobs.test_views import HX, paste

pytestmark = pytest.mark.django_db


@pytest.fixture
def posting(client, learner, skills):
    client.force_login(learner)
    paste(client, title="")  # proposed from the text
    return JobPosting.objects.get(user=learner)


def test_the_proposed_title_can_be_changed_without_javascript(client, posting):
    assert posting.title == "Senior MLOps Engineer"
    url = reverse("jobs:edit", args=[posting.pk])

    response = client.post(url, {"title": "  MLOps lead, Acme  ", "company": "Acme Ltd"})

    assert response.status_code == 302
    assert response.headers["Location"] == posting.get_absolute_url()
    posting.refresh_from_db()
    assert (posting.title, posting.company) == ("MLOps lead, Acme", "Acme Ltd")
    assert "MLOps lead, Acme</h1>" in client.get(posting.get_absolute_url()).content.decode()


def test_with_htmx_the_heading_is_swapped(client, posting):
    url = reverse("jobs:edit", args=[posting.pk])
    response = client.post(url, {"title": "Platform engineer", "company": ""}, headers=HX)

    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="job-head"')
    assert "Platform engineer</h1>" in html
    assert "Title saved." in html
    assert "HX-Request" in response.headers["Vary"]


@pytest.mark.parametrize(("headers", "status"), [({}, 400), (HX, 422)], ids=["plain", "htmx"])
def test_an_empty_title_is_a_clear_error_and_changes_nothing(client, posting, headers, status):
    url = reverse("jobs:edit", args=[posting.pk])
    response = client.post(url, {"title": "   ", "company": "Kept?"}, headers=headers)

    assert response.status_code == status
    html = response.content.decode()
    assert "Give the posting a title." in html
    assert '<details class="small" id="job-rename" open>' in html
    assert 'value="Kept?"' in html  # what was typed is still there
    posting.refresh_from_db()
    assert (posting.title, posting.company) == ("Senior MLOps Engineer", "Acme")


def test_renaming_does_not_read_the_posting_again(client, posting):
    mentions, generation = posting.mentions, posting.read_generation
    client.post(reverse("jobs:edit", args=[posting.pk]), {"title": "Other", "company": ""})
    posting.refresh_from_db()
    assert (posting.mentions, posting.read_generation) == (mentions, generation)
