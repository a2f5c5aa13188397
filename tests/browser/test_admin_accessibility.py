"""The editors' admin in a real browser: axe finds no unlabelled input on the role form (its
requirement rows opened), the tabular inlines, the editable lists and the stale-content page; an
editor changes a requirement on the role form with a reason, without a script error or a CSP
violation (the `new_page` fixture fails the test on either)."""

import re
from datetime import date

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from roles.models import Certification, MarketFigure, Requirement, Role, Skill
from tests.conftest import PASSWORD
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROLE = "machine-learning-engineer"
#: axe's rules about a form control's accessible name.
LABEL_RULES = {"label", "select-name", "aria-input-field-name", "label-title-only"}


def label_violations(page) -> list[str]:
    results = Axe().run(page)
    found = []
    for violation in results.response["violations"]:
        if violation["id"] in LABEL_RULES:
            targets = [", ".join(node["target"]) for node in violation["nodes"][:5]]
            found.append(f"{violation['id']}: {violation['help']} -> {targets}")
    return found


@pytest.fixture
def editor_page(new_page, demo):
    call_command("setup_editors", verbosity=0)
    editor = UserFactory(email="erin@example.com", display_name="Erin", is_staff=True)
    editor.groups.add(Group.objects.get(name="Content editors"))
    page = new_page()
    page.goto("/admin/login/")
    page.get_by_label(re.compile(r"^\s*Email", re.IGNORECASE)).fill(editor.email)
    page.get_by_label(re.compile(r"^\s*Password", re.IGNORECASE)).fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Log in", re.IGNORECASE)).click()
    page.wait_for_url("**/admin/")
    return page


def open_requirements(page) -> None:
    """The requirement rows are collapsed until opened: open them, as an editor would."""
    page.locator("#requirements-group summary").click()
    expect(page.locator("#requirements-group tr.form-row.has_original").first).to_be_visible()


def test_the_admin_forms_and_lists_have_no_unlabelled_input(editor_page, screenshot):
    page = editor_page
    role = Role.objects.get(slug=ROLE)
    skill = Skill.objects.filter(resources__isnull=False).first()
    certification = Certification.objects.filter(credits__isnull=False).first()
    MarketFigure.objects.filter(role=role).update(checked_on=date(2024, 1, 15))
    found = []

    page.goto(f"/admin/roles/role/{role.pk}/change/")
    open_requirements(page)
    screenshot(page, "admin-role-form")
    found += [f"role form {v}" for v in label_violations(page)]
    for name, path in {
        "skill form": f"/admin/roles/skill/{skill.pk}/change/",
        "certification form": f"/admin/roles/certification/{certification.pk}/change/",
        "requirement list": f"/admin/roles/requirement/?role__id__exact={role.pk}",
        "role list": "/admin/roles/role/",
        "stale content": "/admin/roles/role/stale-content/",
    }.items():
        page.goto(path)
        found += [f"{name} {v}" for v in label_violations(page)]
    assert page.get_by_role("checkbox").count() > 0  # the stale list was not empty

    assert found == [], "\n".join(found)


def test_an_editor_changes_a_requirement_on_the_role_form_with_a_reason(editor_page):
    page = editor_page
    role = Role.objects.get(slug=ROLE)
    requirement = Requirement.objects.filter(role=role).exclude(target_level=5).first()
    row_name = str(requirement)

    page.goto(f"/admin/roles/role/{role.pk}/change/")
    open_requirements(page)
    page.get_by_label(f"Target level, {row_name}", exact=True).select_option("5")
    page.get_by_label("Reason for this change").fill("Postings in 2026 ask for more")
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page.locator(".messagelist")).to_contain_text("changed successfully")
    requirement.refresh_from_db()
    assert requirement.target_level == 5
    assert requirement.history.latest().history_change_reason == "Postings in 2026 ask for more"


def test_an_editor_records_a_stale_figure_as_checked_today(editor_page):
    page = editor_page
    figure = MarketFigure.objects.filter(role__slug=ROLE).first()
    figure.checked_on = date(2024, 1, 15)
    figure.save()

    page.get_by_role("link", name="Stale content").click()
    page.get_by_role("checkbox", name=f"Select {figure.label}: {figure.value}").check()
    page.get_by_role("button", name="Go").click()
    source = page.get_by_label(re.compile("^Source URL of market figure"))
    expect(source).to_have_value(figure.source_url)
    source.fill("https://www.bls.gov/ooh/")
    page.get_by_role("button", name="Record as checked today").click()

    expect(page.locator(".messagelist")).to_contain_text("1 item marked as checked today")
    figure.refresh_from_db()
    assert figure.source_url == "https://www.bls.gov/ooh/"
    assert figure.checked_on == timezone.localdate()
