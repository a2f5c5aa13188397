"""A realistic learner population for `make bench`, written in bulk.

Every learner gets the same password hash (computed once), a target role, self-ratings on a few
skills, and some certifications, portfolio projects (with the skills they show), education and
readiness snapshots. Primary keys are assigned here, so children are written without reading ids
back; on PostgreSQL the rows go in with COPY, elsewhere with bulk_create. 100,000 learners take
about a minute on PostgreSQL.

Use it from code (`seed_learners`, `seed_learner`) after `django.setup()`; `bench/run.py` does.
"""

import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import islice

from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models import Max
from django.utils import timezone

from learners.models import (
    EarnedCertification,
    EducationRecord,
    PortfolioProject,
    ProjectSkill,
    ReadinessSnapshot,
    SkillRecord,
    User,
)
from roles.models import Certification, EducationPath, Role, Skill

BENCH_PASSWORD = "bench-learner-password-2026"  # noqa: S105 (a throwaway benchmark database)
BENCH_EMAIL = "bench@example.com"
TARGET_ROLE_SLUG = "machine-learning-engineer"
INSTITUTIONS = ("Open University", "TU Delft", "University of Lagos", "IIT Madras", "MIT")
FIELDS = ("Computer Science", "Statistics", "Mathematics", "Physics", "Electrical Engineering")


@dataclass(frozen=True)
class Content:
    """The demo content the learners' records point at (loaded from the fixtures)."""

    skill_ids: tuple[int, ...]
    certifications: tuple[tuple[int, int | None], ...]  # (id, validity in months)
    verification_hosts: dict[int, str]  # certification id -> a host its badges are verified on
    education_path_ids: tuple[int, ...]
    role_ids: tuple[int, ...]
    target_role_id: int


def load_content() -> Content:
    skill_ids = tuple(Skill.objects.order_by("id").values_list("id", flat=True))
    roles = dict(Role.objects.published().order_by("order", "id").values_list("slug", "id"))
    if not skill_ids or not roles:
        raise RuntimeError("No skills or roles: load the demo content (fixtures/roles.json) first")
    return Content(
        skill_ids=skill_ids,
        certifications=tuple(
            Certification.objects.filter(is_retired=False)
            .order_by("id")
            .values_list("id", "validity_months")
        ),
        verification_hosts={
            cert.pk: cert.verification_host_list[0].replace("*.", "www.", 1)
            for cert in Certification.objects.filter(is_retired=False)
            if cert.verification_host_list
        },
        education_path_ids=tuple(EducationPath.objects.order_by("id").values_list("id", flat=True)),
        role_ids=tuple(roles.values()),
        target_role_id=roles.get(TARGET_ROLE_SLUG, next(iter(roles.values()))),
    )


class _Ids:
    """Hands out primary keys above the current maximum, so rows can reference each other."""

    def __init__(self, model: type[models.Model]):
        self.next = (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1

    def take(self) -> int:
        value = self.next
        self.next += 1
        return value


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _copy(model: type[models.Model], objs: list[models.Model]) -> None:
    """PostgreSQL COPY of model instances; values prepared by the fields, as bulk_create does."""
    fields = [f for f in model._meta.concrete_fields if not (f.primary_key and objs[0].pk is None)]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    sql = f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for obj in objs:
            copy.write_row([f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields])


def _write(model: type[models.Model], objs: Iterable[models.Model], batch_size: int) -> int:
    written = 0
    for chunk in _chunks(objs, batch_size):
        if connection.vendor == "postgresql":
            _copy(model, chunk)
        else:
            model.objects.bulk_create(chunk, batch_size=batch_size)
        written += len(chunk)
    return written


def _reset_sequences(*model_classes: type[models.Model]) -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), list(model_classes))
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


@dataclass
class _Batch:
    """Rows for a slice of learners, one list per table."""

    users: list[User] = field(default_factory=list)
    skill_records: list[SkillRecord] = field(default_factory=list)
    certifications: list[EarnedCertification] = field(default_factory=list)
    projects: list[PortfolioProject] = field(default_factory=list)
    project_skills: list[ProjectSkill] = field(default_factory=list)
    education: list[EducationRecord] = field(default_factory=list)
    snapshots: list[ReadinessSnapshot] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {name: len(getattr(self, name)) for name in self.__dataclass_fields__}

    def write(self, batch_size: int) -> None:
        with transaction.atomic():
            _write(User, self.users, batch_size)
            _write(SkillRecord, self.skill_records, batch_size)
            _write(EarnedCertification, self.certifications, batch_size)
            _write(PortfolioProject, self.projects, batch_size)
            _write(ProjectSkill, self.project_skills, batch_size)
            _write(EducationRecord, self.education, batch_size)
            _write(ReadinessSnapshot, self.snapshots, batch_size)


