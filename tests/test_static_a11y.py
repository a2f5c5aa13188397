"""Accessibility fixes that can be checked without a browser: dark-mode colours and the focus ring
read from the CSS itself, the search-dismiss script wired into every page, and the markup of the
settings, compare and admin pages."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import RequirementFactory, RoleFactory, SkillFactory

STATIC = Path(settings.BASE_DIR) / "static"
DARK_BODY_BG = "#212529"
LIGHT_BODY_BG = "#ffffff"
DARK_SCHEME = "@media (prefers-color-scheme: dark)"


# --- a small CSS reader: enough for our own hand-written stylesheets ---------------------------


def css_rules(text: str) -> list[tuple[str, str, dict[str, str]]]:
    """(enclosing at-rule or "", selector list, declarations) for every rule in `text`."""
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    rules = []
    stack: list[str] = []
    prelude = ""
    for token in re.split(r"([{}])", text):
        if token == "{":
            stack.append(" ".join(prelude.split()))
            prelude = ""
        elif token == "}":
            if stack:
                selector = stack.pop()
                if not selector.startswith("@"):
                    context = stack[-1] if stack else ""
                    rules.append((context, selector, parse_declarations(prelude)))
            prelude = ""
        else:
            prelude += token
    return rules


def parse_declarations(block: str) -> dict[str, str]:
    declarations = {}
    for part in block.split(";"):
        name, sep, value = part.partition(":")
        if sep and name.strip():
            declarations[name.strip()] = " ".join(value.replace("!important", "").split())
    return declarations


def declarations_for(rules, *, context: str, selector_part: str) -> dict[str, str]:
    """Every declaration of rules in `context` whose selector list names `selector_part`."""
    found: dict[str, str] = {}
    for rule_context, selector, declarations in rules:
        selectors = [s.strip() for s in selector.split(",")]
        if rule_context == context and any(s.endswith(selector_part) for s in selectors):
            found.update(declarations)
    return found


def relative_luminance(hex_colour: str) -> float:
    hex_colour = hex_colour.lstrip("#")
    if len(hex_colour) == 3:
        hex_colour = "".join(c * 2 for c in hex_colour)
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    light, dark = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def dark_variable(name: str) -> str:
    rules = css_rules((STATIC / "css/bootstrap-dark-auto.css").read_text())
    return declarations_for(
        rules, context=DARK_SCHEME, selector_part=":root:not([data-bs-theme=light])"
    )[name]


def test_contrast_helper_agrees_with_wcag_reference_values():
    assert contrast("#000", "#fff") == pytest.approx(21)
    # Bootstrap's secondary grey on the dark body: the failure the review found.
    assert contrast("#6c757d", DARK_BODY_BG) == pytest.approx(3.28, abs=0.01)


# --- dark mode ---------------------------------------------------------------------------------

DARK_CONTEXTS = [
    pytest.param(DARK_SCHEME, ":root:not([data-bs-theme=light]) ", id="system-preference"),
    pytest.param("", "[data-bs-theme=dark] ", id="theme-attribute"),
]


@pytest.mark.parametrize(("context", "scope"), DARK_CONTEXTS)
@pytest.mark.parametrize("button", [".btn-outline-secondary", ".btn-outline-primary"])
def test_it_gives_outline_buttons_readable_colours_in_dark_mode(context, scope, button):
    rules = css_rules((STATIC / "css/bootstrap-dark-auto.css").read_text())
    variables = declarations_for(rules, context=context, selector_part=scope + button)
    assert variables, f"no dark override for {button} under {scope.strip()}"
    assert contrast(variables["--bs-btn-color"], DARK_BODY_BG) >= 4.5
    assert contrast(variables["--bs-btn-border-color"], DARK_BODY_BG) >= 3
    # Hover and checked (.btn-check:checked + .btn) fill the button: the text must read on it.
    assert contrast(variables["--bs-btn-hover-color"], variables["--bs-btn-hover-bg"]) >= 4.5
    assert contrast(variables["--bs-btn-active-color"], variables["--bs-btn-active-bg"]) >= 4.5
    # A checked level is filled, an unchecked one is an outline: they must not look alike.
    assert variables["--bs-btn-active-bg"] != "transparent"
    assert contrast(variables["--bs-btn-active-bg"], DARK_BODY_BG) >= 3


@pytest.mark.parametrize(("context", "scope"), DARK_CONTEXTS)
def test_it_gives_danger_links_a_readable_colour_in_dark_mode(context, scope):
    rules = css_rules((STATIC / "css/bootstrap-dark-auto.css").read_text())
    declarations = declarations_for(rules, context=context, selector_part=scope + ".link-danger")
    assert declarations["color"] == "var(--bs-danger-text-emphasis)"
    assert contrast(dark_variable("--bs-danger-text-emphasis"), DARK_BODY_BG) >= 4.5


# --- focus ring --------------------------------------------------------------------------------


def test_it_draws_focus_outlines_without_the_faint_ring_variable():
    rules = css_rules((STATIC / "css/app.css").read_text())
    outlines = [d["outline"] for _, _, d in rules if "outline" in d]
    assert outlines
    for outline in outlines:
        assert "--bs-focus-ring-color" not in outline
        assert "solid" in outline


@pytest.mark.parametrize(
    "selector", [".btn-check:focus-visible + .btn", ".nav-link:focus-visible", ".btn:focus-visible"]
)
def test_it_rings_focused_buttons_nav_links_and_level_radios(selector):
    rules = css_rules((STATIC / "css/app.css").read_text())
    declarations = declarations_for(rules, context="", selector_part=selector)
    assert declarations["outline"] == "3px solid var(--ch-focus-color)"
    assert declarations["outline-offset"] == "2px"


def test_its_focus_colour_is_solid_and_visible_in_both_schemes():
    rules = css_rules((STATIC / "css/app.css").read_text())
    light = declarations_for(rules, context="", selector_part=":root")["--ch-focus-color"]
    dark_attribute = declarations_for(rules, context="", selector_part="[data-bs-theme=dark]")
    dark_system = declarations_for(
        rules, context=DARK_SCHEME, selector_part=":root:not([data-bs-theme=light])"
    )
    assert contrast(light, LIGHT_BODY_BG) >= 3
    for dark in (dark_attribute["--ch-focus-color"], dark_system["--ch-focus-color"]):
        assert contrast(dark, DARK_BODY_BG) >= 3


# --- header search results close ----------------------------------------------------------------


def test_every_page_loads_the_search_dismiss_script_without_inline_code(client, role):
    html = client.get(reverse("roles:home")).content.decode()
    assert 'id="header-search-results"' in html
    assert "/static/js/search-dismiss.js" in html
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", html, flags=re.S)
    assert all("src=" in attributes and not body.strip() for attributes, body in scripts)
    # It comes after htmx, so htmx is there when its events fire.
    assert html.index("htmx-2.min.js") < html.index("search-dismiss.js")


def test_the_search_dismiss_script_closes_on_escape_focus_leaving_and_click_outside():
    script = (STATIC / "js/search-dismiss.js").read_text()
    assert "header-search-results" in script
    assert '"Escape"' in script
    assert '"focusout"' in script
    assert 'document.addEventListener("click"' in script
    assert "eval(" not in script
    assert "innerHTML" not in script


# --- settings, compare, admin -------------------------------------------------------------------


def test_its_public_profile_notice_uses_a_readable_alert_link(client, learner):
    learner.is_public = True
    learner.save(update_fields=["is_public"])
    client.force_login(learner)
    html = client.get(reverse("accounts:settings")).content.decode()
    notice = re.search(r'<p class="alert alert-info">.*?</p>', html, flags=re.S).group()
    assert "/u/ada/" in notice
    assert 'class="alert-link' in notice


def test_its_settings_gutters_fit_a_phone(client, learner):
    client.force_login(learner)
    html = client.get(reverse("accounts:settings")).content.decode()
    assert "Your profile is private" in html
    assert 'class="row g-4 g-lg-5"' in html
    assert 'class="row g-5"' not in html


def test_its_compare_table_shows_the_difference_second_in_a_keyboard_reachable_region(client, role):
    other = RoleFactory(slug="mlops-engineer", title="MLOps Engineer")
    python = SkillFactory(slug="python", name="Python")
    RequirementFactory(role=role, skill=python, target_level=4)
    RequirementFactory(role=other, skill=python, target_level=3)
    response = client.get(reverse("learners:compare"), {"a": role.slug, "b": other.slug})
    html = response.content.decode()
    region = re.search(r'<div class="table-responsive"[^>]*>', html).group()
    assert 'tabindex="0"' in region
    assert 'role="region"' in region
    assert 'aria-label="' in region
    headers = re.findall(r'<th scope="col">(.*?)</th>', html)
    assert headers == ["Skill", "Difference", "Machine Learning Engineer", "MLOps Engineer"]
    row = re.search(r"<tbody>.*?</tr>", html, flags=re.S).group()
    cells = re.findall(r"<td>(.*?)</td>", row, flags=re.S)
    assert cells[0] == "MLOps Engineer asks 1 level less"


def test_the_admin_pages_name_the_site_favicon(client, db):
    html = client.get(reverse("admin:login")).content.decode()
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in html
