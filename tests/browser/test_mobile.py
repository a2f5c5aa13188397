"""At 390 px and without JavaScript: the menu opens and the compare page shows both roles."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 390, "height": 844}, "java_script_enabled": False}


def test_the_menu_opens_without_javascript_on_a_phone(new_page, demo):
    page = new_page(**PHONE)
    page.goto("/")
    log_in = page.get_by_role("link", name="Log in")
    expect(log_in).to_be_hidden()
    page.locator("summary", has_text="Menu").click()
    expect(log_in).to_be_visible()
    expect(page.get_by_role("link", name="Career paths", exact=True)).to_be_visible()
    log_in.click()
    page.wait_for_url("**/accounts/login/**")


def test_the_compare_table_shows_both_roles_on_a_phone(new_page, demo):
    page = new_page(**PHONE)
    page.goto("/careers/compare/?a=machine-learning-engineer&b=mlops-engineer")
    table = page.get_by_role("region", name="Shared skills table")
    headers = table.locator("thead th")
    expect(headers).to_have_count(4)
    region = table.bounding_box()
    for index in range(4):
        box = headers.nth(index).bounding_box()
        assert box["x"] >= region["x"] - 1
        assert box["x"] + box["width"] <= region["x"] + region["width"] + 1, index
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
