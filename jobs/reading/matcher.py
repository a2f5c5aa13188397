"""Which catalogue skills a job posting asks for, required or nice-to-have, and at what level.

Pure: no Django. `Matcher(terms)` is built once per catalogue (each skill's name and aliases) and
`matcher.analyse(text, title=...)` returns a frozen `Analysis`.

How a phrase becomes a skill:

- Every name and alias goes into one Aho–Corasick automaton (pyahocorasick) over the lower-cased
  text; URLs and email addresses are blanked first. A hit counts only on word boundaries: not
  inside a word, not after a hyphen ("state-of-the-art" holds no "Art"), not followed by "#",
  "+" or ".x" ("C#", "C++" and "react.js" are their own names). Overlapping hits keep the
  longest ("scikit-learn" over "scikit").
- Ambiguous names (vocabulary.AMBIGUOUS, or one or two characters: "R", "Go", "C") count only
  as written (case included); one or two characters always need another technical term in the
  same sentence (or to lead an item of a skills list), a longer word only at the start of a
  sentence ("React quickly to incidents"). "R&D", "C-suite" and "Series C" never count.
- Broad words that are also aliases (vocabulary.GENERIC: "machine learning", "research",
  "monitoring") count only when asked for as a skill, never in a title or a team's name.
- Required or nice-to-have comes from the clause's section and inline words (sections.py).
  Mentions under a company blurb or benefits are not counted.
- Skills joined by "or" or "/" in one sentence ("TypeScript, Rust or Java", "PyTorch/JAX") form an
  either/or group: one requirement, met by any of them.
- Years: the largest minimum number of years asked in the counted clauses. Seniority: the title's
  word (Junior, Senior, Staff...), else the years. Targets follow from seniority (TARGETS).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

import ahocorasick

from jobs.reading import sections
from jobs.reading.sections import NICE, REQUIRED, Clause
from jobs.reading.vocabulary import AMBIGUOUS, GENERIC, NOT_TECH, TECH_TERMS

#: Target level of a required skill by seniority; a nice-to-have one is a level lower (≥ 1).
TARGETS = {"junior": 2, "mid": 3, "senior": 4, "lead": 5}

# An address starts where a run of its characters starts (the look-behind): otherwise a long
# run without "@" is scanned again from each of its characters (quadratic).
_URL_OR_EMAIL = re.compile(r"https?://\S+|www\.\S+|(?<![\w.+-])[\w.+-]+@[\w-]+\.[\w.-]+")
_SHAPE = re.compile(
    r"(?<![\w./-])(?:[A-Z]?[a-z]+[A-Z][A-Za-z0-9]*|[A-Z][A-Z0-9]{1,5}s?|[A-Za-z]+\.(?:js|ai|io))"
    r"(?![\w/])"
)
_GAP_TOKEN = re.compile(r"and/or|\bor\b|\band\b|[(),/|]|[A-Z][\w.+#-]*|\S+")
_OR_WORDS = {"or", "/", "|", "and/or"}
_BAD_BEFORE_SHORT = re.compile(r"(?:series|plan|vitamin|grade|type|class|level|tier)\s+$", re.I)


@dataclass(frozen=True)
class SkillTerms:
    """A catalogue skill as the matcher sees it."""

    slug: str
    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Entry:
    slug: str
    phrase: str  # the name or alias as the editor wrote it
    ambiguous: bool


@dataclass(frozen=True)
class Mention:
    """One phrase of the text recognised as a skill."""

    start: int
    end: int
    text: str  # as written in the posting
    slug: str
    alias: str  # the catalogue name or alias it matched
    need: str | None  # REQUIRED, NICE, or None (under a company blurb: not counted)
    rule: str
    group: int | None = None


@dataclass(frozen=True)
class FoundSkill:
    slug: str
    need: str  # REQUIRED or NICE
    rule: str
    mentions: int
    phrase: str  # the first phrase that named it
    group: int | None  # either/or group number, shared with the alternatives

    @property
    def importance(self) -> int:
        """1..5: required 3, +1 for each further mention (to 5); nice-to-have 1, or 2 if named
        more than once."""
        if self.need == REQUIRED:
            return min(3 + self.mentions - 1, 5)
        return 2 if self.mentions > 1 else 1


@dataclass(frozen=True)
class Analysis:
    skills: tuple[FoundSkill, ...]
    mentions: tuple[Mention, ...]
    years: int | None
    seniority: str  # one of sections.SENIORITIES
    seniority_reason: str
    unknown_terms: tuple[str, ...]
    groups: tuple[tuple[str, ...], ...] = field(default=())

    @property
    def required_target(self) -> int:
        return TARGETS[self.seniority]

    @property
    def nice_target(self) -> int:
        return max(1, TARGETS[self.seniority] - 1)

    def target_for(self, need: str) -> int:
        return self.required_target if need == REQUIRED else self.nice_target

    def skill(self, slug: str) -> FoundSkill | None:
        return next((s for s in self.skills if s.slug == slug), None)

    @property
    def slugs(self) -> set[str]:
        return {s.slug for s in self.skills}


# "Prompt and context engineering" is (prompt and context) engineering: no "Prompt" alone.
_SHARED_LAST_WORDS = {"engineering", "tuning", "learning", "science", "search", "testing"}


def _variants(name: str) -> list[str]:
    """A skill's name and the forms postings write it in: the parts around a parenthesis
    ("Google Cloud AI Platform (Vertex AI)"), the head of "X and Y" ("Git and version control":
    Git) and of "X for Y" ("Business strategy for AI"), both spellings (visualisation,
    visualization), the singular of a plural last word, and "tests" for "testing"."""
    found = [name]
    inside = re.fullmatch(r"\s*(.+?)\s*\((.+)\)\s*", name)
    if inside:
        found += [inside.group(1), re.sub(r"^(?:formerly|aka)\s+", "", inside.group(2))]
    for phrase in list(found):
        head, joined, rest = phrase.partition(" and ")
        if joined and rest.split()[-1].lower() not in _SHARED_LAST_WORDS:
            found.append(head)
        head, joined, _rest = phrase.partition(" for ")
        if joined and len(head.split()) >= 2:
            found.append(head)
    return _forms(found)


def _forms(phrases: list[str]) -> list[str]:
    found = list(phrases)
    for phrase in list(found):
        # British and American spellings: visualisation, visualization; modelling, modeling.
        for a, b in (("isation", "ization"), ("ization", "isation"), ("elling", "eling")):
            if a in phrase.lower():
                found.append(re.sub(a, b, phrase, flags=re.IGNORECASE))
    for phrase in list(found):
        words = phrase.split()
        if len(words) > 1 and words[-1].endswith("s") and not words[-1].endswith("ss"):
            found.append(" ".join([*words[:-1], words[-1][:-1]]))
        if len(words) > 1 and words[-1][-1:].isalpha() and words[-1][-1] not in "sy":
            found.append(f"{phrase}s")  # data visualizations, model deployments
        if len(words) > 1 and words[-1].lower() == "testing":
            found += [" ".join([*words[:-1], "tests"]), " ".join([*words[:-1], "test"])]
    return found


def is_generic(alias: str) -> bool:
    """A broad word ("research", "monitoring", "machine learning") that names the skill only
    when the posting asks for it as one (see `_asked_for`)."""
    return alias.lower() in GENERIC


def is_ambiguous(alias: str) -> bool:
    return len(alias) <= 2 or alias.lower() in AMBIGUOUS


def _lower(text: str) -> str:
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    # A few characters grow when lower-cased ("İ"): keep offsets aligned with the text.
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


class Matcher:
    """Built once per catalogue; `analyse` is then pure and fast (a few ms for 10,000 chars)."""

    def __init__(self, terms: Iterable[SkillTerms]):
        # key (lower case) -> (catalogue entries, vocabulary forms)
        values: dict[str, tuple[list[_Entry], list[str]]] = defaultdict(lambda: ([], []))
        for term in terms:
            phrases = [*_variants(term.name), *_forms(list(term.aliases))]
            for phrase in dict.fromkeys(p.strip() for p in phrases if p.strip()):
                entries = values[_lower(phrase)][0]
                if not any(e.slug == term.slug for e in entries):
                    entries.append(_Entry(term.slug, phrase, is_ambiguous(phrase)))
        for form in TECH_TERMS:
            values[form.lower()][1].append(form)
        self.automaton = ahocorasick.Automaton()
        for key, (entries, forms) in values.items():
            self.automaton.add_word(key, (key, tuple(entries), tuple(forms)))
        self.automaton.make_automaton()

    # --- hits -------------------------------------------------------------------------------

    def _hits(self, lowered: str) -> list[tuple[int, int, tuple[_Entry, ...], tuple[str, ...]]]:
        """(start, end, catalogue entries, vocabulary forms) of every hit on word boundaries,
        the longest where hits overlap."""
        hits = []
        for end_index, (key, entries, forms) in self.automaton.iter(lowered):
            end = end_index + 1
            start = end - len(key)
            if _bounded(lowered, start, end):
                hits.append((start, end, entries, forms))
        hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
        kept, reach = [], -1
        for hit in hits:
            if hit[0] >= reach:
                kept.append(hit)
                reach = hit[1]
        return kept

    def analyse(
        self, text: str, *, title: str = "", ignore: frozenset[str] = frozenset()
    ) -> Analysis:
        """What `text` (a posting) asks for. `ignore`: lower-cased phrases the learner marked
        "not a skill" (left unrecognised)."""
        lowered = _URL_OR_EMAIL.sub(lambda m: " " * len(m.group(0)), _lower(text))
        clauses = sections.layout(text)
        clause_at = _ClauseIndex(clauses)
        hits = self._hits(lowered)

        # Technical words support ambiguous names beside them in the same clause.
        support: dict[int | None, set[int]] = defaultdict(set)  # clause -> supporting starts
        for start, end, entries, forms in hits:
            written = text[start:end]
            if (
                any(not e.ambiguous and not is_generic(e.phrase) for e in entries)
                or any(not is_ambiguous(f) for f in forms)
                # "Go or Rust": a longer name written as the catalogue writes it supports a
                # shorter one beside it.
                or any(e.phrase == written and len(written) > 2 for e in entries)
            ):
                support[clause_at.find(start)].add(start)
        for match in _SHAPE.finditer(text):
            word = match.group(0)
            if not word.isupper() and word.lower() not in NOT_TECH:
                support[clause_at.find(match.start())].add(match.start())

        def tech_near(index: int | None, start: int) -> bool:
            near = support.get(index, ())
            return len(near) > 1 or (len(near) == 1 and start not in near)

        mentions: list[Mention] = []
        covered: list[tuple[int, int]] = []
        for start, end, entries, _forms in hits:
            written = text[start:end]
            index = clause_at.find(start)
            clause = clauses[index] if index is not None else None
            listed = clause is not None and _listed(clause, text, written, start)
            generic = is_generic(written)
            # "reinforcement learning algorithms": a broad word right after a skill is its head.
            after_skill = bool(mentions) and 0 < start - mentions[-1].end <= 1
            asked = generic and not after_skill and _asked_for(text, clause, start, end, listed)
            if generic and not asked:
                continue
            entry = _accept(
                entries, written, text, start, tech_near(index, start) or listed or asked
            )
            if entry is None:
                continue
            covered.append((start, end))
            if written.lower() in ignore:
                continue
            mentions.append(
                Mention(
                    start=start,
                    end=end,
                    text=written,
                    slug=entry.slug,
                    alias=entry.phrase,
                    need=clause.need if clause else REQUIRED,
                    rule=clause.rule if clause else "in the text: required",
                )
            )

        mentions = _grouped(mentions, text, clause_at)
        skills, groups = _found_skills(mentions)
        years = _years(text, clauses)
        seniority, reason = _seniority(title, text, clauses, years)
        # A word of the job's own title ("MLOps" in "MLOps Engineer") is not a tool it asks for.
        in_title = set(re.findall(r"[\w.+#/-]+", title.lower()))
        unknown = tuple(
            t
            for t in _unknown_terms(text, hits, covered, clauses, clause_at, tech_near)
            if t.lower() not in in_title
        )
        return Analysis(
            skills=skills,
            mentions=tuple(mentions),
            years=years,
            seniority=seniority,
            seniority_reason=reason,
            unknown_terms=unknown,
            groups=groups,
        )


class _ClauseIndex:
    def __init__(self, clauses: list[Clause]):
        self.clauses = clauses
        self.starts = [c.start for c in clauses]

    def find(self, position: int) -> int | None:
        i = bisect_right(self.starts, position) - 1
        if i >= 0 and position < self.clauses[i].end:
            return i
        return None


def _bounded(lowered: str, start: int, end: int) -> bool:
    before = lowered[start - 1] if start > 0 else " "
    after = lowered[end] if end < len(lowered) else " "
    if before.isalnum() or before in "_-@#$":
        return False
    if before in "./" and start > 1 and lowered[start - 2].isalnum() and before == ".":
        return False
    if after.isalnum() or after in "_#+@$":
        return False
    nxt = lowered[end + 1] if end + 1 < len(lowered) else " "
    # "react.js", "Node.js": the dotted name is another name.
    return not (after == "." and nxt.isalpha())


_LEAD_WORDS = r"(?:(?:some|basic|strong|solid|good|deep|proven|working|hands-on)\s+)?"
#: What may follow a listed term to the end of its clause: nothing, or punctuation, "for", "or".
_LIST_ITEM_END = re.compile(r"\s*(?:$|[.,;:(]|for\b|or\b|/)")
_SKILL_CUE = re.compile(
    r"\b(?:experience|experienced|knowledge|know|understanding|understand|familiar\w*|"
    r"background|grasp|proficien\w*|expertise|expert|fluen\w*|skilled|skills|foundations?|"
    r"comfortable|competen\w*|command|mastery|exposure|practice|trained|grounding|"
    r"built|build|building|shipped|ship|shipping|designed|design|develop\w*|implement\w*)\b"
    r"[^.;:]*$",
    re.IGNORECASE,
)
_SKILL_AFTER = re.compile(r"^\s*(?:skills|experience|knowledge|expertise|background)\b", re.I)
_ROLE_AFTER = re.compile(
    r"^[\s-]*(?:engineers?|engineering|developers?|scientists?|researchers?|consultants?|"
    r"architects?|team|teams|platform|company|startup|lab|leads?|manager|roles?|positions?|"
    r"powered|driven|based|products?|systems?|solutions?|projects?|features?|pipelines?|"
    r"infrastructure|models?|applications?|use cases?|initiatives?|workloads?)\b",
    re.IGNORECASE,
)


def _listed(clause: Clause, text: str, written: str, start: int) -> bool:
    """Whether the term leads a short item of a skills list: "- Rust", "Some R.", "Spark for
    large backfills.", "Nice to have: Go, for our bidding service." """
    if clause.kind not in ("required", "nice", "stack", "other") or start - clause.start > 40:
        return False
    head = text[clause.start : start]
    if not re.fullmatch(r"[\s\-*•·–—▪◦]*" + _LEAD_WORDS, head, re.IGNORECASE):
        return False
    # Matched in place (no copy of the rest of the clause for every term in it).
    return _LIST_ITEM_END.match(text, start + len(written), clause.end) is not None


