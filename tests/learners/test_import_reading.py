"""The importer's reader, format by format (issue 24): pure, no database. Skills come from the
posting reader (jobs.reading), levels from where the CV names them, and each proposal says why."""

import io
import json
import zipfile
from datetime import date
from pathlib import Path

import pytest

from learners.importing import Refused, propose, read_text, read_upload
from learners.importing.catalogue import from_fixture
from learners.importing.document import from_text, heading_kind
from tests.learners import import_files as files

TODAY = date(2026, 12, 1)


@pytest.fixture(scope="module")
def catalogue():
    return from_fixture(Path("fixtures/roles.json"))


def read(catalogue, data: bytes | str, name: str = "cv.txt") -> dict:
    doc = (
        read_text(data, today=TODAY)
        if isinstance(data, str)
        else read_upload(data, name, today=TODAY)
    )
    return propose(doc, catalogue, today=TODAY)


def levels(proposal: dict) -> dict[str, int]:
    return {s["slug"]: s["level"] for s in proposal["skills"]}


def reason(proposal: dict, slug: str) -> str:
    return next(s["reason"] for s in proposal["skills"] if s["slug"] == slug)


def test_years_in_a_role_and_depth_words_raise_the_level_and_say_so(catalogue):
    proposal = read(
        catalogue,
        "Experience\nML Engineer, Acme | Jan 2019 – Jan 2023\n"
        "- Designed and shipped PyTorch models to production.\n- Used Docker.\n"
        "Data Analyst, Beta | Jun 2018 – Dec 2018\n- SQL reports.\n",
    )
    found = levels(proposal)
    assert found["pytorch"] == 4
    assert reason(proposal, "pytorch").startswith(
        "4 years as ML Engineer, Acme using it, with depth"
    )
    assert found["docker"] == 3
    assert found["sql"] == 2  # seven months
    assert "phrase" in proposal["skills"][0]


def test_a_skills_section_alone_suggests_a_lower_level_and_its_own_words_count(catalogue):
    proposal = read(catalogue, "Skills\nPython, Docker\nExpert: Kubernetes\nFamiliar with: Rust\n")
    assert levels(proposal) == {"python": 2, "docker": 2, "kubernetes": 4, "rust": 1}
    assert reason(proposal, "python") == "listed in your skills section only: a lower level"


def test_stated_years_count_outside_a_position(catalogue):
    proposal = read(catalogue, "Summary\nData scientist with 6 years of Python and SQL.\n")
    assert levels(proposal)["python"] == 4


def test_staff_level_needs_years_lead_and_depth_more_than_once(catalogue):
    proposal = read(
        catalogue,
        "Experience\nStaff Engineer, Acme | 2014 – 2024\n"
        "- Led the TensorFlow platform in production.\n- Designed TensorFlow serving at scale.\n",
    )
    assert levels(proposal)["tensorflow"] == 5


def test_a_project_with_a_link_becomes_a_project_with_its_skills(catalogue):
    proposal = read(
        catalogue,
        "Projects\n- Drift radar — model monitoring for tabular data with scikit-learn. "
        "https://github.com/me/drift-radar\n- Private thing with PyTorch (no link)\n"
        "- Chat demo: a RAG app. https://chat.example.dev/demo\n",
    )
    projects = {p["url"]: p for p in proposal["projects"]}
    assert set(projects) == {"https://github.com/me/drift-radar", "https://chat.example.dev/demo"}
    radar = projects["https://github.com/me/drift-radar"]
    assert radar["title"] == "Drift radar"
    assert radar["repository_url"]
    assert not radar["demo_url"]
    assert set(radar["skills"]) == {"model-monitoring", "scikit-learn"}
    assert projects["https://chat.example.dev/demo"]["demo_url"] == "https://chat.example.dev/demo"
    assert reason(proposal, "pytorch").startswith("used in your project")


def test_certifications_by_exam_code_and_by_name_with_dates(catalogue):
    proposal = read(
        catalogue,
        "Certifications\n"
        "- MLA-C01, Nov 2024, credential ID ABC-12345\n"
        "- Google Cloud Professional Machine Learning Engineer, 2023-05, "
        "https://google.accredible.com/xyz\n"
        "- Some Vendor Data Badge — Vendor Academy, 2022\n"
        "- AIGP\n",
    )
    certs = {c["slug"] or c["name"]: c for c in proposal["certifications"]}
    mla = certs["aws-certified-machine-learning-engineer-associate"]
    assert (mla["issued_on"], mla["credential_id"]) == ("2024-11-01", "ABC-12345")
    assert mla["note"] == "recognised by its exam code"
    google = certs["google-professional-machine-learning-engineer"]
    assert (google["issued_on"], google["url"]) == (
        "2023-05-01",
        "https://google.accredible.com/xyz",
    )
    other = certs["Some Vendor Data Badge"]
    assert other["issuer"] == "Vendor Academy"
    assert certs["iapp-aigp"]["issued_on"] is None  # no date: the review says so


