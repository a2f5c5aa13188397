"""A pasted posting's title and company are proposed from its text (issue 23 item 4)."""

import pytest
from django.urls import reverse

from jobs.models import JobPosting
from jobs.reading.title import propose


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Senior ML Engineer\n\nWe build things.", ("Senior ML Engineer", "")),
        ("  ## **Data Scientist** \nAbout us", ("Data Scientist", "")),
        (
            "MLOps Engineer at Northwind Analytics\n\nRequirements",
            ("MLOps Engineer", "Northwind Analytics"),
        ),
        ("AI Engineer | Contoso Health\n", ("AI Engineer", "Contoso Health")),
        (
            "Job Description\n\nTitle: Machine Learning Engineer (Vertex AI)\n",
            ("Machine Learning Engineer (Vertex AI)", ""),
        ),
        ("Requirements:\n- Python.\n", ("", "")),
        (
            "We are a fast-growing company looking for great people.\nML Engineer",
            ("ML Engineer", ""),
        ),
        ("", ("", "")),
    ],
)
def test_it_proposes_the_first_heading_like_line(text, expected):
    assert propose(text) == expected


def test_a_long_first_paragraph_is_not_a_title():
    text = " ".join(["word"] * 40) + "\nPlatform Engineer\n"
    assert propose(text) == ("Platform Engineer", "")


@pytest.mark.django_db
def test_a_posting_pasted_without_a_title_takes_the_one_proposed(client, learner):
    client.force_login(learner)
    text = "Staff Machine Learning Engineer at Fabrikam\n\nRequirements\n- Python.\n"
    response = client.post(
        reverse("jobs:new"), {"title": "", "company": "", "url": "", "text": text}
    )
    assert response.status_code == 302
    posting = JobPosting.objects.get()
    assert (posting.title, posting.company) == ("Staff Machine Learning Engineer", "Fabrikam")


@pytest.mark.django_db
def test_what_the_learner_typed_wins(client, learner):
    client.force_login(learner)
    text = "Staff Machine Learning Engineer at Fabrikam\n\nRequirements\n- Python.\n"
    data = {"title": "My own title", "company": "Other Co", "url": "", "text": text}
    client.post(reverse("jobs:new"), data)
    posting = JobPosting.objects.get()
    assert (posting.title, posting.company) == ("My own title", "Other Co")


@pytest.mark.django_db
def test_a_text_with_no_heading_is_still_saved_with_a_plain_title(client, learner):
    client.force_login(learner)
    data = {"title": "", "company": "", "url": "", "text": "Requirements:\n- Python.\n"}
    assert client.post(reverse("jobs:new"), data).status_code == 302
    assert JobPosting.objects.get().title == "Untitled posting"
