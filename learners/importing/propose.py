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
from learners.importing.catalogue import Catalogue, CertificationTerms, words
from roles.evidence import PUBLIC_CODE_HOSTS

DEPTH = re.compile(
    r"\b(?:led|leading|designed|architected|built (?:\w+ )?from scratch|from scratch|"
    r"in production|into production|to production|production|owned|scaled|shipped|launched|"
    r"optimi[sz]ed|maintainer|core contributor|authored)\b",
    re.IGNORECASE,
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
URL = re.compile(
    r"(?:https?://|www\.|(?<![\w.@/])(?=(?:github\.com|gitlab\.com|huggingface\.co|codeberg\.org|"
    r"bitbucket\.org)/))[^\s<>()\"'\]]+",
    re.IGNORECASE,
)
_DEGREES: list[tuple[str, re.Pattern]] = [
    ("phd", re.compile(r"\b(?:ph\.?\s?d\.?|doctorate|doctor of|d\.?phil)\b", re.I)),
    (
        "master",
        re.compile(
            r"\b(?:m\.?sc?\.?|master'?s?|m\.?eng|m\.?res|mphil|m\.?a\.?|mba|m\.?tech)(?![\w-])",
            re.I,
        ),
    ),
    (
        "bachelor",
        re.compile(
            r"\b(?:b\.?sc?\.?|bachelor'?s?|b\.?eng|b\.?a\.?|b\.?tech|b\.?s\.?e\.?)(?![\w-])", re.I
        ),
    ),
]
_INSTITUTION = re.compile(
    r"[^,|–—·•\n]*\b(?:university|universit[ée]|college|institute|school|polytechnic|academy|"
    r"ETH|EPFL|MIT|UCL|KTH|TU\s+\w+|école|hochschule)\b[^,|–—·•\n]*",
    re.IGNORECASE,
)
_CREDENTIAL_ID = re.compile(
    r"\b(?:credential|certificate|cert|license)\s*(?:id|#|no\.?|number)\s*[:#]?\s*([A-Za-z0-9-]{4,})",
    re.IGNORECASE,
)


def _line_around(text: str, start: int, end: int) -> str:
    left = text.rfind("\n", 0, start) + 1
    right = text.find("\n", end)
    return text[left : right if right >= 0 else len(text)]


def _first_date(line: str) -> date | None:
    """The first date written on a line ("March 2024", "2024-03", "03/2024", "2024")."""
    for match in re.finditer(
        r"(?P<iso>(?:19|20)\d\d)-(?P<im>0[1-9]|1[0-2])(?:-\d\d)?|"
        r"(?:(?P<m>jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+|"
        r"(?P<n>0?[1-9]|1[0-2])/)?(?P<y>(?:19|20)\d\d)\b",
        line,
        re.IGNORECASE,
    ):
        if match.group("iso"):
            return date(int(match.group("iso")), int(match.group("im")), 1)
        month = 1
        if match.group("m"):
            month = d._MONTHS.get(match.group("m").lower()[:3], 1)
        elif match.group("n"):
            month = int(match.group("n"))
        return date(int(match.group("y")), month, 1)
    return None


def _years_text(months: int) -> str:
    if months < 12:
        return f"{months} month{'s' if months != 1 else ''}"
    years = round(months / 12)
    return f"{years} year{'s' if years != 1 else ''}"


def _clip(text: str, limit: int = 160) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


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
        "certifications": _unique(certs, lambda c: c.get("slug") or c["name"].lower()),
        "projects": _unique([p for p in projects if p], lambda p: p["url"]),
        "education": [e for e in education if e],
        "unknown": _unknown([*analysis.unknown_terms, *_unlisted(doc, mentions)], text),
    }


#: "GitHub:" before a link names where the link goes, not a skill.
_LINK_LABEL = re.compile(
    r"\b(?:github|gitlab|hugging ?face|code|repo|repository|demo|link|live|website|source)"
    r"\s*:(?=\s*(?:https?://|www\.|github\.com|gitlab\.com|huggingface\.co))",
    re.IGNORECASE,
)
_ATTACHED_LINK = re.compile(
    r"^\s*(?:(?:github|gitlab|hugging ?face|code|repo|repository|demo|link|live|website|source)"
    r"\s*:\s*)?(?:https?://|www\.|github\.com/|gitlab\.com/|huggingface\.co/)\S+\s*$",
    re.IGNORECASE,
)
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