def test_degrees_map_to_the_catalogues_paths_only_when_the_field_fits(catalogue):
    proposal = read(
        catalogue,
        "Education\nPhD in Machine Learning, University of Edinburgh, 2020\n"
        "MSc Economics, London School of Economics, 2015\n"
        "BSc in Computer Science\nUniversity of Leeds, 2012 – 2015\n"
        "MSc in Artificial Intelligence, KTH Royal Institute of Technology, expected 2027\n",
    )
    found = {(e["path"], e["year"], e["status"]) for e in proposal["education"] if e.get("path")}
    assert found == {
        ("phd-machine-learning", 2020, "completed"),
        ("bachelor-computer-science", 2015, "completed"),
        ("master-ai-machine-learning", 2027, "in_progress"),
    }
    unmapped = [e for e in proposal["education"] if not e.get("path")]
    assert [e["institution"] for e in unmapped] == ["London School of Economics"]


def test_unknown_words_are_listed_and_a_name_is_no_skill(catalogue):
    proposal = read(catalogue, "Jane Doe\njane@doe.example\n\nSkills\nPython, Zorblax, Quuxify\n")
    assert "experiment-design" not in levels(proposal)  # "Doe" is not DOE
    assert {"Zorblax", "Quuxify"} <= set(proposal["unknown"])


def test_headings_are_lines_made_of_heading_words():
    assert heading_kind("TECHNICAL SKILLS") == "skills"
    assert heading_kind("Work history:") == "experience"
    assert heading_kind("## Certifications & licences") == "certifications"
    assert heading_kind("AWS Certified Machine") is None
    assert heading_kind("Google Professional Machine") is None
    assert heading_kind("- Skills") is None


def test_wrapped_pdf_lines_keep_dates_titles_and_phrases():
    doc = from_text(
        "Experience\nSenior Machine Learning Engineer,\nNorthwind Retail\nMar 2021 –\nPresent\n"
        "Led deep\nlearning work.\n",
        source="PDF CV",
        today=TODAY,
    )
    position = doc.of_kind("experience")[-1].position
    assert position.title == "Senior Machine Learning Engineer, Northwind Retail"
    assert position.months == 70  # March 2021 to December 2026, both counted
    assert "deep learning" in doc.reading_text()


def test_ligatures_and_private_bullets_of_pdfs_are_normalised(catalogue):
    proposal = read(catalogue, "Experience\nML Engineer | 2020 – 2024\n\uf0b7 Airﬂow and Kubeﬂow\n")
    assert levels(proposal)["airflow"] == 3


def test_json_resume(catalogue):
    resume = {
        "basics": {"summary": "AI engineer."},
        "work": [
            {
                "name": "Acme",
                "position": "AI Engineer",
                "startDate": "2021-01-01",
                "endDate": "2024-01-01",
                "highlights": ["Built RAG with LangChain in production"],
            }
        ],
        "skills": [{"name": "Backend", "level": "Advanced", "keywords": ["Go"]}],
        "certificates": [
            {"name": "AWS Certified Machine Learning Engineer – Associate", "date": "2024-02-03"}
        ],
        "projects": [
            {
                "name": "evalkit",
                "description": "LLM evaluation",
                "url": "https://github.com/a/evalkit",
            }
        ],
        "education": [
            {
                "institution": "MIT",
                "area": "Computer Science",
                "studyType": "Bachelor",
                "endDate": "2019",
            }
        ],
    }
    proposal = read(catalogue, json.dumps(resume).encode(), "resume.json")
    assert levels(proposal)["rag"] == 4
    assert levels(proposal)["go"] == 4  # "Advanced" in the skills list
    assert (
        proposal["certifications"][0]["slug"] == "aws-certified-machine-learning-engineer-associate"
    )
    assert proposal["certifications"][0]["issued_on"] == "2024-02-01"
    assert proposal["projects"][0]["skills"] == ["llm-evaluation"]
    assert proposal["education"][0]["path"] == "bachelor-computer-science"
    assert proposal["source"] == "JSON Resume"


def test_a_pasted_json_resume_is_read_as_one(catalogue):
    proposal = read(catalogue, json.dumps({"skills": [{"name": "Python"}]}))
    assert proposal["source"] == "JSON Resume"


