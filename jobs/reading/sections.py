"""The shape of a job posting: its sections, clauses, inline hints, years and seniority.

Pure text work, no Django and no catalogue. `layout(text)` cuts a posting into clauses, each with
the kind of section it sits in ("required", "nice", "duties", "stack", "intro", "ignore") and the
rule that put it there, so the matcher can say why a skill came out required or nice-to-have.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

REQUIRED = "required"
NICE = "nice"

#: Section kinds and what a skill named inside one of them counts as (None: not counted).
KIND_NEED = {
    "required": REQUIRED,
    "duties": REQUIRED,
    "intro": REQUIRED,
    "other": REQUIRED,
    "nice": NICE,
    "stack": NICE,
    "ignore": None,
}

# Heading keywords, tried in this order (the first kind whose pattern matches wins), so that
# "Preferred qualifications" is nice-to-have and "About you" is not a company blurb.
_HEADING_KINDS: list[tuple[str, re.Pattern]] = [
    (
        "nice",
        re.compile(
            r"nice[\s-]*to[\s-]*have|preferred|bonus|desirable|good[\s-]*to[\s-]*have|"
            r"\bplus(es)?\b|ideally|extra credit|would be (great|nice)|not required|optional|"
            r"\bstand out\b|even better|brownie points|added advantage"
        ),
    ),
    (
        "required",
        re.compile(
            r"requirement|required|must[\s-]*have|looking for|you['’]ll need|you will need|"
            r"what you bring|you['’]ll bring|you will bring|who you are|about you|you have|"
            r"qualifications|minimum|basic|essential|your (profile|background|skills|experience)"
            r"|skills|experience|what we expect|we['’]d love you to have|you should have|"
            r"what it takes|must|need to have|competenc"
        ),
    ),
    (
        "ignore",
        re.compile(
            r"about (us|the company|the team|our)|who we are|benefits|perks|what we offer|"
            r"why (join|work|you['’]ll love)|compensation|salary|pay\b|equal opportunit|"
            r"our (values|mission|culture|story|company)|how to apply|life at|culture|"
            r"location|diversity|working here|the company|what['’]s in it|we offer|"
            r"interview process|hiring process|next steps|accommodation|privacy"
        ),
    ),
    (
        "duties",
        re.compile(
            r"responsibilit|what you['’]ll (do|work on|be doing)|what you will do|the role|"
            r"your role|the job|day[\s-]*to[\s-]*day|in this role|you will|you['’]ll|"
            r"the position|mission of the role|what the job|impact|projects|the work|"
            r"the opportunity|key duties|duties|outcomes"
        ),
    ),
    (
        "stack",
        re.compile(r"stack|tools we use|our tools|technolog(y|ies) we use|tooling|we use"),
    ),
]

_BULLET = re.compile(r"^\s*(?:[-*•·–—▪◦]|\d{1,2}[.)])\s+")
_INLINE_HEADING = re.compile(r"^(?P<head>[A-Za-z][^:.!?]{1,58}):(?:\s+|$)")

#: Words in a clause that make what it names nice-to-have, whatever the section.
_NICE_INLINE = re.compile(
    r"\b(?:preferred|(?:a|big|huge|strong|real|definite) plus|is a plus|are a plus|"
    r"nice[\s-]*to[\s-]*have|bonus|desirable|ideally|would be (?:great|nice|a plus|helpful)|"
    r"good to have|not required|optional|advantageous|an advantage|helpful|an asset|"
    r"appreciated|welcome|beneficial)\b",
    re.IGNORECASE,
)

#: An intro paragraph that describes the company, not the job (its skills are not asked of you).
_BLURB = re.compile(
    r"^(?:about\s+\w+|we\s+are\s+an?\b|we['’]re\s+an?\b|founded\b|since\s+\d{4}|"
    r"for\s+(?:more\s+than|over|nearly|almost)\s+\d+\s+years|our\s+(?:mission|company|story)|"
    r"(?:[A-Z][\w&.-]*\s){1,3}(?:is|has\s+been)\s+(?:a|an|the)\s+(?!.*\b(?:role|position)\b))",
)

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(\"“])|;\s*")


@dataclass(frozen=True)
class Clause:
    """A stretch of one line (a sentence, or a part cut at ';') and what governs it."""

    start: int
    end: int
    kind: str  # a key of KIND_NEED
    heading: str  # the section heading it sits under ("" in the intro)
    nice_marker: str  # the inline word that makes it nice-to-have, or ""
    line: int  # index of its line

    @property
    def need(self) -> str | None:
        """What a skill named here counts as: REQUIRED, NICE or None (not counted)."""
        base = KIND_NEED[self.kind]
        if base is None:
            return None
        return NICE if self.nice_marker else base

    @property
    def rule(self) -> str:
        """Why, in words, for the page's hover text."""
        if self.kind == "ignore":
            return f'under "{self.heading}": about the company, not asked of you'
        if self.nice_marker and KIND_NEED[self.kind] == REQUIRED:
            return f'"{self.nice_marker}" in the same sentence: nice-to-have'
        if self.kind == "stack":
            return f'under "{self.heading}": the team\'s tools, nice-to-have'
        if self.kind in ("intro", "other") and not self.heading:
            return "in the description of the role: required"
        need = "nice-to-have" if self.need == NICE else "required"
        return f'under "{self.heading}": {need}'