def _list_items(doc: d.Document, text: str):
    """(start, end) of each item of the skills sections' lists ("Python, SQL", "Tools: Docker")."""
    for block in doc.of_kind(d.SKILLS):
        position = block.start
        for line in text[block.start : block.end].split("\n"):
            start = position
            position += len(line) + 1
            if d.heading_kind(line):
                continue
            body_at = line.find(":") + 1 if ":" in line[:40] else 0
            for match in _LIST_ITEM.finditer(line, body_at):
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
    for block in doc.of_kind(d.SKILLS):
        position = block.start
        for line in doc.span(block).split("\n"):
            start = position
            position += len(line) + 1
            if d.heading_kind(line):
                continue
            body_at = line.find(":") + 1 if ":" in line[:40] else 0
            for match in _LIST_ITEM.finditer(line, body_at):
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
        label = head.rsplit(":", 1)[0] if ":" in head else head
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


# --- certifications ---------------------------------------------------------------------------


def _match_cert(line: str, certs: tuple[CertificationTerms, ...], strict: bool):
    for cert in certs:
        code = cert.code
        if code and re.search(rf"(?<![\w-]){re.escape(code)}(?![\w-])", line):
            return cert, "exam code"
    line_words = set(words(line))
    if not strict:
        for cert in sorted(certs, key=lambda c: -len(c.key_words)):
            if cert.key_words and cert.key_words <= line_words:
                return cert, "name"
    return None, ""


def certifications_in(doc: d.Document, certs: tuple[CertificationTerms, ...]) -> list[dict]:
    """Catalogue certifications named anywhere (by exam code, or by name on a line under a
    certifications heading or saying "certified"), and the other lines of a certifications
    section as certifications outside the catalogue."""
    found = []
    cert_blocks = doc.of_kind(d.CERTIFICATIONS)
    in_section: set[int] = set()
    for block in cert_blocks:
        for start, end in _cert_items(doc.span(block), block.start):
            in_section.add(start)
            item = doc.text[start:end]
            if d.heading_kind(item.split("\n")[0]):
                continue
            cert, how = _match_cert(item, certs, strict=False)
            found.append(_cert_from_text(item, cert, how))
    for line in doc.text.split("\n"):
        if "certif" in line.lower() or any(c.code and c.code in line for c in certs):
            cert, how = _match_cert(line, certs, strict="certif" not in line.lower())
            if cert and not any(f.get("slug") == cert.slug for f in found):
                found.append(_cert_from_text(line, cert, how))
    return found


def _cert_from_text(text: str, cert: CertificationTerms | None, how: str) -> dict:
    urls = [_clean_url(u) for u in URL.findall(text)]
    credential = _CREDENTIAL_ID.search(text)
    issued = _first_date(URL.sub(" ", text))
    name = cert.name if cert else _cert_name(text)
    return {
        "slug": cert.slug if cert else None,
        "name": name[:160],
        "issuer": cert.issuer if cert else _cert_issuer(text),
        "issued_on": issued.isoformat() if issued else None,
        "url": urls[0] if urls else "",
        "credential_id": credential.group(1)[:120] if credential else "",
        "phrase": _clip(d.clean_line(text.replace("\n", " "))),
        "note": f"recognised by its {how}" if cert else "not in the catalogue: your own word",
    }


def _cert_name(text: str) -> str:
    first = d.clean_line(URL.sub(" ", text.split("\n")[0]))
    first = _CREDENTIAL_ID.sub(" ", first)
    first = re.sub(
        r"\(?\b(?:issued\s*)?(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
        r"\s+)?(?:19|20)\d\d\b\)?",
        " ",
        first,
        flags=re.I,
    )
    return re.split(r"\s+[—–|·]\s+|,\s", first)[0].strip(" -–—|·,()") or "Certification"


def _cert_issuer(text: str) -> str:
    first = URL.sub(" ", text.split("\n")[0])
    parts = [p.strip(" -–—|·,()") for p in re.split(r"\s+[—–|·]\s+|,\s", first)]
    for part in parts[1:]:
        if part and not re.search(r"\d{4}|credential|id\b", part, re.I):
            return part[:120]
    return ""


_ENDS_ITEM = re.compile(r"(?:(?:19|20)\d\d|https?://\S+)[\s.,;)]*$", re.IGNORECASE)
_ATTACHES = re.compile(r"^\s*(?:https?://\S+\s*$|(?:credential|cert(?:ificate)?|license)\b)", re.I)