def test_linkedin_csvs(catalogue):
    archive = files.zip_bytes(
        {
            "Skills.csv": b"Name\nPython\n",
            "Certifications.csv": (
                b"Name,Url,Authority,Started On,Finished On,License Number\n"
                b"Google Professional Machine Learning Engineer,https://google.accredible.com/1,"
                b"Google Cloud,May 2023,,G-1\n"
            ),
            "Education.csv": (
                b"School Name,Start Date,End Date,Notes,Degree Name,Activities\n"
                b"Chalmers,2018,2020,,Master of Science in Machine Learning,\n"
            ),
            "Projects.csv": b"Title,Description,Url,Started On,Finished On\nX,PyTorch demo,https://gitlab.com/a/x,,\n",
        }
    )
    proposal = read(catalogue, archive, "export.zip")
    cert = proposal["certifications"][0]
    assert (cert["slug"], cert["issued_on"], cert["credential_id"]) == (
        "google-professional-machine-learning-engineer",
        "2023-05-01",
        "G-1",
    )
    assert proposal["education"][0]["path"] == "master-ai-machine-learning"
    assert proposal["projects"][0]["repository_url"] == "https://gitlab.com/a/x"
    assert levels(proposal)["python"] == 2


@pytest.mark.parametrize(
    "data",
    [
        json.dumps(files.OB3).encode(),
        files.baked_png(files.OB3),
        files.baked_svg(files.OB3),
    ],
    ids=["json", "png", "svg"],
)
def test_open_badges_3_maps_to_the_catalogue_and_keeps_its_link(catalogue, data):
    name = "badge." + (
        "png" if data.startswith(b"\x89PNG") else "svg" if b"<svg" in data else "json"
    )
    proposal = read(catalogue, data, name)
    [cert] = proposal["certifications"]
    assert cert["slug"] == "aws-certified-machine-learning-engineer-associate"
    assert cert["url"] == "https://www.credly.com/badges/3f2a9c1e-aaaa-bbbb"
    assert cert["issued_on"] == "2025-02-01"
    assert "signature was not checked" in cert["note"]


def test_open_badges_2_outside_the_catalogue(catalogue):
    compressed = files.png(
        [
            (
                b"iTXt",
                b"openbadges\x00\x01\x00\x00\x00"
                + __import__("zlib").compress(json.dumps(files.OB2).encode()),
            )
        ]
    )
    proposal = read(catalogue, compressed, "badge.png")
    [cert] = proposal["certifications"]
    assert (cert["slug"], cert["name"], cert["issuer"]) == (
        None,
        "Prompt Engineering Fundamentals",
        "Example Academy",
    )
    assert cert["url"] == "https://badges.example.org/assertions/123"


def test_word_documents_read_paragraphs_and_tables(catalogue):
    import docx

    document = docx.Document()
    document.add_heading("Skills", level=1)
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "PyTorch"
    table.cell(0, 1).text = "Kubernetes"
    buffer = io.BytesIO()
    document.save(buffer)
    proposal = read(catalogue, buffer.getvalue(), "cv.docx")
    assert {"pytorch", "kubernetes"} <= set(levels(proposal))


def test_every_corpus_pdf_producer_is_read(catalogue):
    for name in ("ml-engineer-senior.pdf", "data-scientist-mid.pdf", "mlops-engineer.pdf"):
        data = (Path("tests/data/cvs") / name).read_bytes()
        assert len(read(catalogue, data, name)["skills"]) >= 10, name


def test_a_zip_that_is_not_a_linkedin_export_is_refused():
    with pytest.raises(Refused, match="not a LinkedIn export"):
        read_upload(files.zip_bytes({"photo.jpg": b"x"}), "export.zip", today=TODAY)


def test_a_docx_is_never_taken_for_a_linkedin_export():
    data = files.docx(["Skills", "Python"])
    assert zipfile.is_zipfile(io.BytesIO(data))
    assert read_upload(data, "cv.docx", today=TODAY).source == "Word CV"


def test_a_position_named_like_a_role_implies_its_essential_skills_never_its_tools(catalogue):
    proposal = read(
        catalogue,
        "Experience\nSenior ML Engineer, Acme | 2019 – 2024\n- Statistics and PyTorch.\n"
        "AI Engineering Intern, Beta | Jan 2025 – Mar 2025\n- Prompts.\n",
    )
    implied = {s["slug"]: s for s in proposal["implied"]}
    assert implied["ml-fundamentals"]["level"] == 3
    assert implied["ml-fundamentals"]["reason"].startswith(
        "implied by 5 years in the role of Machine Learning Engineer (Senior ML Engineer, Acme)"
    )
    assert "statistics" not in implied  # named: read, not implied
    assert "git" not in implied  # a tool is never implied
    assert not {"rag", "prompt-engineering"} & set(implied)  # an intern is no AI Engineer