class _Writer:
    """Builds one learner's rows at a time into a batch."""

    def __init__(self, content: Content, rng: random.Random, password_hash: str, today: date):
        self.content = content
        self.rng = rng
        self.password_hash = password_hash
        self.today = today
        self.now = timezone.now()
        self.user_ids = _Ids(User)
        self.project_ids = _Ids(PortfolioProject)

    def user(self, batch: _Batch, email: str, handle: str, role_id: int) -> User:
        user = User(
            id=self.user_ids.take(),
            email=email,
            handle=handle,
            display_name=handle.replace("-", " ").title(),
            password=self.password_hash,
            target_role_id=role_id,
            weekly_hours=self.rng.choice((3, 5, 8, 10, 15)),
            date_joined=self.now - timedelta(days=self.rng.randint(1, 900)),
        )
        batch.users.append(user)
        return user

    def skill_records(self, batch: _Batch, user: User, skill_ids: Iterable[int]) -> None:
        for skill_id in skill_ids:
            batch.skill_records.append(
                SkillRecord(user_id=user.id, skill_id=skill_id, level=self.rng.randint(0, 5))
            )

    def certification(self, batch: _Batch, user: User, index: int) -> None:
        cert_id, validity = self.content.certifications[
            (user.id + index) % len(self.content.certifications)
        ]
        # Distinct issue dates keep (user, certification, issued_on) unique for repeats.
        issued = self.today - timedelta(days=30 + 7 * index + self.rng.randint(0, 6))
        batch.certifications.append(
            EarnedCertification(
                user_id=user.id,
                certification_id=cert_id,
                issued_on=issued,
                expires_on=issued + timedelta(days=30 * validity) if validity else None,
                credential_id=f"CRED-{user.id}-{index}",
                # Two in three carry a link on the certification's own verification host (so
                # they count as evidence), the rest none.
                verification_url=(
                    f"https://{self.content.verification_hosts.get(cert_id, 'verify.example.org')}"
                    f"/badges/{user.id}-{index}"
                    if index % 3
                    else ""
                ),
            )
        )

    def project(self, batch: _Batch, user: User, index: int, skills: int) -> None:
        done = index % 3 != 2
        project = PortfolioProject(
            id=self.project_ids.take(),
            user_id=user.id,
            title=f"Project {index + 1}: {self.rng.choice(('churn', 'vision', 'ranking', 'nlp'))}",
            summary="Trained, evaluated and deployed a model; wrote up what went wrong.",
            # Every other project has a public repository (evidence once it is done).
            repository_url=f"https://github.com/u{user.id}/p{index}" if index % 2 else "",
            demo_url="",
            status=PortfolioProject.Status.DONE if done else PortfolioProject.Status.IN_PROGRESS,
            completed_on=self.today - timedelta(days=10 + index) if done else None,
        )
        batch.projects.append(project)
        for skill_id in self.rng.sample(self.content.skill_ids, skills):
            batch.project_skills.append(
                ProjectSkill(project_id=project.id, skill_id=skill_id, level=self.rng.randint(1, 4))
            )

    def education(self, batch: _Batch, user: User, index: int) -> None:
        batch.education.append(
            EducationRecord(
                user_id=user.id,
                education_path_id=self.content.education_path_ids[
                    index % len(self.content.education_path_ids)
                ],
                field=self.rng.choice(FIELDS),
                institution=self.rng.choice(INSTITUTIONS),
                year=2010 + (user.id + index) % 16,
                status=EducationRecord.Status.COMPLETED,
            )
        )

    def snapshots(self, batch: _Batch, user: User, days: int) -> None:
        score = self.rng.uniform(5, 40)
        for back in range(days, 0, -1):
            score = min(100.0, score + self.rng.uniform(0, 2))
            batch.snapshots.append(
                ReadinessSnapshot(
                    user_id=user.id,
                    role_id=user.target_role_id,
                    day=self.today - timedelta(days=back),
                    score=round(score, 1),
                    evidenced_score=round(score * 0.7, 1),
                )
            )

    def typical_learner(self, batch: _Batch, number: int) -> None:
        """A learner as the population has them: a handful of everything."""
        content, rng = self.content, self.rng
        role_id = content.target_role_id if rng.random() < 0.7 else rng.choice(content.role_ids)
        user = self.user(batch, f"learner{number:06d}@bench.example", f"bench-{number}", role_id)
        rated = rng.randint(min(3, len(content.skill_ids)), min(25, len(content.skill_ids)))
        self.skill_records(batch, user, rng.sample(content.skill_ids, rated))
        if content.certifications:
            for index in range(rng.choices((0, 1, 2, 3), weights=(50, 30, 15, 5))[0]):
                self.certification(batch, user, index)
        for index in range(rng.choices((0, 1, 2, 3), weights=(40, 30, 20, 10))[0]):
            self.project(batch, user, index, rng.randint(1, min(4, len(content.skill_ids))))
        if content.education_path_ids:
            for index in range(rng.choices((0, 1, 2), weights=(30, 55, 15))[0]):
                self.education(batch, user, index)
        self.snapshots(batch, user, rng.randint(0, 10))