def classify_heading(text: str) -> str | None:
    """The section kind a heading names, or None when it names none we know."""
    lowered = text.lower()
    for kind, pattern in _HEADING_KINDS:
        if pattern.search(lowered):
            return kind
    return None


def strip_markup(line: str) -> str:
    """The line without Markdown heading marks and emphasis around it ("## **Skills**" → "Skills").
    A loop, not a regular expression: `[*_\\s]+$` tries every start in a long run of spaces or
    underscores, which takes seconds on a 50,000-character line."""
    start, end = 0, len(line)
    while start < end and (line[start] in "#*_" or line[start].isspace()):
        start += 1
    while end > start and (line[end - 1] in "*_" or line[end - 1].isspace()):
        end -= 1
    return line[start:end]


def _heading(line: str) -> tuple[str, str, int] | None:
    """(kind, heading text, where the rest of the line starts) if `line` opens a section."""
    if _BULLET.match(line):
        return None
    bare = strip_markup(line)
    if not bare or len(bare) > 70:
        return None
    inline = _INLINE_HEADING.match(bare)
    if inline and (bare.endswith(":") or inline.end() < len(bare)):
        head = inline.group("head").strip()
        if len(head.split()) <= 7:
            kind = classify_heading(head) or "other"
            rest = line.find(":") + 1
            return kind, head, rest if line[rest:].strip() else len(line)
        return None
    words = bare.rstrip(":").split()
    if len(words) > 9 or bare.endswith((".", ",", ";")):
        return None
    kind = classify_heading(bare)
    if kind is None and not (line.lstrip().startswith("#") or bare.isupper()):
        return None
    return kind or "other", bare.rstrip(":").strip(), len(line)


#: A dash between spaces that glues the items of a run-on paragraph ("Required - Python - SQL"),
#: not a range of numbers ("3 - 5 years").
_GLUE = re.compile(r"(?<!\d) [-–—] (?!\d)")
_GLUED_ITEMS = 3
#: At most this many words after "Key:" make a field line ("Location: Remote"), not a heading.
_FIELD_WORDS = 6


