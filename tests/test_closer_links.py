"""Every site link a next step offers ("what would close it") lands on a page that has it."""

import datetime as dt
import re

import pytest

from learners.readiness import LearnerRecords, compute_readiness, role_profiles


@pytest.mark.django_db
def test_every_internal_closer_link_lands_on_its_anchor(client, demo_content):
    today = dt.date(2026, 11, 24)
    empty = LearnerRecords(ratings={})
    links = set()
    for profile in role_profiles().values():
        readiness = compute_readiness(profile, empty, today=today)
        for row in readiness.rows:
            links.update(c.url for c in row.spec.closers if c.url.startswith("/"))
        for step in readiness.next_steps:
            links.update(c.url for c in step.closers if c.url.startswith("/"))
    assert any("#idea-" in link for link in links)

    pages = {}
    for link in sorted(links):
        path, _, anchor = link.partition("#")
        if path not in pages:
            response = client.get(path)
            assert response.status_code == 200, link
            pages[path] = response.content.decode()
        if anchor:
            assert re.search(rf'id="{re.escape(anchor)}"', pages[path]), link
