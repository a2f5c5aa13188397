"""Acceptance for issue 23, tried as a new user would in Chromium: paste a real posting from
the real set (../shared/data/job-postings-real/, skipped when it is absent; never copied into
the project), see what it requires and the nearest role, on a page that fits the screen, and
correct one skill with and without JavaScript."""

import re

import pytest
from playwright.sync_api import expect

from bench.corpus import real_dir
from tests.browser.test_job_layout import DESKTOP, MAX_HEIGHT, height
from tests.browser.test_jobs import meter, readiness
from tests.browser.test_journeys import htmx_idle, label, log_in
from tests.factories import UserFactory

REAL = real_dir()
POSTING = REAL / "05-mle-vertex-gcp-datapiper.txt" if REAL else None

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        POSTING is None or not POSTING.is_file(), reason="the real set is not on this machine"
    ),
]

# What the posting plainly requires: Python, PyTorch/TensorFlow, deep learning, workflow
# orchestration (Kubeflow, Airflow, Argo), building and deploying models, Vertex AI.
REQUIRED = ["python", "deep-learning", "airflow", "model-deployment", "google-cloud-ai-platform"]
EITHER = ["pytorch", "tensorflow"]


def required(page, slug):
    return page.locator(f'[data-job-skill="{slug}"][data-job-need="required"]')


def paste(page):
    page.goto("/jobs/new/")
    page.get_by_label(label("The posting's text")).fill(POSTING.read_text(encoding="utf-8"))
    page.get_by_role("button", name="Read this posting").click()
    page.wait_for_url(re.compile(r"/jobs/\d+/$"))


@pytest.fixture
def newcomer(demo):
    return UserFactory(email="vertex@example.com", handle="vertex")


def test_a_real_vertex_ai_posting_is_read_scored_and_corrected(new_page, newcomer, screenshot):
    page = new_page(**DESKTOP)
    log_in(page, newcomer.email)
    paste(page)

    for slug in REQUIRED:
        expect(required(page, slug)).to_have_count(1)
    assert any(required(page, slug).count() for slug in EITHER), "PyTorch or TensorFlow"
    expect(page.locator("#job-nearest")).to_contain_text(
        re.compile(r"closest to\s+Machine Learning Engineer")
    )
    screenshot(page, "job-acceptance-vertex")
    assert height(page) <= MAX_HEIGHT, f"the page is {height(page)} px tall"

    # With JavaScript: Python becomes nice-to-have in place, without a reload.
    before = readiness(page)
    page.evaluate("window.__marker = 1")
    python = page.locator('[data-job-skill="python"]')
    python.locator("summary").click()
    python.get_by_label("Need").select_option("nice")
    python.get_by_role("button", name="Save Python").click()
    expect(page.locator('[data-job-skill="python"][data-job-need="nice"]')).to_be_visible()
    htmx_idle(page)
    assert page.evaluate("window.__marker") == 1, "the page reloaded"
    assert readiness(page) == before  # a newcomer is at None either way: the score stays 0
    expect(meter(page)).to_be_visible()

    # Without JavaScript: the same form posts, and the redirect lands on the skill it changed.
    plain = new_page(**DESKTOP, java_script_enabled=False)
    log_in(plain, newcomer.email)
    plain.goto(page.url)
    deployment = plain.locator('[data-job-skill="model-deployment"]')
    deployment.locator("summary").click()
    deployment.get_by_label("Target").select_option("2")
    deployment.get_by_role("button", name=re.compile(r"^Save Model deployment")).click()
    plain.wait_for_url(re.compile(r"/jobs/\d+/#skill-model-deployment$"))
    expect(plain.locator('[data-job-skill="model-deployment"]')).to_contain_text("target Guided")
    expect(plain.get_by_role("status")).to_contain_text("updated")
