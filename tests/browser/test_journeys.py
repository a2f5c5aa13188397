"""The learner's and the editor's journeys in a real browser, with and without JavaScript.

Every page visited is also checked for Content Security Policy violations (see conftest.py).
"""

import datetime as dt
import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import expect

from learners.models import SkillRecord
from roles.models import Certification, Requirement, Skill
from tests.conftest import PASSWORD
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROLE = "machine-learning-engineer"
RATED = ["python", "statistics", "sql"]  # rated Independent, one after the other
CERTIFICATION = "Google Professional Machine Learning Engineer"
PROJECT_SKILLS = ["pytorch", "docker"]  # shown at Advanced by a done project with a link


def label(text):
    """A label's text, allowing the surrounding whitespace and the required-field asterisk."""
    return re.compile(rf"^\s*{re.escape(text)}\W*$")


def meter(page):
    return page.get_by_role("progressbar", name=re.compile(r"^Readiness for"))


def readiness(page) -> int:
    return int(meter(page).get_attribute("aria-valuenow"))


def evidenced(page) -> int:
    text = page.locator("#summary").inner_text()
    return int(re.search(r"Evidenced:\s*(\d+)%", text).group(1))


def sign_up(page, email):
    page.goto("/accounts/signup/")
    page.get_by_label(label("Email")).fill(email)
    page.get_by_label(label("Password")).fill(PASSWORD)
    page.get_by_label(label("Password confirmation")).fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    page.wait_for_url("**/accounts/signup/sent/")
    # The live server runs in this process: its emails land in Django's test outbox.
    body = next(m.body for m in reversed(mail.outbox) if m.to == [email])
    page.goto(re.search(r"https?://\S+/accounts/signup/confirm/\S+", body).group(0))
    page.get_by_label(label("The password you chose")).fill(PASSWORD)
    page.get_by_role("button", name="Confirm and log in").click()
    page.wait_for_url("**/dashboard/")


def log_in(page, email, password=PASSWORD, path="/accounts/login/"):
    page.goto(path)
    page.get_by_label(re.compile(r"^\s*Email", re.IGNORECASE)).fill(email)
    page.get_by_label(re.compile(r"^\s*Password", re.IGNORECASE)).fill(password)
    page.get_by_role("button", name=re.compile("Log in", re.IGNORECASE)).click()


def htmx_idle(page):
    """Wait until htmx has no request in flight and has finished swapping and settling."""
    busy = ".htmx-request, .htmx-swapping, .htmx-settling, .htmx-added"
    page.wait_for_function(f"() => !document.querySelector('{busy}')")


def page_was_not_reloaded(page) -> bool:
    return page.evaluate("window.__marker") == 1


def rises(page, action, *, js: bool, evidence: bool = False):
    """Do `action` and wait until the readiness meter rises; return (score, evidenced)."""
    before, before_evidenced = readiness(page), evidenced(page)
    action()
    expect(meter(page)).not_to_have_attribute("aria-valuenow", str(before))
    after, after_evidenced = readiness(page), evidenced(page)
    assert after > before
    if evidence:
        assert after_evidenced > before_evidenced
    if js:
        htmx_idle(page)
        assert page_was_not_reloaded(page), "the page reloaded"
        assert page.url.endswith("/dashboard/")
    return after, after_evidenced


def set_level(page, skill_slug, level_label, *, js: bool):
    row = page.locator(f"#req-{skill_slug}")
    # A click, not check(): check() also waits to see the radio checked, and a click that ends
    # on the login page (an ended session) leaves no radio to see.
    row.get_by_role("radio", name=re.compile(rf"^\d {level_label}\b")).click()
    if not js:
        row.get_by_role("button", name="Save").click()


def add_certification(page, *, js: bool):
    page.locator("#certifications").get_by_role("link", name="Add a certification").click()
    form = page.locator("form", has=page.get_by_label("Verification URL"))
    # The choice names the issuer too, as the form lists it.
    issuer = Certification.objects.get(name=CERTIFICATION).issuer
    form.get_by_label(label("Certification")).select_option(label=f"{CERTIFICATION} · {issuer}")
    issued = dt.date.today() - dt.timedelta(days=30)
    form.get_by_label(label("Issued on")).fill(issued.isoformat())
    form.get_by_label("Verification URL").fill("https://www.credly.com/badges/pmle-123")
    form.get_by_role("button", name="Save").click()


