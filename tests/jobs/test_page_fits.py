"""A posting's page is a compact list: corrections fold per skill, and a correction returns to
the skill it changed (without JavaScript, through the redirect's anchor; with htmx, the skill's
corrections stay open in the swapped fragment)."""

import re

import pytest
from django.urls import reverse

from jobs.models import JobPosting
from tests.jobs.test_views import HX, paste

pytestmark = pytest.mark.django_db


@pytest.fixture
def posting(client, learner, skills):
    client.force_login(learner)
    paste(client)
    return JobPosting.objects.get(user=learner)


def open_corrections(html: str) -> list[str]:
    return re.findall(
        r'<li id="skill-([\w-]+)"[^>]*>\s*<div[^>]*>(?:(?!</li>).)*?<details '
        r'class="job-correct[^"]*" open>',
        html,
        re.S,
    )


def test_without_javascript_a_correction_returns_to_the_skill_it_changed(client, posting):
    url = reverse("jobs:skill_set", args=[posting.pk, "docker"])
    response = client.post(url, {"need": "nice", "target": 2})
    assert response.status_code == 302
    assert response.headers["Location"] == f"{posting.get_absolute_url()}#skill-docker"
    page = client.get(posting.get_absolute_url()).content.decode()
    assert 'id="skill-docker"' in page


def test_without_javascript_a_removal_returns_to_the_list_of_skills(client, posting):
    response = client.post(reverse("jobs:skill_remove", args=[posting.pk, "kubernetes"]))
    assert response.headers["Location"] == f"{posting.get_absolute_url()}#job-skills-heading"


def test_without_javascript_a_bad_correction_returns_to_the_skill_with_the_error(client, posting):
    url = reverse("jobs:skill_set", args=[posting.pk, "docker"])
    response = client.post(url, {"need": "sometimes", "target": 9})
    assert response.headers["Location"] == f"{posting.get_absolute_url()}#skill-docker"
    page = client.get(response.headers["Location"]).content.decode()
    assert "Choose a need and a target for Docker" in page


def test_an_added_skill_is_where_the_redirect_lands(client, posting):
    url = reverse("jobs:skill_add", args=[posting.pk])
    response = client.post(url, {"skill": "airflow", "need": "nice", "target": 2})
    assert response.headers["Location"] == f"{posting.get_absolute_url()}#skill-airflow"


def test_the_page_folds_every_correction(client, posting):
    page = client.get(posting.get_absolute_url()).content.decode()
    assert page.count('<details class="job-correct') == page.count("data-job-skill=") == 4
    assert open_corrections(page) == []
    assert '<details class="mb-4" id="job-text">' in page  # the text itself opens on demand


def test_with_htmx_the_corrected_skill_stays_open_in_place(client, posting):
    url = reverse("jobs:skill_set", args=[posting.pk, "docker"])
    response = client.post(url, {"need": "nice", "target": 2}, headers=HX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="job-live"')
    assert open_corrections(html) == ["docker"]
    assert 'id="save-docker"' in html  # htmx puts the keyboard back on it


def test_no_template_line_of_the_job_pages_is_over_200_characters():
    from pathlib import Path

    folder = Path(__file__).resolve().parents[2] / "templates" / "jobs"
    long = [
        f"{path.name}:{number}"
        for path in sorted(folder.glob("*.html"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if len(line) > 200
    ]
    assert long == []
