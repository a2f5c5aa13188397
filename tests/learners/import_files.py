"""Files for the import tests, made in memory: hostile ones (the issue's acceptance list) and
small valid ones (badges, archives)."""

from __future__ import annotations

import io
import json
import struct
import zipfile
import zlib

from bench.eval_import import pdf_file, plain_pdf

CV_LINES = [
    ("h1", "Ada Example"),
    ("", "ada@example.com"),
    ("h2", "Experience"),
    ("b", "Machine Learning Engineer, Acme | Jan 2021 – Dec 2024"),
    ("", "• Built PyTorch models in production on Kubernetes."),
    ("h2", "Skills"),
    ("", "Python, SQL, Docker"),
]


def cv_pdf() -> bytes:
    return plain_pdf(CV_LINES)


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def zip_bomb() -> bytes:
    """One Skills.csv of 40 MB of zeros: about 40 kB compressed."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive,
        archive.open("Skills.csv", "w", force_zip64=True) as member,
    ):
        chunk = b"0" * (1024 * 1024)
        for _ in range(40):
            member.write(chunk)
    return buffer.getvalue()


def zip_of_many_members(count: int = 5000) -> bytes:
    return zip_bytes({f"f{i}.csv": b"" for i in range(count)})


def lying_zip_bomb() -> bytes:
    """A member whose header says 10 bytes while it inflates to 30 MB."""
    data = bytearray(zip_bytes({"Skills.csv": b"Name\n" + b"x" * (30 * 1024 * 1024)}))
    # Rewrite the uncompressed size in the local header and the central directory.
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = data.find(signature)
        data[at + offset : at + offset + 4] = struct.pack("<I", 10)
    return bytes(data)


def _pdf(objects: list[bytes], *, trailer_extra: bytes = b"") -> bytes:
    return pdf_file(objects, trailer_extra=trailer_extra)


def nested_pdf(depth: int = 10_000) -> bytes:
    """A page tree 10,000 levels deep (each /Pages node holds the next), and a page whose
    resources nest 10,000 arrays."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    for level in range(depth):
        number = 2 + level
        objects.append(
            b"<< /Type /Pages /Kids [%d 0 R] /Count 1 /Parent %d 0 R >>" % (number + 1, number - 1)
            if level
            else b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
        )
    page = 2 + depth
    nested = b"[" * depth + b"]" * depth
    objects.append(
        b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Contents %d 0 R /X %s >>"
        % (page - 1, page + 1, nested)
    )
    stream = b"BT /F1 12 Tf 50 800 Td (Python) Tj ET"
    objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    return _pdf(objects)


def nested_array_pdf(depth: int = 10_000) -> bytes:
    """One page whose dictionary holds arrays nested 10,000 deep."""
    stream = b"BT /F1 12 Tf 50 800 Td (Python) Tj ET"
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /X %s >>"
            % (b"[" * depth + b"]" * depth),
            b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        ]
    )


def flate_bomb_pdf(megabytes: int = 30) -> bytes:
    """A page whose content stream is 30 kB that inflates to 30 MB."""
    compressor = zlib.compressobj(9)
    stream = compressor.compress(b"BT /F1 12 Tf 50 800 Td (")
    chunk = b"A" * (1024 * 1024)
    for _ in range(megabytes):
        stream += compressor.compress(chunk)
    stream += compressor.compress(b") Tj ET") + compressor.flush()
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream)
            + stream
            + b"\nendstream",
        ]
    )


def encrypted_pdf() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(cv_pdf())).pages:
        writer.add_page(page)
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def many_pages_pdf(pages: int = 21) -> bytes:
    return plain_pdf([("", f"Page {n}") for n in range(pages * 60)])


def docx(paragraphs: list[str]) -> bytes:
    import docx as python_docx

    document = python_docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def docx_with_external_entity() -> bytes:
    """A Word document whose body declares an external entity (XXE) and uses it."""
    source = zipfile.ZipFile(io.BytesIO(docx(["Skills", "Python"])))
    members = {name: source.read(name) for name in source.namelist()}
    body = members["word/document.xml"].decode()
    body = body.replace(
        "<w:document",
        '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<w:document',
        1,
    ).replace(">Python<", ">&xxe;<", 1)
    members["word/document.xml"] = body.encode()
    return zip_bytes(members)


def png(chunks: list[tuple[bytes, bytes]] = ()) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00\x00")
    parts = [chunk(b"IHDR", header), *(chunk(k, b) for k, b in chunks), chunk(b"IDAT", pixels)]
    return b"\x89PNG\r\n\x1a\n" + b"".join(parts) + chunk(b"IEND", b"")


OB3 = {
    "@context": [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ],
    "id": "https://www.credly.com/badges/3f2a9c1e-aaaa-bbbb",
    "type": ["VerifiableCredential", "OpenBadgeCredential"],
    "issuer": {"id": "https://aws.amazon.com", "type": ["Profile"], "name": "Amazon Web Services"},
    "validFrom": "2025-02-10T00:00:00Z",
    "credentialSubject": {
        "type": ["AchievementSubject"],
        "achievement": {
            "id": "https://www.credly.com/org/aws/badge/mla",
            "type": ["Achievement"],
            "name": "AWS Certified Machine Learning Engineer – Associate",
            "description": "Builds, deploys and monitors ML solutions with Amazon SageMaker.",
        },
    },
}

OB2 = {
    "@context": "https://w3id.org/openbadges/v2",
    "type": "Assertion",
    "id": "https://badges.example.org/assertions/123",
    "recipient": {"type": "email", "hashed": True, "identity": "sha256$abc"},
    "issuedOn": "2024-05-02T00:00:00Z",
    "verification": {"type": "hosted"},
    "badge": {
        "type": "BadgeClass",
        "id": "https://badges.example.org/classes/prompting",
        "name": "Prompt Engineering Fundamentals",
        "description": "Prompt engineering and LLM evaluation basics.",
        "issuer": {"type": "Profile", "name": "Example Academy", "url": "https://example.org"},
    },
}


def baked_png(credential: dict) -> bytes:
    text = json.dumps(credential).encode()
    return png([(b"iTXt", b"openbadges\x00\x00\x00\x00\x00" + text)])


def baked_svg(credential: dict) -> bytes:
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"'
        ' width="10" height="10"><openbadges:credential><![CDATA['
        + json.dumps(credential)
        + "]]></openbadges:credential><circle r='4'/></svg>"
    ).encode()
