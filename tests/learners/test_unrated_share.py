"""The dashboard says how much of the score the skills with no level yet carry (issue 24, item
6): a figure shown while rows are unrated must not pass for the whole truth."""

import re

from tests.factories import RequirementFactory, SkillFactory, SkillRecordFactory

DASHBOARD = "/dashboard/"


def share_line(html: str) -> str:
    match = re.search(
        r'<p class="small mt-2 mb-0" data-unrated-share="(\d+)">(.*?)</p>', html, re.S
    )
    return match and (match.group(1), " ".join(match.group(2).split()))


def make_skills(role):
    """An essential skill of importance 3 (weight 6) and two optional ones of importance 1
    (weight 1 each): 8 in all."""
    essential = SkillFactory(slug="python", name="Python")
    RequirementFactory(role=role, skill=essential, importance=3, is_essential=True)
    optional = [SkillFactory(slug=f"extra-{i}", name=f"Extra {i}") for i in range(2)]
    for skill in optional:
        RequirementFactory(role=role, skill=skill, importance=1, is_essential=False)
    return essential, optional


def test_it_names_the_unrated_skills_and_the_share_of_the_score_they_carry(client, learner, role):
    essential, _ = make_skills(role)
    SkillRecordFactory(user=learner, skill=essential, level=2)
    client.force_login(learner)
    html = client.get(DASHBOARD).content.decode()
    # Two optional skills of weight 1 out of 8: 25 %.
    assert share_line(html) == (
        "25",
        "2 skills with no level yet carry 25% of this score: "
        '<a href="#requirements">rate them</a> or <a href="/me/import/">import your CV</a>.',
    )


def test_one_unrated_skill_is_named_in_the_singular(client, learner, role):
    essential, optional = make_skills(role)
    SkillRecordFactory(user=learner, skill=essential, level=2)
    SkillRecordFactory(user=learner, skill=optional[0], level=1)
    client.force_login(learner)
    html = client.get(DASHBOARD).content.decode()
    assert share_line(html)[1].startswith("1 skill with no level yet carries 12% of this score")


def test_nothing_is_said_once_every_skill_has_a_level(client, learner, role):
    essential, optional = make_skills(role)
    for skill in (essential, *optional):
        SkillRecordFactory(user=learner, skill=skill, level=1)
    client.force_login(learner)
    assert share_line(client.get(DASHBOARD).content.decode()) is None


def test_a_level_change_refreshes_the_share_out_of_band(client, learner, role):
    essential, _ = make_skills(role)
    client.force_login(learner)
    assert share_line(client.get(DASHBOARD).content.decode())[0] == "100"
    response = client.post(
        f"/dashboard/skills/{essential.slug}/level/", {"level": 3}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert '<div id="summary" hx-swap-oob="true">' in html
    assert share_line(html)[0] == "25"  # what is left: the two optional skills