def _asked_for(text: str, clause: Clause | None, start: int, end: int, listed: bool) -> bool:
    """Whether a generic word is asked for as a skill: after "experience with", "knowledge of"
    and the like, or before "skills", or as an item of a skills list; never as part of a job
    title or a team ("Machine Learning Engineer", "the ML team")."""
    after = text[end : end + 40]
    if _ROLE_AFTER.match(after):
        return False
    if listed or _SKILL_AFTER.match(after):
        return True
    begin = clause.start if clause else max(0, start - 60)
    return bool(_SKILL_CUE.search(text[max(begin, start - 45) : start]))


def _sentence_start(text: str, start: int) -> bool:
    """Whether `start` opens a sentence, a line or a bullet (where any word is capitalised)."""
    i = start - 1
    while i >= 0 and (text[i] in " \t" or text[i] in '-*•·–—▪◦"“(#'):
        i -= 1
    return i < 0 or text[i] == "\n" or text[i] in ".!?:"


def _accept(entries, written: str, text: str, start: int, tech_nearby: bool):
    """The catalogue entry this hit stands for, or None when the hit is not a skill here."""
    plain = [e for e in entries if not e.ambiguous]
    if plain:
        return plain[0]
    for entry in entries:
        if written != entry.phrase:
            continue  # an ambiguous name counts only as written
        end = start + len(written)
        after = text[end : end + 2]
        if after[:1] in {"&", "-", "'"} and after[1:2].isalpha() and len(written) <= 2:
            continue  # R&D, C-suite, Go-to-market (but Spark-based, React-based)
        if len(written) <= 2:
            if _BAD_BEFORE_SHORT.search(text[max(0, start - 12) : start]) or not tech_nearby:
                continue
        elif _sentence_start(text, start) and not tech_nearby:
            continue
        return entry
    return None


