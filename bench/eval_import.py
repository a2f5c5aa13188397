"""`make eval-import`: how well CVs and exports are read (issue 24), and how fast.

Reads every labelled file of tests/data/cvs/ (labels.json) with the importer and the catalogue of
fixtures/roles.json (no database), and prints the precision and recall of skills, the share of
proposed levels within one of the label, catalogue certifications found, projects with links
found; then the time to read a 3-page and a 20-page PDF in process. Exits 1 when a figure is
under its floor (FLOORS, SPEED_LIMITS_MS). `--misses` lists every disagreement.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
import zlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CORPUS = ROOT / "tests" / "data" / "cvs"
FIXTURE = ROOT / "fixtures" / "roles.json"
#: The labels are read as of this day ("Present" ends here), so the figures never drift.
TODAY = date(2026, 12, 1)

FLOORS = {
    "precision": 0.9,
    "recall": 0.85,
    "levels_within_one": 0.8,
    "certification_codes": 0.95,
    "projects_with_links": 0.9,
}
SPEED_LIMITS_MS = {3: 300, 20: 2000}


@dataclass
class Score:
    true_positive: int = 0
    false_positive: int = 0
    false_negative: int = 0
    levels_close: int = 0
    certs_expected: int = 0
    certs_found: int = 0
    projects_expected: int = 0
    projects_found: int = 0
    misses: list[str] = field(default_factory=list)

    def figures(self) -> dict[str, float]:
        tp = self.true_positive
        return {
            "precision": tp / max(1, tp + self.false_positive),
            "recall": tp / max(1, tp + self.false_negative),
            "levels_within_one": self.levels_close / max(1, tp),
            "certification_codes": self.certs_found / max(1, self.certs_expected),
            "projects_with_links": self.projects_found / max(1, self.projects_expected),
        }


def load_labels() -> dict[str, dict]:
    return json.loads((CORPUS / "labels.json").read_text(encoding="utf-8"))


def read(path: Path, catalogue) -> dict:
    from learners.importing import propose, read_upload

    doc = read_upload(path.read_bytes(), path.name, today=TODAY)
    return propose(doc, catalogue, today=TODAY)


def evaluate(labels: dict[str, dict], catalogue) -> Score:
    score = Score()
    for name, label in labels.items():
        proposal = read(CORPUS / name, catalogue)
        found = {s["slug"]: s["level"] for s in proposal["skills"]}
        wanted = label["skills"]
        for slug, level in found.items():
            if slug in wanted:
                score.true_positive += 1
                if abs(level - wanted[slug]) <= 1:
                    score.levels_close += 1
                else:
                    score.misses.append(f"{name}: {slug} level {level}, label {wanted[slug]}")
            else:
                score.false_positive += 1
                score.misses.append(f"{name}: {slug} proposed, not in the label")
        for slug in set(wanted) - set(found):
            score.false_negative += 1
            score.misses.append(f"{name}: {slug} missed")
        certs = {c["slug"] for c in proposal["certifications"] if c["slug"]}
        for slug in label.get("certifications", []):
            score.certs_expected += 1
            if slug in certs:
                score.certs_found += 1
            else:
                score.misses.append(f"{name}: certification {slug} missed")
        urls = {p["url"] for p in proposal["projects"]}
        for url in label.get("projects", []):
            score.projects_expected += 1
            if url in urls:
                score.projects_found += 1
            else:
                score.misses.append(f"{name}: project {url} missed")
    return score


# --- a plain PDF writer: the third producer of the corpus, and the timing PDFs -------------------


def _escape(text: str) -> bytes:
    raw = text.encode("cp1252", errors="replace")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def plain_pdf(lines: list[tuple[str, str]], *, compress: bool = True) -> bytes:
    """A PDF of (style, text) lines, style "h1", "h2", "b" (bold) or "" (body), wrapped at 95
    characters, A4, the standard Times fonts with WinAnsi encoding (bullets and dashes)."""
    import textwrap

    fonts = {
        "h1": ("F2", 16, 22),
        "h2": ("F2", 12, 18),
        "b": ("F2", 10.5, 14),
        "": ("F1", 10.5, 13),
    }
    pages: list[list[bytes]] = [[]]
    y = 800.0
    for style, text in lines:
        font, size, leading = fonts[style]
        indent = 14 if text.startswith("• ") else 0
        for i, part in enumerate(textwrap.wrap(text, 95) or [""]):
            if y < 60:
                pages.append([])
                y = 800.0
            x = 56 + (indent if i else 0)
            pages[-1].append(
                b"BT /%s %.1f Tf %.1f %.1f Td (%s) Tj ET"
                % (font.encode(), size, x, y, _escape(part))
            )
            y -= leading
        if style in ("h1", "h2"):
            y -= 4
    objects: list[bytes] = []
    font_base = 3 + 2 * len(pages)
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(len(pages)))
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode())
    for i, content in enumerate(pages):
        stream = b"\n".join(content)
        extra = b""
        if compress:
            stream, extra = zlib.compress(stream), b" /Filter /FlateDecode"
        objects.append(
            (
                f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {4 + 2 * i} 0 R "
                f"/Resources << /Font << /F1 {font_base} 0 R /F2 {font_base + 1} 0 R >> >> >>"
            ).encode()
        )
        objects.append(
            b"<< /Length %d%s >>\nstream\n" % (len(stream), extra) + stream + b"\nendstream"
        )
    for name in ("Times-Roman", "Times-Bold"):
        objects.append(
            f"<< /Type /Font /Subtype /Type1 /BaseFont /{name} "
            "/Encoding /WinAnsiEncoding >>".encode()
        )
    return pdf_file(objects, header=b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")


def pdf_file(
    objects: list[bytes], *, header: bytes = b"%PDF-1.7\n", trailer_extra: bytes = b""
) -> bytes:
    """A PDF of these objects (numbered from 1, the first the catalogue) with its cross-reference
    table and trailer."""
    out = bytearray(header)
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        trailer_extra,
        xref,
    )
    return bytes(out)


def long_cv(pages: int) -> bytes:
    """A CV of about `pages` pages (the corpus's senior CV's sections repeated)."""
    from tests.data.cvs.make_binaries import markdown_lines, parse_markdown

    source = parse_markdown((CORPUS / "src" / "ml-engineer-senior.md").read_text(encoding="utf-8"))
    body = markdown_lines(source)
    lines = body[:]
    while True:
        pdf = plain_pdf(lines)
        count = pdf.count(b"/Type /Page ")
        if count >= pages:
            return pdf
        lines += body[2:]


def speed_ms(pdf: bytes, runs: int = 5) -> float:
    from learners.importing import propose, read_upload

    times = []
    for _ in range(runs):
        started = time.perf_counter()
        propose(read_upload(pdf, "cv.pdf", today=TODAY), _catalogue(), today=TODAY)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


_CACHE: dict[str, object] = {}


def _catalogue():
    from learners.importing.catalogue import from_fixture

    if "catalogue" not in _CACHE:
        _CACHE["catalogue"] = from_fixture(FIXTURE)
    return _CACHE["catalogue"]


def main(argv: list[str]) -> int:
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careerhub.settings")
    import django

    django.setup()
    labels = load_labels()
    score = evaluate(labels, _catalogue())
    figures = score.figures()
    print(f"CV import: {len(labels)} labelled files, {score.true_positive} skills matched")
    failed = False
    for key, value in figures.items():
        floor = FLOORS[key]
        mark = "ok" if value >= floor else "UNDER THE FLOOR"
        failed |= value < floor
        print(f"  {key.replace('_', ' '):<22} {value:6.3f}  (floor {floor})  {mark}")
    for pages, limit in SPEED_LIMITS_MS.items():
        pdf = long_cv(pages)
        ms = speed_ms(pdf)
        failed |= ms > limit
        mark = "ok" if ms <= limit else "TOO SLOW"
        print(f"  read a {pages}-page PDF CV     {ms:7.1f} ms  (limit {limit} ms)  {mark}")
    if "--misses" in argv:
        print("\n".join(score.misses))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