def _lines(text: str) -> list[tuple[int, int]]:
    """Line spans; a run-on line of three or more " - "-glued items is read as one line per item
    (pasted postings that lost their line breaks), so an inline "Nice to have" governs only what
    follows it."""
    spans, start = [], 0
    for match in re.finditer(r"\n", text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    out = []
    for start, end in spans:
        glues = list(_GLUE.finditer(text, start, end))
        if len(glues) < _GLUED_ITEMS:
            out.append((start, end))
            continue
        for glue in glues:
            out.append((start, glue.start()))
            start = glue.end()
        out.append((start, end))
    return out


def layout(text: str) -> list[Clause]:
    """Every clause of `text` with its section kind, heading and inline nice-to-have marker."""
    clauses: list[Clause] = []
    kind, heading = "intro", ""
    paragraph_blurb = False
    previous_blank = True
    for index, (start, end) in enumerate(_lines(text)):
        line = text[start:end]
        if not line.strip():
            previous_blank = True
            continue
        found = _heading(line)
        body_from = 0
        line_kind, line_heading = kind, heading
        if found is not None:
            found_kind, found_heading, body_from = found
            line_kind, line_heading = found_kind, found_heading
            # A "Location: Remote" field (a key that is no skills heading, with a short value
            # on its line) opens no section: what follows stays under the section before it.
            value = line[body_from:].split()
            field_line = found_kind in ("other", "ignore") and 0 < len(value) <= _FIELD_WORDS
            if (body_from >= len(line) or not _BULLET.match(line)) and not field_line:
                kind, heading = found_kind, found_heading
            paragraph_blurb = False
        elif kind == "intro" and previous_blank:
            paragraph_blurb = bool(_BLURB.match(line.strip()))
        if kind == "intro" and paragraph_blurb and found is None:
            line_kind = "ignore"
            line_heading = "about the company"
        previous_blank = False
        body = line[body_from:]
        offset = start + body_from
        pieces = _SENTENCE_END.split(body)
        cursor = 0
        for piece in pieces:
            position = body.find(piece, cursor)
            cursor = position + len(piece)
            if not piece.strip():
                continue
            for item_start, item_end, marker in _marked_items(piece):
                clauses.append(
                    Clause(
                        start=offset + position + item_start,
                        end=offset + position + item_end,
                        kind=line_kind,
                        heading=line_heading,
                        nice_marker=marker,
                        line=index,
                    )
                )
    return clauses


#: Where one item of a list ends inside a sentence: a comma, or an opening bracket.
_ITEM_BREAK = re.compile(r"[,(]")  # one character: linear however long a run of spaces
#: A marker within this many words of the clause's start leads it ("Ideally Go and Rust").
_LEADING_WORDS = 3
_LIST_GOES_ON = re.compile(r"(?:^|\s)(?:and|or|&|as well as)\b", re.IGNORECASE)


def _marked_items(piece: str) -> list[tuple[int, int, str]]:
    """The piece as (start, end, nice marker) parts. A marker that trails one item of a list
    ("Python and SQL, Spark is a plus", "Python (Go a plus)") makes only that item nice-to-have;
    one that leads the clause, or trails the end of a list ("Docker, Kubernetes and Terraform
    are a plus", "SageMaker, Lambda, ECS is a plus"), governs the whole clause."""
    found = _NICE_INLINE.search(piece)
    if found is None:
        return [(0, len(piece), "")]
    marker = found.group(0).lower()
    whole = [(0, len(piece), marker)]
    if len(piece[: found.start()].split()) < _LEADING_WORDS:
        return whole
    breaks = list(_ITEM_BREAK.finditer(piece, 0, found.start()))
    bracket = bool(breaks) and breaks[-1].group(0) == "("
    if not bracket and (len(breaks) != 1 or marker.startswith("are ")):
        return whole  # no item of its own, or the end of a list ("A, B, C is a plus")
    cut = breaks[-1]
    item = piece[cut.end() : found.start()].strip()
    if not item or ")" in item or _LIST_GOES_ON.search(item) or not piece[: cut.start()].strip():
        return whole
    return [(0, cut.start(), ""), (cut.end(), len(piece), marker)]


# --- years of experience and seniority ------------------------------------------------------

_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "twelve": 12,
    "fifteen": 15,
}
_NUM = r"(?:\d{1,2}|" + "|".join(_NUMBER_WORDS) + r")"
# No two `\s*` side by side: around an optional sign they would try every split of a long run
# of spaces (quadratic).
_YEARS = re.compile(
    rf"(?P<a>{_NUM})\s*(?:(?:\+|plus)\s*)?(?:(?:-|–|—|to)\s*(?P<b>{_NUM})\s*(?:\+\s*)?)?"
    r"(?:\(\s*\d{1,2}\s*\)\s*)?(?:years?|yrs?)\b",
    re.IGNORECASE,
)
#: How much text on either side of "N years" the rules read (their words are a few characters).
_YEARS_WINDOW = 60
_YEARS_CONTEXT = re.compile(
    r"^\W{0,3}(?:(?:or\s+more|and\s+up|plus|at\s+least)\s+)?(?:of|in|with|as|on|at|doing|building|developing|shipping|programming|coding|"
    r"working|applying|deploying|running|using|writing|leading|experience|industry|"
    r"professional|hands-on|post-?doc|research)\b",
    re.IGNORECASE,
)
_YEARS_NOT = re.compile(
    r"(?:\bfor|\bover|\bnearly|\balmost|\bsince|\bpast|\blast|\bnext|\bwithin|\bfirst|\bin)\s*"
    r"(?:more\s+than\s+|over\s+|nearly\s+|almost\s+)?$",
    re.IGNORECASE,
)
_COMPANY_AGE = re.compile(
    r"\b(?:ago|old|history|in business|founded|anniversary|track record|been (?:around|"
    r"building|serving|helping)|we have|we['’]ve|our (?:company|customers|clients))\b",
    re.IGNORECASE,
)


