"""Turn an upload (or a paste) into a `Document`, refusing what is too big, hostile or unreadable.

The file's bytes stay in memory (never written to disk, never logged). What is recognised is
decided by the content, not the name: a PDF, a DOCX, a LinkedIn export (a zip of CSV files), a
JSON Resume or Open Badges credential (JSON), a baked badge (PNG or SVG), or plain text. A name
that says otherwise ("cv.pdf" holding a PNG) is refused, with a message saying what it holds.

Limits: 5 MB a file, 20 pages a PDF, zip archives of at most 200 members and 20 MB uncompressed
(counted as it is read, whatever the headers claim), no DTD or entity in any XML, no encrypted
or broken PDF. Every refusal is a `Refused` with a message for the form.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date

from learners.importing import document, structured

MAX_BYTES = 5 * 1024 * 1024
MAX_PAGES = 20
MAX_MEMBERS = 200
MAX_UNCOMPRESSED = 20 * 1024 * 1024
MAX_TEXT = 200_000


Refused = document.Refused


_KINDS = {
    "pdf": "a PDF",
    "zip": "a zip archive",
    "png": "a PNG image",
    "svg": "an SVG image",
    "json": "a JSON file",
    "text": "plain text",
    "docx": "a Word document",
}
_EXTENSIONS = {
    "pdf": {"pdf"},
    "docx": {"docx"},
    "zip": {"zip"},
    "png": {"png"},
    "svg": {"svg"},
    "json": {"json", "jsonld"},
    "text": {"txt", "text", "md"},
}


def sniff(data: bytes) -> str:
    head = data[:512].lstrip()
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "zip"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith((b"{", b"[")):
        return "json"
    if b"<svg" in data[:4096] and head.startswith((b"<?xml", b"<svg", b"<!--", b"<!DOCTYPE")):
        return "svg"
    return "text"


def read_upload(data: bytes, filename: str, *, today: date) -> document.Document:
    if not data:
        raise Refused("The file is empty.")
    if len(data) > MAX_BYTES:
        raise Refused("The file is larger than 5 MB.")
    kind = sniff(data)
    if kind == "zip":
        kind = "docx" if _zip_has(data, "word/document.xml") else "zip"
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    known = {ext for exts in _EXTENSIONS.values() for ext in exts}
    if extension in known and extension not in _EXTENSIONS[kind]:
        raise Refused(f"This file is named .{extension} but it is {_KINDS[kind]}.")
    if kind == "pdf":
        return document.from_text(pdf_text(data), source="PDF CV", today=today)
    if kind == "docx":
        return document.from_text(docx_text(data), source="Word CV", today=today)
    if kind == "zip":
        return structured.linkedin(_linkedin_files(data), today=today)
    if kind == "png":
        return structured.badge(structured.baked_png(data))
    if kind == "svg":
        return structured.badge(structured.baked_svg(data))
    if kind == "json":
        return structured.from_json(data, today=today)
    return read_text(_decode(data), today=today)


def read_text(text: str, *, today: date) -> document.Document:
    text = text.replace("\x00", "")
    if not text.strip():
        raise Refused("There is no text to read.")
    if len(text) > MAX_TEXT:
        raise Refused("The text is longer than 200,000 characters.")
    stripped = text.lstrip()
    if stripped.startswith("{"):
        return structured.from_json(stripped.encode(), today=today)
    return document.from_text(text, source="CV text", today=today)


def _decode(data: bytes) -> str:
    if b"\x00" in data[:4096]:
        raise Refused("This file is neither a CV (PDF, Word, text) nor an export we know.")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise Refused("The text is not in an encoding we can read (save it as UTF-8).")


# --- PDF --------------------------------------------------------------------------------------


def pdf_text(data: bytes) -> str:
    """The text of a PDF, page by page, in the order its content draws it (pypdf's plain mode:
    a two-column layout comes out column after column), read within PDF_LIMITS."""
    from pypdf import PdfReader, apply_configuration
    from pypdf.errors import PdfReadError

    try:
        with apply_configuration(**PDF_LIMITS):
            return _pdf_pages_text(PdfReader(io.BytesIO(data), strict=False))
    except Refused:
        raise
    except (PdfReadError, RecursionError, ValueError, KeyError, TypeError, AttributeError) as e:
        raise Refused("This PDF is damaged or not a PDF we can read.") from e
    except Exception as e:  # pypdf raises many kinds on a broken file; none may become a 500
        raise Refused("This PDF is damaged or not a PDF we can read.") from e


#: pypdf's limits for a CV (its defaults suit any PDF): what a stream may inflate to, the work
#: spent decoding one, how deep a page tree goes. Set for this read only (a context variable).
PDF_LIMITS = {
    "zlib_maximum_output_length": 10_000_000,
    "maximum_declared_stream_length": 10_000_000,
    "stream_decoding_work_maximum_length": 30_000_000,
    "page_tree_maximum_depth": 20,
}


def _pdf_pages_text(reader) -> str:
    """The text of each page, in reading order; refused when encrypted, too long or empty."""
    if reader.is_encrypted:
        raise Refused("This PDF is encrypted: export it again without a password.")
    pages = reader.pages
    if len(pages) > MAX_PAGES:
        raise Refused(f"This PDF has {len(pages)} pages; a CV of at most 20 is read.")
    texts = []
    for page in pages:
        texts.append(_page_text(page))
        if sum(map(len, texts)) > MAX_TEXT:
            raise Refused("This PDF holds more text than a CV.")
    text = "\n".join(texts)
    if not text.strip():
        raise Refused("This PDF holds no text (a scan?): paste your CV's text instead.")
    return text


def _page_text(page) -> str:
    """A page's text, each link's address written after the words it covers ("GitHub" linking
    to https://github.com/me/x reads "GitHub https://github.com/me/x"); a link whose words are
    not found goes at the end of the page."""
    links = _page_links(page)
    if not links:
        return page.extract_text(extraction_mode="plain") or ""
    chunks: list[tuple[float, float, str]] = []

    def visit(text, cm, tm, _font, _size):
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            chunks.append((x, y, text))

    text = page.extract_text(extraction_mode="plain", visitor_text=visit) or ""
    # Where each drawn piece of text sits in the page's text (they come out in order).
    placed, cursor = [], 0
    for x, y, piece in chunks:
        at = text.find(piece.strip(), cursor)
        if at >= 0:
            cursor = at + len(piece.strip())
            placed.append((x, y, cursor))
    inserts, trailing = [], []
    for uri, (x1, y1, x2, y2) in links:
        ends = [e for x, y, e in placed if x1 - 2 <= x <= x2 + 2 and y1 - 4 <= y <= y2 + 4]
        if ends:
            inserts.append((max(ends), uri))
        elif uri not in text:
            trailing.append(uri)
    for end, uri in sorted(inserts, reverse=True):
        text = f"{text[:end]} {uri}{text[end:]}"
    return text + ("\n" + "\n".join(trailing) if trailing else "")


def _page_links(page) -> list[tuple[str, tuple[float, float, float, float]]]:
    """(https address, rectangle) of each link annotation of a page."""
    links = []
    for annotation in page.get("/Annots") or []:
        try:
            annotation = annotation.get_object()
            uri = (annotation.get("/A") or {}).get("/URI")
            x1, y1, x2, y2 = (float(v) for v in annotation.get("/Rect") or (0, 0, 0, 0))
        except Exception:  # noqa: S112 - a broken annotation loses its link, not the page
            continue
        if isinstance(uri, str) and uri.startswith("https://"):
            links.append((uri, (min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2))))
    return links[:50]


# --- zip archives (DOCX, LinkedIn) --------------------------------------------------------------


def _open_zip(data: bytes) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as e:
        raise Refused("This archive is damaged.") from e
    if len(infos) > MAX_MEMBERS:
        raise Refused("This archive holds too many files.")
    if sum(i.file_size for i in infos) > MAX_UNCOMPRESSED:
        raise Refused("This archive unpacks to more than 20 MB.")
    return archive


def _zip_has(data: bytes, name: str) -> bool:
    try:
        return name in zipfile.ZipFile(io.BytesIO(data)).namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return False


def read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: list[int]) -> bytes:
    """A member's bytes, counted against what is left of the archive's budget while it is read
    (a header can lie about the size)."""
    chunks = []
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(64 * 1024):
                budget[0] -= len(chunk)
                if budget[0] < 0:
                    raise Refused("This archive unpacks to more than 20 MB.")
                chunks.append(chunk)
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError) as e:
        raise Refused("This archive is damaged or encrypted.") from e
    return b"".join(chunks)


def _no_dtd(xml: bytes) -> None:
    if b"<!DOCTYPE" in xml or b"<!ENTITY" in xml:
        raise Refused("This document declares XML entities; save it again from your editor.")


def docx_text(data: bytes) -> str:
    """Paragraphs and table cells of a Word document, in order. Every XML part is checked for a
    DTD first (no entities, external or not), then python-docx reads it."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    archive = _open_zip(data)
    budget = [MAX_UNCOMPRESSED]
    for info in archive.infolist():
        if info.filename.endswith((".xml", ".rels")):
            _no_dtd(read_member(archive, info, budget))
    try:
        doc = docx.Document(io.BytesIO(data))
        rels = doc.part.rels
        lines = []
        for block in doc.element.body.iterchildren():
            tag = block.tag.rsplit("}", 1)[-1]
            if tag == "p":
                lines.append(_paragraph_text(block, rels))
            elif tag == "tbl":
                for row in block.iter():
                    if row.tag.endswith("}tc"):
                        lines.append("".join(_node_text(node) for node in row.iter()))
        links = [
            rel.target_ref
            for rel in doc.part.rels.values()
            if rel.is_external and str(rel.target_ref).startswith("https://")
        ]
    except Refused:
        raise
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as e:
        raise Refused("This Word document is damaged.") from e
    except Exception as e:  # lxml and python-docx raise many kinds on a broken file
        raise Refused("This Word document is damaged.") from e
    text = "\n".join(lines)
    missing = [link for link in links if link not in text]
    return text + ("\n" + "\n".join(missing) if missing else "")


_RELATIONSHIP_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def _node_text(node) -> str:
    """What a node of a Word paragraph writes: its text, a tab, or a line break."""
    name = node.tag.rsplit("}", 1)[-1]
    if name == "t":
        return node.text or ""
    if name == "tab":
        return "\t"
    return "\n" if name in ("br", "cr") else ""


def _paragraph_text(paragraph, rels) -> str:
    """A paragraph's text, each hyperlink followed by its address when the text does not show
    it ("GitHub" linking to https://github.com/me/x reads "GitHub https://github.com/me/x")."""
    parts = []
    for child in paragraph.iterchildren():
        shown = "".join(_node_text(node) for node in child.iter())
        parts.append(shown)
        if child.tag.endswith("}hyperlink"):
            rel = rels.get(child.get(_RELATIONSHIP_ID) or "")
            target = str(rel.target_ref) if rel is not None and rel.is_external else ""
            if target.startswith("https://") and target not in shown:
                parts.append(f" {target} ")
    return "".join(parts)


_LINKEDIN = {"skills.csv", "certifications.csv", "projects.csv", "education.csv", "positions.csv"}


def _linkedin_files(data: bytes) -> dict[str, str]:
    """The five CSV files of a LinkedIn export that the importer reads; the rest is never read."""
    archive = _open_zip(data)
    budget = [MAX_UNCOMPRESSED]
    files = {}
    for info in archive.infolist():
        base = info.filename.rsplit("/", 1)[-1].lower()
        if base in _LINKEDIN and not info.is_dir():
            files[base] = read_member(archive, info, budget).decode("utf-8-sig", errors="replace")
    if not files:
        raise Refused("This archive is not a LinkedIn export (no Skills.csv or Positions.csv).")
    return files
