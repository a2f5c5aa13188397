"""Everything a learner recorded, as one JSON document and as a CSV file per record type.

Certifications follow the Open Badges 3.0 (OpenBadgeCredential) field names where they map:
`issuer`, `validFrom`, `validUntil`, `identifier`, `credentialSubject.achievement`, and
`validUntil` agrees with the expiry the dashboard shows.
A constant number of queries, however much the learner recorded.
"""

import csv
import io
import json
import zipfile
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, time

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Prefetch
from django.utils import timezone

from learners.models import (
    EarnedCertification,
    EducationRecord,
    PortfolioProject,
    ProjectSkill,
    ReadinessSnapshot,
    SkillRecord,
)
from learners.readiness import display_percent, effective_expiry
from learners.records import learner_outcome
from roles.models import Level, Skill

EXPORT_FORMAT = "careerhub-export"
EXPORT_VERSION = 2  # 2: per-role readiness from the engine

#: Sections other apps add to the JSON export: name -> function(user) -> an iterable of
#: JSON-ready items, read lazily (the export streams them). Registered from their
#: AppConfig.ready (learners never imports them).
EXTRA_SECTIONS: dict = {}
#: Their CSV files in the zip: section name -> function(user) -> {file: iterable of CSV lines}.
EXTRA_CSV: dict = {}


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _ob_datetime(value: date | None) -> str | None:
    """Open Badges asks for a date-time with a zone; careerhub records days, so midnight UTC."""
    if value is None:
        return None
    return datetime.combine(value, time.min, tzinfo=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _level_label(level: int) -> str:
    return Level(level).label


def profile_data(user) -> dict:
    role = user.target_role
    return {
        "email": user.email,
        "display_name": user.display_name,
        "handle": user.handle,
        "headline": user.headline,
        "target_role": role.slug if role else None,
        "target_role_title": role.title if role else None,
        "weekly_hours": user.weekly_hours,
        "is_public": user.is_public,
        "date_joined": _iso(user.date_joined),
        "last_login": _iso(user.last_login),
    }


def skills_data(user) -> list[dict]:
    records = SkillRecord.objects.filter(user=user).select_related("skill").order_by("skill__name")
    return [
        {
            "skill": r.skill.slug,
            "skill_name": r.skill.name,
            "level": r.level,
            "level_label": _level_label(r.level),
            "note": r.note,
            "updated_at": _iso(r.updated_at),
        }
        for r in records
    ]


def certification_data(earned: EarnedCertification) -> dict:
    """One earned certification shaped like an Open Badges 3.0 OpenBadgeCredential.

    `validUntil` is the expiry the dashboard uses (`effective_expiry`): the recorded date, else
    the certification's validity after issue. The issuer is a Profile with its name only; the
    certification's own page belongs to the achievement. Optional fields without a value are
    left out rather than set to null.
    """
    cert = earned.certification
    achievement = {"type": ["Achievement"], "name": earned.name}
    page = cert.url if cert else earned.other_url
    if cert:
        achievement["careerhubSlug"] = cert.slug
        if cert.description:
            achievement["description"] = cert.description
    else:
        achievement["careerhubSkills"] = [
            {"skill": skill.slug, "level": earned.other_level}
            for skill in earned.other_skills.all()
        ]
    if page:
        achievement["id"] = page
        achievement["criteria"] = {"id": page}
    data = {
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": earned.name,
        "issuer": {"type": ["Profile"], "name": earned.issuer},
        "validFrom": _ob_datetime(earned.issued_on),
        "validUntil": _ob_datetime(effective_expiry(earned)),
        "credentialSubject": {"type": ["AchievementSubject"], "achievement": achievement},
        "verificationUrl": earned.verification_url or None,
        "createdAt": _iso(earned.created_at),
    }
    if earned.credential_id:
        data["identifier"] = earned.credential_id
    if earned.verification_url:
        data["id"] = earned.verification_url
    return data


def certifications_data(user) -> list[dict]:
    earned = (
        EarnedCertification.objects.filter(user=user)
        .select_related("certification")
        .prefetch_related(Prefetch("other_skills", queryset=Skill.objects.order_by("slug")))
    )
    return [certification_data(e) for e in earned]


def _projects(user):
    skills = ProjectSkill.objects.select_related("skill").order_by("skill__name")
    return (
        PortfolioProject.objects.filter(user=user)
        .select_related("idea")
        .prefetch_related(Prefetch("skills", queryset=skills))
    )


def projects_data(user) -> list[dict]:
    return [
        {
            "title": p.title,
            "summary": p.summary,
            "repository_url": p.repository_url,
            "demo_url": p.demo_url,
            "status": p.status,
            "completed_on": _iso(p.completed_on),
            "idea": p.idea.slug if p.idea else None,
            "created_at": _iso(p.created_at),
            "skills": [
                {
                    "skill": ps.skill.slug,
                    "skill_name": ps.skill.name,
                    "level": ps.level,
                    "level_label": _level_label(ps.level),
                }
                for ps in p.skills.all()
            ],
        }
        for p in _projects(user)
    ]


def education_data(user) -> list[dict]:
    records = EducationRecord.objects.filter(user=user).select_related("education_path")
    return [
        {
            "level": r.level,
            "level_title": r.get_level_display() if r.level else "",
            "field": r.field,
            "title": r.title,
            "degree": r.education_path.slug if r.education_path_id else None,
            "degree_title": r.education_path.title if r.education_path_id else None,
            "degree_level": r.education_path.level if r.education_path_id else None,
            "institution": r.institution,
            "year": r.year,
            "status": r.status,
        }
        for r in records
    ]


def snapshots_data(user) -> list[dict]:
    snapshots = ReadinessSnapshot.objects.filter(user=user).select_related("role")
    return [
        {
            "role": s.role.slug,
            "role_title": s.role.title,
            "day": _iso(s.day),
            "score": s.score,
            "evidenced_score": s.evidenced_score,
        }
        for s in snapshots.order_by("day", "role__slug")
    ]


def readiness_data(user) -> list[dict]:
    """Readiness for every published role, from the engine, as the pages show it."""
    outcome = learner_outcome(user)
    return [
        {
            "role": r.role_slug,
            "role_title": r.role_title,
            "score": round(r.score, 2),
            "evidenced_score": round(r.evidenced_score, 2),
            "percent": display_percent(r.score),
            "evidenced_percent": display_percent(r.evidenced_score),
            "essentials_met": r.essentials_met,
            "essentials_total": r.essentials_total,
        }
        for r in outcome.readiness.values()
    ]


def export_data(user, *, now: datetime | None = None) -> dict:
    """The whole export as one JSON-ready dict (the download streams the same, `json_chunks`)."""
    return {
        **own_data(user, now=now),
        **{name: list(section(user)) for name, section in EXTRA_SECTIONS.items()},
    }


def own_data(user, *, now: datetime | None = None) -> dict:
    """What the learners app itself holds: bounded by the catalogue (one row per skill, role
    and day at most), so it is built whole; other apps' sections are streamed."""
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": _iso(now or timezone.now()),
        "profile": profile_data(user),
        "skills": skills_data(user),
        "certifications": certifications_data(user),
        "projects": projects_data(user),
        "education": education_data(user),
        "snapshots": snapshots_data(user),
        "readiness": readiness_data(user),
    }