def test_a_short_position_implies_a_lower_level(catalogue):
    proposal = read(catalogue, "Experience\nData Scientist, Acme | Jan 2024 – Jun 2024\n")
    assert {s["level"] for s in proposal["implied"]} == {2}


def test_a_skills_line_with_its_heading_inline_is_a_skills_list(catalogue):
    proposal = read(
        catalogue, "Summary\nData scientist.\nTechnical skills: Python, Machine Learning, SQL\n"
    )
    assert levels(proposal) == {"python": 2, "ml-fundamentals": 2, "sql": 2}
    assert reason(proposal, "sql") == "listed in your skills section only: a lower level"


def test_a_word_hyperlink_puts_its_address_beside_its_text(catalogue):
    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    document.add_paragraph("Projects")
    paragraph = document.add_paragraph("Drift radar — model monitoring with scikit-learn. Code: ")
    rel = document.part.relate_to(
        "https://github.com/me/drift-radar", RELATIONSHIP_TYPE.HYPERLINK, is_external=True
    )
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "GitHub"
    run.append(text)
    link.append(run)
    paragraph._p.append(link)
    document.add_paragraph("Education")
    buffer = io.BytesIO()
    document.save(buffer)
    proposal = read(catalogue, buffer.getvalue(), "cv.docx")
    [project] = proposal["projects"]
    assert (project["title"], project["url"]) == (
        "Drift radar",
        "https://github.com/me/drift-radar",
    )


def test_a_pdf_link_is_read_after_the_words_it_covers(catalogue):
    """Chromium's PDF of an HTML CV: "GitHub" and "Live demo" are links (annotations)."""
    data = (Path("tests/data/cvs") / "ai-engineer-links.pdf").read_bytes()
    projects = {p["title"]: p["url"] for p in read(catalogue, data, "cv.pdf")["projects"]}
    assert projects == {
        "Toolsmith": "https://github.com/noorh/toolsmith",
        "Contract QA": "https://contract-qa.noor.dev/",
    }


@pytest.mark.parametrize(
    "line",
    ["ML Engineer, Acme | since March 2021", "ML Engineer, Acme (from March 2021)"],
)
def test_since_a_date_is_a_position_to_this_day(line):
    doc = from_text(f"Experience\n{line}\n- PyTorch\n", source="CV text", today=TODAY)
    position = doc.of_kind("experience")[-1].position
    assert position.months == 70
    assert position.title.startswith("ML Engineer, Acme")


def test_from_a_year_inside_a_sentence_is_no_position():
    doc = from_text("Experience\n- Grew revenue from 2019 levels.\n", source="CV text", today=TODAY)
    assert all(block.position is None for block in doc.blocks)


@pytest.mark.parametrize(
    ("dates", "months"),
    [
        ("Jun. 2019 – Mar. 2021", 22),
        ("06.2019 – 03.2021", 22),
        ("2019/06 – 2021/03", 22),
        ("2019-06 – 2021-03", 22),
        ("June 2019 to March 2021", 22),
        ("Jan 2020 – Dec 2020", 12),
        ("2019–21", 24),
        ("2019-2021", 24),
        ("Mar 2021 – Present", 70),
    ],
)
def test_the_ways_a_cv_writes_a_range_of_dates(dates, months):
    doc = from_text(f"Experience\nML Engineer, Acme\n{dates}\n- x\n", source="CV text", today=TODAY)
    assert doc.of_kind("experience")[-1].position.months == months


def test_one_import_proposes_a_bounded_number_of_items(catalogue):
    lines = "\n".join(f"- Badge {n} — Academy, 2020" for n in range(500))
    proposal = read(catalogue, f"Certifications\n{lines}\n")
    assert len(proposal["certifications"]) == 30


def test_a_level_word_counts_for_its_own_item_or_its_label_only(catalogue):
    proposal = read(catalogue, "Skills\nPython (expert), SQL, Docker\nFamiliar with: Rust\n")
    assert levels(proposal) == {"python": 4, "sql": 2, "docker": 2, "rust": 1}


def test_a_word_tab_between_a_position_and_its_dates_keeps_them_apart(catalogue):
    data = (Path("tests/data/cvs") / "ai-engineer.docx").read_bytes()
    doc = read_upload(data, "cv.docx", today=TODAY)
    titles = [b.position.title for b in doc.of_kind("experience") if b.position]
    assert titles == ["AI Engineer, Lumen Health", "Software Engineer, Parcel & Co"]
