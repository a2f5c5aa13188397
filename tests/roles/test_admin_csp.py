"""The admin pages editors use carry no inline style or script, which the CSP would block."""

import re

import pytest
from django.urls import reverse

from tests.factories import RequirementFactory

INLINE = re.compile(rb"<script(?![^>]*\bsrc=)[^>]*>|\sstyle=\"|\son[a-z]+=\"")


@pytest.mark.django_db
def test_the_history_page_of_a_requirement_has_no_inline_style(client, editor):
    requirement = RequirementFactory()
    requirement.target_level = 4
    requirement.save()
    client.force_login(editor)
    url = reverse("admin:roles_requirement_history", args=[requirement.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert b"history-paginator" in response.content
    assert b"css/admin-extra.css" in response.content
    assert not INLINE.search(response.content), INLINE.search(response.content)
