"""Certifications, projects and degrees in a CV's text, and the catalogue items they map to.

Pure (no Django). Certifications are recognised by exam code ("MLA-C01", "AIGP") anywhere, or by
every word of their name on a line of a certifications section or saying "certified"; the other
lines of that section are certifications outside the catalogue. Projects are the items of a
projects section with a public repository or an https demo link (roles/evidence.py's code
hosts). Degrees map to the catalogue's education paths by level and subject.
"""

from __future__ import annotations

import re
from datetime import date

from learners.importing import document as d
from learners.importing.catalogue import Catalogue, CertificationTerms, words
from roles.evidence import PUBLIC_CODE_HOSTS

DEPTH = re.compile(
    r"\b(?:led|leading|designed|architected|built (?:\w+ )?from scratch|from scratch|"
    r"in production|into production|to production|production|owned|scaled|shipped|launched|"
    r"optimi[sz]ed|maintainer|core contributor|authored)\b",
    re.IGNORECASE,
)
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


def _clip(text: str, limit: int = 160) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


#: "GitHub:" before a link names where the link goes, not a skill.
_LINK_LABEL = re.compile(
    r"\b(?:github|gitlab|hugging ?face|code|repo|repository|demo|link|live|website|source)"
    r"\s*:(?=\s*(?:https?://|www\.|github\.com|gitlab\.com|huggingface\.co))"
    # "GitHub https://github.com/…": a hyperlink's text before the address a document gave it
    r"|\b(?:github|gitlab|hugging ?face)(?=\s+(?:https?://)?(?:www\.)?"
    r"(?:github\.com|gitlab\.com|huggingface\.co)/)",
    re.IGNORECASE,
)
_ATTACHED_LINK = re.compile(
    r"^\s*(?:(?:github|gitlab|hugging ?face|code|repo|repository|demo|link|live|website|source)"
    r"\s*:\s*)?(?:https?://|www\.|github\.com/|gitlab\.com/|huggingface\.co/)\S+\s*$",
    re.IGNORECASE,
)
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
