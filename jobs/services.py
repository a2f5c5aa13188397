"""The only writers of job postings and their skills. One transaction each, writing only the
fields they change; the views call them and render what they return.

A posting's text is read once, before the transaction that stores it (or, on request, again
with today's catalogue: `read_again`); the reading is kept with the posting, so showing the
posting and correcting it never read the text again. Every write locks the learner's row, then
the posting's: two tabs, or a deletion of the account, wait for each other instead of failing.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from jobs.catalogue import matcher
from jobs.models import JobPosting, JobSkill, Need, NotASkillMark, UnmappedTerm
from jobs.reading.matcher import Analysis
from learners.models import PlanPriority
from roles.cache import generation
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


def _skill_rows(posting: JobPosting, analysis: Analysis, slugs: set[str]) -> list[JobSkill]:
    ids = dict(Skill.objects.filter(slug__in=slugs).values_list("slug", "id"))
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


def _kept_mentions(analysis: Analysis, marks: set[tuple[str, str]]) -> list[dict]:
    """The phrases that named a skill the posting asks for, less those the learner marked "not
    that skill" (a mark names one phrase and one skill)."""
    return [
        {"start": m.start, "end": m.end, "slug": m.slug, "need": m.need, "rule": m.rule}
        for m in analysis.mentions
        if m.need is not None and (m.text.lower(), m.slug) not in marks
    ]


def _read(text: str, title: str) -> tuple[Analysis, int]:
    """The reading and the catalogue generation it was made with (read first: a catalogue
    change while reading makes the reading look old, never new)."""
    read_under = generation()
    return matcher().analyse(text, title=title), read_under


def _lock(user_id: int, posting_id: int | None = None) -> None:
    """Lock the learner's row, then the posting's; `JobPosting.DoesNotExist` if it is gone."""
    get_user_model().objects.select_for_update().filter(pk=user_id).exists()
    if posting_id is not None and not (
        JobPosting.objects.select_for_update().filter(pk=posting_id).exists()
    ):
        raise JobPosting.DoesNotExist(f"posting {posting_id} was deleted")


def create_posting(*, user, title: str, company: str, url: str, text: str) -> JobPosting:
    """Save a pasted posting with the skills, years, seniority and unknown terms read in it.

    Raises `TooManyPostings` when the learner keeps `MAX_POSTINGS` already (counted under the
    lock on the learner's row, so two pastes at once cannot both slip under the limit)."""
    analysis, read_under = _read(text, title)
    with transaction.atomic(durable=True):
        _lock(user.pk)
        if JobPosting.objects.filter(user=user).count() >= MAX_POSTINGS:
            raise TooManyPostings(f"You keep {MAX_POSTINGS} postings already.")
        posting = JobPosting.objects.create(
            user=user,
            title=title,
            company=company,
            url=url,
            text=text,
            seniority=analysis.seniority,
            seniority_reason=_clip(analysis.seniority_reason, 200),
            years=analysis.years,
            mentions=_kept_mentions(analysis, set()),
            read_generation=read_under,
        )
        JobSkill.objects.bulk_create(_skill_rows(posting, analysis, analysis.slugs))
        _store_unmapped(posting, analysis)
    return posting


def _store_unmapped(posting: JobPosting, analysis: Analysis) -> None:
    terms = dict.fromkeys(_clip(t, 80) for t in analysis.unknown_terms[:UNMAPPED_LIMIT])
    UnmappedTerm.objects.bulk_create([UnmappedTerm(posting=posting, term=t) for t in terms])


@dataclass(frozen=True)
class Reread:
    """What reading a posting again with today's catalogue changed (skill names)."""

    added: tuple[str, ...]
    removed: tuple[str, ...]


def read_again(*, posting: JobPosting) -> Reread:
    """Read the posting again with today's catalogue. Skills it now names are added, skills it
    no longer names go (unless the learner added them), and the learner's corrections to skills
    still named are kept. Raises `JobPosting.DoesNotExist` if it was deleted meanwhile."""
    analysis, read_under = _read(posting.text, posting.title)
    with transaction.atomic(durable=True):
        _lock(posting.user_id, posting.pk)
        marks = set(posting.marks.values_list("phrase", "skill__slug"))
        mentions = _kept_mentions(analysis, marks)
        named = {m["slug"] for m in mentions}
        rows = {js.skill.slug: js for js in posting.skills.select_related("skill")}
        gone = [
            js
            for slug, js in rows.items()
            if slug not in named and js.source == JobSkill.Source.MATCHED
        ]
        JobSkill.objects.filter(pk__in=[js.pk for js in gone]).delete()
        new = _skill_rows(posting, analysis, named - rows.keys())
        JobSkill.objects.bulk_create(new)
        posting.mentions, posting.read_generation = mentions, read_under
        posting.seniority, posting.years = analysis.seniority, analysis.years
        posting.seniority_reason = _clip(analysis.seniority_reason, 200)
        posting.save(
            update_fields=["mentions", "read_generation", "seniority", "years", "seniority_reason"]
        )
        posting.unmapped.all().delete()
        _store_unmapped(posting, analysis)
    names = dict(Skill.objects.filter(pk__in=[js.skill_id for js in new]).values_list("id", "name"))
    return Reread(
        added=tuple(sorted(names[js.skill_id] for js in new)),
        removed=tuple(sorted(js.skill.name for js in gone)),
    )


