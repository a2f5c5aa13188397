"""From a `Document` to a proposal: the skills with a level and the reason for it, the
certifications, projects and degrees, and the words the reader did not know.

Pure (no Django). Skills are read by the posting reader (`catalogue.matcher.analyse`): the same
names, aliases and rules as job postings; this module only decides the level each one suggests,
from where the CV names it:

- in a position: its length (summed over the positions naming it) and depth words on the same line
  ("led", "designed", "built from scratch", "production") raise it; "4 years as ML engineer";
- "5 years of Python" written anywhere counts as those years;
- in a project: Guided (2), Independent (3) with depth words;
- only in a skills list: Guided (2), or what the list line says ("Advanced: …", "Familiar with");
- only in a summary, a degree or a certification: Guided (2).

The proposal is plain JSON-ready dicts (kept server-side until the learner confirms).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import replace
from datetime import date

from jobs.reading.matcher import Mention
from learners.importing import document as d
from learners.importing.catalogue import Catalogue
from learners.importing.items import (
    _LINK_LABEL,
    DEPTH,
    _catalogue_cert,
    _clip,
    _items,
    _map_degree,
    _project_skills,
    _title_of,
    certifications_in,
    education_in,
    projects_in,
)

LEAD = re.compile(
    r"\b(?:led|mentored|set (?:the )?(?:team's )?standards?|defined|taught|tech lead|"
    r"head of|principal|staff)\b",
    re.IGNORECASE,
)
_YEARS = re.compile(r"\b(\d{1,2})\+?\s*(?:years?|yrs?)\b(?:\s+of)?", re.IGNORECASE)
_LIST_LEVELS: list[tuple[re.Pattern, int]] = [
    (re.compile(r"\b(?:expert|advanced|fluent)\b", re.I), 4),
    (re.compile(r"\b(?:proficient|strong|experienced|professional)\b", re.I), 3),
    (re.compile(r"\b(?:intermediate|working knowledge)\b", re.I), 2),
    (re.compile(r"\b(?:familiar|basic|beginner|exposure|learning|some)\b", re.I), 1),
]


def _line_around(text: str, start: int, end: int) -> str:
    left = text.rfind("\n", 0, start) + 1
    right = text.find("\n", end)
    return text[left : right if right >= 0 else len(text)]


def _years_text(months: int) -> str:
    if months < 12:
        return f"{months} month{'s' if months != 1 else ''}"
    years = round(months / 12)
    return f"{years} year{'s' if years != 1 else ''}"


class _Evidence:
    def __init__(self):
        self.positions: dict[str, int] = {}  # title -> months
        self.stated_years = 0
        self.depth = False
        self.depth_lines = 0
        self.lead = False
        self.projects: list[str] = []
        self.project_depth = False
        self.listed: int | None = None  # level the skills list suggests
        self.in_list = False
        self.other = ""  # the kind of section of a lone mention
        self.phrase = ""
        self.phrase_rank = -1

    def keep_phrase(self, line: str, rank: int) -> None:
        if rank > self.phrase_rank:
            self.phrase, self.phrase_rank = _clip(d.clean_line(line)), rank

    def level_and_reason(self) -> tuple[int, str]:
        months = sum(self.positions.values())
        years = max(months / 12, self.stated_years)
        if self.positions or self.stated_years:
            level = 2 if years < 1 else 3
            if years >= 2 and self.depth:
                level = 4
            if years >= 5:
                level = max(level, 4)
            if years >= 8 and self.lead and self.depth_lines >= 2:
                level = 5
            if self.listed is not None and self.listed > level:
                level = min(self.listed, level + 1)
            if self.positions:
                title = max(self.positions, key=self.positions.get)
                reason = f"{_years_text(months)} as {title} using it"
                if len(self.positions) > 1:
                    reason = f"{_years_text(months)} in {len(self.positions)} positions using it"
            else:
                reason = f"{self.stated_years} years of it, as your CV says"
            if self.depth:
                reason += ", with depth words (led, designed, production…)"
            return level, reason
        if self.projects:
            level = 3 if self.project_depth else 2
            return level, f'used in your project "{_clip(self.projects[0], 60)}"'
        if self.in_list:
            if self.listed is not None:
                return self.listed, "listed in your skills section with its own level word"
            return 2, "listed in your skills section only: a lower level"
        return 2, f"named in your {self.other or 'CV'} only"


#: At most this many certifications, projects or degrees from one import (a CV has a few).
MAX_ITEMS = 30


def propose(doc: d.Document, catalogue: Catalogue, *, today: date) -> dict:
    """The proposal for one document (JSON-ready)."""
    text = _LINK_LABEL.sub(lambda m: " " * len(m.group(0)), doc.reading_text())
    analysis = catalogue.matcher.analyse(_without_contact(doc, text))
    mentions = _merged(analysis.mentions, _list_mentions(doc, text, catalogue))
    evidence: dict[str, _Evidence] = defaultdict(_Evidence)
    for mention in mentions:
        _note(evidence[mention.slug], mention, doc, text)
    skills = []
    for slug, ev in evidence.items():
        level, reason = ev.level_and_reason()
        skills.append(
            {
                "slug": slug,
                "name": catalogue.skill_names.get(slug, slug),
                "level": level,
                "reason": reason,
                "phrase": ev.phrase,
            }
        )
    skills.sort(key=lambda s: (-s["level"], s["name"].lower()))
    implied = implied_by_positions(doc, catalogue, {s["slug"] for s in skills})
    if doc.structured:
        certs = [_catalogue_cert(c, catalogue.certifications) for c in doc.certifications]
        projects = [_project_skills(p, catalogue) for p in doc.projects]
        education = [_map_degree(e, catalogue) for e in doc.education]
    else:
        certs = certifications_in(doc, catalogue.certifications)
        projects = [_project_skills(p, catalogue) for p in projects_in(doc)]
        education = [_map_degree(e, catalogue) for e in education_in(doc, today)]
    return {
        "source": doc.source,
        "skills": skills,
        "implied": implied,
        "certifications": _unique(certs, lambda c: c.get("slug") or c["name"].lower())[:MAX_ITEMS],
        "projects": _unique([p for p in projects if p], lambda p: p["url"])[:MAX_ITEMS],
        "education": [e for e in education if e][:MAX_ITEMS],
        "unknown": _unknown([*analysis.unknown_terms, *_unlisted(doc, mentions)], text),
    }


_NOT_WORDS = {"id", "cv", "pdf", "url", "gpa", "msc", "bsc", "phd", "ba", "ma", "mba"}


def _unknown(terms: list[str], text: str) -> list[str]:
    """Words it did not know, once each, without parts of a longer one ("CI" of "GitLab CI")
    or of an exam code ("MLS" of "MLS-C01")."""
    kept = [
        t
        for t in dict.fromkeys(terms)
        if t.lower().strip(".") not in _NOT_WORDS
        and not re.search(rf"(?<![\w-]){re.escape(t)}-[A-Z]*\d", text)
    ]
    longer = [t for t in kept if " " in t]
    return [t for t in kept if not any(t != o and t in o.split() for o in longer)][:40]


_LIST_ITEM = re.compile(r"[^,;|•·/]+")


def _list_matches(doc: d.Document, text: str):
    """(offset of its line, match) of each item of the skills sections' lists ("Python, SQL",
    "Tools: Docker"), headings skipped."""
    for block in doc.of_kind(d.SKILLS):
        position = block.start
        for line in text[block.start : block.end].split("\n"):
            start = position
            position += len(line) + 1
            if d.heading_kind(line):
                continue
            body_at = line.find(":") + 1 if ":" in line[:40] else 0
            for match in _LIST_ITEM.finditer(line, body_at):
                yield start, match


def _list_items(doc: d.Document, text: str):
    """(start, end) of each item of the skills sections' lists."""
    for start, match in _list_matches(doc, text):
        lead = len(match.group(0)) - len(match.group(0).lstrip(" \t-*•·"))
        item = match.group(0)[lead:].rstrip()
        if item:
            yield start + match.start() + lead, start + match.start() + lead + len(item)


