"""Every learner-owned object is reachable only by its owner: anyone else gets 404 and nothing
changes; every other learner URL acts only on the signed-in learner or shows only public data.

The test walks the whole URL conf (django.urls.get_resolver()) for the `learners` and
`accounts` namespaces and fails when a URL there is not classified below:

- OWNED: the URL names one learner's object by id; another learner gets 404 and the owner's
  data is unchanged (every method, with and without htmx).
- SELF_SCOPED: no object id; the view acts on request.user only. Each has a recipe that posts
  as another learner (valid data, so it really changes something of theirs) and the first
  learner's data, sessions and password stay as they were.
- PUBLIC: reachable signed out (login, signup, password reset, the public profile). Each has a
  recipe that aims at the first learner (her email, her handle, her reset link) and changes
  nothing of hers.

A URL with an `int` converter or a `pk` argument must be OWNED, and a URL argument not listed in
KNOWN_ARGUMENTS fails the test until someone decides what it names.
"""

import io
import json
import logging
import zipfile

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from learners.models import (
    EarnedCertification,
    EducationRecord,
    ImportBatch,
    PortfolioProject,
    ProjectSkill,
    ReadinessSnapshot,
    SkillRecord,
    User,
)
from learners.models import LearnerSession as Session
from tests.factories import (
    CertificationFactory,
    EarnedCertificationFactory,
    EducationPathFactory,
    EducationRecordFactory,
    PortfolioProjectFactory,
    ProjectSkillFactory,
    RoleFactory,
    SkillRecordFactory,
)
from tests.learners.test_dashboard import make_role

HX = {"HX-Request": "true"}
NAMESPACES = {"learners", "accounts"}
PASSWORD = "correct-horse-battery"  # tests.factories.UserFactory: Bob's
ADA_PASSWORD = "ada-only-pass-phrase"
# URL arguments that name something other than a learner's object.
KNOWN_ARGUMENTS = {"pk", "skill_slug", "role_slug", "handle", "uidb64", "token"}


def _certification(owner, skills):
    return EarnedCertificationFactory(user=owner, credential_id="OWNER")


def _project(owner, skills):
    project = PortfolioProjectFactory(user=owner, title="Owner's project")
    ProjectSkillFactory(project=project, skill=skills[0], level=4)
    return project


def _education(owner, skills):
    return EducationRecordFactory(user=owner, institution="Owner's university")


def _import(owner, skills):
    """A CV import under review (learners/views/imports.py)."""
    skill = {"slug": skills[0].slug, "name": skills[0].name, "level": 3, "reason": "", "phrase": ""}
    proposal = {"source": "CV text", "skills": [skill], "certifications": [], "projects": []}
    return ImportBatch.objects.create(user=owner, source="CV text", proposal=proposal)


def _edit_data(skills):
    """Valid data: if another learner could post it, the owner's record would change."""
    return {
        "certification": {
            "certification": CertificationFactory(name="Intruder cert").pk,
            "issued_on": "2024-01-01",
            "credential_id": "INTRUDER",
        },
        "project": {"title": "Intruder", "status": "planned", "skill_level": 2},
        "import": {"skill": [skills[0].slug], f"level-{skills[0].slug}": "5"},
        "education": {
            "education_path": EducationPathFactory(title="Intruder degree").pk,
            "institution": "Intruder",
            "year": 2000,
            "status": "completed",
        },
    }


# URL name -> how to make the owner's object its <pk> points at.
OWNED = {
    "learners:certification_edit": _certification,
    "learners:certification_delete": _certification,
    "learners:project_edit": _project,
    "learners:project_delete": _project,
    "learners:education_edit": _education,
    "learners:education_delete": _education,
    "learners:import_review": _import,
    "learners:import_abandon": _import,
    "learners:import_undo": _import,
}


def walk(resolver=None, namespace="", converters=None):
    """(namespaced name, every converter on the way) of each URL in NAMESPACES."""
    for pattern in (resolver or get_resolver()).url_patterns:
        found = {**(converters or {}), **pattern.pattern.converters}
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace]))
            yield from walk(pattern, inner, found)
        elif isinstance(pattern, URLPattern) and namespace.split(":")[0] in NAMESPACES:
            yield f"{namespace}:{pattern.name}", found


