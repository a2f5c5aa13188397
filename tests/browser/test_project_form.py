"""The project form in a real browser: with JavaScript a filter box narrows the grouped skills and
a skill's level shows only while it is ticked; without JavaScript the same form works as a page.
"""

import re

import pytest
from playwright.sync_api import expect

from learners.models import PortfolioProject
from roles.models import Role, Skill
from tests.browser.test_accessibility import serious_violations
from tests.browser.test_journeys import htmx_idle, label, log_in
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def ada(demo):
    return UserFactory(
        email="ada@example.com",
        display_name="Ada",
        target_role=Role.objects.get(slug="machine-learning-engineer"),
    )


def option(form, name):
    """A skill's row in the picker: its checkbox and its level select."""
    return form.locator(".skill-option", has=form.page.get_by_label(name, exact=True))


def level(form, name):
    return form.get_by_label(f"Level shown in {name}", exact=True)


def saved_levels(user) -> dict[str, int]:
    project = PortfolioProject.objects.get(user=user)
    return {s.skill.slug: s.level for s in project.skills.select_related("skill")}


def open_in_place(page):
    page.goto("/dashboard/")
    page.evaluate("window.__marker = 1")
    page.locator("#projects").get_by_role("link", name="Add a project").click()
    form = page.locator("#project-form-slot form")
    expect(form.get_by_label("Filter skills by name")).to_be_visible()  # its script has run
    return form


def test_with_javascript_the_filter_narrows_the_skills_and_a_level_follows_its_tick(
    page, ada, screenshot
):
    log_in(page, ada.email)
    page.wait_for_url("**/dashboard/")
    form = open_in_place(page)

    # Before any tick, no level control shows or would be sent.
    expect(form.locator("[data-skill-ticked]")).to_have_text("No skill ticked yet.")
    python = level(form, "Python")
    expect(python).to_be_hidden()
    expect(python).to_be_disabled()
    total = form.locator(".skill-option").count()
    assert total == Skill.objects.filter(is_retired=False).count()

    search = form.get_by_label("Filter skills by name")
    search.fill("torch")
    expect(form.locator(".skill-option:visible")).to_have_count(1)
    expect(option(form, "PyTorch")).to_be_visible()
    expect(form.get_by_text("1 skill matches.")).to_be_visible()
    # Groups without a match are hidden with their legend.
    expect(form.locator("[data-skill-group]:visible")).to_have_count(1)
    expect(form.locator("[data-skill-group]:visible legend")).to_have_text(
        Skill.objects.get(slug="pytorch").category.name
    )

    form.get_by_label("PyTorch", exact=True).check()
    expect(level(form, "PyTorch")).to_be_visible()
    expect(level(form, "PyTorch")).to_be_enabled()
    level(form, "PyTorch").select_option(label="4 · Advanced")

    # An alias finds its skill; Enter filters and does not submit.
    search.fill("k8s")
    search.press("Enter")
    expect(form.locator(".skill-option:visible")).to_have_count(1)
    form.get_by_label("Kubernetes", exact=True).check()
    level(form, "Kubernetes").select_option(label="1 · Aware")

    ticked = form.locator("[data-skill-ticked]")
    expect(ticked).to_have_text("Ticked: PyTorch, Kubernetes.")

    search.fill("no such skill")
    expect(form.get_by_text("No skill matches “no such skill”.")).to_be_visible()
    expect(form.locator("[data-skill-group]:visible")).to_have_count(0)

    # Unticking hides the level again; clearing the filter shows every skill.
    search.fill("")
    expect(form.locator(".skill-option:visible")).to_have_count(total)
    form.get_by_label("Docker", exact=True).check()
    expect(level(form, "Docker")).to_be_visible()
    form.get_by_label("Docker", exact=True).uncheck()
    expect(level(form, "Docker")).to_be_hidden()
    screenshot(page, "project-form-in-place")

    form.get_by_label(label("Title")).fill("Image classifier")
    search.fill("torch")  # a ticked skill hidden by the filter is still sent
    form.get_by_role("button", name="Save").click()
    htmx_idle(page)

    expect(page.locator("#projects")).to_contain_text(
        "Shows Kubernetes (Aware), PyTorch (Advanced)."
    )
    assert page.evaluate("window.__marker") == 1, "the page reloaded"
    assert saved_levels(ada) == {"pytorch": 4, "kubernetes": 1}


