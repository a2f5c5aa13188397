"""A new learner pastes a senior MLOps posting in Chromium, reads what it asks for and how ready
they are, and corrects it: with htmx the score changes in place, without JavaScript after a
redirect."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from learners.models import SkillRecord
from roles.models import Skill
from tests.browser.test_accessibility import serious_violations
from tests.browser.test_journeys import htmx_idle, label, log_in
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

POSTING = (
    Path(__file__).resolve().parents[1] / "data" / "job_postings" / "01-senior-mlops-platform.txt"
)


def posting_text() -> str:
    return POSTING.read_text(encoding="utf-8").partition("\n---\n")[2]


def meter(page):
    return page.get_by_role("progressbar", name="Readiness for this posting")


def readiness(page) -> int:
    return int(meter(page).get_attribute("aria-valuenow"))


def paste_posting(page):
    page.goto("/jobs/")
    page.get_by_role("link", name="Paste a posting").click()
    page.get_by_label("Job title (optional)").fill("Senior MLOps Engineer (Platform)")
    page.get_by_label("Company (optional)").fill("Northwind Freight")
    page.get_by_label(label("The posting's text")).fill(posting_text())
    page.get_by_role("button", name="Read this posting").click()
    page.wait_for_url(re.compile(r"/jobs/\d+/$"))


@pytest.fixture
def learner_with_skills(demo):
    user = UserFactory(email="new@example.com", handle="newbie")
    for slug, level in [("python", 4), ("docker", 4), ("linux", 3)]:
        SkillRecord.objects.create(user=user, skill=Skill.objects.get(slug=slug), level=level)
    return user


def test_a_senior_mlops_posting_read_scored_and_corrected_in_place(
    page, learner_with_skills, screenshot
):
    log_in(page, learner_with_skills.email)
    paste_posting(page)

    required = page.locator('[data-job-need="required"]')
    nice = page.locator('[data-job-need="nice"]')
    for slug in ["kubernetes", "docker", "python", "terraform", "ci-cd-ml"]:
        expect(page.locator(f'[data-job-skill="{slug}"][data-job-need="required"]')).to_be_visible()
    for slug in ["airflow", "feature-stores"]:
        expect(page.locator(f'[data-job-skill="{slug}"][data-job-need="nice"]')).to_be_visible()
    assert required.count() >= 6
    assert nice.count() >= 2
    # Senior: required skills target Advanced, nice-to-have ones Independent.
    expect(page.locator('[data-job-skill="kubernetes"]')).to_contain_text("target Advanced")
    expect(page.locator('[data-job-skill="airflow"]')).to_contain_text("target Independent")
    skill_link = page.locator('[data-job-skill="kubernetes"] a[href="/skills/kubernetes/"]')
    expect(skill_link).to_be_visible()
    expect(page.get_by_text(re.compile(r"Read as\s+Senior"))).to_be_visible()

    before = readiness(page)
    assert 0 < before < 100
    expect(page.locator("#job-next-steps li").first).to_contain_text("→")
    expect(page.locator("#job-nearest")).to_contain_text("MLOps Engineer")

    # Why: a recognised phrase explains its mapping and rule on focus (the text opens on demand).
    page.locator("#job-text > summary").click()
    phrase = page.locator('mark[data-phrase-skill="terraform"]').first
    phrase.focus()
    expect(phrase.locator(".job-phrase-why")).to_be_visible()
    expect(phrase.locator(".job-phrase-why")).to_contain_text("Requirements")
    screenshot(page, "job-posting-senior-mlops")
    assert serious_violations(page) == []

    # Remove an unmet required skill: the score rises in place, without a reload.
    page.evaluate("window.__marker = 1")
    url = page.url
    page.locator("#skill-kubernetes summary").click()
    page.get_by_role("button", name="Remove Kubernetes").click()
    expect(page.locator('[data-job-skill="kubernetes"]')).to_have_count(0)
    expect(meter(page)).not_to_have_attribute("aria-valuenow", str(before))
    htmx_idle(page)
    assert readiness(page) > before
    assert page.evaluate("window.__marker") == 1, "the page reloaded"
    assert page.url == url
    # The button is gone with its skill: the keyboard lands on the list's heading, not <body>.
    expect(page.locator("#job-skills-heading")).to_be_focused()

    # Make a met skill nice-to-have: the score follows again.
    after_removal = readiness(page)
    docker = page.locator('[data-job-skill="docker"]')
    docker.locator("summary").click()
    docker.get_by_label("Need").select_option("nice")
    docker.get_by_role("button", name="Save Docker").click()
    expect(page.locator('[data-job-skill="docker"][data-job-need="nice"]')).to_be_visible()
    expect(meter(page)).not_to_have_attribute("aria-valuenow", str(after_removal))
    assert page.evaluate("window.__marker") == 1
    # The region was replaced, and the keyboard is still on the Save button just pressed.
    expect(page.get_by_role("button", name="Save Docker")).to_be_focused()

    page.goto("/jobs/")
    expect(page.get_by_role("link", name="Senior MLOps Engineer (Platform)")).to_be_visible()
    expect(page.locator("#asks-heading")).to_be_visible()
    assert serious_violations(page) == []


def test_without_javascript_a_correction_posts_and_redirects(new_page, learner_with_skills):
    page = new_page(java_script_enabled=False)
    log_in(page, learner_with_skills.email)
    paste_posting(page)
    before = readiness(page)

    page.locator("#skill-kubernetes summary").click()
    page.get_by_role("button", name="Remove Kubernetes").click()

    page.wait_for_url(re.compile(r"/jobs/\d+/#job-skills-heading$"))
    expect(page.get_by_role("status")).to_contain_text("Kubernetes removed")
    expect(page.locator('[data-job-skill="kubernetes"]')).to_have_count(0)
    assert readiness(page) > before
