"""A private note on any skill, edited in place on the dashboard and the skill page."""

import re

from django.urls import reverse

from learners.models import SkillRecord
from tests.factories import SkillFactory, SkillRecordFactory
from tests.learners.test_dashboard import make_role

HX = {"HX-Request": "true"}


def note_url(skill):
    return reverse("learners:skill_note", args=[skill.slug])


def test_it_requires_login(client, db):
    skill = SkillFactory()
    assert client.get(note_url(skill)).status_code == 302


def test_htmx_gets_the_note_form_as_a_fragment(client, learner):
    skill = SkillFactory(slug="pandas", name="pandas")
    SkillRecordFactory(user=learner, skill=skill, note="Practise groupby")
    client.force_login(learner)
    response = client.get(note_url(skill), headers=HX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert html.lstrip().startswith('<form id="note-form-pandas"')
    assert "Practise groupby" in html
    assert 'for="id_pandas_note"' in html
    assert "Private note" in html
    assert "HX-Request" in response["Vary"]


def test_without_javascript_the_note_is_a_full_page(client, learner):
    skill = SkillFactory(slug="pandas", name="pandas")
    client.force_login(learner)
    response = client.get(note_url(skill))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" in html
    assert "Your note on pandas" in html


def test_it_saves_a_note_with_htmx_and_keeps_the_level(client, learner):
    skill = SkillFactory()
    SkillRecordFactory(user=learner, skill=skill, level=4, note="")
    client.force_login(learner)
    response = client.post(note_url(skill), {"note": "Revise joins"}, headers=HX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Saved." in html
    # The row's note and its link are swapped out of band: the link now offers to edit.
    assert re.search(rf'<a id="note-link-{skill.slug}"[^>]*hx-swap-oob="true">Edit note<', html)
    assert re.search(rf'id="note-text-{skill.slug}"[^>]*hx-swap-oob="true">.*Revise joins', html)
    record = SkillRecord.objects.get(user=learner, skill=skill)
    assert (record.level, record.note) == (4, "Revise joins")
    cleared = client.post(note_url(skill), {"note": ""}, headers=HX).content.decode()
    assert re.search(rf'<a id="note-link-{skill.slug}"[^>]*hx-swap-oob="true">Add a note<', cleared)


def test_it_saves_a_note_without_javascript_and_shows_it_on_its_row(client, learner, role):
    skill = make_role(role)[0]
    client.force_login(learner)
    response = client.post(note_url(skill), {"note": "Start with the docs"})
    assert response.status_code == 302
    assert response["Location"] == f"/dashboard/?row={skill.slug}#req-{skill.slug}"
    html = client.get(response["Location"]).content.decode()
    assert "is saved" in html
    row = html[html.index(f'id="req-{skill.slug}"') :]
    assert "Your note:</span> Start with the docs" in row[: row.index("</li>")]
    assert SkillRecord.objects.get(user=learner, skill=skill).level == 0


def test_setting_a_level_keeps_the_note(client, learner, role):
    skills = make_role(role)
    SkillRecordFactory(user=learner, skill=skills[0], level=1, note="Keep me")
    client.force_login(learner)
    client.post(reverse("learners:set_skill_level", args=[skills[0].slug]), {"level": 3})
    assert SkillRecord.objects.get(user=learner, skill=skills[0]).note == "Keep me"


def test_a_too_long_note_is_an_error_and_keeps_the_old_note(client, learner):
    skill = SkillFactory()
    SkillRecordFactory(user=learner, skill=skill, note="Old")
    client.force_login(learner)
    response = client.post(note_url(skill), {"note": "x" * 2001}, headers=HX)
    assert response.status_code == 422
    assert "at most 2000 characters" in response.content.decode()
    response = client.post(note_url(skill), {"note": "x" * 2001})
    assert response.status_code == 200
    assert SkillRecord.objects.get(user=learner, skill=skill).note == "Old"


def test_a_note_can_be_cleared(client, learner):
    skill = SkillFactory()
    SkillRecordFactory(user=learner, skill=skill, note="Old")
    client.force_login(learner)
    client.post(note_url(skill), {"note": ""})
    assert SkillRecord.objects.get(user=learner, skill=skill).note == ""


def test_an_unknown_skill_answers_404(client, learner):
    client.force_login(learner)
    assert client.get("/dashboard/skills/nope/note/").status_code == 404
    assert client.post("/dashboard/skills/nope/note/", {"note": "x"}).status_code == 404


def test_each_dashboard_row_links_to_its_note(client, learner, role):
    skills = make_role(role)
    client.force_login(learner)
    html = client.get("/dashboard/").content.decode()
    url = note_url(skills[0])
    assert f'href="{url}" hx-get="{url}"' in html
    # Inside the row's status, which a level change swaps out of band, the link is not itself
    # out of band (htmx would swap it twice).
    link = re.search(rf'<a id="note-link-{skills[0].slug}"[^>]*>', html).group(0)
    assert "hx-swap-oob" not in link