def _cert_items(text: str, offset: int) -> list[tuple[int, int]]:
    """The certifications of a section, one per item, a wrapped name joined up: an item ends
    on a line ending with a year or a link; a line holding only a link or a credential id
    belongs to the item before it; a bullet starts a new one."""
    items: list[list[int]] = []
    position, open_item = 0, False
    for line in text.split("\n"):
        start, end = offset + position, offset + position + len(line)
        position += len(line) + 1
        if not line.strip():
            open_item = False
            continue
        attaches = items and _ATTACHES.match(line)
        if items and (open_item or attaches) and not d._BULLET.match(line):
            items[-1][1] = end
        else:
            items.append([start, end])
        open_item = not _ENDS_ITEM.search(line) and not d.heading_kind(line)
    return [(a, b) for a, b in items]


# --- projects ---------------------------------------------------------------------------------


def _items(text: str, offset: int) -> list[tuple[int, int]]:
    """The items of a section: a bullet, or a line after a blank line or a title-like line
    ("Name — what it does", "Name: …") starts one; wrapped lines continue it."""
    items: list[list[int]] = []
    position = 0
    previous_blank = True
    for line in text.split("\n"):
        start, end = offset + position, offset + position + len(line)
        position += len(line) + 1
        if not line.strip():
            previous_blank = True
            continue
        bullet = bool(d._BULLET.match(line))
        if items and not bullet and _ATTACHED_LINK.match(line):
            items[-1][1] = end  # "GitHub: github.com/me/x" under its project
            previous_blank = False
            continue
        titled = bool(re.match(r"^\s*[^\s•·*-][^:—–|]{1,70}(?:\s[—–|]\s|:\s)", line))
        if not items or previous_blank or bullet or titled or d.heading_kind(line):
            items.append([start, end])
        else:
            items[-1][1] = end
        previous_blank = False
    return [(a, b) for a, b in items]


def _clean_url(url: str) -> str:
    url = url.rstrip(".,;:)]}'\"")
    if not url.lower().startswith(("http://", "https://")):
        url = "https://" + url
    return url[:500]


def _title_of(item: str) -> str:
    first = d.clean_line(URL.sub(" ", item.split("\n")[0]))
    title = re.split(r"\s+[—–|]\s+|:\s|\s-\s|\s\(", first)[0].strip(" -–—|:,.")
    return _clip(title or "Imported project", 160)


def projects_in(doc: d.Document) -> list[dict]:
    """Each item of a projects section with a public repository or an https demo link."""
    found = []
    for block in doc.of_kind(d.PROJECTS):
        for start, end in _items(doc.span(block), block.start):
            item = doc.text[start:end]
            if d.heading_kind(item.split("\n")[0]) and "\n" not in item:
                continue
            project = project_from(item, _title_of(item), URL.sub(" ", item))
            if project:
                project["span"] = (start, end)
                found.append(project)
    return found


def project_from(item: str, title: str, summary: str, urls: list[str] | None = None):
    urls = [_clean_url(u) for u in (urls if urls is not None else URL.findall(item))]
    repository = next((u for u in urls if _host(u) in PUBLIC_CODE_HOSTS), "")
    demo = next((u for u in urls if u != repository and u.lower().startswith("https://")), "")
    if not repository and not demo:
        return None
    description = re.sub(r"\s+", " ", d.clean_line(summary)).strip()
    if description.startswith(title):
        description = description[len(title) :].strip(" -–—|:,.")
    return {
        "title": title[:160],
        "summary": description[:4000],
        "repository_url": repository,
        "demo_url": demo,
        "url": repository or demo,
        "text": item,
    }


def _host(url: str) -> str:
    match = re.match(r"https?://([^/:?#]+)", url, re.I)
    host = match.group(1).lower() if match else ""
    return host[4:] if host.startswith("www.") else host


def _project_skills(project: dict | None, catalogue: Catalogue) -> dict | None:
    if not project:
        return None
    text = project.pop("text", "") or f"{project['title']}. {project['summary']}"
    project.pop("span", None)
    analysis = catalogue.matcher.analyse(_LINK_LABEL.sub(lambda m: " " * len(m.group(0)), text))
    slugs = list(dict.fromkeys(m.slug for m in analysis.mentions))
    project["skills"] = slugs
    project["level"] = 3 if DEPTH.search(text) else 2
    return project


# --- education --------------------------------------------------------------------------------


def degree_level(text: str) -> str | None:
    for level, pattern in _DEGREES:
        if pattern.search(text):
            return level
    return None


def education_in(doc: d.Document, today: date) -> list[dict]:
    found = []
    for block in doc.of_kind(d.EDUCATION):
        lines = doc.span(block).split("\n")
        for i, line in enumerate(lines):
            level = degree_level(line)
            if not level or d.heading_kind(line):
                continue
            item = " · ".join(x for x in lines[i : i + 2] if x.strip())
            if i + 1 < len(lines) and degree_level(lines[i + 1]):
                item = line
            found.append(_degree(item, line, level, today))
    return found


