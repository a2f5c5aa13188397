"""What the job pages show, built from the models and the engine (the views stay short)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch
from django.utils import timezone

from jobs.models import JobPosting, JobSkill, Need
from jobs.scoring import NearestRole, catalogue, nearest_role, posting_readiness, transfer
from learners.models import PlanPriority
from learners.plan import LearningPlan, build_plan
from learners.readiness import (
    LEVEL_NAMES,
    Readiness,
    RequirementRow,
    RoleProfile,
    compute_readiness,
    find_profile,
    hours_to_targets,
    load_records,
    role_profiles,
)
from learners.records import imported_cv_skills
from roles.cache import generation


def job_skills(posting: JobPosting) -> list[JobSkill]:
    return list(posting.skills.select_related("skill__category"))


@dataclass(frozen=True)
class SkillItem:
    job_skill: JobSkill
    row: RequirementRow | None  # None for an either/or alternative set aside
    alternatives: tuple[JobSkill, ...] = ()
    alternative_of: JobSkill | None = None

    @property
    def slug(self) -> str:
        return self.job_skill.skill.slug

    @property
    def target_name(self) -> str:
        return LEVEL_NAMES[self.job_skill.target]

    @property
    def level_name(self) -> str:
        return LEVEL_NAMES[self.row.level] if self.row else ""


@dataclass(frozen=True)
class Segment:
    text: str
    mention: dict | None = None  # as kept in JobPosting.mentions
    skill_name: str = ""


@dataclass(frozen=True)
class CvGap:
    """ "You rated Docker 4 but your CV does not say so."""

    skill: object  # the catalogue Skill
    level: int  # the learner's own rating


#: A rating this high or more is one a CV should back: Independent or better.
CV_WELL_RATED = 3


def cv_gaps(user, items: list[SkillItem], ratings: dict[int, int]) -> list[CvGap]:
    """The posting's required skills the learner rated Independent or better that their last
    imported CV never names, best rated first; none when they never imported a CV."""
    named = imported_cv_skills(user)
    if named is None:
        return []
    gaps = [
        CvGap(skill=item.job_skill.skill, level=ratings[item.job_skill.skill_id])
        for item in items
        if item.job_skill.need == Need.REQUIRED
        and ratings.get(item.job_skill.skill_id, 0) >= CV_WELL_RATED
        and item.job_skill.skill.slug not in named
    ]
    return sorted(gaps, key=lambda gap: (-gap.level, gap.skill.name.lower()))


@dataclass(frozen=True)
class PostingPage:
    posting: JobPosting
    readiness: Readiness  # rendered with the scores tags, like every readiness figure
    required: list[SkillItem]
    nice: list[SkillItem]
    nearest: NearestRole | None
    segments: list[Segment]
    unknown_terms: list[str]
    marks: int
    read_again: bool = False  # the catalogue changed since the posting was read
    plan: LearningPlan | None = None  # what it takes to get this job, by the plan engine
    # Required skills the learner rated well that their imported CV never names (issue 24).
    cv_gaps: list[CvGap] = field(default_factory=list)
    in_plan: bool = False  # every skill of `plan` is among those the learner's plan puts first
    seniority_label: str = ""
    level_choices: list = field(default_factory=list)

    @property
    def needs(self) -> list[tuple[str, str, list[SkillItem]]]:
        return [("required", "Required", self.required), ("nice", "Nice to have", self.nice)]


def highlighted(posting: JobPosting, skills: list[JobSkill]) -> list[Segment]:
    """The text cut into plain stretches and the phrases that named one of the posting's
    skills (the template escapes both), from the reading kept with the posting: never read
    again here."""
    names = {js.skill.slug: js.skill.name for js in skills}
    segments, cursor = [], 0
    for mention in sorted(posting.mentions, key=lambda m: m["start"]):
        if mention["slug"] not in names or mention["start"] < cursor:
            continue
        if mention["start"] > cursor:
            segments.append(Segment(posting.text[cursor : mention["start"]]))
        text = posting.text[mention["start"] : mention["end"]]
        segments.append(Segment(text, mention, names[mention["slug"]]))
        cursor = mention["end"]
    segments.append(Segment(posting.text[cursor:]))
    return segments