def _grouped(mentions: list[Mention], text: str, clause_at) -> list[Mention]:
    """Number the either/or groups: skills in one clause joined by "or" or "/", with commas
    before the "or" ("TypeScript, Rust or Java", "PyTorch/JAX", "TensorFlow (or PyTorch)").
    "and" ends a group: in "Python, SQL and Spark" each is a requirement of its own."""
    result = list(mentions)
    number = 0

    def close(members: list[int], seen_or: bool) -> None:
        nonlocal number
        if seen_or and len({result[k].slug for k in members}) > 1:
            number += 1
            for k in members:
                result[k] = replace(result[k], group=number)

    members, seen_or = [0], False
    for k in range(1, len(result) + 1):
        connector = None
        if k < len(result):
            a, b = result[k - 1], result[k]
            if clause_at.find(a.start) == clause_at.find(b.start):
                connector = _connector(text[a.end : b.start])
        if connector == "or":
            members.append(k)
            seen_or = True
        elif connector == "," and not seen_or:
            members.append(k)
        else:
            close(members, seen_or)
            members, seen_or = [k], False
    return result


def _connector(gap: str) -> str | None:
    """How two skills a few words apart are joined: "or" (alternatives), "," (a list that may
    end in "or"), or None. Up to three capitalised words between them are other tools of the
    list ("TypeScript, Rust or Java", Rust unknown) or a vendor ("or Google Cloud Vertex AI")."""
    tokens = _GAP_TOKEN.findall(gap)
    if len(tokens) > 6:
        return None
    words = [t for t in tokens if t[0].isupper()]
    joins = [t.lower() for t in tokens if not t[0].isupper() and t not in "()"]
    if len(words) > 3 or any(j not in {*_OR_WORDS, ",", "and"} for j in joins):
        return None
    if "and" in joins:
        return None
    if any(j in _OR_WORDS for j in joins):
        return "or"
    return "," if "," in joins else None


