"""Regenerate the corpus's binary files from the sources in src/ (Markdown-like CVs, a JSON
Resume and the CSV files of a LinkedIn export):

    .venv/bin/python tests/data/cvs/make_binaries.py

PDFs come from three producers: Chromium's print to PDF (Playwright's page.pdf(): a two-column
layout, and an HTML CV whose links are hyperlinked words), LibreOffice (`soffice --headless
--convert-to pdf` of a DOCX written by python-docx) and a plain PDF writer (bench/eval_import.py,
Times fonts, "•" bullets). Word files come from python-docx, text files are the sources without
their marks. The source format: "# Name", the contact line, "## Section", "### Position |
dates", "- bullet", plain lines.
"""

from __future__ import annotations

import html
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent.parent
sys.path.insert(0, str(ROOT))

#: output file -> (source, producer)
FILES = {
    "ml-engineer-senior.pdf": ("ml-engineer-senior.md", "chromium"),
    "staff-ml-engineer.pdf": ("staff-ml-engineer.md", "chromium"),
    "data-scientist-mid.pdf": ("data-scientist-mid.md", "libreoffice"),
    "junior-ml.pdf": ("junior-ml.md", "libreoffice"),
    "mlops-engineer.pdf": ("mlops-engineer.md", "plain"),
    "research-scientist.pdf": ("research-scientist.md", "plain"),
    "ai-engineer.docx": ("ai-engineer.md", "docx"),
    "data-analyst-to-ds.docx": ("data-analyst-to-ds.md", "docx"),
    "career-changer-analyst.txt": ("career-changer-analyst.md", "text"),
    "nlp-engineer.txt": ("nlp-engineer.md", "text"),
    "json-resume-ai.json": ("json-resume-ai.json", "copy"),
    "linkedin-export.zip": ("linkedin", "zip"),
    "mlops-caps-style.txt": ("mlops-caps-style.txt", "copy"),
    "ds-inline-style.txt": ("ds-inline-style.txt", "copy"),
    "junior-ai-bootcamp.txt": ("junior-ai-bootcamp.txt", "copy"),
    "ai-engineer-links.pdf": ("ai-engineer-links.html", "chromium-html"),
}


def parse_markdown(text: str) -> list[tuple[str, str]]:
    """(kind, text): kind "name", "contact", "section", "position", "bullet" or "line"."""
    items = []
    for raw in text.splitlines():
        line = raw.rstrip()
        if not line:
            continue
        if line.startswith("### "):
            items.append(("position", line[4:]))
        elif line.startswith("## "):
            items.append(("section", line[3:]))
        elif line.startswith("# "):
            items.append(("name", line[2:]))
        elif line.startswith("- "):
            items.append(("bullet", line[2:]))
        elif items and items[-1][0] == "name":
            items.append(("contact", line))
        else:
            items.append(("line", line))
    return items


def plain_text(items) -> str:
    out = []
    for kind, text in items:
        if kind == "section":
            out += ["", text.upper()]
        elif kind == "bullet":
            out.append(f"• {text}")
        else:
            out.append(text)
    return "\n".join(out) + "\n"


def markdown_lines(items) -> list[tuple[str, str]]:
    """The plain writer's lines: headings bold, bullets with "•"."""
    styles = {"name": "h1", "section": "h2", "position": "b"}
    return [
        (styles.get(kind, ""), f"• {text}" if kind == "bullet" else text) for kind, text in items
    ]


def docx_bytes(items) -> bytes:
    import io

    import docx

    document = docx.Document()
    for kind, text in items:
        if kind == "name":
            document.add_heading(text, level=0)
        elif kind == "section":
            document.add_heading(text, level=1)
        elif kind == "position":
            title, _, dates = text.partition(" | ")
            paragraph = document.add_paragraph()
            paragraph.add_run(title).bold = True
            paragraph.add_run(f"\t{dates}")
        elif kind == "bullet":
            document.add_paragraph(text, style="List Bullet")
        else:
            document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


CSS = """
@page { size: A4; margin: 14mm; }
body { font-family: 'DejaVu Sans', Arial, sans-serif; font-size: 9.5pt; }
.grid { display: grid; grid-template-columns: 32% 64%; column-gap: 4%; }
h1 { font-size: 18pt; margin: 0; } h2 { font-size: 11pt; border-bottom: 1px solid #999; }
.pos { display: flex; justify-content: space-between; font-weight: bold; margin-top: 6px; }
ul { padding-left: 14px; margin: 2px 0; } p { margin: 2px 0; }
"""
SIDE = {"Skills", "Education", "Certifications", "Technical skills"}


def html_page(items) -> str:
    """Two columns: skills, education and certifications on the left, the rest on the right."""
    head, side, main = [], [], []
    target = head
    for kind, text in items:
        t = html.escape(text)
        if kind == "name":
            head.append(f"<h1>{t}</h1>")
        elif kind == "contact":
            head.append(f"<p>{t}</p>")
        elif kind == "section":
            target = side if text in SIDE else main
            target.append(f"<h2>{t}</h2>")
        elif kind == "position":
            title, _, dates = text.partition(" | ")
            target.append(
                f'<div class="pos"><span>{html.escape(title)}</span>'
                f"<span>{html.escape(dates)}</span></div>"
            )
        elif kind == "bullet":
            target.append(f"<ul><li>{t}</li></ul>")
        else:
            target.append(f"<p>{t}</p>")
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><style>{CSS}</style></head><body>"
        f"{''.join(head)}<div class='grid'><div>{''.join(side)}</div><div>{''.join(main)}</div>"
        "</div></body></html>"
    )


def chromium_pdf(items, html_text: str | None = None) -> bytes:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium")
        page = browser.new_page()
        page.set_content(html_text or html_page(items))
        pdf = page.pdf(format="A4", print_background=True)
        browser.close()
    return pdf


def libreoffice_pdf(items) -> bytes:
    soffice = shutil.which("soffice")
    if soffice is None:
        raise SystemExit("LibreOffice is needed: apt-get install libreoffice-writer-nogui")
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "cv.docx"
        source.write_bytes(docx_bytes(items))
        subprocess.run(
            [soffice, "--headless", "--convert-to", "pdf", "--outdir", tmp, str(source)],
            check=True,
            capture_output=True,
            timeout=120,
        )
        return (Path(tmp) / "cv.pdf").read_bytes()


def linkedin_zip(folder: Path) -> bytes:
    import io

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.glob("*.csv")):
            info = zipfile.ZipInfo(path.name, date_time=(2026, 1, 1, 0, 0, 0))
            archive.writestr(info, path.read_bytes(), zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def build(name: str) -> bytes:
    from bench.eval_import import plain_pdf

    source, producer = FILES[name]
    path = HERE / "src" / source
    if producer == "zip":
        return linkedin_zip(path)
    if producer == "copy":
        return path.read_bytes()
    if producer == "chromium-html":  # a page of its own, with hyperlinks ("GitHub", "Live demo")
        return chromium_pdf(None, path.read_text(encoding="utf-8"))
    items = parse_markdown(path.read_text(encoding="utf-8"))
    if producer == "text":
        return plain_text(items).encode("utf-8")
    if producer == "docx":
        return docx_bytes(items)
    if producer == "plain":
        return plain_pdf(markdown_lines(items))
    if producer == "chromium":
        return chromium_pdf(items)
    return libreoffice_pdf(items)


def main(names: list[str]) -> None:
    for name in names or FILES:
        (HERE / name).write_bytes(build(name))
        print(f"wrote {name}")


if __name__ == "__main__":
    main(sys.argv[1:])
