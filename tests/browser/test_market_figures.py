"""Issue 22 item 7: a market figure never breaks inside its number ("USD 11.1 / 6 / billi / on"),
on a 1280 px screen or a 390 px phone, and the page does not scroll sideways."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ONE_LINE = """
(elements) => elements.map((el) => {
  const style = getComputedStyle(el);
  const lines = Math.round(el.getBoundingClientRect().height / parseFloat(style.lineHeight));
  return [el.textContent.trim(), lines, el.scrollWidth <= el.clientWidth + 1];
})
"""


@pytest.mark.parametrize("width", [1280, 390])
def test_every_figure_stays_on_one_line(new_page, demo, width):
    page = new_page(viewport={"width": width, "height": 900})
    page.goto("/careers/machine-learning-engineer/")
    figures = page.locator(".role-figure-value, .role-pay-figure")
    assert figures.count() >= 4
    measured = figures.evaluate_all(ONE_LINE)
    for text, lines, fits in measured:
        assert lines == 1, (width, text)
        assert fits, (width, text)
    assert any("billion" in text for text, _, _ in measured)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