def _degree(item: str, line: str, level: str, today: date) -> dict:
    years = [int(y) for y in re.findall(r"\b((?:19|20)\d\d)\b", item)]
    year = max(years) if years else None
    in_progress = bool(re.search(r"expected|present|current|ongoing|in progress", item, re.I))
    if year and year > today.year:
        in_progress = True
    institution = _INSTITUTION.search(item)
    field = _field(line)
    return {
        "level": level,
        "field": field[:120],
        "institution": _clip(institution.group(0).strip(" -–—|·,()"), 160)
        if institution
        else _other_part(line),
        "year": year,
        "status": "in_progress" if in_progress else "completed",
        "phrase": _clip(d.clean_line(item)),
    }


_DEGREE_WORDS = {"bachelor", "master", "phd", "s", "in", "or", "of", "and", "degree"}


def _other_part(line: str) -> str:
    """The part of a degree line that is neither the degree, nor its subject, nor a date: the
    school, when it has no "University" in its name ("M.Sc. Statistics, LMU Munich, 2017")."""
    parts = [p.strip(" .") for p in re.split(r"\s*[,—–|·]\s*|\s-\s", d.clean_line(line))]
    for part in parts[1:]:
        if part and not degree_level(part) and not re.search(r"\d{4}|expected", part, re.I):
            return _clip(part, 160)
    return ""


_BARE_FIELDS = {"science", "arts", "engineering", "philosophy", "technology", ""}


def _field(line: str) -> str:
    """The subject of a degree line: "in X" in its degree part ("MSc in Machine Learning"),
    else the rest of that part ("BSc Computer Science"), else the next part that is no
    institution and no date ("Master of Science (M.Sc.), Computer Science — Warsaw …")."""
    parts = [p.strip() for p in re.split(r"\s*[,—–|·(]\s*|\)\s*|\s-\s", d.clean_line(line))]
    parts = [p for p in parts if p]
    for i, part in enumerate(parts):
        level = degree_level(part)
        if not level:
            continue
        inside = re.search(r"\bin\s+(.+)$", part)
        if inside:
            return inside.group(1).strip(" .")
        pattern = dict(_DEGREES)[level]
        rest = pattern.sub(" ", part, count=1)
        rest = re.sub(r"^\s*(?:of|in)\s+", "", rest.strip()).strip(" .")
        if rest.lower() not in _BARE_FIELDS and not re.match(r"(?:of|in)\b", rest):
            return rest
        for after in parts[i + 1 :]:
            if degree_level(after) or _INSTITUTION.search(after) or re.search(r"\d{4}", after):
                continue
            return after.strip(" .")
        return ""
    return ""


def _map_degree(found: dict | None, catalogue: Catalogue) -> dict | None:
    """The catalogue's education path for a degree: its level, and among several of that level
    the one sharing most words with the degree's field."""
    if not found or not found.get("year") or not found.get("institution"):
        return None
    field_words = set(words(found.get("field", "") + " " + found.get("phrase", "")))
    candidates = [
        (len(field_words & (set(words(p.title)) - _DEGREE_WORDS)), p)
        for p in catalogue.paths
        if p.level == found["level"]
    ]
    overlap, best = max(candidates, key=lambda c: c[0], default=(0, None))
    if best is None or overlap == 0:
        # No path of the catalogue is this degree ("MSc Economics"): shown, not importable.
        return {**found, "path": None, "path_title": ""}
    return {**found, "path": best.slug, "path_title": best.title}


def _catalogue_cert(cert: dict, certs: tuple[CertificationTerms, ...]) -> dict:
    """A certification a structured format names: matched by code or name to the catalogue."""
    text = f"{cert.get('name', '')} {cert.get('issuer', '')}"
    match, how = _match_cert(text, certs, strict=False)
    issued = cert.get("issued_on")
    return {
        "slug": match.slug if match else None,
        "name": (match.name if match else cert.get("name") or "Certification")[:160],
        "issuer": (match.issuer if match else cert.get("issuer", ""))[:120],
        "issued_on": issued,
        "url": (cert.get("url") or "")[:500],
        "credential_id": (cert.get("credential_id") or "")[:120],
        "phrase": _clip(cert.get("name", "")),
        "note": cert.get("note")
        or (f"recognised by its {how}" if match else "not in the catalogue: your own word"),
    }