def add_project(page, *, js: bool):
    page.locator("#projects").get_by_role("link", name="Add a project").click()
    form = page.locator("form", has=page.get_by_label("Repository URL"))
    form.get_by_label(label("Title")).fill("Image classifier served in a container")
    form.get_by_label(label("Status")).select_option(label="Done")
    done = dt.date.today() - dt.timedelta(days=7)
    form.get_by_label("Completed on").fill(done.isoformat())
    form.get_by_label("Repository URL").fill("https://github.com/me/classifier")
    for slug in PROJECT_SKILLS:
        name = Skill.objects.get(slug=slug).name
        form.get_by_label(name, exact=True).check()
        form.get_by_label(f"Level shown in {name}", exact=True).select_option("4")  # Advanced
    form.get_by_role("button", name="Save").click()


def learner_journey(page, email, *, js: bool, screenshot=None) -> list[tuple[int, int]]:
    """Sign up, rate three skills, add a certification and a project. Returns the (readiness,
    evidenced) pair after each step."""
    sign_up(page, email)
    expect(meter(page)).to_be_visible()
    if screenshot:
        screenshot(page, "dashboard-new")
    if js:
        page.evaluate("window.__marker = 1")
    steps = [(readiness(page), evidenced(page))]
    for slug in RATED:
        steps.append(rises(page, lambda s=slug: set_level(page, s, "Independent", js=js), js=js))
    steps.append(rises(page, lambda: add_certification(page, js=js), js=js, evidence=True))
    steps.append(rises(page, lambda: add_project(page, js=js), js=js, evidence=True))
    if screenshot:
        screenshot(page, "dashboard-after-journey")
    return steps


def test_a_learner_signs_up_and_watches_readiness_rise_without_a_page_load(page, demo, screenshot):
    steps = learner_journey(page, "ada@example.com", js=True, screenshot=screenshot)

    scores = [score for score, _ in steps]
    assert scores == sorted(set(scores)), steps  # strictly rising
    assert steps[-1][1] > steps[0][1]
    # The levels were saved, not only shown.
    page.reload()
    assert readiness(page) == steps[-1][0]
    assert evidenced(page) == steps[-1][1]
    saved = SkillRecord.objects.filter(user__email="ada@example.com", skill__slug__in=RATED)
    assert sorted(saved.values_list("level", flat=True)) == [3] * len(RATED)
    # A row that is met now is folded away on the fresh page; one still short of target shows.
    for slug in RATED:
        row = page.locator(f"#req-{slug}")
        if row.count():
            assert row.locator("input[name=level]:checked").get_attribute("value") == "3"


def test_the_same_journey_without_javascript_reaches_the_same_numbers(new_page, demo, screenshot):
    with_js = learner_journey(new_page(), "ada@example.com", js=True)
    without_js_page = new_page(java_script_enabled=False)

    without_js = learner_journey(without_js_page, "bob@example.com", js=False)

    screenshot(without_js_page, "dashboard-without-javascript")
    assert without_js == with_js


def test_an_editor_changes_a_requirement_and_the_public_page_and_dashboard_show_it(
    new_page, demo, screenshot
):
    call_command("setup_editors", verbosity=0)
    editor = UserFactory(email="erin@example.com", display_name="Erin", is_staff=True)
    editor.groups.add(Group.objects.get(name="Content editors"))
    UserFactory(email="ada@example.com", display_name="Ada")
    requirement = Requirement.objects.get(role__slug=ROLE, skill__slug="communication")
    assert requirement.target_level != 5

    admin = new_page()
    log_in(admin, editor.email, path="/admin/login/")
    expect(admin.get_by_role("heading", name=re.compile("Career content"))).to_be_visible()
    admin.goto(f"/admin/roles/requirement/{requirement.pk}/change/")
    admin.get_by_label(label("Target level")).select_option("5")
    screenshot(admin, "admin-requirement")
    admin.get_by_role("button", name="Save", exact=True).click()
    expect(admin.locator(".messagelist")).to_contain_text("changed successfully")

    public = new_page()
    public.goto(f"/careers/{ROLE}/")
    name = requirement.skill.name
    item = public.locator("li", has=public.get_by_role("link", name=name, exact=True))
    expect(item.first).to_contain_text("Target: Expert")

    learner = new_page()
    log_in(learner, "ada@example.com")
    learner.wait_for_url("**/dashboard/")
    # Communication is not essential: its row is folded until the learner shows every skill.
    learner.get_by_role("button", name=re.compile("Show every skill")).click()
    row = learner.locator("#req-communication")
    expect(row.get_by_role("radio", name="5 Expert, the target")).to_be_attached()
    expect(row.locator(".lv-t input")).to_have_attribute("value", "5")


