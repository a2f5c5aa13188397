"""Real-browser tests: Playwright drives Debian's Chromium (apt package `chromium`; never
`playwright install`) against pytest-django's live server.

Every page a test opens records Content Security Policy violations and page errors, and the
test fails if there was any.
"""

import os
import re
from pathlib import Path

import pytest

from bench.click_latency import CHROMIUM, CHROMIUM_ARGS  # Debian's Chromium and its flags, shared

# Playwright's sync API runs an event loop in this thread; Django would refuse ORM calls from a
# thread with a running loop, although these calls are plain synchronous test code.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"

# Reports every securitypolicyviolation event to Python; added through the DevTools protocol, so
# the page's own CSP does not apply to it.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__reportCsp(`${event.violatedDirective} blocked ${event.blockedURI || "inline"}`
    + ` at ${event.sourceFile || document.location.href}:${event.lineNumber}`);
});
"""


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Browser tests need Chromium at {CHROMIUM}: `make browser-deps` installs it "
            "(apt-get install chromium)."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield instance
        instance.close()


class PageProblems:
    """CSP violations and JavaScript errors seen by every page of one test."""

    def __init__(self):
        self.csp: list[str] = []
        self.errors: list[str] = []

    def watch(self, page):
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(f"page error: {error}"))

    def _console(self, message):
        if message.type == "error" and "Content Security Policy" in message.text:
            self.csp.append(f"console: {message.text}")


@pytest.fixture
def new_page(browser, live_server):
    """Open a page in a fresh browser context (options as for browser.new_context)."""
    problems = PageProblems()
    contexts = []

    def open_page(**options):
        context = browser.new_context(base_url=live_server.url, **options)
        context.set_default_timeout(10_000)
        context.expose_binding("__reportCsp", lambda source, text: problems.csp.append(text))
        context.add_init_script(CSP_LISTENER)
        contexts.append(context)
        page = context.new_page()
        problems.watch(page)
        return page

    open_page.problems = problems
    yield open_page
    for context in contexts:
        context.close()
    assert problems.csp == [], "Content Security Policy violations:\n" + "\n".join(problems.csp)
    assert problems.errors == [], "JavaScript errors:\n" + "\n".join(problems.errors)


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def screenshot():
    """Save a full-page screenshot under test-results/screenshots/<name>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name):
        safe = re.sub(r"[^a-z0-9-]+", "-", name.lower()).strip("-")
        page.screenshot(path=SCREENSHOTS / f"{safe}.png", full_page=True)

    return take


@pytest.fixture
def demo(transactional_db):
    from django.core.management import call_command

    call_command("loaddata", "fixtures/roles.json", verbosity=0)