def owner_state(owner):
    return (
        list(User.objects.filter(pk=owner.pk).values()),
        list(SkillRecord.objects.filter(user=owner).values()),
        list(EarnedCertification.objects.filter(user=owner).values()),
        list(PortfolioProject.objects.filter(user=owner).values()),
        list(ProjectSkill.objects.filter(project__user=owner).values()),
        list(EducationRecord.objects.filter(user=owner).values()),
        list(ReadinessSnapshot.objects.filter(user=owner).values()),
        list(ImportBatch.objects.filter(user=owner).values()),
    )


# --- self-scoped URLs: each recipe runs as Bob; it returns nothing, and asserts what Bob sees
# and that Bob's own data did change where the request is meant to change it.


def _dashboard(ctx):
    for headers in ({}, HX):
        response = ctx.bob.get(reverse("learners:dashboard"), headers=headers)
        assert response.status_code == 200
        assert "owner" not in response.text.lower()


def _plan(ctx):
    response = ctx.bob.get(reverse("learners:plan"))
    assert response.status_code == 200
    assert "owner" not in response.text.lower()


def _set_target_role(ctx):
    url = reverse("learners:set_target_role")
    assert ctx.bob.post(url, {"role": ctx.other_role.slug}).status_code == 302
    assert ctx.bob.post(url, {"role": ctx.other_role.slug}, headers=HX).status_code == 200
    assert User.objects.get(pk=ctx.other.pk).target_role == ctx.other_role


def _dismiss_changes(ctx):
    url = reverse("learners:dismiss_changes")
    before = User.objects.get(pk=ctx.other.pk).changes_seen_at
    assert ctx.bob.post(url).status_code == 302
    assert ctx.bob.post(url, headers=HX).status_code == 200
    assert User.objects.get(pk=ctx.other.pk).changes_seen_at > before


def _set_row_folding(ctx):
    url = reverse("learners:set_row_folding")
    assert ctx.bob.post(url, {"fold": "0"}).status_code == 302
    assert User.objects.get(pk=ctx.other.pk).fold_rows is False
    assert ctx.bob.post(url, {"fold": "1"}, headers=HX).status_code == 200
    assert User.objects.get(pk=ctx.other.pk).fold_rows is True


def _set_skill_level(ctx):
    url = reverse("learners:set_skill_level", args=[ctx.skill.slug])
    assert ctx.bob.post(url, {"level": 1}).status_code == 302
    assert ctx.bob.post(url, {"level": 2}, headers=HX).status_code == 200
    assert SkillRecord.objects.get(user=ctx.other, skill=ctx.skill).level == 2


def _skill_note(ctx):
    url = reverse("learners:skill_note", args=[ctx.skill.slug])
    for headers in ({}, HX):
        assert "owner" not in ctx.bob.get(url, headers=headers).text.lower()
    assert ctx.bob.post(url, {"note": "intruder"}).status_code == 302
    assert ctx.bob.post(url, {"note": "intruder 2"}, headers=HX).status_code == 200
    assert SkillRecord.objects.get(user=ctx.other, skill=ctx.skill).note == "intruder 2"
    assert "owner" not in ctx.bob.get(url).text.lower()


def _record_add(kind, model):
    def recipe(ctx):
        url = reverse(f"learners:{kind}_add")
        assert ctx.bob.get(url).status_code == 200
        response = ctx.bob.post(url, _edit_data(ctx.skills)[kind])
        assert response.status_code == 302
        assert model.objects.filter(user=ctx.other).count() == 1

    return recipe


def _settings(ctx):
    url = reverse("accounts:settings")
    page = ctx.bob.get(url).text
    assert "owner" not in page.lower()
    assert "ada@example.com" not in page
    taken = {"display_name": "Intruder", "handle": "ada", "weekly_hours": 5}
    assert ctx.bob.post(url, taken).status_code == 200  # Ada's handle: a form error
    own = {"display_name": "Bobby", "handle": "bobby", "headline": "Mine", "weekly_hours": 9}
    assert ctx.bob.post(url, own).status_code == 302
    bob = User.objects.get(pk=ctx.other.pk)
    assert (bob.display_name, bob.handle, bob.weekly_hours) == ("Bobby", "bobby", 9)


