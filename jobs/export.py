"""The learner's job postings in the account export (learners.export.EXTRA_SECTIONS): read a
few postings at a time, so the export's memory does not grow with how many were pasted."""

from collections.abc import Iterator

from django.db.models import Prefetch

from jobs.models import JobPosting, JobSkill

CHUNK = 20


def _postings(user) -> Iterator[JobPosting]:
    """Every posting with the skills it asks for: two queries per `CHUNK` postings."""
    skills = JobSkill.objects.select_related("skill").order_by("need", "skill__name")
    postings = (
        JobPosting.objects.filter(user=user)
        .order_by("pk")
        .prefetch_related(Prefetch("skills", queryset=skills))
    )
    return postings.iterator(chunk_size=CHUNK)


def postings_data(user) -> Iterator[dict]:
    for p in _postings(user):
        yield {
            "title": p.title,
            "company": p.company,
            "url": p.url,
            "text": p.text,
            "seniority": p.seniority,
            "years": p.years,
            "created": p.created.isoformat(),
            "skills": [
                {
                    "skill": js.skill.slug,
                    "skill_name": js.skill.name,
                    "need": js.need,
                    "target": js.target,
                    "source": js.source,
                }
                for js in p.skills.all()
            ],
        }


POSTING_FIELDS = ["title", "company", "url", "seniority", "years", "created", "text"]
SKILL_FIELDS = ["skill", "skill_name", "need", "target", "source"]


def postings_csv(user) -> dict[str, Iterator[str]]:
    """The postings as two CSV files, each read lazily: the postings, and the skills each asks
    for."""
    from learners.export import csv_lines

    return {
        "job_postings.csv": csv_lines(
            POSTING_FIELDS, ([p[f] for f in POSTING_FIELDS] for p in postings_data(user))
        ),
        "job_posting_skills.csv": csv_lines(
            ["posting", "created", *SKILL_FIELDS],
            (
                [p["title"], p["created"], *(s[f] for f in SKILL_FIELDS)]
                for p in postings_data(user)
                for s in p["skills"]
            ),
        ),
    }


def register() -> None:
    from learners.export import EXTRA_CSV, EXTRA_SECTIONS

    EXTRA_SECTIONS["job_postings"] = postings_data
    EXTRA_CSV["job_postings"] = postings_csv
