"""Issue 24's acceptance in Chromium, with JavaScript on and off: sign up, upload a PDF CV,
review, confirm; the dashboard shows the rated skills, the certification and the project with
the meter moved; "Undo this import" restores the previous state exactly. Clicks are counted from
the import page: choose the file, "Read it", "Confirm the import" (the dashboard's link to the
import page makes four), and at least 60 % of the target role's weight is rated after them."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from learners.models import (
    EarnedCertification,
    EducationRecord,
    PortfolioProject,
    SkillRecord,
    User,
)
from roles.models import Requirement
from tests.browser.test_journeys import meter, readiness, sign_up

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CV = Path(__file__).resolve().parents[1] / "data" / "cvs" / "ml-engineer-senior.pdf"
ROLE = "machine-learning-engineer"


def records(email):
    user = User.objects.get(email=email)
    return (
        sorted(SkillRecord.objects.filter(user=user).values_list("skill__slug", "level")),
        list(EarnedCertification.objects.filter(user=user).values_list("id", flat=True)),
        list(PortfolioProject.objects.filter(user=user).values_list("id", flat=True)),
        list(EducationRecord.objects.filter(user=user).values_list("id", flat=True)),
    )


def rated_weight_share(email) -> float:
    user = User.objects.get(email=email)
    rated = set(
        SkillRecord.objects.filter(user=user, level__gt=0).values_list("skill_id", flat=True)
    )
    requirements = Requirement.objects.filter(role__slug=ROLE)
    total = sum(r.weight for r in requirements)
    return sum(r.weight for r in requirements if r.skill_id in rated) / total


@pytest.mark.parametrize("js", [True, False], ids=["javascript", "no-javascript"])
def test_import_a_pdf_cv_review_confirm_and_undo(new_page, demo, screenshot, js):
    page = new_page(java_script_enabled=js)
    email = f"importer-{str(js).lower()}@example.com"
    sign_up(page, email)
    before_score = readiness(page)
    before = records(email)
    clicks = 0

    page.goto("/me/import/")
    page.get_by_label("A file").set_input_files(str(CV))
    clicks += 1
    page.get_by_role("button", name="Read it").click()
    clicks += 1
    page.wait_for_url("**/me/import/*/")
    expect(page.locator('[data-import-skill="pytorch"]')).to_be_visible()
    expect(
        page.locator('[data-import-certification="aws-certified-machine-learning-specialty"]')
    ).to_be_visible()
    expect(
        page.locator('[data-import-project="https://github.com/priyaraman/forecast-kit"]')
    ).to_be_visible()
    assert records(email) == before  # nothing saved before the confirmation
    screenshot(page, f"import-review-{'js' if js else 'nojs'}")

    page.get_by_role("button", name="Confirm the import").click()
    clicks += 1
    page.wait_for_url("**/dashboard/")
    expect(page.get_by_text("skills rated")).to_be_visible()
    expect(meter(page)).not_to_have_attribute("aria-valuenow", str(before_score))
    assert readiness(page) > before_score
    body = page.locator("main").inner_text()
    assert "AWS Certified Machine Learning" in body
    assert "forecast-kit" in body
    assert clicks + 1 <= 5  # + the dashboard's link to the import page
    assert rated_weight_share(email) >= 0.6
    screenshot(page, f"import-dashboard-{'js' if js else 'nojs'}")

    page.goto("/me/import/")
    page.get_by_role("link", name="Undo this import").click()
    page.wait_for_url("**/me/import/*/undo/")
    page.get_by_role("button", name="Undo this import").click()
    page.wait_for_url("**/dashboard/")
    assert records(email) == before
    assert readiness(page) == before_score