def test_a_learner_compares_roles_opens_the_plan_and_shares_a_public_profile(
    new_page, demo, screenshot
):
    page = new_page()
    sign_up(page, "ada@example.com")
    set_level(page, "python", "Advanced", js=True)
    expect(page.locator("#req-python input[value='4']")).to_be_checked()

    page.goto("/careers/compare/")
    page.get_by_label("From (role A)").select_option(label="Machine Learning Engineer")
    page.get_by_label("To (role B)").select_option(label="MLOps Engineer")
    page.get_by_role("button", name=re.compile("Compare")).click()
    page.wait_for_url(re.compile(r"a=machine-learning-engineer&b=mlops-engineer"))
    expect(
        page.get_by_role("progressbar", name=re.compile("Readiness for MLOps Engineer of someone"))
    ).to_be_visible()
    screenshot(page, "compare")

    page.goto("/dashboard/")
    page.get_by_role("link", name="See your learning plan").click()
    page.wait_for_url("**/dashboard/plan/**")
    expect(page.get_by_role("heading", level=1)).to_contain_text("plan")
    screenshot(page, "plan")

    page.get_by_role("link", name="Settings", exact=True).click()
    page.get_by_label("Display name").fill("Ada Lovelace")
    page.get_by_label("Make my profile public").check()
    handle = page.get_by_label("Handle").input_value()
    page.get_by_role("button", name=re.compile("Save")).click()
    expect(page.get_by_role("alert").or_(page.get_by_role("status")).first).to_be_visible()

    visitor = new_page()
    response = visitor.goto(f"/u/{handle}/")
    assert response.status == 200
    expect(visitor.get_by_role("heading", level=1)).to_contain_text("Ada Lovelace")
    expect(visitor.get_by_role("link", name="Log in")).to_be_visible()
    screenshot(visitor, "public-profile")


def test_a_private_profile_is_not_shown_logged_out(new_page, demo):
    UserFactory(email="ada@example.com", handle="ada", is_public=False)

    response = new_page().goto("/u/ada/")

    assert response.status == 404


def test_a_keyboard_user_sets_a_level_with_arrow_keys_and_enter(page, demo):
    sign_up(page, "ada@example.com")
    page.evaluate("window.__marker = 1")
    row = page.locator("#req-python")
    row.get_by_role("link", name=re.compile("Add a note")).focus()

    def level(value):
        return row.locator(f'input[name="level"][value="{value}"]')

    page.keyboard.press("Tab")
    expect(level(0)).to_be_focused()
    page.keyboard.press("ArrowRight")  # Aware: a change, saved by htmx
    expect(level(1)).to_be_checked()
    expect(page.locator("#req-python")).to_contain_text("Counts Aware, self-rated")
    # The row's status was swapped, and the keyboard user is still where they were.
    htmx_idle(page)
    expect(level(1)).to_be_focused()
    page.keyboard.press("ArrowRight")  # Guided
    expect(page.locator("#req-python")).to_contain_text("Counts Guided, self-rated")
    # The full Machine Learning Engineer profile is large: Aware alone moves it by under 1%.
    expect(meter(page)).not_to_have_attribute("aria-valuenow", "0")
    htmx_idle(page)
    expect(level(2)).to_be_focused()
    # Enter submits the row's form (saves Guided again). Wait for that request's answer before
    # reading the database: the live server may still be writing, and SQLite would refuse the
    # read with "database table is locked".
    with page.expect_response(
        lambda r: "/dashboard/skills/python/" in r.url and r.request.method == "POST"
    ):
        page.keyboard.press("Enter")
    page.keyboard.press("Space")  # already checked: nothing changes, nothing breaks
    expect(level(2)).to_be_checked()
    htmx_idle(page)

    assert page_was_not_reloaded(page)
    record = SkillRecord.objects.get(user__email="ada@example.com", skill__slug="python")
    assert record.level == 2


def test_the_csp_watcher_catches_a_violation(new_page, live_server):
    # A self-check of conftest.py: an injected inline script and inline style are reported.
    page = new_page()
    page.goto("/healthz/")
    page.evaluate(
        """() => {
        const s = document.createElement("script"); s.textContent = "window.x = 1";
        document.head.appendChild(s);
        document.body.setAttribute("style", "color: red");
    }"""
    )
    page.wait_for_timeout(200)
    problems = new_page.problems
    assert any("script-src" in v for v in problems.csp), problems.csp
    problems.csp.clear()


def test_an_ended_session_sends_an_htmx_click_to_the_login_page_and_back(page, demo):
    sign_up(page, "ada@example.com")
    page.context.clear_cookies(name="sessionid")  # the session ends; the CSRF cookie stays

    set_level(page, "python", "Independent", js=True)

    page.wait_for_url(re.compile(r"/accounts/login/\?next=%2Fdashboard%2F$"))
    expect(page.locator("#req-python")).to_have_count(0)  # no dashboard row swapped in
    log_in(page, "ada@example.com", path=page.url)
    page.wait_for_url("**/dashboard/")
    expect(meter(page)).to_be_visible()