def _found_skills(mentions: list[Mention]):
    by_slug: dict[str, list[Mention]] = defaultdict(list)
    for mention in mentions:
        if mention.need is not None:
            by_slug[mention.slug].append(mention)
    skills = []
    for slug, found in by_slug.items():
        required = [m for m in found if m.need == REQUIRED]
        strongest = required or found
        first = strongest[0]
        standalone = any(m.group is None for m in strongest)
        skills.append(
            FoundSkill(
                slug=slug,
                need=REQUIRED if required else NICE,
                rule=first.rule,
                mentions=len(found),
                phrase=found[0].text,
                group=None if standalone else first.group,
            )
        )
    members: dict[int, list[str]] = defaultdict(list)
    for skill in skills:
        if skill.group is not None:
            members[skill.group].append(skill.slug)
    lonely = {g for g, slugs in members.items() if len(slugs) < 2}
    skills = [replace(s, group=None) if s.group in lonely else s for s in skills]
    groups = tuple(tuple(slugs) for g, slugs in sorted(members.items()) if g not in lonely)
    return tuple(skills), groups


def _years(text: str, clauses: list[Clause]) -> int | None:
    counted: dict[str, list[int]] = {REQUIRED: [], NICE: []}
    for clause in clauses:
        need = clause.need
        if need is None:
            continue
        counted[need] += sections.years_in(text[clause.start : clause.end])
    found = counted[REQUIRED] or counted[NICE]
    return max(found) if found else None


