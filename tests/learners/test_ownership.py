"""Every learner-owned object is reachable only by its owner: anyone else gets 404 and nothing
changes. The test walks learners.urls, so a new URL that is not covered here fails it."""

import logging

import pytest
from django.urls import URLPattern, reverse

import learners.urls
from learners.models import (
    EarnedCertification,
    EducationRecord,
    PortfolioProject,
    ProjectSkill,
    ReadinessSnapshot,
    SkillRecord,
    User,
)
from tests.factories import (
    CertificationFactory,
    EarnedCertificationFactory,
    EducationPathFactory,
    EducationRecordFactory,
    PortfolioProjectFactory,
    ProjectSkillFactory,
    SkillRecordFactory,
)
from tests.learners.test_dashboard import make_role

HX = {"HX-Request": "true"}


def _certification(owner, skills):
    return EarnedCertificationFactory(user=owner, credential_id="OWNER")


def _project(owner, skills):
    project = PortfolioProjectFactory(user=owner, title="Owner's project")
    ProjectSkillFactory(project=project, skill=skills[0], level=4)
    return project


def _education(owner, skills):
    return EducationRecordFactory(user=owner, institution="Owner's university")


def _edit_data(skills):
    """Valid data: if another learner could post it, the owner's record would change."""
    return {
        "certification": {
            "certification": CertificationFactory(name="Intruder cert").pk,
            "issued_on": "2024-01-01",
            "credential_id": "INTRUDER",
        },
        "project": {"title": "Intruder", "status": "planned", "skill_level": 2},
        "education": {
            "education_path": EducationPathFactory(title="Intruder degree").pk,
            "institution": "Intruder",
            "year": 2000,
            "status": "completed",
        },
    }


# URL name -> how to make the owner's object its <pk> points at.
OWNED = {
    "certification_edit": _certification,
    "certification_delete": _certification,
    "project_edit": _project,
    "project_delete": _project,
    "education_edit": _education,
    "education_delete": _education,
}
# URLs without an object id: they act only on the signed-in learner's own data by construction
# (checked below by posting as the other learner and seeing the owner's data unchanged).
SELF_SCOPED = {
    "dashboard",
    "set_target_role",
    "plan",
    "set_skill_level",
    "skill_note",
    "certification_add",
    "project_add",
    "education_add",
}


def patterns():
    return [p for p in learners.urls.urlpatterns if isinstance(p, URLPattern)]


def owner_state(owner):
    return (
        list(User.objects.filter(pk=owner.pk).values("target_role", "weekly_hours")),
        list(SkillRecord.objects.filter(user=owner).values()),
        list(EarnedCertification.objects.filter(user=owner).values()),
        list(PortfolioProject.objects.filter(user=owner).values()),
        list(ProjectSkill.objects.filter(project__user=owner).values()),
        list(EducationRecord.objects.filter(user=owner).values()),
        list(ReadinessSnapshot.objects.filter(user=owner).values()),
    )


def test_every_learner_url_is_covered_by_this_test():
    names = {p.name for p in patterns()}
    with_ids = {p.name for p in patterns() if "pk" in p.pattern.converters}
    assert with_ids <= set(OWNED), f"URLs with an object id not covered: {with_ids - set(OWNED)}"
    assert names <= set(OWNED) | SELF_SCOPED, f"unclassified: {names - set(OWNED) - SELF_SCOPED}"
    assert all(p.pattern.converters.keys() <= {"pk", "skill_slug"} for p in patterns())


@pytest.mark.parametrize("name", sorted(OWNED))
@pytest.mark.parametrize("headers", [{}, HX], ids=["plain", "htmx"])
def test_another_learner_gets_404_and_changes_nothing(
    client, learner, other_learner, role, name, headers, caplog
):
    skills = make_role(role)
    owned = OWNED[name](learner, skills)
    kind = name.split("_")[0]
    data = _edit_data(skills)[kind]
    url = reverse(f"learners:{name}", args=[owned.pk])
    before = owner_state(learner)
    client.force_login(other_learner)
    with caplog.at_level(logging.WARNING, logger="careerhub.security"):
        assert client.get(url, headers=headers).status_code == 404
        assert client.post(url, data, headers=headers).status_code == 404
    assert owner_state(learner) == before
    denied = [r for r in caplog.records if r.name == "careerhub.security"]
    assert len(denied) == 2
    assert f"user={other_learner.pk}" in denied[0].getMessage()
    # The owner still reaches it.
    client.force_login(learner)
    assert client.get(url, headers=headers).status_code == 200


def test_self_scoped_urls_never_touch_another_learners_data(client, learner, other_learner, role):
    skills = make_role(role)
    SkillRecordFactory(user=learner, skill=skills[0], level=4, note="owner's note")
    _certification(learner, skills)
    _project(learner, skills)
    _education(learner, skills)
    learner.target_role = role
    learner.save()
    before = owner_state(learner)
    client.force_login(other_learner)
    slug = skills[0].slug
    data = _edit_data(skills)
    for method, url, payload in [
        ("get", reverse("learners:dashboard"), {}),
        ("get", reverse("learners:plan"), {}),
        ("post", reverse("learners:set_target_role"), {"role": role.slug}),
        ("post", reverse("learners:set_skill_level", args=[slug]), {"level": 1}),
        ("get", reverse("learners:skill_note", args=[slug]), {}),
        ("post", reverse("learners:skill_note", args=[slug]), {"note": "intruder"}),
        ("post", reverse("learners:certification_add"), data["certification"]),
        ("post", reverse("learners:project_add"), data["project"]),
        ("post", reverse("learners:education_add"), data["education"]),
    ]:
        response = getattr(client, method)(url, payload)
        assert response.status_code in (200, 302), (url, response.status_code)
        assert "owner&#x27;s note" not in response.content.decode()
    assert owner_state(learner) == before
    # The note page shows the other learner's own (empty) note, never the owner's.
    html = client.get(reverse("learners:skill_note", args=[slug])).content.decode()
    assert "owner" not in html.lower()


def test_the_dashboard_never_lists_another_learners_records(client, learner, other_learner, role):
    skills = make_role(role)
    _certification(learner, skills)
    _project(learner, skills)
    _education(learner, skills)
    client.force_login(other_learner)
    html = client.get(reverse("learners:dashboard")).content.decode()
    assert "Owner&#x27;s project" not in html
    assert "Owner&#x27;s university" not in html
    assert "No certifications yet." in html