def _json(value, indent: int | None = None) -> str:
    return json.dumps(value, cls=DjangoJSONEncoder, indent=indent, ensure_ascii=False)


def json_chunks(user, *, now: datetime) -> Iterator[str]:
    """The JSON export in pieces: the learner's own records, then each other app's section one
    item at a time, so memory does not grow with what the learner pasted."""
    head = _json(own_data(user, now=now), indent=2)
    yield head[: -len("\n}")]
    for name, section in EXTRA_SECTIONS.items():
        yield f",\n  {_json(name)}: ["
        for n, item in enumerate(section(user)):
            yield ("," if n else "") + "\n    " + _json(item)
        yield "\n  ]"
    yield "\n}\n"


def _cell(value):
    """Keep a spreadsheet from running a cell as a formula (OWASP CSV injection)."""
    if isinstance(value, str) and value[:1] in {"=", "+", "-", "@", "\t", "\r"}:
        return "'" + value
    return "" if value is None else value


def csv_lines(header: list[str], rows: Iterable[list]) -> Iterator[str]:
    """One CSV file, line by line. Every cell is quoted (where `;` is the list separator, an
    unquoted `x;=1+1` would give a spreadsheet a cell `=1+1`) and safe to open (`_cell`)."""
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL)
    for row in (header, *([_cell(v) for v in row] for row in rows)):
        writer.writerow(row)
        yield out.getvalue()
        out.seek(0)
        out.truncate()


