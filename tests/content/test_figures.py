"""Issue 22 item 1: pay and outlook from the current BLS edition, the nearest occupation's figure
labelled for roles without a series of their own, and FAQ answers that refer to the figures."""

import json
import re
from pathlib import Path

import pytest
from django.urls import reverse

from roles.models import FAQEntry, MarketFigure, Role

pytestmark = pytest.mark.django_db
BLS = "U.S. Bureau of Labor Statistics"
EDITION = "2024–34"  # the projections published on 28 August 2025
EDITION_PUBLISHED = 2025
PAY_YEAR = 2024  # May 2024 wages, published with that edition
OWN_SERIES = {"data-scientist", "ai-research-scientist", "machine-learning-developer"}


def test_every_role_shows_pay_from_the_current_edition(demo_content):
    for role in Role.objects.all():
        assert role.salary_amount, role.slug
        assert role.salary_year == PAY_YEAR, role.slug
        assert role.salary_source == BLS, role.slug
        assert role.salary_source_url.startswith("https://www.bls.gov/"), role.slug
        if role.slug in OWN_SERIES:
            assert not role.salary_occupation, role.slug
        else:
            assert role.salary_occupation, role.slug  # labelled as the nearest occupation's


def test_no_figure_states_a_projection_older_than_the_current_edition(demo_content):
    for figure in MarketFigure.objects.filter(source=BLS):
        assert EDITION in figure.label, figure.label
        assert figure.year == EDITION_PUBLISHED, figure.label  # the year it was published
    old_windows = re.compile(r"20(1\d|2[0-3])\s*(–|-|to)\s*(20)?3[0-3]")
    for figure in MarketFigure.objects.all():
        assert not old_windows.search(figure.label), figure.label


def test_faq_answers_refer_to_the_figures_instead_of_repeating_them(demo_content):
    for entry in FAQEntry.objects.all():
        assert not re.search(r"\d", entry.answer), entry.question


def test_the_indeed_figure_is_gone_from_the_release():
    text = Path("fixtures/roles.json").read_text()
    assert "indeed.com" not in text
    figures = [o for o in json.loads(text) if o["model"] == "roles.marketfigure"]
    assert all("Indeed" not in f["fields"]["source"] for f in figures)


@pytest.mark.parametrize("htmx", [False, True])
def test_the_mle_page_shows_current_pay_labelled_with_its_occupation_and_year(
    client, demo_content, htmx
):
    """Tried as a new user would: the ML Engineer page."""
    headers = {"HX-Request": "true"} if htmx else {}
    response = client.get(
        reverse("roles:role_detail", args=["machine-learning-engineer"]), headers=headers
    )
    assert response.status_code == 200
    html = response.content.decode()
    pay = html.split('id="salary-heading"', 1)[1].split("</section>", 1)[0]
    assert "USD 133,080" in pay
    label = re.sub(r"\s+", " ", pay.split("data-salary-label>", 1)[1].split("</p>", 1)[0])
    assert (
        "Yearly pay of software developers, the nearest occupation with official figures" in label
    )
    assert f">{BLS}</a>, {PAY_YEAR}." in label
    assert f"{EDITION}" in pay
    assert "2022–32" not in pay
    assert "2023–33" not in pay


def test_a_role_with_its_own_series_is_not_labelled_as_another_occupation(client, demo_content):
    html = client.get(reverse("roles:role_detail", args=["data-scientist"])).content.decode()
    pay = html.split('id="salary-heading"', 1)[1].split("</section>", 1)[0]
    assert "USD 112,590" in pay
    assert "nearest occupation" not in pay
    assert "34%" in pay
