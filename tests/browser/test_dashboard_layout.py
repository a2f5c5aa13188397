"""The dashboard's budget, measured in Chromium at 1280 px for the learner `make bench` uses (a
level on every skill, 3 certifications, 5 projects, 2 degrees, a month of history): at most
3,000 px tall with met and non-essential rows folded, and every section's main action within 15
Tab presses from the top of the page."""

import pytest
from playwright.sync_api import expect

from bench.seed import BENCH_PASSWORD, seed_learner
from learners.readiness import role_profiles
from tests.browser.test_journeys import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAX_HEIGHT = 3000
MAX_TABS = 15


@pytest.fixture
def full_learner(demo):
    return seed_learner("full@example.com")


@pytest.fixture
def dashboard(new_page, full_learner):
    page = new_page(viewport={"width": 1280, "height": 900})
    log_in(page, full_learner.email, BENCH_PASSWORD)
    page.wait_for_url("**/dashboard/")
    return page


def test_the_full_dashboard_is_at_most_3000_px_tall_at_1280(dashboard):
    expect(dashboard.locator("#requirements")).to_contain_text("Folded:")
    height = dashboard.evaluate("document.documentElement.scrollHeight")
    assert height <= MAX_HEIGHT, f"the dashboard is {height} px tall at 1280 px"


def focused(page) -> str:
    """The focused element, described by its id or accessible text, for messages."""
    return page.evaluate(
        "(() => { const e = document.activeElement;"
        " return `${e.tagName} ${e.id || ''} ${(e.innerText || e.value || '').trim()}`; })()"
    )


def tab_until(page, locator, budget: int) -> int:
    """Press Tab until `locator` has focus; return the presses it took (fails past budget)."""
    for presses in range(1, budget + 1):
        page.keyboard.press("Tab")
        if locator.evaluate("element => element === document.activeElement"):
            return presses
    raise AssertionError(f"not reached in {budget} Tab presses; focus is on {focused(page)}")


# Each section's link in the section navigation, and the section's main action.
ACTIONS = [
    # Tab enters a radio group at its checked radio (every row has one: 0 when never rated).
    ("Skills", lambda page: page.locator("#requirements .req").first.locator("input:checked")),
    ("Certifications", lambda page: page.get_by_role("link", name="Add a certification")),
    ("Projects", lambda page: page.get_by_role("link", name="Add a project")),
    ("Education", lambda page: page.get_by_role("link", name="Add education")),
    ("Learning plan", None),  # the link itself opens the plan
    ("Every role", lambda page: page.locator("#all-roles tbody a").first),
]


@pytest.mark.parametrize(("section", "action"), ACTIONS, ids=[name for name, _ in ACTIONS])
def test_every_section_s_main_action_is_within_15_tab_presses(dashboard, section, action):
    page = dashboard
    page.goto("/dashboard/")
    page.locator("body").focus()
    presses = tab_until(page, page.get_by_role("link", name="Skip to content"), MAX_TABS)
    page.keyboard.press("Enter")
    nav = page.get_by_role("navigation", name="Dashboard sections")
    link = nav.get_by_role("link", name=section, exact=True)
    presses += tab_until(page, link, MAX_TABS - presses)
    if action is not None:
        page.keyboard.press("Enter")
        presses += tab_until(page, action(page), MAX_TABS - presses)
    assert presses <= MAX_TABS


def test_the_level_control_reads_as_a_named_radio_group_with_the_target_marked(dashboard):
    """What a screen reader announces: a group named for the skill and its target, six radios
    named by number and level, the target said on its radio, the learner's rating checked."""
    page = dashboard
    row = page.locator("#requirements .req").first
    slug = row.get_attribute("id").removeprefix("req-")
    spec = next(
        s
        for p in role_profiles().values()
        for s in p.requirements
        if s.skill_slug == slug and p.slug == "machine-learning-engineer"
    )
    group = row.get_by_role("group", name=f"Your level in {spec.skill_name}")
    expect(group).to_be_visible()
    radios = group.get_by_role("radio")
    expect(radios).to_have_count(6)
    names = [radio.get_attribute("aria-label") for radio in radios.all()]
    assert names[0] == "0 None"
    assert names[5].startswith("5 Expert")
    assert [n for n in names if n.endswith(", the target")] == [names[spec.target]]
    # Arrow keys move the rating (and apply it); the checked radio is the one announced.
    group.locator("input:checked").focus()
    page.keyboard.press("ArrowLeft" if spec.target > 0 else "ArrowRight")
    expect(group.locator("input:checked")).to_be_focused()


def test_showing_every_row_is_remembered_and_keeps_the_keyboard_in_place(dashboard):
    page = dashboard
    page.evaluate("window.__marker = 1")
    folded = page.locator("#requirements .req").count()
    button = page.get_by_role("button", name="Show every skill")
    button.focus()
    page.keyboard.press("Enter")
    fold = page.get_by_role("button", name="Fold met and non-essential skills")
    expect(fold).to_be_focused()
    shown = page.locator("#requirements .req").count()
    assert shown > folded
    assert page.evaluate("window.__marker") == 1  # swapped in place, no reload
    page.reload()
    expect(page.locator("#requirements .req")).to_have_count(shown)
    page.get_by_role("button", name="Fold met and non-essential skills").click()
    expect(page.locator("#requirements .req")).to_have_count(folded)


def test_deleting_a_record_puts_the_keyboard_on_its_sections_heading(dashboard, full_learner):
    page = dashboard
    name = full_learner.certifications.select_related("certification").first().name
    page.on("dialog", lambda dialog: dialog.accept())  # "Delete …?"
    page.get_by_role("link", name=f"Delete {name}").click()
    expect(page.locator("#certifications").get_by_text(name)).to_have_count(0)
    expect(page.locator("#certifications-heading")).to_be_focused()
