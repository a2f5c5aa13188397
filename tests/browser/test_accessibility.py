"""axe-core finds no serious or critical accessibility violation on the main pages."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from roles.models import Role, Skill
from tests.conftest import PASSWORD
from tests.factories import SkillRecordFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PUBLIC_PAGES = {
    "home": "/",
    "career list": "/careers/",
    "role page": "/careers/machine-learning-engineer/",
    "skill page": "/skills/python/",
    "sign-up": "/accounts/signup/",
    "login": "/accounts/login/",
}


def serious_violations(page) -> list[str]:
    results = Axe().run(page)
    found = []
    for violation in results.response["violations"]:
        if violation["impact"] in {"serious", "critical"}:
            targets = [", ".join(node["target"]) for node in violation["nodes"][:5]]
            found.append(
                f"[{violation['impact']}] {violation['id']}: {violation['help']} -> {targets}"
            )
    return found


@pytest.fixture
def ada(demo):
    user = UserFactory(
        email="ada@example.com",
        display_name="Ada Lovelace",
        handle="ada",
        headline="Learning to ship models",
        is_public=True,
        target_role=Role.objects.get(slug="machine-learning-engineer"),
    )
    for slug, level in [("python", 3), ("statistics", 2), ("sql", 4)]:
        SkillRecordFactory(user=user, skill=Skill.objects.get(slug=slug), level=level)
    return user


@pytest.mark.parametrize("name", list(PUBLIC_PAGES))
def test_a_public_page_has_no_serious_accessibility_violation(page, demo, screenshot, name):
    response = page.goto(PUBLIC_PAGES[name])
    assert response.status == 200
    screenshot(page, name)

    violations = serious_violations(page)

    assert violations == [], f"{name}:\n" + "\n".join(violations)


def test_the_dashboard_has_no_serious_accessibility_violation(page, ada, screenshot):
    page.goto("/accounts/login/")
    page.get_by_label(re.compile(r"^\s*Email")).fill(ada.email)
    page.get_by_label(re.compile(r"^\s*Password")).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/dashboard/")
    screenshot(page, "dashboard")

    violations = serious_violations(page)

    assert violations == [], "dashboard:\n" + "\n".join(violations)


def test_the_public_profile_has_no_serious_accessibility_violation(page, ada, screenshot):
    response = page.goto("/u/ada/")
    assert response.status == 200
    screenshot(page, "public-profile-logged-out")

    violations = serious_violations(page)

    assert violations == [], "public profile:\n" + "\n".join(violations)


def test_the_check_finds_a_real_violation(page, demo):
    # A self-check: an image without a text alternative is a critical violation.
    page.goto("/")
    page.evaluate(
        """() => {
        const img = document.createElement("img");
        img.src = "/static/favicon.ico";
        document.querySelector("main").appendChild(img);
    }"""
    )

    assert any("image-alt" in v for v in serious_violations(page))