def _list_mentions(doc: d.Document, text: str, catalogue: Catalogue) -> list[Mention]:
    """The skills lists read as lists: each item as a bullet of a "Skills" section, by the same
    reader ("Python, Machine Learning, SQL": "Machine Learning" is an item, so it counts), the
    mentions put back at their place in the text."""
    items = list(_list_items(doc, text))
    if not items:
        return []
    listing, places = "Skills\n", []
    for start, end in items:
        places.append((len(listing) + 2, start))
        listing += f"- {text[start:end]}\n"
    found = []
    for mention in catalogue.matcher.analyse(listing).mentions:
        at = next(((s, o) for s, o in reversed(places) if s <= mention.start), None)
        if at is not None:
            shift = at[1] - at[0]
            found.append(replace(mention, start=mention.start + shift, end=mention.end + shift))
    return found


def _merged(first, second) -> list[Mention]:
    """Mentions of both readings, once per place, in text order."""
    seen, kept = set(), []
    for mention in sorted([*first, *second], key=lambda m: (m.start, -m.end)):
        if not any(s < mention.end and mention.start < e for s, e in seen):
            seen.add((mention.start, mention.end))
            kept.append(mention)
    return kept


def _unlisted(doc: d.Document, mentions: list[Mention]) -> list[str]:
    """Items of a skills list that no catalogue skill took ("Zorblax" in "Python, Zorblax")."""
    taken = [(m.start, m.end) for m in mentions]
    found = []
    for start, match in _list_matches(doc, doc.text):
        item = d.clean_line(match.group(0)).strip(" ().")
        if not item or len(item.split()) > 3 or not re.search(r"[A-Za-z]", item):
            continue
        a, b = start + match.start(), start + match.end()
        if not any(s < b and a < e for s, e in taken):
            found.append(item)
    return found


_CONTACT = re.compile(r"@|https?://|www\.|\+?\d[\d ()-]{7,}|linkedin|github", re.IGNORECASE)