def _export(ctx):
    for query in ({}, {"user": ctx.owner.pk, "handle": "ada", "email": "ada@example.com"}):
        response = ctx.bob.get(reverse("accounts:export"), query)
        assert response.status_code == 200
        body = response.getvalue()
        data = json.loads(body)
        assert data["profile"]["email"] == "bob@example.com"
        assert data["certifications"] == []
        assert data["projects"] == []
        assert_nothing_of_ada(body.decode())


def _export_csv(ctx):
    response = ctx.bob.get(reverse("accounts:export_csv"), {"user": ctx.owner.pk})
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.getvalue()))
    text = "".join(archive.read(name).decode() for name in archive.namelist())
    assert "bob@example.com" in text
    assert_nothing_of_ada(text)


def assert_nothing_of_ada(text):
    lowered = text.lower()
    for secret in ("owner", "ada@example.com", "ada's", "intruder cert"):
        assert secret not in lowered, secret


def _delete(ctx):
    url = reverse("accounts:delete")
    assert ctx.bob.get(url).status_code == 200
    # Ada's password is not Bob's: refused, nothing deleted.
    assert ctx.bob.post(url, {"password": ADA_PASSWORD}).status_code == 200
    assert User.objects.filter(pk=ctx.other.pk).exists()
    assert ctx.bob.post(url, {"password": PASSWORD}).status_code == 302
    assert not User.objects.filter(pk=ctx.other.pk).exists()


def _logout_everywhere(ctx):
    ctx.bob_elsewhere = Client()
    ctx.bob_elsewhere.force_login(ctx.other)
    assert ctx.bob.post(reverse("accounts:logout_everywhere")).status_code == 302
    assert ctx.bob_elsewhere.get(reverse("learners:dashboard")).status_code == 302


def _logout(ctx):
    assert ctx.bob.post(reverse("accounts:logout")).status_code in (200, 302)
    assert ctx.bob.get(reverse("learners:dashboard")).status_code == 302


