"""Formats that say what they hold: JSON Resume, a LinkedIn export's CSV files, and Open Badges
(2.0 assertions and 3.0 OpenBadgeCredentials, as JSON or baked into a PNG or an SVG).

Each becomes a `Document`: its words go into blocks (so skills are read by the same reader as a
CV), and its certifications, projects and degrees into lists. Nothing is fetched from the network:
a badge's signature is not checked, and the proposal says so.
"""

from __future__ import annotations

import csv
import io
import json
import re
import struct
import zlib
from datetime import date

from learners.importing import document as d
from learners.importing.items import _field as field_of
from learners.importing.items import degree_level, project_from

MAX_CREDENTIAL = 5 * 1024 * 1024

BADGE_NOTE = "an Open Badges credential: its signature was not checked (nothing is fetched)"


def _refused(message: str):
    return d.Refused(message)


def _date(value) -> date | None:
    """ "2021-03-04", "2021-03", "2021", "Mar 2021", "2024-03-01T00:00:00Z" as a date."""
    if not isinstance(value, str) or not value.strip():
        return None
    value = value.strip()
    match = re.match(r"((?:19|20)\d\d)(?:-(\d\d))?", value)
    if match:
        month = int(match.group(2) or 1)
        return date(int(match.group(1)), month if 1 <= month <= 12 else 1, 1)
    match = re.match(r"([A-Za-z]{3})[a-z]*\.?\s+((?:19|20)\d\d)", value)
    if match and match.group(1).lower() in d._MONTHS:
        return date(int(match.group(2)), d._MONTHS[match.group(1).lower()], 1)
    return None


def _months(start, end, today: date) -> int:
    a = _date(start)
    if a is None:
        return 0
    b = _date(end) or today
    return max(0, (b.year - a.year) * 12 + b.month - a.month)


def _text(value, limit: int = 4000) -> str:
    return value.strip()[:limit] if isinstance(value, str) else ""


def _list(value) -> list:
    return value if isinstance(value, list) else []


def from_json(data: bytes, *, today: date) -> d.Document:
    try:
        value = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError) as e:
        raise _refused("This JSON file cannot be read.") from e
    if not isinstance(value, dict):
        raise _refused("This JSON file is neither a JSON Resume nor an Open Badges credential.")
    if _is_badge(value):
        return badge(value)
    if any(k in value for k in ("work", "skills", "basics", "education", "projects")):
        return json_resume(value, today=today)
    raise _refused("This JSON file is neither a JSON Resume nor an Open Badges credential.")


# --- JSON Resume --------------------------------------------------------------------------------


def json_resume(resume: dict, *, today: date) -> d.Document:
    doc = d.Document(source="JSON Resume", structured=True)
    basics = resume.get("basics") if isinstance(resume.get("basics"), dict) else {}
    doc.add(d.SUMMARY, "Summary\n" + _text(basics.get("summary")))
    for job in _list(resume.get("work")):
        if not isinstance(job, dict):
            continue
        title = " at ".join(
            x for x in (_text(job.get("position"), 80), _text(job.get("name"), 80)) if x
        )
        lines = [title, _text(job.get("summary"))]
        lines += [f"- {_text(h, 500)}" for h in _list(job.get("highlights"))]
        position = d.Position(
            title or "a position", _months(job.get("startDate"), job.get("endDate"), today)
        )
        doc.add(d.EXPERIENCE, "\n".join(x for x in lines if x), position)
    skill_lines = []
    for skill in _list(resume.get("skills")):
        if isinstance(skill, dict):
            keywords = ", ".join(_text(k, 80) for k in _list(skill.get("keywords")))
            label = " ".join(
                x for x in (_text(skill.get("level"), 30), _text(skill.get("name"), 80)) if x
            )
            skill_lines.append(f"{label}: {keywords}" if keywords else label)
    doc.add(d.SKILLS, "Skills\n" + "\n".join(skill_lines))
    project_lines = []
    for project in _list(resume.get("projects")):
        if not isinstance(project, dict):
            continue
        name = _text(project.get("name"), 160) or "Imported project"
        text = " ".join(
            [_text(project.get("description"))]
            + [_text(h, 500) for h in _list(project.get("highlights"))]
            + [_text(k, 80) for k in _list(project.get("keywords"))]
        ).strip()
        project_lines.append(f"{name} — {text}")
        found = files_project(name, text, [project.get("url")])
        if found:
            doc.projects.append(found)
    doc.add(d.PROJECTS, "Projects\n" + "\n".join(project_lines))
    for school in _list(resume.get("education")):
        if isinstance(school, dict):
            doc.education.append(
                _education(
                    f"{_text(school.get('studyType'), 80)} {_text(school.get('area'), 120)}",
                    _text(school.get("area"), 120),
                    _text(school.get("institution"), 160),
                    school.get("endDate") or school.get("startDate"),
                    today,
                )
            )
    for cert in _list(resume.get("certificates")):
        if isinstance(cert, dict):
            issued = _date(cert.get("date"))
            doc.certifications.append(
                {
                    "name": _text(cert.get("name"), 160),
                    "issuer": _text(cert.get("issuer"), 120),
                    "issued_on": issued.isoformat() if issued else None,
                    "url": _text(cert.get("url"), 500),
                }
            )
    return doc