def posting_page(user, posting: JobPosting, *, today: date | None = None) -> PostingPage:
    today = today or timezone.localdate()
    skills = job_skills(posting)
    records = load_records(user)
    known = catalogue()
    readiness, built = posting_readiness(posting, skills, records, today=today, known=known)
    by_id = {js.skill_id: js for js in skills}
    stands_for = {
        alt.skill_id: by_id[standing]
        for standing, alts in built.alternatives.items()
        for alt in alts
    }
    items = []
    for js in skills:
        items.append(
            SkillItem(
                job_skill=js,
                row=readiness.row_for(js.skill_id),
                alternatives=built.alternatives.get(js.skill_id, ()),
                alternative_of=stands_for.get(js.skill_id),
            )
        )
    nearest = nearest_role(posting, skills, records, today=today, known=known)
    marks = posting.marks.count()
    plan = posting_plan(user, readiness, today=today)
    first = set(PlanPriority.objects.filter(user=user).values_list("skill_id", "target"))
    asked = {(step.spec.skill_id, step.spec.target) for step in plan.steps}
    return PostingPage(
        posting=posting,
        readiness=readiness,
        required=[i for i in items if i.job_skill.need == Need.REQUIRED],
        nice=[i for i in items if i.job_skill.need == Need.NICE],
        nearest=nearest,
        segments=highlighted(posting, skills),
        unknown_terms=list(posting.unmapped.values_list("term", flat=True)),
        marks=marks,
        read_again=posting.read_generation != generation(),
        seniority_label=posting.get_seniority_display(),
        level_choices=[(k, v) for k, v in LEVEL_NAMES.items() if k > 0],
        plan=plan,
        in_plan=bool(asked) and asked <= first,
        cv_gaps=cv_gaps(user, items, records.ratings),
    )


def posting_plan(user, readiness: Readiness, *, today: date) -> LearningPlan:
    """What it takes to get this job: the plan engine on the posting's readiness (the missing
    skills in learning order, hours by the one curve, dates at the learner's weekly hours)."""
    return build_plan(readiness, weekly_hours=user.weekly_hours, today=today)


# --- the list --------------------------------------------------------------------------------

SORTS = {
    "newest": "Newest first",
    "readiness": "Most ready first",
    "gap": "Least ready first",
    "title": "Title",
}


@dataclass(frozen=True)
class PostingRow:
    posting: JobPosting
    readiness: Readiness
    asked: int


@dataclass(frozen=True)
class Ask:
    """A skill the learner's postings require, and how many of them do."""

    name: str
    slug: str
    required_in: int
    level: int
    target: int  # the highest target among those postings

    @property
    def met(self) -> bool:
        return self.level >= self.target

    @property
    def level_name(self) -> str:
        return LEVEL_NAMES[self.level]

    @property
    def target_name(self) -> str:
        return LEVEL_NAMES[self.target]


@dataclass(frozen=True)
class PostingList:
    rows: list[PostingRow]
    asks: list[Ask]
    total: int
    sort: str
    sorts: dict[str, str]


ASKS_SHOWN = 8


