"""What the editors' job reports may show, and which "not a skill" marks they may hold.

A posting is a learner's private text. The reports (jobs/admin.py) show a term or phrase only
once several distinct learners used it, so one learner's internal project names never reach an
editor. A "not a skill" mark is accepted only for a phrase the reader itself found as that skill
in that posting (`jobs.services.mark_not_a_skill`), so a learner cannot post free text to the
editors through the mark form.
"""

from django.db.models import Count

from jobs.models import NotASkillMark, UnmappedTerm

# Fewest distinct learners behind a row before editors see it.
MIN_LEARNERS = 3
REPORT_LIMIT = 200


def unmapped_term_rows() -> list[dict]:
    """Unmapped terms named by at least `MIN_LEARNERS` learners, by postings, most first."""
    return list(
        UnmappedTerm.objects.values("term")
        .annotate(
            postings=Count("posting", distinct=True),
            learners=Count("posting__user", distinct=True),
        )
        .filter(learners__gte=MIN_LEARNERS)
        .order_by("-postings", "term")[:REPORT_LIMIT]
    )


def not_a_skill_rows() -> list[dict]:
    """ "Not a skill" marks made by at least `MIN_LEARNERS` learners, by postings, most first."""
    return list(
        NotASkillMark.objects.values("phrase", "skill__name", "skill__slug")
        .annotate(
            postings=Count("posting", distinct=True),
            learners=Count("posting__user", distinct=True),
        )
        .filter(learners__gte=MIN_LEARNERS)
        .order_by("-postings", "phrase")[:REPORT_LIMIT]
    )