def rename_posting(*, posting: JobPosting, title: str, company: str) -> None:
    """Change the posting's title and company (nothing is read again: the title only names
    it). Raises `JobPosting.DoesNotExist` if it was deleted meanwhile."""
    with transaction.atomic(durable=True):
        _lock(posting.user_id, posting.pk)
        posting.title, posting.company = title, company
        posting.save(update_fields=["title", "company"])


def remove_skill(*, posting: JobPosting, skill: Skill) -> None:
    """The posting does not ask for `skill` after all."""
    with transaction.atomic(durable=True):
        _lock(posting.user_id, posting.pk)
        JobSkill.objects.filter(posting=posting, skill=skill).delete()


def set_skill(*, posting: JobPosting, skill: Skill, need: str, target: int) -> JobSkill:
    """Add `skill` to the posting, or change whether it is required and its target. Raises
    `JobPosting.DoesNotExist` if the posting was deleted meanwhile."""
    with transaction.atomic(durable=True):
        _lock(posting.user_id, posting.pk)
        row = JobSkill.objects.filter(posting=posting, skill=skill).first()
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


class NotFoundInPosting(ValueError):
    """The phrase was not read as that skill in this posting."""


def mark_not_a_skill(*, posting: JobPosting, skill: Skill, phrase: str) -> NotASkillMark:
    """Record that `phrase` in this posting is not `skill` (only that skill: the same phrase
    may still name another). The skill goes when no other phrase of the posting still names it
    (a skill the learner added stays). Only a phrase the reading found as that skill can be
    marked: `NotFoundInPosting` otherwise."""
    phrase = _clip(phrase.strip().lower(), PHRASE_MAX_LENGTH)
    with transaction.atomic(durable=True):
        _lock(posting.user_id, posting.pk)
        posting.refresh_from_db(fields=["mentions"])
        of_skill = [m for m in posting.mentions if m["slug"] == skill.slug]
        said = {posting.text[m["start"] : m["end"]].lower() for m in of_skill}
        if phrase not in said:
            raise NotFoundInPosting(f"“{phrase}” was not read as {skill} in this posting.")
        mark, _ = NotASkillMark.objects.get_or_create(posting=posting, phrase=phrase, skill=skill)
        kept = [
            m
            for m in posting.mentions
            if not (
                m["slug"] == skill.slug and posting.text[m["start"] : m["end"]].lower() == phrase
            )
        ]
        posting.mentions = kept
        posting.save(update_fields=["mentions"])
        if not any(m["slug"] == skill.slug for m in kept):
            JobSkill.objects.filter(
                posting=posting, skill=skill, source=JobSkill.Source.MATCHED
            ).delete()
    return mark


def add_to_plan(*, posting: JobPosting, wanted: list[tuple[int, int]]) -> int:
    """Ask the learner's plan to put these skills first ((skill id, target) pairs: the steps of
    the posting's plan, computed by the caller before this transaction). A skill already put
    first keeps the higher target. Returns how many skills were new to the list. Raises
    `JobPosting.DoesNotExist` if the posting was deleted meanwhile."""
    with transaction.atomic(durable=True):
        _lock(posting.user_id, posting.pk)
        kept = {
            p.skill_id: p
            for p in PlanPriority.objects.filter(
                user_id=posting.user_id, skill_id__in=[s for s, _ in wanted]
            )
        }
        new = [
            PlanPriority(
                user_id=posting.user_id,
                skill_id=skill_id,
                target=target,
                source=_clip(posting.title, 200),
            )
            for skill_id, target in dict(wanted).items()
            if skill_id not in kept
        ]
        PlanPriority.objects.bulk_create(new)
        for skill_id, target in wanted:
            row = kept.get(skill_id)
            if row is not None and target > row.target:
                row.target = target
                row.save(update_fields=["target"])
    return len(new)


def take_out_of_plan(*, posting: JobPosting, skill_ids: list[int]) -> int:
    """The learner's plan no longer puts these skills first. Returns how many it did."""
    with transaction.atomic(durable=True):
        _lock(posting.user_id, posting.pk)
        removed, _ = PlanPriority.objects.filter(
            user_id=posting.user_id, skill_id__in=skill_ids
        ).delete()
    return removed


def delete_posting(*, posting: JobPosting) -> None:
    with transaction.atomic(durable=True):
        _lock(posting.user_id)
        JobPosting.objects.filter(pk=posting.pk).delete()
