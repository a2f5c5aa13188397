"""What the editors' job reports may show, and which "not a skill" marks they may hold.

A posting is a learner's private text. The reports (jobs/admin.py) show a term or phrase only
once several distinct learners used it, so one learner's internal project names never reach an
editor; and a "not a skill" mark is accepted only for a phrase the reader itself found in that
posting, so a learner cannot post free text to the editors through the mark form.
"""

from django.db.models import Count

from jobs.catalogue import matcher
from jobs.models import JobPosting, JobSkill, NotASkillMark, UnmappedTerm
from roles.models import Skill

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


def phrase_was_read(*, posting: JobPosting, skill: Skill, phrase: str) -> bool:
    """Whether the reader found `phrase` (any case) naming `skill` in this posting.

    The stored reading answers the usual case (the phrase the page offers); otherwise the
    posting is read again, its marks ignored as on every reading, and the phrase must be one of
    that skill's mentions.
    """
    phrase = phrase.strip().lower()
    if not phrase:
        return False
    matched = JobSkill.objects.filter(
        posting=posting, skill=skill, source=JobSkill.Source.MATCHED, phrase__iexact=phrase
    )
    if matched.exists():
        return True
    ignore = frozenset(posting.marks.values_list("phrase", flat=True))
    analysis = matcher().analyse(posting.text, title=posting.title, ignore=ignore)
    return any(
        mention.slug == skill.slug and mention.text.strip().lower() == phrase
        for mention in analysis.mentions
    )