def _password_change(ctx):
    url = reverse("accounts:password_change")
    assert ctx.bob.get(url).status_code == 200
    new = "a-brand-new-pass-phrase"
    data = {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    assert ctx.bob.post(url, data).status_code == 302
    assert User.objects.get(pk=ctx.other.pk).check_password(new)
    assert User.objects.get(pk=ctx.owner.pk).check_password(ADA_PASSWORD)


def _import_start(ctx):
    url = reverse("learners:import_start")
    for headers in ({}, HX):
        assert ctx.bob.get(url, headers=headers).status_code == 200
    response = ctx.bob.post(url, {"text": "Skills\nPython, SQL"})
    assert response.status_code == 302
    assert ImportBatch.objects.filter(user=ctx.other).count() == 1


def _password_change_done(ctx):
    assert ctx.bob.get(reverse("accounts:password_change_done")).status_code == 200


SELF_SCOPED = {
    "learners:dashboard": _dashboard,
    "learners:plan": _plan,
    "learners:set_target_role": _set_target_role,
    "learners:set_skill_level": _set_skill_level,
    "learners:dismiss_changes": _dismiss_changes,
    "learners:set_row_folding": _set_row_folding,
    "learners:skill_note": _skill_note,
    "learners:certification_add": _record_add("certification", EarnedCertification),
    "learners:project_add": _record_add("project", PortfolioProject),
    "learners:education_add": _record_add("education", EducationRecord),
    "learners:import_start": _import_start,
    "accounts:settings": _settings,
    "accounts:export": _export,
    "accounts:export_csv": _export_csv,
    "accounts:delete": _delete,
    "accounts:logout_everywhere": _logout_everywhere,
    "accounts:logout": _logout,
    "accounts:password_change": _password_change,
    "accounts:password_change_done": _password_change_done,
}


# --- public URLs: each recipe aims at Ada from outside (signed out, or as Bob).


def _login(ctx):
    anonymous = Client()
    url = reverse("accounts:login")
    assert anonymous.get(url).status_code == 200
    data = {"username": "ada@example.com", "password": "not-her-password"}
    assert anonymous.post(url, data).status_code == 200
    assert anonymous.get(reverse("learners:dashboard")).status_code == 302


def _signup(ctx):
    anonymous = Client()
    url = reverse("accounts:signup")
    assert anonymous.get(url).status_code == 200
    new = "a-long-pass-phrase-here"
    data = {"email": "ADA@example.com", "password1": new, "password2": new}
    # Taken: the same answer as a new email; Ada's account is untouched, she gets an email.
    assert anonymous.post(url, data).url == reverse("accounts:signup_done")
    assert User.objects.filter(email__iexact="ada@example.com").count() == 1
    assert User.objects.get(pk=ctx.owner.pk).check_password(ADA_PASSWORD)


def _signup_done(ctx):
    assert Client().get(reverse("accounts:signup_done")).status_code == 200


def _signup_confirm(ctx):
    # Ada's account is active: no token, hers or anyone's, signs anyone in as her.
    from learners.account_actions import signup_tokens

    uid = urlsafe_base64_encode(force_bytes(ctx.owner.pk))
    for token in ("bad-token", signup_tokens.make_token(ctx.other)):
        url = reverse("accounts:signup_confirm", args=[uid, token])
        for client in (Client(), ctx.bob):
            client.get(url)
            client.post(url)
    anonymous = Client()
    anonymous.post(reverse("accounts:signup_confirm", args=[uid, "bad-token"]))
    assert "_auth_user_id" not in anonymous.session


def _password_reset(ctx):
    anonymous = Client()
    url = reverse("accounts:password_reset")
    assert anonymous.post(url, {"email": "ada@example.com"}).status_code == 302
    assert [m.to for m in mail.outbox] == [["ada@example.com"]]


def _password_reset_done(ctx):
    assert Client().get(reverse("accounts:password_reset_done")).status_code == 200


def _password_reset_confirm(ctx):
    uid = urlsafe_base64_encode(force_bytes(ctx.owner.pk))
    new = "someone-elses-phrase"
    for token in ("set-password", "bad-token", default_token_generator.make_token(ctx.other)):
        url = reverse("accounts:password_reset_confirm", args=[uid, token])
        for client in (Client(), ctx.bob):
            client.get(url)
            client.post(url, {"new_password1": new, "new_password2": new})
    assert User.objects.get(pk=ctx.owner.pk).check_password(ADA_PASSWORD)


def _password_reset_complete(ctx):
    assert Client().get(reverse("accounts:password_reset_complete")).status_code == 200


def _profile(ctx):
    url = reverse("accounts:profile", args=["ada"])
    for client in (Client(), ctx.bob):
        assert client.get(url).status_code == 404  # Ada's profile is private
        assert client.post(url, {"headline": "Intruder"}).status_code in (404, 405)
    User.objects.filter(pk=ctx.owner.pk).update(is_public=True)
    ctx.before = owner_state(ctx.owner)
    page = ctx.bob.get(url)
    assert page.status_code == 200
    assert "owner&#x27;s note" not in page.text
    assert "OWNER" not in page.text
    assert ctx.bob.post(url, {"headline": "Intruder"}).status_code == 405


def _compare(ctx):
    """Signed in, the compare page shows the visitor's own readiness, never anyone else's."""
    roles = sorted({ctx.role.slug, ctx.other_role.slug})
    url = reverse("learners:compare") + f"?a={roles[0]}&b={roles[1]}"
    for client in (Client(), ctx.bob):
        page = client.get(url)
        assert page.status_code == 200
        assert "owner" not in page.text.lower()


def _role_readiness(ctx):
    """A role page's readiness box shows the visitor's own readiness (or a sign-up box signed
    out), never anyone else's, and accepts no write."""
    url = reverse("learners:role_readiness", args=[ctx.role.slug])
    for client in (Client(), ctx.bob):
        for headers in ({}, {"HX-Request": "true"}):
            page = client.get(url, headers=headers)
            assert page.status_code == 200
            assert "owner" not in page.text.lower()
        assert client.post(url).status_code == 405


PUBLIC = {
    "learners:compare": _compare,
    "learners:role_readiness": _role_readiness,
    "accounts:login": _login,
    "accounts:signup": _signup,
    "accounts:signup_done": _signup_done,
    "accounts:signup_confirm": _signup_confirm,
    "accounts:password_reset": _password_reset,
    "accounts:password_reset_done": _password_reset_done,
    "accounts:password_reset_confirm": _password_reset_confirm,
    "accounts:password_reset_complete": _password_reset_complete,
    "accounts:profile": _profile,
}


def test_every_learner_and_account_url_is_classified():
    found = dict(walk())
    namespaces = {name.split(":")[0] for name in found}
    assert namespaces == NAMESPACES, "the walk found no URL in a namespace: is it still included?"
    classes = [set(OWNED), set(SELF_SCOPED), set(PUBLIC)]
    assert sum(map(len, classes)) == len(set().union(*classes)), "a URL is in two classes"
    unclassified = set(found) - set().union(*classes)
    assert not unclassified, f"classify these URLs in this test: {sorted(unclassified)}"
    gone = set().union(*classes) - set(found)
    assert not gone, f"these URLs no longer exist: {sorted(gone)}"
    for name, converters in found.items():
        names_an_id = "pk" in converters or any(
            isinstance(c, IntConverter) for c in converters.values()
        )
        assert not names_an_id or name in OWNED, f"{name} takes an object id: add it to OWNED"
        unknown = set(converters) - KNOWN_ARGUMENTS
        assert not unknown, f"{name} takes {unknown}: what does it name? classify it here"


@pytest.mark.parametrize("name", sorted(OWNED))
@pytest.mark.parametrize("headers", [{}, HX], ids=["plain", "htmx"])
def test_another_learner_gets_404_and_changes_nothing(
    client, learner, other_learner, role, name, headers, caplog
):
    skills = make_role(role)
    owned = OWNED[name](learner, skills)
    kind = name.split(":")[1].split("_")[0]
    data = _edit_data(skills)[kind]
    url = reverse(name, args=[owned.pk])
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


class Context:
    """Ada (the owner, also signed in on her own device) and Bob (signed in on `bob`)."""

    def __init__(self, client, owner, other, role, other_role, skills):
        self.bob, self.owner, self.other = client, owner, other
        self.role, self.other_role, self.skills, self.skill = role, other_role, skills, skills[0]
        self.ada = Client()
        self.ada.force_login(owner)
        self.before = owner_state(owner)


@pytest.fixture
def ada_with_everything(learner, role):
    skills = make_role(role)
    SkillRecordFactory(user=learner, skill=skills[0], level=4, note="owner's note")
    _certification(learner, skills)
    _project(learner, skills)
    _education(learner, skills)
    ReadinessSnapshot.objects.create(
        user=learner, role=role, day="2026-01-05", score=40, evidenced_score=20
    )
    learner.target_role = role
    learner.headline = "Owner's headline"
    learner.set_password(ADA_PASSWORD)
    learner.save()
    return skills


@pytest.mark.parametrize("name", sorted(SELF_SCOPED))
def test_a_self_scoped_url_changes_only_the_requesting_learners_data(
    client, learner, other_learner, role, ada_with_everything, name
):
    client.force_login(other_learner)
    ctx = Context(client, learner, other_learner, role, RoleFactory(), ada_with_everything)

    SELF_SCOPED[name](ctx)

    assert owner_state(learner) == ctx.before
    assert ctx.ada.get(reverse("learners:dashboard")).status_code == 200, "Ada was logged out"
    assert Session.objects.count() >= 1


@pytest.mark.parametrize("name", sorted(PUBLIC))
def test_a_public_url_changes_nothing_of_the_learner_it_aims_at(
    client, learner, other_learner, role, ada_with_everything, name
):
    client.force_login(other_learner)
    ctx = Context(client, learner, other_learner, role, RoleFactory(), ada_with_everything)

    PUBLIC[name](ctx)

    assert owner_state(learner) == ctx.before
    assert ctx.ada.get(reverse("learners:dashboard")).status_code == 200, "Ada was logged out"


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
