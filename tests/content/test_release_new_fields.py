"""A field a migration adds after a release has no baseline value: the next release fills it
instead of mistaking the migration's default for an editor's change (issue 22 item 3)."""

from pathlib import Path

import pytest

from roles.content_release import sync_content
from roles.models import Certification, ContentRelease

pytestmark = pytest.mark.django_db
RELEASE = Path("fixtures/roles.json")
SLUG = "google-professional-machine-learning-engineer"


def _forget_field(name: str) -> None:
    """Make the last release's baseline look as if it predated the field."""
    last = ContentRelease.objects.latest()
    for row in last.content["roles.certification"].values():
        row["fields"].pop(name, None)
    last.save(update_fields=["content"])


def test_a_release_fills_a_field_its_last_baseline_did_not_have():
    sync_content(RELEASE)
    _forget_field("level")
    Certification.objects.filter(slug=SLUG).update(level="associate")  # the migration's default
    report = sync_content(RELEASE)

    assert Certification.objects.get(slug=SLUG).level == "professional"
    assert any(SLUG in line and "level" in line for line in report.updated)
    assert not any(SLUG in line and "level" in line for line in report.conflicts)


def test_an_editors_change_to_a_known_field_is_still_kept():
    sync_content(RELEASE)
    Certification.objects.filter(slug=SLUG).update(level="associate")  # an editor's change

    report = sync_content(RELEASE)

    assert Certification.objects.get(slug=SLUG).level == "associate"
    assert any(SLUG in line and "level" in line for line in report.conflicts)
