"""Hypothesis sends malformed submissions to every form and htmx endpoint: wrong types, huge
fields, thousands of fields, invalid UTF-8, a missing CSRF token, a bad Host header, unknown slugs
and ids. No response may be a 500, a rejected submission leaves the learner's records as they
were, and no submission ever touches another learner's records.

Endpoints are grouped in classes; each class gets FUZZ_EXAMPLES generated submissions: 100 by
default (`make test`, about 25 s for the five classes), 1,000 in CI's PostgreSQL run (`.ci/run`).
"""

import os
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import quote, urlencode

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from learners import models as lm
from tests.factories import (
    CertificationFactory,
    CertificationSkillFactory,
    EarnedCertificationFactory,
    EducationPathFactory,
    EducationRecordFactory,
    PortfolioProjectFactory,
    ProjectIdeaFactory,
    ProjectSkillFactory,
    RequirementFactory,
    SkillRecordFactory,
)

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "100"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)

pytestmark = pytest.mark.django_db

FIELD_NAMES = [
    # dashboard and records
    "level",
    "note",
    "role",
    "certification",
    "issued_on",
    "expires_on",
    "credential_id",
    "verification_url",
    "title",
    "summary",
    "repository_url",
    "demo_url",
    "status",
    "completed_on",
    "idea",
    "skills",
    # the project form's per-skill levels (level_<skill id>), ids that exist or not
    "level_1",
    "level_2",
    "level_3",
    "level_999999",
    "level_x",
    "fold",
    "row",
    "education_path",
    "field",
    "institution",
    "year",
    # accounts
    "email",
    "username",
    "password",
    "password1",
    "password2",
    "old_password",
    "new_password1",
    "new_password2",
    "display_name",
    "handle",
    "headline",
    "target_role",
    "weekly_hours",
    "is_public",
    "next",
    "confirm",
    # public search and filters
    "q",
    "a",
    "b",
    "category",
    "kind",
    "page",
    "sort",
]

SPECIAL_VALUES = [
    "",
    " ",
    "0",
    "1",
    "5",
    "6",
    "-1",
    "3.0",
    "1e309",
    "NaN",
    "true",
    "on",
    "null",
    "None",
    "[]",
    "{}",
    "2024-02-30",
    "9999-12-31",
    "0001-01-01",
    "12/31/2024",
    "javascript:alert(1)",
    "http://",
    "https://example.org/x",
    "ftp://example.org/x",
    "//evil.example/",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "\x00",
    "a\x00b",
    "\u202e\u0000\ufeff",
    "💥" * 40,
    "x" * 501,
    "machine-learning-engineer",
    "ada",
    "ada@example.com",
    "bob@example.com",
    str(2**63),
    str(-(2**63)),
]

text = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=60)
value = st.one_of(
    st.sampled_from(SPECIAL_VALUES),
    text,
    st.integers(min_value=-(2**80), max_value=2**80).map(str),
    st.floats().map(str),
)
field_name = st.one_of(st.sampled_from(FIELD_NAMES), text.filter(bool))

FORM_URLENCODED = "application/x-www-form-urlencoded"
KINDS = ["form", "form", "form", "huge", "many", "utf8", "csrf", "host", "unknown"]


@dataclass
class Submission:
    kind: str
    endpoint: int
    htmx: bool
    multipart: bool = False
    fields: dict[str, list[str]] = field(default_factory=dict)
    size: int = 0
    count: int = 0
    raw: bytes = b""
    host: str = ""
    unknown: str = ""

    def __repr__(self):  # keep failure reports readable when a field is megabytes long
        fields = {k: [v[:80] for v in vs] for k, vs in list(self.fields.items())[:12]}
        return (
            f"Submission(kind={self.kind!r}, endpoint={self.endpoint}, htmx={self.htmx}, "
            f"fields={fields!r}, size={self.size}, count={self.count}, raw={self.raw[:80]!r}, "
            f"host={self.host!r}, unknown={self.unknown!r})"
        )


@st.composite
def submissions(draw, endpoint_count: int):
    kind = draw(st.sampled_from(KINDS))
    sub = Submission(
        kind=kind,
        endpoint=draw(st.integers(0, endpoint_count - 1)),
        htmx=draw(st.booleans()),
        multipart=draw(st.booleans()),
        fields=draw(st.dictionaries(field_name, st.lists(value, min_size=1, max_size=3))),
    )
    if kind == "huge":
        sub.size = draw(st.sampled_from([5_000, 100_000, 1_000_000, 3_000_000]))
    elif kind == "many":
        sub.count = draw(st.integers(1_001, 5_000))
    elif kind == "utf8":
        junk = draw(st.binary(min_size=1, max_size=40))
        sub.raw = b"level=\xff\xfe&note=\xc3\x28&title=\xed\xa0\x80&q=%ff%fe&email=" + junk
    elif kind == "host":
        sub.host = draw(st.sampled_from(["evil.example", "bad host!", "", "127.0.0.1:99999"]))
    elif kind == "unknown":
        sub.unknown = draw(
            st.one_of(
                st.sampled_from(["no-such-thing", "0", "-1", str(2**70), "%00", "a" * 300]),
                st.from_regex(r"[a-z0-9-]{1,40}", fullmatch=True),
                st.integers(0, 2**62).map(str),
            )
        )
    return sub