def files_project(title: str, summary: str, urls: list) -> dict | None:
    links = [u for u in urls if isinstance(u, str) and u.startswith(("http://", "https://"))]
    return project_from(f"{title} — {summary}", title, summary, links)


def _education(degree: str, field: str, institution: str, year_value, today: date):
    level = degree_level(degree)
    when = _date(year_value) if not isinstance(year_value, int) else date(year_value, 1, 1)
    if not level:
        return None
    year = when.year if when else None
    return {
        "level": level,
        "field": field,
        "institution": institution,
        "year": year,
        "status": "in_progress" if year and year > today.year else "completed",
        "phrase": f"{degree.strip()}, {institution}".strip(", "),
    }


# --- LinkedIn -----------------------------------------------------------------------------------


def _rows(text: str) -> list[dict]:
    try:
        return [
            {(k or "").strip(): (v or "").strip() for k, v in row.items()}
            for row in csv.DictReader(io.StringIO(text))
        ]
    except csv.Error as e:
        raise _refused("A CSV file of this export cannot be read.") from e


def linkedin(csvs: dict[str, str], *, today: date) -> d.Document:
    """Skills.csv (Name), Positions.csv (Company Name, Title, Description, Started On, Finished
    On), Projects.csv (Title, Description, Url), Certifications.csv (Name, Url, Authority,
    Started On, License Number), Education.csv (School Name, Degree Name, Notes, End Date)."""
    doc = d.Document(source="LinkedIn export", structured=True)
    for row in _rows(csvs.get("positions.csv", "")):
        title = " at ".join(x for x in (row.get("Title", ""), row.get("Company Name", "")) if x)
        position = d.Position(
            title[:120] or "a position",
            _months(row.get("Started On"), row.get("Finished On"), today),
        )
        doc.add(d.EXPERIENCE, f"{title}\n{row.get('Description', '')}", position)
    skills = [row.get("Name", "") for row in _rows(csvs.get("skills.csv", "")) if row.get("Name")]
    doc.add(d.SKILLS, "Skills\n" + "\n".join(skills))
    project_lines = []
    for row in _rows(csvs.get("projects.csv", "")):
        title, text = row.get("Title", "")[:160], row.get("Description", "")
        project_lines.append(f"{title} — {text}")
        found = files_project(title or "Imported project", text, [row.get("Url")])
        if found:
            doc.projects.append(found)
    doc.add(d.PROJECTS, "Projects\n" + "\n".join(project_lines))
    for row in _rows(csvs.get("certifications.csv", "")):
        issued = _date(row.get("Started On"))
        doc.certifications.append(
            {
                "name": row.get("Name", "")[:160],
                "issuer": row.get("Authority", "")[:120],
                "issued_on": issued.isoformat() if issued else None,
                "url": row.get("Url", "")[:500],
                "credential_id": row.get("License Number", "")[:120],
            }
        )
    for row in _rows(csvs.get("education.csv", "")):
        doc.education.append(
            _education(
                row.get("Degree Name", "") + " " + row.get("Notes", ""),
                _field(row.get("Degree Name", "")),
                row.get("School Name", "")[:160],
                row.get("End Date") or row.get("Start Date"),
                today,
            )
        )
    return doc