def seed_learners(
    count: int,
    *,
    seed: int = 42,
    batch_size: int = 5000,
    learners_per_transaction: int = 5000,
    content: Content | None = None,
    progress=None,
) -> dict[str, int]:
    """Add `count` typical learners (numbered after those already there); return rows per table."""
    content = content or load_content()
    rng = random.Random(seed + User.objects.count())
    writer = _Writer(content, rng, make_password(BENCH_PASSWORD), date.today())
    first = User.objects.filter(email__endswith="@bench.example").count()
    totals: dict[str, int] = {}
    for start in range(first, first + count, learners_per_transaction):
        batch = _Batch()
        for number in range(start, min(start + learners_per_transaction, first + count)):
            writer.typical_learner(batch, number)
        batch.write(batch_size)
        for name, value in batch.counts().items():
            totals[name] = totals.get(name, 0) + value
        if progress:
            progress(min(start + learners_per_transaction, first + count) - first, count)
    _reset_sequences(User, PortfolioProject)
    return totals


def seed_learner(
    email: str,
    *,
    records: int | None = None,
    seed: int = 7,
    content: Content | None = None,
) -> User:
    """One learner aiming at the target role.

    records=None gives the full record the dashboard is measured with: a level on every skill,
    3 certifications, 5 projects, 2 degrees and a month of snapshots. A number gives exactly that
    many records in all (ratings first, then certifications, projects, education, snapshots), to
    show the query count does not grow with it.
    """
    content = content or load_content()
    writer = _Writer(content, random.Random(seed), make_password(BENCH_PASSWORD), date.today())
    batch = _Batch()
    handle = email.split("@")[0].replace(".", "-").replace("_", "-")[:30]
    user = writer.user(batch, email, handle, content.target_role_id)
    skills = content.skill_ids
    if records is None:
        writer.skill_records(batch, user, skills)
        for index in range(3 if content.certifications else 0):
            writer.certification(batch, user, index)
        for index in range(5):
            writer.project(batch, user, index, min(4, len(skills)))
        for index in range(2 if content.education_path_ids else 0):
            writer.education(batch, user, index)
        writer.snapshots(batch, user, 30)
    else:
        ratings = min(records, len(skills))
        writer.skill_records(batch, user, skills[:ratings])
        left = records - ratings
        # The rest: a quarter each certifications, projects (1 skill each, 2 rows), education,
        # and the remainder as snapshots.
        certs = left // 4 if content.certifications else 0
        projects = left // 8
        education = left // 4 if content.education_path_ids else 0
        for index in range(certs):
            writer.certification(batch, user, index)
        for index in range(projects):
            writer.project(batch, user, index, 1)
        for index in range(education):
            writer.education(batch, user, index)
        writer.snapshots(batch, user, left - certs - 2 * projects - education)
    batch.write(5000)
    _reset_sequences(User, PortfolioProject)
    return user


def record_count(user: User) -> int:
    """Everything a learner has recorded, the way seed_learner counts it."""
    return (
        SkillRecord.objects.filter(user=user).count()
        + EarnedCertification.objects.filter(user=user).count()
        + PortfolioProject.objects.filter(user=user).count()
        + ProjectSkill.objects.filter(project__user=user).count()
        + EducationRecord.objects.filter(user=user).count()
        + ReadinessSnapshot.objects.filter(user=user).count()
    )