def _seniority(title: str, text: str, clauses: list[Clause], years: int | None):
    named = sections.seniority_from_title(title)
    if named:
        return named, f'"{title}" names the seniority'
    # The first sentence of the role's description often names it ("We're hiring a Senior...").
    for clause in clauses[:3]:
        if clause.kind != "ignore":
            named = sections.seniority_from_title(text[clause.start : clause.end])
            if named:
                return named, "the description names the seniority"
    level = sections.seniority_from_years(years)
    if years is None:
        return level, "no seniority or years named: mid-level assumed"
    return level, f"{years}+ years of experience asked"


def _unknown_terms(text, hits, covered, clauses, clause_at, tech_near) -> tuple[str, ...]:
    """Tools and terms seen in counted clauses that no catalogue skill took, first seen first:
    the vocabulary's tools, and words shaped like tools (CamelCase, ACRONYMS, name.js)."""
    taken = bytearray(len(text) + 1)  # 1 where a recognised skill's phrase is
    for s, e in covered:
        taken[s:e] = b"\x01" * (e - s)

    def free(start: int, end: int) -> bool:
        return not any(taken[start:end])

    def counted(position: int) -> bool:
        index = clause_at.find(position)
        return index is not None and clauses[index].need is not None

    seen: dict[str, tuple[int, str]] = {}
    for start, end, _entries, forms in hits:
        if not forms or not free(start, end) or not counted(start):
            continue
        written = text[start:end]
        index = clause_at.find(start)
        tech_nearby = tech_near(index, start) or _listed(clauses[index], text, written, start)
        entries = tuple(_Entry("", f, is_ambiguous(f)) for f in forms)
        entry = _accept(entries, written, text, start, tech_nearby)
        if entry is not None:
            seen.setdefault(entry.phrase.lower(), (start, entry.phrase))
    for match in _SHAPE.finditer(text):
        word = match.group(0)
        if word.endswith("s") and word[:-1].isupper():
            word = word[:-1]  # APIs -> API
        if word.lower() in NOT_TECH or len(word) < 2:
            continue
        if free(match.start(), match.end()) and counted(match.start()):
            seen.setdefault(word.lower(), (match.start(), word))
    return tuple(form for _, form in sorted(seen.values()))
