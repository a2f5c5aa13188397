"""Pasting a posting, reading it, correcting it: with and without htmx, and with bad input."""

import re

import pytest
from django.urls import reverse

from jobs.models import JobPosting, JobSkill, NotASkillMark, UnmappedTerm
from tests.factories import SkillFactory, SkillRecordFactory

pytestmark = pytest.mark.django_db
HX = {"HX-Request": "true"}

POSTING = """Senior MLOps Engineer

Requirements
- 5+ years of experience with Python and Kubernetes.
- Docker every day.

Nice to have
- Terraform and Airflow.
"""


def paste(client, text=POSTING, title="Senior MLOps Engineer", **extra):
    data = {"title": title, "company": "Acme", "url": "https://jobs.example.org/1", "text": text}
    return client.post(reverse("jobs:new"), {**data, **extra})


def need_of(html: str) -> dict[str, str]:
    return dict(re.findall(r'data-job-skill="([\w-]+)" data-job-need="(\w+)"', html))


def score(html: str) -> int:
    return int(re.search(r'aria-label="Readiness for this posting" aria-valuenow="(\d+)"', html)[1])


def test_pasting_a_posting_reads_its_skills_and_shows_readiness(client, learner, skills):
    client.force_login(learner)
    SkillRecordFactory(user=learner, skill=skills["python"], level=4)

    response = paste(client)

    posting = JobPosting.objects.get(user=learner)
    assert response.status_code == 302
    assert response.headers["Location"] == posting.get_absolute_url()
    assert (posting.seniority, posting.years) == ("senior", 5)
    page = client.get(posting.get_absolute_url()).content.decode()
    assert need_of(page) == {
        "python": "required",
        "kubernetes": "required",
        "docker": "required",
        "airflow": "nice",
    }
    # Python met at Advanced (4): weight 3×2 of 3×2×3 + 1 → 6 of 19 = 31%.
    assert score(page) == 31
    assert 'href="/skills/python/"' in page
    assert "Terraform" in page  # seen, not mapped
    assert "Nearest career path" in page
    assert "Machine Learning Engineer" in page


def test_removing_a_skill_changes_the_score_in_place(client, learner, skills):
    client.force_login(learner)
    SkillRecordFactory(user=learner, skill=skills["python"], level=4)
    paste(client)
    posting = JobPosting.objects.get(user=learner)
    url = reverse("jobs:skill_remove", args=[posting.pk, "kubernetes"])

    response = client.post(url, headers=HX)

    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="job-live"')
    assert "kubernetes" not in need_of(html)
    assert score(html) == 46  # 6 of 13
    assert "HX-Request" in response.headers["Vary"]


def test_without_javascript_a_correction_redirects_to_the_posting(client, learner, skills):
    client.force_login(learner)
    paste(client)
    posting = JobPosting.objects.get(user=learner)

    response = client.post(
        reverse("jobs:skill_set", args=[posting.pk, "docker"]), {"need": "nice", "target": 2}
    )

    assert response.status_code == 302
    row = JobSkill.objects.get(posting=posting, skill=skills["docker"])
    assert (row.need, row.target) == ("nice", 2)
    page = client.get(posting.get_absolute_url()).content.decode()
    assert need_of(page)["docker"] == "nice"


def test_adding_a_skill(client, learner, skills):
    client.force_login(learner)
    paste(client, text="Requirements:\n- Python.")
    posting = JobPosting.objects.get(user=learner)

    response = client.post(
        reverse("jobs:skill_add", args=[posting.pk]),
        {"skill": "docker", "need": "required", "target": 4},
        headers=HX,
    )

    assert response.status_code == 200
    assert need_of(response.content.decode()) == {"python": "required", "docker": "required"}
    added = JobSkill.objects.get(posting=posting, skill=skills["docker"])
    assert added.source == JobSkill.Source.ADDED


def test_a_bad_correction_is_a_clear_error_not_a_500(client, learner, skills):
    client.force_login(learner)
    paste(client)
    posting = JobPosting.objects.get(user=learner)
    url = reverse("jobs:skill_set", args=[posting.pk, "docker"])

    answer = client.post(url, {"need": "maybe", "target": 9}, headers=HX)
    plain = client.post(url, {"need": "maybe", "target": 9}, follow=True)

    assert answer.status_code == 422
    assert "Choose a need and a target" in answer.content.decode()
    assert "Choose a need and a target" in plain.content.decode()
    assert client.post(reverse("jobs:skill_add", args=[posting.pk]), {}).status_code == 302
    missing = reverse("jobs:skill_set", args=[posting.pk, "no-such-skill"])
    assert client.post(missing, {"need": "nice", "target": 2}).status_code == 404


def test_not_a_skill_marks_leave_the_phrase_unread(client, learner, skills):
    client.force_login(learner)
    paste(client, text="Requirements:\n- Python and k8s.")
    posting = JobPosting.objects.get(user=learner)

    response = client.post(
        reverse("jobs:not_a_skill", args=[posting.pk, "kubernetes"]),
        {"phrase": "k8s"},
        headers=HX,
    )

    assert response.status_code == 200
    assert need_of(response.content.decode()) == {"python": "required"}
    assert NotASkillMark.objects.get().phrase == "k8s"
    assert "1 phrase" in response.content.decode()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Paste the posting"),
        ("   \n  ", "Paste the posting"),
        ("x" * 50_001, "at most 50,000 characters"),
        ("PK\x03\x04\x00\x00binary", "Null characters are not allowed"),
        ("\x01\x02\x03 binary", "looks like a binary file"),
    ],
    ids=["empty", "blank", "too-long", "nul", "control"],
)
def test_bad_text_is_a_form_error(client, learner, skills, text, message):
    client.force_login(learner)

    response = paste(client, text=text)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not JobPosting.objects.exists()


