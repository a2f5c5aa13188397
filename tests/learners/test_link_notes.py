"""Issue 22 item 4: when a learner saves a link, the form says plainly whether it counts as
evidence and, if not, which hosts would."""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from tests.factories import (
    CertificationFactory,
    EarnedCertificationFactory,
    PortfolioProjectFactory,
)

pytestmark = pytest.mark.django_db
HX = {"HX-Request": "true"}
ISSUED = (dt.date.today() - dt.timedelta(days=10)).isoformat()


def notes(response):
    return " ".join(str(message) for message in get_messages(response.wsgi_request))


@pytest.fixture
def certification():
    return CertificationFactory(
        name="Cloud ML", verification_hosts="www.credly.com\nverify.example.org"
    )


def test_saving_a_certification_link_off_its_hosts_names_the_hosts_that_count(
    client, learner, certification
):
    client.force_login(learner)
    response = client.post(
        reverse("learners:certification_add"),
        {
            "certification": certification.pk,
            "issued_on": ISSUED,
            "verification_url": "https://my-site.example.com/badge.png",
        },
    )

    assert response.status_code == 302
    note = notes(response)
    assert "does not count as evidence" in note
    assert "www.credly.com, verify.example.org" in note


def test_saving_a_certification_link_on_its_hosts_says_it_counts(client, learner, certification):
    client.force_login(learner)
    response = client.post(
        reverse("learners:certification_add"),
        {
            "certification": certification.pk,
            "issued_on": ISSUED,
            "verification_url": "https://www.credly.com/badges/1",
        },
    )

    assert "Its link counts as evidence." in notes(response)


@pytest.mark.parametrize("htmx", [False, True])
def test_the_edit_form_says_whether_the_saved_link_counts(client, learner, certification, htmx):
    earned = EarnedCertificationFactory(
        user=learner, certification=certification, verification_url="https://localhost/x"
    )
    client.force_login(learner)

    url = reverse("learners:certification_edit", args=[earned.pk])
    html = client.get(url, headers=HX if htmx else {}).content.decode()

    assert "Now: Its link does not count as evidence" in html


@pytest.mark.parametrize("htmx", [False, True])
def test_the_project_form_says_which_links_count(client, learner, htmx):
    project = PortfolioProjectFactory(
        user=learner, repository_url="https://github.com/login/oauth", demo_url=""
    )
    client.force_login(learner)

    html = client.get(
        reverse("learners:project_edit", args=[project.pk]), headers=HX if htmx else {}
    ).content.decode()

    assert "owner/name on bitbucket.org, codeberg.org, github.com" in html
    assert "Now: Its links do not count as evidence." in html


def test_saving_a_project_with_a_repository_says_it_counts(client, learner):
    client.force_login(learner)
    response = client.post(
        reverse("learners:project_add"),
        {
            "title": "Churn",
            "status": "done",
            "repository_url": "https://github.com/ada/churn",
            "completed_on": ISSUED,
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    assert "Its link counts as evidence once the project is done." in notes(response)