def _without_contact(doc: d.Document, text: str) -> str:
    """The text with the CV's name line and contact lines (before the first heading) blanked,
    offsets kept: a surname is no skill ("Jane Doe" is not "DOE", design of experiments)."""
    if doc.structured or not doc.blocks or doc.blocks[0].kind != d.SUMMARY:
        return text
    first = doc.blocks[0]
    if d.heading_kind(doc.text[first.start : first.end].split("\n")[0]):
        return text
    position = first.start
    for number, line in enumerate(doc.span(first).split("\n")):
        if number == 0 or _CONTACT.search(line):
            text = text[:position] + " " * len(line) + text[position + len(line) :]
        position += len(line) + 1
    return text


def implied_by_positions(doc: d.Document, catalogue: Catalogue, named: set[str]) -> list[dict]:
    """Skills a position's title implies: a position named like a catalogue role ("Senior
    Machine Learning Engineer, Acme" is a Machine Learning Engineer) implies the role's essential
    skills and knowledge (never its tools), at Independent (3) after two years in it, Guided (2)
    before. Shown apart from the skills the CV names, each with its reason."""
    months: dict[str, int] = defaultdict(int)
    titles: dict[str, str] = {}
    for block in doc.of_kind(d.EXPERIENCE):
        if block.position is None:
            continue
        role = _role_named(block.position.title, catalogue)
        if role is not None:
            months[role.slug] += block.position.months
            titles.setdefault(role.slug, block.position.title)
    found: dict[str, dict] = {}
    for role in catalogue.roles:
        if role.slug not in months:
            continue
        level = 3 if months[role.slug] >= 24 else 2
        for slug in role.implied:
            if slug in named or (slug in found and found[slug]["level"] >= level):
                continue
            found[slug] = {
                "slug": slug,
                "name": catalogue.skill_names.get(slug, slug),
                "level": level,
                "reason": f"implied by {_years_text(months[role.slug])} in the role of "
                f"{role.title} ({titles[role.slug]}): essential to it",
                "phrase": titles[role.slug],
            }
    return sorted(found.values(), key=lambda s: s["name"].lower())


def _role_named(title: str, catalogue: Catalogue):
    """The catalogue role a position's title names (the longest name that fits), or None."""
    lowered = f" {title.lower()} "
    best, length = None, 0
    for role in catalogue.roles:
        for name in role.names:
            if (
                re.search(rf"(?<![\w-]){re.escape(name.lower())}(?![\w-])", lowered)
                and len(name) > length
            ):
                best, length = role, len(name)
    return best


def _unique(items: list[dict], key) -> list[dict]:
    seen, kept = set(), []
    for item in items:
        k = key(item)
        if k not in seen:
            seen.add(k)
            kept.append(item)
    return kept


def _note(ev: _Evidence, mention: Mention, doc: d.Document, text: str) -> None:
    block = doc.block_at(mention.start)
    kind = block.kind if block else d.SUMMARY
    line = _line_around(text, mention.start, mention.end)
    stated = [int(y) for y in _YEARS.findall(line) if 0 < int(y) <= 40]
    # "5 years of Python", "Python (5 years)": the years sit right beside the name.
    near = text[max(0, mention.start - 30) : mention.end + 20]
    if stated and _YEARS.search(near) and kind != d.EXPERIENCE:
        ev.stated_years = max(ev.stated_years, max(int(y) for y in _YEARS.findall(near)))
    if kind == d.EXPERIENCE and block and block.position:
        ev.positions[block.position.title] = block.position.months
        deep = bool(DEPTH.search(line))
        ev.depth = ev.depth or deep
        ev.depth_lines += deep
        ev.lead = ev.lead or bool(LEAD.search(line))
        ev.keep_phrase(line, 4 + deep)
    elif kind == d.PROJECTS:
        ev.projects.append(_project_title(doc, block, mention.start))
        ev.project_depth = ev.project_depth or bool(DEPTH.search(line))
        ev.keep_phrase(line, 3)
    elif kind == d.SKILLS:
        ev.in_list = True
        head = line[: max(0, mention.start - (text.rfind("\n", 0, mention.start) + 1))]
        label = head.rsplit(":", 1)[0] if ":" in head else ""  # "Familiar with: Go, Rust"
        for pattern, value in _LIST_LEVELS:
            if pattern.search(label) or (
                pattern.search(text[mention.end : mention.end + 25].split(",")[0])
                and "(" in text[mention.end : mention.end + 3]
            ):
                ev.listed = value if ev.listed is None else max(ev.listed, value)
                break
        ev.keep_phrase(line, 2)
    else:
        if kind == d.EXPERIENCE:  # an experience section's text outside any dated position
            ev.depth = ev.depth or bool(DEPTH.search(line))
        ev.other = ev.other or {
            d.SUMMARY: "summary",
            d.EDUCATION: "education",
            d.CERTIFICATIONS: "certifications",
        }.get(kind, "CV")
        ev.keep_phrase(line, 1)


def _project_title(doc: d.Document, block, offset: int) -> str:
    for item in _items(doc.span(block), block.start):
        if item[0] <= offset <= item[1]:
            return _title_of(doc.text[item[0] : item[1]])
    return "a project"