def _field(degree: str) -> str:
    return field_of(degree)[:120]


# --- Open Badges --------------------------------------------------------------------------------


def _is_badge(value: dict) -> bool:
    kinds = value.get("type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    context = json.dumps(value.get("@context", ""))
    return (
        "Assertion" in kinds
        or "OpenBadgeCredential" in kinds
        or "AchievementCredential" in kinds
        or "openbadges" in context
        or "ob/v3" in context
    )


def badge(value) -> d.Document:
    """One credential: the achievement's name, issuer, date and link. A hosted 2.0 badge that
    only links to its badge class cannot be read without fetching it: refused, with a reason."""
    if isinstance(value, (bytes, str)):
        try:
            value = json.loads(value)
        except (ValueError, RecursionError) as e:
            raise _refused("The badge's credential is not readable JSON.") from e
    if not isinstance(value, dict) or not _is_badge(value):
        raise _refused("This is not an Open Badges credential.")
    subject = (
        value.get("credentialSubject") if isinstance(value.get("credentialSubject"), dict) else {}
    )
    achievement = subject.get("achievement") or value.get("badge")
    if isinstance(achievement, str):
        raise _refused(
            "This badge only links to its description, and careerhub fetches nothing: "
            "upload the badge's JSON with its name instead."
        )
    if not isinstance(achievement, dict) or not _text(achievement.get("name")):
        raise _refused("This badge has no achievement name.")
    issuer = value.get("issuer") or achievement.get("issuer") or {}
    issuer_name = _text(issuer.get("name"), 120) if isinstance(issuer, dict) else ""
    issued = _date(value.get("validFrom") or value.get("issuanceDate") or value.get("issuedOn"))
    ident = value.get("id") if isinstance(value.get("id"), str) else ""
    verify = value.get("verification") if isinstance(value.get("verification"), dict) else {}
    url = ident if ident.startswith("https://") else _text(verify.get("url"), 500)
    doc = d.Document(source="Open Badges credential", structured=True)
    name = _text(achievement.get("name"), 160)
    description = _text(achievement.get("description"))
    doc.add(d.CERTIFICATIONS, f"Certifications\n{name}\n{description}")
    doc.certifications.append(
        {
            "name": name,
            "issuer": issuer_name,
            "issued_on": issued.isoformat() if issued else None,
            "url": url[:500] if url.startswith("https://") else "",
            "credential_id": "" if ident.startswith("http") else ident[:120],
            "note": BADGE_NOTE,
        }
    )
    return doc


def baked_png(data: bytes) -> str:
    """The credential baked into a PNG: the iTXt (or tEXt) chunk with keyword "openbadges"."""
    position = 8
    while position + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[position : position + 8])
        body = data[position + 8 : position + 8 + length]
        if len(body) < length:
            break
        if kind in (b"iTXt", b"tEXt") and body.startswith(b"openbadges\x00"):
            return _chunk_text(kind, body[len(b"openbadges\x00") :])
        if kind == b"IEND":
            break
        position += 12 + length
    raise _refused("This image holds no Open Badges credential.")


def _chunk_text(kind: bytes, rest: bytes) -> str:
    if kind == b"tEXt":
        return rest.decode("latin-1")
    compressed, rest = rest[0], rest[2:]  # flag, method
    _language, _, rest = rest.partition(b"\x00")
    _translated, _, text = rest.partition(b"\x00")
    if compressed:
        try:
            decompressor = zlib.decompressobj()
            text = decompressor.decompress(text, MAX_CREDENTIAL)
            if decompressor.unconsumed_tail:
                raise _refused("The badge's credential is too large.")
        except zlib.error as e:
            raise _refused("The badge's credential is damaged.") from e
    return text.decode("utf-8", errors="replace")


_SVG_CREDENTIAL = re.compile(
    rb"<openbadges:(?:assertion|credential)\b[^>]*>\s*(?:<!\[CDATA\[(.*?)\]\]>)?", re.DOTALL
)


def baked_svg(data: bytes) -> str:
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise _refused("This SVG declares XML entities; it is not read.")
    match = _SVG_CREDENTIAL.search(data)
    if not match or not match.group(1):
        raise _refused("This image holds no Open Badges credential.")
    return match.group(1).decode("utf-8", errors="replace")