def posting_list(user, *, sort: str = "newest", today: date | None = None) -> PostingList:
    """The learner's postings with readiness for each, and what they require across the set.
    Three queries plus the learner's records, however many postings."""
    today = today or timezone.localdate()
    sort = sort if sort in SORTS else "newest"
    skills = JobSkill.objects.select_related("skill__category")
    postings = list(
        JobPosting.objects.filter(user=user).prefetch_related(Prefetch("skills", queryset=skills))
    )
    records = load_records(user)
    known = catalogue()
    rows = []
    required_in: Counter[int] = Counter()
    targets: dict[int, int] = defaultdict(int)
    levels: dict[int, int] = {}
    names: dict[int, tuple[str, str]] = {}
    for posting in postings:
        asked = list(posting.skills.all())
        readiness, _ = posting_readiness(posting, asked, records, today=today, known=known)
        rows.append(PostingRow(posting, readiness, len(asked)))
        for js in asked:
            if js.need == Need.REQUIRED:
                required_in[js.skill_id] += 1
                targets[js.skill_id] = max(targets[js.skill_id], js.target)
                names[js.skill_id] = (js.skill.name, js.skill.slug)
        for row in readiness.rows:
            levels[row.spec.skill_id] = row.level
    if sort == "readiness":
        rows.sort(key=lambda r: (-r.readiness.score, r.posting.title.lower()))
    elif sort == "gap":
        rows.sort(key=lambda r: (r.readiness.score, r.posting.title.lower()))
    elif sort == "title":
        rows.sort(key=lambda r: (r.posting.title.lower(), -r.posting.pk))
    asks = [
        Ask(
            name=names[skill_id][0],
            slug=names[skill_id][1],
            required_in=count,
            level=levels.get(skill_id, 0),
            target=targets[skill_id],
        )
        for skill_id, count in required_in.items()
    ]
    # The gap that pays off most: asked most often, unmet first, then by name.
    asks.sort(key=lambda a: (-a.required_in, a.met, a.name))
    return PostingList(
        rows=rows, asks=asks[:ASKS_SHOWN], total=len(postings), sort=sort, sorts=SORTS
    )


# --- a posting beside a role ---------------------------------------------------------------


@dataclass(frozen=True)
class CompareRow:
    name: str
    slug: str
    posting_need: str  # "required", "nice" or "" (the posting does not name it)
    posting_target: int
    role_target: int  # 0: the role does not require it
    role_essential: bool


@dataclass(frozen=True)
class SideBySide:
    posting: JobPosting
    role: RoleProfile
    rows: list[CompareRow]
    mine_posting: Readiness
    mine_role: Readiness
    transfer: Readiness  # readiness for the posting of someone at exactly the role's targets
    transfer_hours: int
    switch_hours: int  # hours from the learner's levels to every target of the posting


def compare_page(
    user, posting: JobPosting, role_slug: str, *, today: date | None = None
) -> SideBySide | None:
    """The posting beside a published role (None when `role_slug` names none): the skills each
    asks for, the learner's readiness for both, and what a holder of the role brings to the
    posting (the engine's readiness at the role's targets) with the hours left, by one curve."""
    today = today or timezone.localdate()
    profiles = role_profiles()
    role = find_profile(profiles, role_slug)
    if role is None:
        return None
    skills = job_skills(posting)
    records = load_records(user)
    mine_posting, _ = posting_readiness(posting, skills, records, today=today)
    brings = transfer(posting, skills, role, today=today)
    by_role = {spec.skill_id: spec for spec in role.requirements}
    asked = {js.skill_id: js for js in skills}
    rows = []
    for skill_id in asked.keys() | by_role.keys():
        js, spec = asked.get(skill_id), by_role.get(skill_id)
        rows.append(
            CompareRow(
                name=js.skill.name if js else spec.skill_name,
                slug=js.skill.slug if js else spec.skill_slug,
                posting_need=js.need if js else "",
                posting_target=js.target if js else 0,
                role_target=spec.target if spec else 0,
                role_essential=bool(spec and spec.essential),
            )
        )
    # Shared first, then the posting's own, then the role's own; by name within each.
    rows.sort(key=lambda r: (not (r.posting_need and r.role_target), not r.posting_need, r.name))
    return SideBySide(
        posting=posting,
        role=role,
        rows=rows,
        mine_posting=mine_posting,
        mine_role=compute_readiness(role, records, today=today),
        transfer=brings,
        transfer_hours=hours_to_targets(brings),
        switch_hours=hours_to_targets(mine_posting),
    )


def published_roles() -> list[tuple[str, str]]:
    return [(p.slug, p.title) for p in role_profiles().values()]


def nearest_slug(user, posting: JobPosting) -> str:
    """The slug of the published role nearest the posting ("" when it names no skill)."""
    skills = job_skills(posting)
    near = nearest_role(posting, skills, load_records(user), today=timezone.localdate())
    return near.slug if near else ""
