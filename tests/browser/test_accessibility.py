"""axe-core finds no serious or critical accessibility violation on any page, light or dark.

axe comes with the axe-playwright-python package (its bundled axe-core script, injected into
the page). Each scheme is what the system asks for (`color_scheme`): the CSS follows it without
JavaScript, and static/js/theme.js sets `data-bs-theme` to match. Every page is checked, then all
the violations are reported at once, so one run lists everything to fix.
"""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse

from jobs import services as job_services
from roles.models import Certification, EducationPath, Role, Skill
from tests.conftest import PASSWORD
from tests.factories import (
    EarnedCertificationFactory,
    EducationRecordFactory,
    PortfolioProjectFactory,
    ProjectSkillFactory,
    SkillRecordFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCHEMES = ["light", "dark"]
ROLE = "machine-learning-engineer"
COMPARE = f"/careers/compare/?a={ROLE}&b=mlops-engineer"

PUBLIC_PAGES = {
    "home": "/",
    "career list": "/careers/",
    "career list, filtered": "/careers/?q=engineer",
    "role page": f"/careers/{ROLE}/",
    "skill list": "/skills/",
    "skill page": "/skills/python/",
    "certification list": "/certifications/",
    "certification page": "/certifications/google-professional-machine-learning-engineer/",
    "retired certification page": "/certifications/aws-certified-machine-learning-specialty/",
    "search": "/search/?q=python",
    "compare": COMPARE,
    "compare, empty": "/careers/compare/",
    "sign-up": "/accounts/signup/",
    "login": "/accounts/login/",
    "password reset": "/accounts/password/reset/",
    "public profile": "/u/ada/",
}

# A page that answers with an error status on purpose.
STATUS = {"error page (404)": 404}


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


def looks_dark(page) -> bool:
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    red, green, blue = (int(n) for n in re.findall(r"\d+", background)[:3])
    return max(red, green, blue) < 60


def in_scheme(page, scheme: str) -> None:
    """The page really is drawn in `scheme`: the attribute theme.js sets, and the body's colour."""
    assert page.evaluate("document.documentElement.dataset.bsTheme") == scheme
    assert looks_dark(page) == (scheme == "dark")


# Full-page screenshots of these (test-results/screenshots/), to look at both schemes.
PICTURED = {"home", "role page", "dashboard", "role page, signed in", "settings"}


def check_pages(page, pages: dict[str, str], scheme: str, screenshot) -> list[str]:
    """Open every page, check the scheme and run axe; the violations found, by page."""
    found = []
    for name, path in pages.items():
        response = page.goto(path)
        assert response.status == STATUS.get(name, 200), f"{name}: {response.status}"
        in_scheme(page, scheme)
        if name in PICTURED:
            screenshot(page, f"{name}-{scheme}")
        found += [f"{name} ({scheme}) {v}" for v in serious_violations(page)]
    return found


def log_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label(re.compile(r"^\s*Email")).fill(email)
    page.get_by_label(re.compile(r"^\s*Password")).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/dashboard/")


@pytest.fixture
def ada(demo):
    """A public learner with ratings, a certification, a project, a degree and a job posting."""
    user = UserFactory(
        email="ada@example.com",
        display_name="Ada Lovelace",
        handle="ada",
        headline="Learning to ship models",
        is_public=True,
        target_role=Role.objects.get(slug=ROLE),
    )
    for slug, level in [("python", 3), ("statistics", 2), ("sql", 4), ("docker", 5)]:
        SkillRecordFactory(user=user, skill=Skill.objects.get(slug=slug), level=level)
    EarnedCertificationFactory(
        user=user,
        certification=Certification.objects.get(
            slug="google-professional-machine-learning-engineer"
        ),
    )
    project = PortfolioProjectFactory(user=user, title="Churn model")
    ProjectSkillFactory(project=project, skill=Skill.objects.get(slug="python"), level=4)
    EducationRecordFactory(user=user, education_path=EducationPath.objects.first())
    return user


@pytest.mark.parametrize("scheme", SCHEMES)
def test_every_public_page_has_no_serious_accessibility_violation(
    new_page, ada, screenshot, scheme
):
    page = new_page(color_scheme=scheme)
    pages = {**PUBLIC_PAGES, "error page (404)": "/careers/no-such-role/"}

    found = check_pages(page, pages, scheme, screenshot)

    # A form showing its errors (the invalid colours).
    page.goto("/accounts/login/")
    page.get_by_label(re.compile(r"^\s*Email")).fill(ada.email)
    page.get_by_label(re.compile(r"^\s*Password")).fill("not the password")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()
    assert page.locator(".alert-danger, .invalid-feedback, .errorlist").count() > 0
    found += [f"login with errors ({scheme}) {v}" for v in serious_violations(page)]

    assert found == [], "\n".join(found)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_every_learner_page_has_no_serious_accessibility_violation(
    new_page, ada, screenshot, scheme
):
    posting = job_services.create_posting(
        user=ada,
        title="Senior MLOps Engineer",
        company="Northwind",
        url="",
        text="We need Python, Docker and Kubernetes. Nice to have: Terraform.",
    )
    project = ada.projects.get()
    certification = ada.certifications.get()
    education = ada.education.get()
    pages = {
        "dashboard": reverse("learners:dashboard"),
        "dashboard, another role": reverse("learners:dashboard") + "?role=mlops-engineer",
        "plan": reverse("learners:plan"),
        "compare, signed in": COMPARE,
        "role page, signed in": f"/careers/{ROLE}/",
        "home, signed in": "/",
        "skill note": reverse("learners:skill_note", args=["python"]),
        "add a certification": reverse("learners:certification_add"),
        "edit a certification": reverse("learners:certification_edit", args=[certification.pk]),
        "add a project": reverse("learners:project_add"),
        "edit a project": reverse("learners:project_edit", args=[project.pk]),
        "add education": reverse("learners:education_add"),
        "edit education": reverse("learners:education_edit", args=[education.pk]),
        "settings": reverse("accounts:settings"),
        "password change": reverse("accounts:password_change"),
        "delete account": reverse("accounts:delete"),
        "job postings": reverse("jobs:list"),
        "paste a posting": reverse("jobs:new"),
        "a posting": reverse("jobs:detail", args=[posting.pk]),
        "own public profile": "/u/ada/",
    }
    page = new_page(color_scheme=scheme)
    log_in(page, ada.email)

    found = check_pages(page, pages, scheme, screenshot)

    # A record form showing its errors: an empty form sent as a plain POST (form.submit() skips
    # the browser's own checks and htmx), so the server answers with the whole page.
    page.goto(reverse("learners:education_add"))
    with page.expect_navigation():
        page.evaluate("document.getElementById('education-form').submit()")
    assert page.locator(".is-invalid").count() > 0
    found += [f"project form with errors ({scheme}) {v}" for v in serious_violations(page)]

    assert found == [], "\n".join(found)


def test_dark_mode_from_the_css_alone_has_no_serious_accessibility_violation(new_page, ada):
    # With JavaScript off no script sets data-bs-theme: the system preference alone (the media
    # query) colours the page. axe needs scripts, so the attribute is taken away instead.
    page = new_page(color_scheme="dark")
    log_in(page, ada.email)
    found = []
    for path in ["/", f"/careers/{ROLE}/", reverse("learners:dashboard"), "/me/settings/"]:
        page.goto(path)
        page.evaluate("document.documentElement.removeAttribute('data-bs-theme')")
        assert looks_dark(page)
        found += [f"{path} {v}" for v in serious_violations(page)]

    assert found == [], "\n".join(found)


@pytest.mark.parametrize("path", ["/", f"/careers/{ROLE}/", "/careers/", "/skills/python/"])
def test_a_public_page_reflows_at_390_px_without_scrolling_sideways(new_page, demo, path):
    # WCAG 1.4.10: at a phone's width nothing needs a horizontal scroll.
    page = new_page(viewport={"width": 390, "height": 844})
    page.goto(path)

    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_the_role_page_keeps_its_side_column_in_view_at_1280_px(new_page, ada, screenshot):
    page = new_page(viewport={"width": 1280, "height": 800})
    log_in(page, ada.email)
    page.goto(f"/careers/{ROLE}/")
    # The readiness box is the learners app's, loaded into the page (htmx).
    page.get_by_role("link", name=re.compile("See what to learn next")).wait_for()
    ready = page.locator("#ready-heading")
    overview = page.locator("#overview-heading")
    # Side by side: the readiness box is right of the details, level with their top.
    assert ready.bounding_box()["x"] > overview.bounding_box()["x"] + 600

    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight / 2)")
    screenshot(page, "role-page-scrolled")

    box = ready.bounding_box()  # relative to the viewport
    assert box["y"] >= 0
    assert box["y"] + box["height"] <= 800
    assert page.get_by_role("link", name=re.compile("See what to learn next")).is_visible()


def test_the_role_page_stacks_at_390_px_with_readiness_before_the_details(new_page, demo):
    page = new_page(viewport={"width": 390, "height": 844})
    page.goto(f"/careers/{ROLE}/")
    page.get_by_role("link", name=re.compile("^Sign up free")).wait_for()  # the box, loaded
    ready = page.locator("#ready-heading").bounding_box()
    overview = page.locator("#overview-heading").bounding_box()

    assert ready["y"] < overview["y"]
    assert abs(ready["x"] - overview["x"]) < 40  # one column
    assert page.get_by_role("link", name=re.compile("^Sign up free")).is_visible()


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


def test_the_check_finds_poor_contrast_in_dark_mode(new_page, demo):
    # A self-check for the dark runs: Bootstrap's light-mode grey on the dark page fails.
    page = new_page(color_scheme="dark")
    page.goto("/")
    in_scheme(page, "dark")
    page.evaluate(
        """() => {
        const p = document.createElement("p");
        p.textContent = "Grey on dark";
        p.style.color = "#343a40";
        document.querySelector("main").appendChild(p);
    }"""
    )

    assert any("color-contrast" in v for v in serious_violations(page))