def csv_text(header: list[str], rows: Iterable[list]) -> str:
    """One CSV file's text (`csv_lines`)."""
    return "".join(csv_lines(header, rows))


def csv_files(data: dict) -> dict[str, str]:
    """One CSV text per record type, built from `export_data`'s result."""
    p = data["profile"]
    profile_fields = list(p)
    files = {"profile.csv": csv_text(profile_fields, [[p[f] for f in profile_fields]])}
    files["skills.csv"] = csv_text(
        ["skill", "skill_name", "level", "level_label", "note", "updated_at"],
        [
            [s["skill"], s["skill_name"], s["level"], s["level_label"], s["note"], s["updated_at"]]
            for s in data["skills"]
        ],
    )
    files["certifications.csv"] = csv_text(
        ["name", "issuer", "validFrom", "validUntil", "identifier", "verificationUrl"],
        [
            [
                c["name"],
                c["issuer"]["name"],
                c["validFrom"],
                c["validUntil"],
                c.get("identifier"),
                c["verificationUrl"],
            ]
            for c in data["certifications"]
        ],
    )
    project_fields = [
        "title",
        "summary",
        "repository_url",
        "demo_url",
        "status",
        "completed_on",
        "idea",
        "created_at",
    ]
    files["projects.csv"] = csv_text(
        [*project_fields, "skills"],
        [
            [
                *(pr[f] for f in project_fields),
                "; ".join(f"{s['skill']}:{s['level']}" for s in pr["skills"]),
            ]
            for pr in data["projects"]
        ],
    )
    files["project_skills.csv"] = csv_text(
        ["project", "skill", "skill_name", "level", "level_label"],
        [
            [pr["title"], s["skill"], s["skill_name"], s["level"], s["level_label"]]
            for pr in data["projects"]
            for s in pr["skills"]
        ],
    )
    education_fields = [
        "level",
        "level_title",
        "field",
        "title",
        "degree",
        "degree_title",
        "degree_level",
        "institution",
        "year",
        "status",
    ]
    files["education.csv"] = csv_text(
        education_fields, [[e[f] for f in education_fields] for e in data["education"]]
    )
    snapshot_fields = ["role", "role_title", "day", "score", "evidenced_score"]
    files["snapshots.csv"] = csv_text(
        snapshot_fields, [[s[f] for f in snapshot_fields] for s in data["snapshots"]]
    )
    readiness_fields = [
        "role",
        "role_title",
        "score",
        "evidenced_score",
        "percent",
        "evidenced_percent",
        "essentials_met",
        "essentials_total",
    ]
    files["readiness.csv"] = csv_text(
        readiness_fields, [[r[f] for f in readiness_fields] for r in data["readiness"]]
    )
    return files


class _Pipe(io.RawIOBase):
    """A write-only stream whose bytes are taken as they come: `zipfile` writes a zip to it
    without seeking (it records each member's size after its data), so the zip streams."""

    def __init__(self):
        self.chunks: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self.chunks.append(bytes(data))
        return len(data)

    def take(self) -> bytes:
        taken = b"".join(self.chunks)
        self.chunks.clear()
        return taken


def zip_chunks(user, *, now: datetime) -> Iterator[bytes]:
    """A zip holding one CSV per record type, in pieces as it is written."""
    files: dict[str, Iterable[str]] = {
        name: [text] for name, text in csv_files(own_data(user, now=now)).items()
    }
    for files_of in EXTRA_CSV.values():
        files |= files_of(user)
    pipe = _Pipe()
    with zipfile.ZipFile(pipe, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, lines in files.items():
            with archive.open(name, "w") as member:
                for line in lines:
                    member.write(line.encode())
                    yield pipe.take()
    yield pipe.take()
