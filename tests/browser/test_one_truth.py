"""One number everywhere, and no typing lost: the "one truth" journeys in a real browser."""

import re

import pytest
from playwright.sync_api import expect

from learners.models import SkillRecord, User
from learners.readiness import role_profiles
from tests.browser.test_journeys import htmx_idle, meter, sign_up

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def figure(page, role, kind="claimed") -> list[str]:
    """Every readiness figure on the page for `role`, as displayed."""
    selector = f'[data-readiness-role="{role}"][data-readiness-kind="{kind}"]'
    return [text.strip() for text in page.locator(selector).all_inner_texts()]


def test_a_learner_at_every_ml_engineer_target_reads_one_mlops_number_everywhere(page, demo):
    sign_up(page, "ada@example.com")
    ada = User.objects.get(email="ada@example.com")
    profiles = {p.slug: p for p in role_profiles().values()}
    SkillRecord.objects.bulk_create(
        SkillRecord(user=ada, skill_id=spec.skill_id, level=spec.target)
        for spec in profiles["machine-learning-engineer"].requirements
    )
    User.objects.filter(pk=ada.pk).update(is_public=True)

    page.goto("/dashboard/")
    table = figure(page, "mlops-engineer")
    assert len(table) == 1, table
    assert re.fullmatch(r"\d+%", table[0]), table
    number = table[0]

    # Make MLOps the target: the meter, the table and the summary say the same.
    page.get_by_label("Target role").select_option(label="MLOps Engineer")
    page.get_by_role("button", name="Make this my target").click()
    expect(page.get_by_role("heading", name="Your readiness for MLOps Engineer")).to_be_visible()
    htmx_idle(page)
    assert set(figure(page, "mlops-engineer")) == {number}
    assert f"{meter(page).get_attribute('aria-valuenow')}%" == number

    page.goto("/careers/compare/?a=machine-learning-engineer&b=mlops-engineer")
    transfer = page.locator("#transfer-heading + p strong").inner_text()
    assert transfer == number  # what transfers = readiness of someone at the ML targets
    assert figure(page, "mlops-engineer") == [number]  # the learner's own

    page.goto("/u/ada/")
    assert figure(page, "mlops-engineer") == [number]
    assert f"{meter(page).get_attribute('aria-valuenow')}%" == number

    page.goto("/dashboard/plan/")
    assert figure(page, "mlops-engineer") == [number]


def test_clicking_a_level_never_discards_a_note_being_typed(page, demo):
    sign_up(page, "ada@example.com")
    page.evaluate("window.__marker = 1")
    row = page.locator("#req-python")
    row.get_by_role("link", name=re.compile("Add a note")).click()
    note = row.get_by_label("Private note")
    note.fill("Work through the tutorial first")
    row.get_by_role("radio", name=re.compile(r"^3 Independent")).check()
    expect(row).to_contain_text("Counts Independent, self-rated")
    htmx_idle(page)
    expect(note).to_have_value("Work through the tutorial first")
    row.get_by_role("button", name=re.compile("Save note")).click()
    expect(row.locator("#note-text-python")).to_contain_text("Work through the tutorial first")
    assert page.evaluate("window.__marker") == 1
    record = SkillRecord.objects.get(user__email="ada@example.com", skill__slug="python")
    assert (record.level, record.note) == (3, "Work through the tutorial first")