def _number(token: str) -> int:
    token = token.lower()
    return _NUMBER_WORDS[token] if token in _NUMBER_WORDS else int(token)


def years_in(clause_text: str) -> list[int]:
    """The minimum years of experience a clause asks for (empty when it asks none).

    A number of years counts only when experience follows it or the clause is about experience,
    and never after "for", "over", "since"... nor in a clause about the company's age.
    """
    found = []
    about_experience = re.search(r"experience", clause_text, re.I) is not None
    for match in _YEARS.finditer(clause_text):
        # Windows, not the whole clause on each side: linear in the clause, however many
        # numbers it holds.
        before = clause_text[max(0, match.start() - _YEARS_WINDOW) : match.start()]
        after = clause_text[match.end() : match.end() + _YEARS_WINDOW]
        if _YEARS_NOT.search(before) and not re.search(r"experience", after[:40], re.I):
            continue
        if _COMPANY_AGE.search(before[-40:] + " " + after[:40]):
            continue
        if not (_YEARS_CONTEXT.match(after) or about_experience):
            continue
        years = _number(match.group("a"))
        if 0 < years <= 25:
            found.append(years)
    return found


SENIORITIES = ("junior", "mid", "senior", "lead")
_SENIORITY_WORDS = [
    ("lead", re.compile(r"\b(?:staff|principal|lead|head of|director|distinguished)\b", re.I)),
    ("senior", re.compile(r"\b(?:senior|sr\.?)(?=\s|$|[,/-])", re.I)),
    ("junior", re.compile(r"\b(?:junior|jr\.?|entry[\s-]level|graduate|intern(?:ship)?)\b", re.I)),
    ("mid", re.compile(r"\b(?:mid[\s-]?level|intermediate)\b", re.I)),
]


def seniority_from_title(title: str) -> str | None:
    """The seniority a job title names ("Senior", "Staff", "Junior"...), else None."""
    for level, pattern in _SENIORITY_WORDS:
        if pattern.search(title):
            return level
    return None


def seniority_from_years(years: int | None) -> str:
    if years is None:
        return "mid"
    if years >= 8:
        return "lead"
    if years >= 5:
        return "senior"
    if years >= 2:
        return "mid"
    return "junior"