@dataclass
class Endpoint:
    method: str
    name: str
    args: tuple = ()
    # Positions of args a "unknown" submission replaces (slugs and ids).
    swappable: bool = True


def endpoint_url(endpoint: Endpoint, sub: Submission) -> str:
    url = reverse(endpoint.name, args=endpoint.args)
    if sub.kind == "unknown" and endpoint.args and endpoint.swappable:
        # Swap the path segment holding the slug or id for the unknown value.
        real = str(endpoint.args[-1])
        segments = url.split("/")
        index = len(segments) - 1 - segments[::-1].index(real)
        segments[index] = quote(sub.unknown, safe="")
        url = "/".join(segments)
    return url


def send(sub: Submission, endpoint: Endpoint, client: Client, csrf_client: Client):
    url = endpoint_url(endpoint, sub)
    headers = {"HX-Request": "true"} if sub.htmx else {}
    fields = dict(sub.fields)
    extra = {}
    if sub.kind == "huge":
        fields[next(iter(sub.fields), "note")] = ["x" * sub.size]
    elif sub.kind == "many":
        fields = {f"f{i}": ["1"] for i in range(sub.count)}
    elif sub.kind == "host":
        extra["HTTP_HOST"] = sub.host
    use = csrf_client if sub.kind == "csrf" else client
    if sub.kind == "utf8":
        if endpoint.method == "get":
            return use.get(f"{url}?q=%ff%fe%c3%28&a=%ed%a0%80", headers=headers)
        return use.generic(
            "POST",
            url,
            sub.raw,
            content_type=FORM_URLENCODED,
            headers=headers,
        )
    if endpoint.method == "get":
        return use.get(url, fields, headers=headers, **extra)
    if sub.multipart and sub.kind == "form":
        return use.post(url, fields, headers=headers, **extra)
    # Browsers send forms urlencoded; it is also far cheaper to build than multipart.
    body = urlencode(fields, doseq=True)
    return use.post(url, body, FORM_URLENCODED, headers=headers, **extra)


RECORD_QUERIES = {
    # kind: (manager, the field naming the owner, the columns compared)
    "user": (
        lm.User.objects,
        "pk",
        (
            "email",
            "password",
            "display_name",
            "handle",
            "headline",
            "target_role_id",
            "weekly_hours",
            "is_public",
            "is_active",
        ),
    ),
    "skills": (lm.SkillRecord.objects, "user_id", ("pk", "skill_id", "level", "note")),
    "certifications": (
        lm.EarnedCertification.objects,
        "user_id",
        (
            "pk",
            "certification_id",
            "issued_on",
            "expires_on",
            "credential_id",
            "verification_url",
        ),
    ),
    "projects": (
        lm.PortfolioProject.objects,
        "user_id",
        (
            "pk",
            "title",
            "summary",
            "repository_url",
            "demo_url",
            "status",
            "completed_on",
            "idea_id",
        ),
    ),
    "project_skills": (
        lm.ProjectSkill.objects,
        "project__user_id",
        ("pk", "project_id", "skill_id", "level"),
    ),
    "education": (
        lm.EducationRecord.objects,
        "user_id",
        ("pk", "education_path_id", "field", "institution", "year", "status"),
    ),
}


def snapshot(users) -> dict[int, dict]:
    """Everything each learner owns, as plain values: {user id: {kind: rows}}."""
    ids = [u.pk for u in users]
    result = {pk: {} for pk in ids}
    for name, (manager, owner, columns) in RECORD_QUERIES.items():
        for pk in ids:
            result[pk][name] = []
        rows = manager.filter(**{f"{owner}__in": ids}).order_by("pk").values_list(owner, *columns)
        for owner_id, *values in rows:
            result[owner_id][name].append(tuple(values))
    return result


def rejected(sub: Submission, endpoint: Endpoint, status: int) -> bool:
    """A refusal: an error status, or a non-htmx POST answered with the form again (a success
    redirects). An htmx 200 may be a success, so it is not counted as a refusal."""
    if status >= 400:
        return True
    return endpoint.method == "post" and status == 200 and not sub.htmx


@pytest.fixture
def world(learner, other_learner, role):
    """Both learners with a record of every kind, in a role with three requirements."""
    skills = [RequirementFactory(role=role, target_level=3).skill for _ in range(3)]
    certification = CertificationFactory()
    CertificationSkillFactory(certification=certification, skill=skills[0])
    EducationPathFactory()
    ProjectIdeaFactory()
    records = {}
    for person in (learner, other_learner):
        person.target_role = role
        person.save()
        SkillRecordFactory(user=person, skill=skills[1], level=2, note="mine")
        project = PortfolioProjectFactory(user=person)
        ProjectSkillFactory(project=project, skill=skills[2])
        records[person.pk] = {
            "certification": EarnedCertificationFactory(
                user=person, certification=certification
            ).pk,
            "project": project.pk,
            "education": EducationRecordFactory(user=person).pk,
        }
    return {"role": role, "skills": skills, "records": records}