def test_exactly_50000_characters_are_accepted(client, learner, skills):
    client.force_login(learner)

    response = paste(client, text=("Python. " * 6250)[:-1] + "!")

    assert response.status_code == 302
    assert len(JobPosting.objects.get().text) == 50_000


def test_html_and_script_are_shown_escaped(client, learner, skills):
    client.force_login(learner)
    text = 'Requirements:\n- <script>alert("x")</script> <b>Python</b> <img src=x onerror=alert(1)>'
    paste(client, text=text, title="<i>Hacker</i>")
    posting = JobPosting.objects.get()

    page = client.get(posting.get_absolute_url()).content.decode()

    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "<img src=x" not in page
    assert "&lt;i&gt;Hacker&lt;/i&gt;" in page
    assert need_of(page) == {"python": "required"}


def test_a_bad_link_is_a_form_error(client, learner, skills):
    client.force_login(learner)

    response = paste(client, url="javascript:alert(1)")

    assert response.status_code == 400
    assert "Enter a valid URL" in response.content.decode()


def test_the_list_shows_readiness_and_what_postings_require(client, learner, skills):
    client.force_login(learner)
    SkillRecordFactory(user=learner, skill=skills["python"], level=5)
    paste(client, title="A posting")
    paste(client, text="Requirements:\n- Docker and Python.", title="B posting")
    paste(client, text="Nice to have: Docker.", title="C posting")

    html = client.get(reverse("jobs:list"), {"sort": "readiness"}).content.decode()

    assert re.findall(r">([ABC]) posting</a>", html) == ["B", "A", "C"]
    assert "Docker</a> is required in 2 of your 3 postings" in html
    assert "Python</a> is required in 2 of your 3 postings: you meet it" in html
    fragment = client.get(reverse("jobs:list"), {"sort": "title"}, headers=HX)
    assert re.findall(r">([ABC]) posting</a>", fragment.content.decode()) == ["A", "B", "C"]
    assert "<html" not in fragment.content.decode()


def test_get_changes_nothing(client, learner, skills):
    client.force_login(learner)
    paste(client)
    posting = JobPosting.objects.get()
    before = list(JobSkill.objects.values_list("id", "need", "target"))

    for name, args in [("jobs:list", []), ("jobs:detail", [posting.pk])]:
        assert client.get(reverse(name, args=args)).status_code == 200

    assert list(JobSkill.objects.values_list("id", "need", "target")) == before


def test_unmapped_terms_are_stored_for_the_editors_report(client, learner, skills):
    client.force_login(learner)

    paste(client)

    assert set(UnmappedTerm.objects.values_list("term", flat=True)) >= {"Terraform"}


def test_deleting_a_posting(client, learner, skills):
    client.force_login(learner)
    paste(client)
    posting = JobPosting.objects.get()

    assert client.get(reverse("jobs:delete", args=[posting.pk])).status_code == 200
    response = client.post(reverse("jobs:delete", args=[posting.pk]))

    assert response.status_code == 302
    assert not JobPosting.objects.exists()
    assert not JobSkill.objects.exists()


def test_the_list_and_a_posting_take_the_same_queries_however_many_postings(
    client, learner, skills, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    SkillFactory(slug="unrequired", name="Unrequired skill")  # no role requires it
    client.force_login(learner)
    paste(client, text="Requirements:\n- Python, Docker and Unrequired skill.")
    client.get(reverse("jobs:list"))  # warm the content caches
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("jobs:list"))
    for n in range(4):
        paste(client, text=f"Requirements:\n- Python {n}, Unrequired skill and k8s.")
    with CaptureQueriesContext(connection) as five:
        client.get(reverse("jobs:list"))
    posting = JobPosting.objects.first()
    # One more than the list for each of the page's own reads (the marks, the unknown terms,
    # the skills the learner's plan puts first, the imported CV's skills...), however many
    # postings there are.
    with django_assert_max_num_queries(len(one) + 7):
        client.get(posting.get_absolute_url())

    assert len(five) == len(one)


def test_a_posting_beside_a_role(client, learner, skills, role):
    client.force_login(learner)
    SkillRecordFactory(user=learner, skill=skills["python"], level=4)
    paste(client)
    posting = JobPosting.objects.get()
    url = reverse("jobs:compare", args=[posting.pk])

    nearest = client.get(url)
    chosen = client.get(url, {"role": role.slug})
    unknown = client.get(url, {"role": "no-such-role"})

    assert nearest.status_code == chosen.status_code == 200
    html = chosen.content.decode()
    assert "beside Machine Learning Engineer" in nearest.content.decode()  # nearest by default
    found = re.findall(r'data-compare-skill="([\w-]+)"', html)
    assert found == ["docker", "kubernetes", "python", "airflow"]  # shared first
    # Someone at the role's targets (Independent, 3) against the posting's (Advanced, 4):
    # 3/4 of each required skill's weight 6, none of Airflow's 1 → 13.5 of 19 = 71%.
    transfer = re.search(r"would be <span[^>]*>(\d+)%</span>", html)
    assert transfer[1] == "71"
    assert 'data-readiness-role="posting-' in html
    assert unknown.status_code == 404
    assert "no career path called “no-such-role”" in unknown.content.decode()


def test_a_skill_the_learner_rated_reads_self_rated_as_on_the_dashboard(client, learner, skills):
    client.force_login(learner)
    SkillRecordFactory(user=learner, skill=skills["python"], level=4)
    paste(client)
    html = client.get(JobPosting.objects.get().get_absolute_url()).text
    assert "; your level self-rated</span>" in html
    assert "from Self-rated" not in html
