"""A posting's page fits a screen: a 15-skill posting is at most 2,500 px tall at 1280 px, the
corrections open per skill, and the saved postings list does not overflow a 390 px phone."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from jobs import services
from tests.browser.test_journeys import log_in
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIFTEEN = (
    Path(__file__).resolve().parents[1] / "data" / "job_postings" / "35-mle-fifteen-skills.txt"
)
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
PHONE = {"viewport": {"width": 390, "height": 844}}
MAX_HEIGHT = 2500


def fifteen_skill_posting(user):
    text = FIFTEEN.read_text(encoding="utf-8").partition("\n---\n")[2]
    posting = services.create_posting(
        user=user, title="Machine Learning Engineer, Search Ranking", company="", url="", text=text
    )
    assert posting.skills.count() == 15
    return posting


@pytest.fixture
def learner(demo):
    return UserFactory(email="fit@example.com", handle="fit")


def height(page) -> int:
    return page.evaluate("document.body.scrollHeight")


@pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])
def test_a_fifteen_skill_posting_fits_in_2500_px_at_1280(new_page, learner, screenshot, js):
    posting = fifteen_skill_posting(learner)
    page = new_page(**DESKTOP, java_script_enabled=js)
    log_in(page, learner.email)
    page.goto(posting.get_absolute_url())
    expect(page.locator("[data-job-skill]")).to_have_count(15)
    screenshot(page, f"job-posting-fifteen-skills-{'js' if js else 'no-js'}")
    assert height(page) <= MAX_HEIGHT, f"the page is {height(page)} px tall"


def test_the_posting_pages_do_not_overflow_a_phone(new_page, learner, screenshot):
    posting = fifteen_skill_posting(learner)
    page = new_page(**PHONE)
    log_in(page, learner.email)
    for path in ["/jobs/", posting.get_absolute_url()]:
        page.goto(path)
        screenshot(page, f"job-phone-{path.strip('/').replace('/', '-')}")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{path} is {width} px wide at 390 px"
