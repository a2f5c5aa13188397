"""A CV as blocks of text: its sections (skills, experience, projects, education,
certifications, summary) and, inside experience, one block per position with its years.

Pure text work, no Django. `from_text(text)` reads a CV's plain text (from a PDF, a DOCX, a paste);
JSON Resume, LinkedIn and Open Badges build their `Document` directly (structured.py). Every
block's text goes into one string (`Document.text`) so the posting reader reads it once, and a
mention's offset tells which block it sits in.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date

SKILLS = "skills"
EXPERIENCE = "experience"
PROJECTS = "projects"
EDUCATION = "education"
CERTIFICATIONS = "certifications"
SUMMARY = "summary"
OTHER = "other"

_HEADINGS: list[tuple[str, re.Pattern]] = [
    (CERTIFICATIONS, re.compile(r"certif|licen[cs]es|credentials|badges|accreditation")),
    (PROJECTS, re.compile(r"projects?|portfolio|open[\s-]?source|side work|selected work")),
    (EDUCATION, re.compile(r"education|academic|qualifications|degrees?|studies|coursework")),
    (
        SKILLS,
        re.compile(r"skills|technolog|tools|stack|competenc|expertise|languages|proficienc"),
    ),
    (
        EXPERIENCE,
        re.compile(r"experience|employment|work history|career|positions|professional"),
    ),
    (SUMMARY, re.compile(r"summary|profile|about|objective|overview")),
    (
        OTHER,
        re.compile(r"publications|awards|interests|hobbies|references|volunteer|talks|honou?rs"),
    ),
]

#: The words a section heading is made of ("Technical Skills", "Work History", "About me").
_HEADING_WORDS = frozenset(
    """
    skills skill technical technologies technology tools tooling stack competencies competences
    competence core key expertise languages proficiencies experience experiences employment work
    history career professional positions summary profile about me objective overview projects
    project portfolio open source side selected education academic qualifications degrees degree
    studies coursework certifications certification certificates certificate licenses licences
    license licence credentials badges accreditations publications awards interests hobbies
    references volunteer volunteering talks honors honours research and of relevant other
    additional personal recent training courses highlights achievements my
    """.split()  # noqa: SIM905 - a list of words reads better as words
)

_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            "jan january",
            "feb february",
            "mar march",
            "apr april",
            "may",
            "jun june",
            "jul july",
            "aug august",
            "sep sept september",
            "oct october",
            "nov november",
            "dec december",
        ]
    )
    for m in names.split()
}
_MONTH = (
    r"\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
#: One end of a range: "Mar 2021", "03/2021", "03.2021", "2021/03", "2021-03", "2021".
_WHEN = (
    rf"(?:(?P<{{0}}m>{_MONTH})\s+|(?P<{{0}}n>\d{{{{1,2}}}})[/.])?(?P<{{0}}y>(?:19|20)\d\d)"
    rf"(?:[/.](?P<{{0}}k>0?[1-9]|1[0-2])(?!\d)|-(?P<{{0}}j>0[1-9]|1[0-2])(?!\d))?"
)
DATE_RANGE = re.compile(
    _WHEN.format("a")
    + r"\s*(?:–|—|-|to|until|→)\s*(?:"
    + _WHEN.format("b")
    + r"|(?P<now>present|now|current|today|ongoing)|(?P<bs>\d\d)(?!\d))",
    re.IGNORECASE,
)
_BULLET = re.compile(r"^\s*(?:[-*•·–—▪◦●○■□➢►✓‣⁃\uf0a7\uf0b7\uf0d8\uf076\uf0fc]|\d{1,2}[.)])\s*")
_DASH = r"(?:–|—|-|to|until|→)"
#: A date range a PDF wrapped over two lines ("Mar 2021 –" / "Present", "Jan 2018 – Feb" / "2021").
_WRAPPED_RANGE = re.compile(
    rf"((?:19|20)\d\d\s*{_DASH})[ \t]*\n[ \t]*"
    rf"(?=(?:present|now|current|today|{_MONTH}|(?:19|20)\d\d))"
    rf"|({_MONTH})[ \t]*\n[ \t]*(?=(?:19|20)\d\d)",
    re.IGNORECASE,
)


#: "Since March 2021" in a position's line (after a separator, or opening the line).
_SINCE = re.compile(
    rf"(?:(?<=^)|(?<=[|,(·–—]\s)|(?<=[|,(·]))[ \t]*(?:since|from)[ \t]+"
    rf"((?:{_MONTH}[ \t]+)?(?:19|20)\d\d)\b(?![ \t]*{_DASH})",
    re.IGNORECASE | re.MULTILINE,
)


def normalise(text: str) -> str:
    """NFKC (PDF ligatures "ﬁ", "ﬂ" become "fi", "fl"), one kind of line end, no NUL, date
    ranges a PDF wrapped over two lines put back on one, and "since 2021" as "2021 – present"."""
    text = unicodedata.normalize("NFKC", text.replace("\x00", ""))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _WRAPPED_RANGE.sub(lambda m: (m.group(1) or m.group(2)) + " ", text)
    return _SINCE.sub(lambda m: f" {m.group(1)} – present", text)


class Refused(ValueError):
    """A file or text the importer will not read; the message is for the learner."""


@dataclass(frozen=True)
class Position:
    title: str  # the position's heading line, dates removed ("ML Engineer, Acme")
    months: int  # how long it lasted


@dataclass(frozen=True)
class Block:
    kind: str  # SKILLS, EXPERIENCE, ...
    start: int  # offsets in Document.text
    end: int
    position: Position | None = None


@dataclass
class Document:
    source: str  # "PDF CV", "JSON Resume", ...
    text: str = ""
    blocks: list[Block] = field(default_factory=list)
    #: Structured items a format gives directly (JSON Resume, LinkedIn, Open Badges).
    certifications: list[dict] = field(default_factory=list)
    projects: list[dict] = field(default_factory=list)
    education: list[dict] = field(default_factory=list)
    structured: bool = False  # certifications, projects, education come only from the lists

    def add(self, kind: str, text: str, position: Position | None = None) -> None:
        """Append a block (a heading line goes before it, so the reader sees a section)."""
        if not text.strip():
            return
        if self.text:
            self.text += "\n\n"
        start = len(self.text)
        self.text += text.rstrip()
        self.blocks.append(Block(kind, start, len(self.text), position))

    def reading_text(self) -> str:
        """The text as the reader reads it: a line a PDF wrapped mid-sentence ("deep" /
        "learning models") joined to the next by a space (offsets unchanged). A break is a wrap
        when the next line starts in lower case and the line does not end a sentence."""
        return _SOFT_WRAP.sub(" ", self.text)

    def block_at(self, offset: int) -> Block | None:
        starts = [b.start for b in self.blocks]
        i = bisect_right(starts, offset) - 1
        if i >= 0 and offset <= self.blocks[i].end:
            return self.blocks[i]
        return None

    def of_kind(self, kind: str) -> list[Block]:
        return [b for b in self.blocks if b.kind == kind]

    def span(self, block: Block) -> str:
        return self.text[block.start : block.end]


_SOFT_WRAP = re.compile(r"(?<=[\w,(/&+-])[ \t]*\n(?=[ \t]*[a-z])")


_INLINE_HEADING = re.compile(r"^\s*([A-Za-z][A-Za-z &/-]{2,40}):\s+\S")


def heading_kind(line: str) -> str | None:
    """The section a line heads, or None when it is not a heading: short, no sentence, no
    date, and it names a section we know ("Technical Skills", "WORK EXPERIENCE:")."""
    stripped = re.sub(r"^[#*_\s]+|[#*_:\s]+$", "", line).strip()
    if not stripped or len(stripped) > 40 or len(stripped.split()) > 5:
        return None
    if DATE_RANGE.search(stripped) or re.search(r"[.,;!?@/]|\d", stripped):
        return None
    if _BULLET.match(line):
        return None
    lowered = stripped.lower()
    if not set(re.findall(r"[a-z]+", lowered)) <= _HEADING_WORDS:
        return None  # "AWS Certified Machine" names a certification, it heads nothing
    for kind, pattern in _HEADINGS:
        if pattern.search(lowered):
            return kind
    return None


def months_between(match: re.Match, today: date) -> int:
    """How long a range lasted, in months: "Jan 2020 – Dec 2020" is twelve (both ends count
    when months are written), "2019 – 2023" four years, "2019–21" two, "to present" to today."""
    start_year = int(match.group("ay"))
    start_month = _side_month(match, "a")
    end_month = None
    if match.group("now"):
        end_year, end_month = today.year, today.month
    elif match.group("bs"):
        end_year = start_year // 100 * 100 + int(match.group("bs"))
        end_year += 100 if end_year < start_year else 0
    else:
        end_year = int(match.group("by"))
        end_month = _side_month(match, "b")
    if start_month is None and end_month is None:
        return max(0, (end_year - start_year) * 12)  # years only
    months = (end_year - start_year) * 12 + ((end_month or 1) - (start_month or 1))
    if start_month is not None:
        months += 1
    return max(0, months)


def _side_month(match: re.Match, side: str) -> int | None:
    return _month(match.group(f"{side}m"), match.group(f"{side}n")) or _month(
        None, match.group(f"{side}k") or match.group(f"{side}j")
    )


def _month(name: str | None, number: str | None) -> int | None:
    if name:
        return _MONTHS.get(name.lower().rstrip(".")[:3]) or _MONTHS.get(name.lower().rstrip("."))
    if number and 1 <= int(number) <= 12:
        return int(number)
    return None


def clean_line(line: str) -> str:
    return _BULLET.sub("", line).strip()


def from_text(text: str, *, source: str, today: date) -> Document:
    """Cut a CV's text into sections, and its experience into positions (a line with a date
    range opens one; the line before it is its title when the date line holds nothing else)."""
    lines = [line.rstrip() for line in normalise(text).split("\n")]
    doc = Document(source=source)
    kind = SUMMARY
    buffer: list[str] = []
    position: Position | None = None

    def flush():
        nonlocal buffer
        doc.add(kind, "\n".join(buffer), position)
        buffer = []

    for line in lines:
        heading = heading_kind(line)
        inline = _INLINE_HEADING.match(line)
        if not heading and inline and heading_kind(inline.group(1)) == SKILLS and kind != SKILLS:
            flush()  # "Skills: Python, SQL" opens a skills list on its own line
            kind, position = SKILLS, None
            buffer.append(line)
            continue
        if heading:
            flush()
            kind, position = heading, None
            buffer.append(line.strip())
            continue
        dates = DATE_RANGE.search(line) if kind in (EXPERIENCE, SUMMARY, OTHER) else None
        if dates and kind != SKILLS:
            if kind != EXPERIENCE and _looks_like_position(line, dates):
                flush()
                kind = EXPERIENCE
            if kind == EXPERIENCE:
                title = _position_title(line, dates)
                carried: list[str] = []
                if (
                    len(title) < 3
                    and buffer
                    and not _BULLET.match(buffer[-1])
                    and not heading_kind(buffer[-1])
                ):
                    carried = [buffer.pop()]  # the title is the line above the dates
                    # ... or the two lines above, when a PDF wrapped it ("Senior ML Engineer," /
                    # "Northwind Retail").
                    if (
                        buffer
                        and not buffer[-1].rstrip().endswith((".", ";", ":", "!", "?"))
                        and not _BULLET.match(buffer[-1])
                        and not heading_kind(buffer[-1])
                        and len(buffer[-1]) + len(carried[0]) < 100
                    ):
                        carried.insert(0, buffer.pop())
                    title = " ".join(clean_line(c) for c in carried)
                flush()
                position = Position(title=title[:120], months=months_between(dates, today))
                buffer.extend(carried)
        buffer.append(line)
    flush()
    return doc


def _looks_like_position(line: str, dates: re.Match) -> bool:
    rest = (line[: dates.start()] + line[dates.end() :]).strip(" |,–—-()")
    return len(rest) > 3 and not _BULLET.match(line)


def _position_title(line: str, dates: re.Match) -> str:
    rest = line[: dates.start()] + " " + line[dates.end() :]
    rest = re.sub(r"\(\s*\)|\s[|·•,]\s*$", "", rest)
    return re.sub(r"\s+", " ", clean_line(rest)).strip(" |,–—-·•()")
