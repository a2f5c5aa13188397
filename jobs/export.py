"""The learner's job postings in the account export (learners.export.EXTRA_SECTIONS)."""

from django.db.models import Prefetch

from jobs.models import JobPosting, JobSkill


def postings_data(user) -> list[dict]:
    """Every posting with its text and the skills it asks for, in two queries."""
    skills = JobSkill.objects.select_related("skill").order_by("need", "skill__name")
    postings = JobPosting.objects.filter(user=user).prefetch_related(
        Prefetch("skills", queryset=skills)
    )
    return [
        {
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
        for p in postings
    ]


POSTING_FIELDS = ["title", "company", "url", "seniority", "years", "created", "text"]
SKILL_FIELDS = ["skill", "skill_name", "need", "target", "source"]


def postings_csv(postings: list[dict]) -> dict[str, str]:
    """The postings section as two CSV files: the postings, and the skills each asks for."""
    from learners.export import csv_text

    return {
        "job_postings.csv": csv_text(
            POSTING_FIELDS, [[p[f] for f in POSTING_FIELDS] for p in postings]
        ),
        "job_posting_skills.csv": csv_text(
            ["posting", "created", *SKILL_FIELDS],
            [
                [p["title"], p["created"], *(s[f] for f in SKILL_FIELDS)]
                for p in postings
                for s in p["skills"]
            ],
        ),
    }


def register() -> None:
    from learners.export import EXTRA_CSV, EXTRA_SECTIONS

    EXTRA_SECTIONS["job_postings"] = postings_data
    EXTRA_CSV["job_postings"] = postings_csv