def fuzz(endpoints, *, watched, learner=None, reset=None):
    """Run the Hypothesis test for one class of endpoints, signed in as `learner` if given."""
    client = Client(raise_request_exception=False)
    csrf_client = Client(raise_request_exception=False, enforce_csrf_checks=True)
    statuses = Counter()

    if learner is not None:
        client.force_login(learner)
        csrf_client.force_login(learner)

    @FUZZ
    @given(sub=submissions(len(endpoints)))
    def run(sub):
        if reset:
            reset()
        endpoint = endpoints[sub.endpoint]
        before = snapshot(watched)

        response = send(sub, endpoint, client, csrf_client)
        statuses[response.status_code] += 1

        label = f"{endpoint.method.upper()} {endpoint.name} {sub!r}"
        assert response.status_code < 500, label
        refused = rejected(sub, endpoint, response.status_code)
        after = snapshot(watched)
        for person in watched:
            if person == learner and not refused:
                continue  # an accepted submission may change the learner's own records
            assert after[person.pk] == before[person.pk], f"{person} changed by {label}"

    run()
    assert statuses.total() >= EXAMPLES, statuses
    # Some submissions got through to the views: not everything was stopped at the door.
    assert any(status < 400 for status in statuses), statuses


def reset_throttling():
    from axes.models import AccessAttempt, AccessFailureLog
    from django.core.cache import cache

    AccessAttempt.objects.all().delete()
    AccessFailureLog.objects.all().delete()
    cache.clear()


def test_public_pages_survive_malformed_search_and_filter_parameters(world, learner, other_learner):
    role = world["role"]
    skill = world["skills"][0]
    endpoints = [
        Endpoint("get", "roles:home"),
        Endpoint("get", "roles:role_list"),
        Endpoint("get", "roles:search"),
        Endpoint("get", "learners:compare"),
        Endpoint("get", "roles:skill_list"),
        Endpoint("get", "roles:certification_list"),
        Endpoint("get", "roles:role_detail", (role.slug,)),
        Endpoint("get", "roles:skill_detail", (skill.slug,)),
        Endpoint("get", "roles:certification_detail", ("cert-x",)),
        Endpoint("get", "accounts:profile", (learner.handle,)),
    ]
    fuzz(endpoints, watched=(learner, other_learner))


def test_login_and_signup_survive_malformed_submissions(world, learner, other_learner):
    endpoints = [
        Endpoint("post", "accounts:login"),
        Endpoint("post", "accounts:signup"),
        Endpoint("post", "accounts:password_reset"),
    ]
    fuzz(endpoints, watched=(learner, other_learner), reset=reset_throttling)


def test_the_dashboard_level_endpoint_survives_malformed_submissions(world, learner, other_learner):
    skills = world["skills"]
    endpoints = [
        *(Endpoint("post", "learners:set_skill_level", (s.slug,)) for s in skills),
        Endpoint("post", "learners:skill_note", (skills[1].slug,)),
        Endpoint("get", "learners:skill_note", (skills[1].slug,)),
        Endpoint("post", "learners:set_target_role"),
        Endpoint("post", "learners:set_row_folding"),
        Endpoint("get", "learners:dashboard"),
        Endpoint("get", "learners:plan"),
    ]
    fuzz(endpoints, learner=learner, watched=(learner, other_learner))


def test_the_record_forms_survive_malformed_submissions(world, learner, other_learner):
    mine = world["records"][learner.pk]
    theirs = world["records"][other_learner.pk]
    endpoints = [Endpoint("post", f"learners:{kind}_add") for kind in mine]
    for kind in mine:
        for owner in (mine, theirs):
            endpoints.append(Endpoint("post", f"learners:{kind}_edit", (owner[kind],)))
            endpoints.append(Endpoint("get", f"learners:{kind}_edit", (owner[kind],)))
        endpoints.append(Endpoint("post", f"learners:{kind}_delete", (theirs[kind],)))
    fuzz(endpoints, learner=learner, watched=(learner, other_learner))


def test_the_settings_forms_survive_malformed_submissions(world, learner, other_learner):
    endpoints = [
        Endpoint("post", "accounts:settings"),
        Endpoint("post", "accounts:password_change"),
        Endpoint("post", "accounts:delete"),
        Endpoint("get", "accounts:export"),
    ]
    fuzz(endpoints, learner=learner, watched=(learner, other_learner))


def test_the_submission_strategy_covers_every_kind():
    seen = set()

    @settings(max_examples=300, deadline=None)
    @given(sub=submissions(1))
    def collect(sub):
        seen.add(sub.kind)

    collect()
    assert seen == set(KINDS)