def test_an_error_in_place_keeps_the_ticks_and_levels(page, ada):
    log_in(page, ada.email)
    page.wait_for_url("**/dashboard/")
    form = open_in_place(page)
    form.get_by_label(label("Title")).fill("Planned, yet completed")
    form.get_by_label("Completed on").fill("2025-01-01")  # only a done project has one
    form.get_by_label("Python", exact=True).check()
    level(form, "Python").select_option(label="5 · Expert")
    form.get_by_role("button", name="Save").click()

    form = page.locator("#project-form")
    expect(form).to_contain_text("Only a done project has a completion date.")
    expect(form.get_by_label("Python", exact=True)).to_be_checked()
    expect(level(form, "Python")).to_be_visible()
    expect(level(form, "Python")).to_have_value("5")
    expect(level(form, "SQL")).to_be_hidden()  # the returned form is set up again
    expect(form.get_by_label("Filter skills by name")).to_be_visible()

    expect(form.get_by_label(label("Title"))).to_have_value("Planned, yet completed")
    form.get_by_label("Completed on").fill("")
    form.get_by_role("button", name="Save").click()
    htmx_idle(page)
    expect(page.locator("#projects")).to_contain_text("Shows Python (Expert).")
    assert saved_levels(ada) == {"python": 5}


def test_editing_on_its_own_page_pre_ticks_the_stored_levels(page, ada):
    log_in(page, ada.email)
    page.wait_for_url("**/dashboard/")
    form = open_in_place(page)
    form.get_by_label(label("Title")).fill("Forecaster")
    form.get_by_label("Statistics", exact=True).check()
    level(form, "Statistics").select_option("3")
    form.get_by_role("button", name="Save").click()
    htmx_idle(page)

    project = PortfolioProject.objects.get(user=ada)
    page.goto(f"/dashboard/projects/{project.pk}/edit/")  # the page, with its own script tag
    form = page.locator("#project-form")
    expect(form.get_by_label("Statistics", exact=True)).to_be_checked()
    expect(level(form, "Statistics")).to_have_value("3")
    expect(level(form, "Python")).to_be_hidden()
    form.get_by_label("Filter skills by name").fill("hypothesis testing")  # an alias
    expect(form.locator(".skill-option:visible")).to_have_count(1)
    level(form, "Statistics").select_option("4")
    form.get_by_role("button", name="Save").click()
    page.wait_for_url("**/dashboard/#projects")
    assert saved_levels(ada) == {"statistics": 4}


def test_without_javascript_every_skill_and_level_shows_and_the_form_saves(
    new_page, ada, screenshot
):
    page = new_page(java_script_enabled=False)
    log_in(page, ada.email)
    page.wait_for_url("**/dashboard/")
    page.locator("#projects").get_by_role("link", name="Add a project").click()
    page.wait_for_url("**/dashboard/projects/add/")
    form = page.locator("#project-form")

    expect(form.get_by_label("Filter skills by name")).to_be_hidden()
    for name in ("Python", "SQL", "Kubernetes"):
        expect(level(form, name)).to_be_visible()
        expect(level(form, name)).to_be_enabled()
        expect(level(form, name)).to_have_value("2")
    groups = form.locator("fieldset[data-skill-group]")
    assert groups.count() == len(set(Skill.objects.values_list("category", flat=True)))

    form.get_by_label(label("Title")).fill("Churn model")
    form.get_by_label("Python", exact=True).check()
    level(form, "Python").select_option("4")
    form.get_by_label("SQL", exact=True).check()
    level(form, "SQL").select_option("2")
    level(form, "Docker").select_option("5")  # not ticked: ignored
    screenshot(page, "project-form-without-javascript")
    form.get_by_role("button", name="Save").click()

    page.wait_for_url("**/dashboard/#projects")
    expect(page.locator("#projects")).to_contain_text("Shows Python (Advanced), SQL (Guided).")
    assert saved_levels(ada) == {"python": 4, "sql": 2}


def test_without_javascript_an_error_keeps_the_ticks_and_levels(new_page, ada):
    page = new_page(java_script_enabled=False)
    log_in(page, ada.email)
    page.wait_for_url("**/dashboard/")
    page.goto("/dashboard/projects/add/")
    form = page.locator("#project-form")
    form.get_by_label(label("Title")).fill("Planned, yet completed")
    form.get_by_label("Completed on").fill("2025-01-01")  # only a done project has one
    form.get_by_label("Python", exact=True).check()
    level(form, "Python").select_option("3")
    form.get_by_role("button", name="Save").click()

    form = page.locator("#project-form")
    expect(form).to_contain_text("Only a done project has a completion date.")
    expect(form.get_by_label("Python", exact=True)).to_be_checked()
    expect(level(form, "Python")).to_have_value("3")
    assert not PortfolioProject.objects.filter(user=ada).exists()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_project_form_has_no_serious_accessibility_violation(new_page, ada, scheme):
    page = new_page(color_scheme=scheme)
    log_in(page, ada.email)
    page.wait_for_url("**/dashboard/")
    page.goto("/dashboard/projects/add/")
    page.get_by_label("Filter skills by name").fill("data")
    page.get_by_label("Data preprocessing", exact=True).check()

    violations = serious_violations(page)

    assert violations == [], f"project form ({scheme}):\n" + "\n".join(violations)
    assert re.search(r"\d+ skills match\.", page.locator("[data-skill-count]").inner_text())
