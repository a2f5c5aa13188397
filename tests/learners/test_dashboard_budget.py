"""The dashboard's size budget for the learner `make bench` measures (a level on every skill,
3 certifications, 5 projects, 2 degrees, a month of history): at most 60 KB of HTML with met and
non-essential rows folded. Its height and keyboard reach are measured in Chromium
(tests/browser/test_dashboard_layout.py)."""

import pytest

from bench.seed import seed_learner

MAX_BYTES = 60 * 1024

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_learner(demo_content):
    return seed_learner("full@example.com")


def test_the_full_dashboard_is_at_most_60_kb_folded(client, full_learner):
    client.force_login(full_learner)
    response = client.get("/dashboard/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Folded:" in html  # the budget is for the folded page
    assert len(response.content) <= MAX_BYTES, f"{len(response.content)} bytes"


def test_showing_every_row_shows_all_of_them(client, full_learner):
    """The folded page is small because it renders less, not because rows are lost."""
    from learners.readiness import role_profiles

    profile = role_profiles()[full_learner.target_role_id]
    full_learner.fold_rows = False
    full_learner.save(update_fields=["fold_rows"])
    client.force_login(full_learner)
    html = client.get("/dashboard/").content.decode()
    assert html.count('<li id="req-') == len(profile.requirements)
