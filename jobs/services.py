"""The only writers of job postings and their skills. One transaction each, writing only the
fields they change; the views call them and render what they return."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction

from jobs.catalogue import matcher
from jobs.models import JobPosting, JobSkill, Need, NotASkillMark, UnmappedTerm
from jobs.reading.matcher import Analysis
from roles.models import Skill

UNMAPPED_LIMIT = 40
PHRASE_MAX_LENGTH = 120
# A learner keeps at most this many postings (each up to 50,000 characters): enough for a long
# job hunt, and a bound on what one account can store and export.
MAX_POSTINGS = 100


class TooManyPostings(Exception):
    """The learner keeps `MAX_POSTINGS` postings already."""


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _skill_rows(posting: JobPosting, analysis: Analysis) -> list[JobSkill]:
    ids = dict(Skill.objects.filter(slug__in=analysis.slugs).values_list("slug", "id"))
    return [
        JobSkill(
            posting=posting,
            skill_id=ids[found.slug],
            need=found.need,
            target=analysis.target_for(found.need),
            importance=found.importance,
            mentions=found.mentions,
            phrase=_clip(found.phrase, PHRASE_MAX_LENGTH),
            rule=_clip(found.rule, 200),
            group=found.group,
        )
        for found in analysis.skills
        if found.slug in ids
    ]


def create_posting(*, user, title: str, company: str, url: str, text: str) -> JobPosting:
    """Save a pasted posting with the skills, years, seniority and unknown terms read in it.

    The text is read before the transaction opens, so no lock is held while it is read. Raises
    `TooManyPostings` when the learner keeps `MAX_POSTINGS` already (counted under a lock on the
    learner's row, so two pastes at once cannot both slip under the limit)."""
    analysis = matcher().analyse(text, title=title)
    with transaction.atomic(durable=True):
        get_user_model().objects.select_for_update().filter(pk=user.pk).exists()
        if JobPosting.objects.filter(user=user).count() >= MAX_POSTINGS:
            raise TooManyPostings(f"You keep {MAX_POSTINGS} postings already.")
        return _store(user, title, company, url, text, analysis)


def _store(user, title, company, url, text, analysis: Analysis) -> JobPosting:
    posting = JobPosting.objects.create(
        user=user,
        title=title,
        company=company,
        url=url,
        text=text,
        seniority=analysis.seniority,
        seniority_reason=_clip(analysis.seniority_reason, 200),
        years=analysis.years,
    )
    JobSkill.objects.bulk_create(_skill_rows(posting, analysis))
    terms = dict.fromkeys(_clip(t, 80) for t in analysis.unknown_terms[:UNMAPPED_LIMIT])
    UnmappedTerm.objects.bulk_create([UnmappedTerm(posting=posting, term=t) for t in terms])
    return posting


@transaction.atomic
def remove_skill(*, posting: JobPosting, skill: Skill) -> None:
    """The posting does not ask for `skill` after all."""
    JobSkill.objects.filter(posting=posting, skill=skill).delete()


@transaction.atomic
def set_skill(*, posting: JobPosting, skill: Skill, need: str, target: int) -> JobSkill:
    """Add `skill` to the posting, or change whether it is required and its target."""
    row = JobSkill.objects.select_for_update().filter(posting=posting, skill=skill).first()
    if row is None:
        return JobSkill.objects.create(
            posting=posting,
            skill=skill,
            need=need,
            target=target,
            importance=3 if need == Need.REQUIRED else 1,
            source=JobSkill.Source.ADDED,
            rule="added by you",
        )
    row.need, row.target = need, target
    if need == Need.REQUIRED:
        row.importance = max(row.importance, 3)
    row.group = None  # an explicit choice takes it out of an either/or group
    row.save(update_fields=["need", "target", "importance", "group"])
    return row


@transaction.atomic
def mark_not_a_skill(*, posting: JobPosting, skill: Skill, phrase: str) -> NotASkillMark:
    """Record that `phrase` in this posting is not `skill`; the skill goes when no other phrase
    of the posting still names it (a skill the learner added stays)."""
    phrase = _clip(phrase.strip().lower(), PHRASE_MAX_LENGTH)
    mark, _ = NotASkillMark.objects.get_or_create(
        posting=posting, phrase=phrase, defaults={"skill": skill}
    )
    ignore = frozenset(posting.marks.values_list("phrase", flat=True))
    analysis = matcher().analyse(posting.text, title=posting.title, ignore=ignore)
    if skill.slug not in analysis.slugs:
        JobSkill.objects.filter(
            posting=posting, skill=skill, source=JobSkill.Source.MATCHED
        ).delete()
    return mark


@transaction.atomic
def delete_posting(*, posting: JobPosting) -> None:
    posting.delete()
