"""Your data: /me/export/ as JSON and /me/export.zip as one CSV per record type."""

import csv
import datetime as dt
import io
import json
import re
import zipfile

import pytest
from django.urls import reverse

from learners.export import export_data
from learners.models import ReadinessSnapshot
from learners.readiness import effective_expiry
from tests.factories import (
    CertificationFactory,
    EarnedCertificationFactory,
    EducationRecordFactory,
    PortfolioProjectFactory,
    ProjectSkillFactory,
    SkillFactory,
    SkillRecordFactory,
)

EXPORT = reverse("accounts:export")
EXPORT_ZIP = reverse("accounts:export_csv")


def record_everything(user, role, tag, day=dt.date(2026, 1, 5)):
    """One of each record for `user`, every text marked with `tag`."""
    skill = SkillFactory(slug=f"{tag}-skill", name=f"{tag} skill")
    SkillRecordFactory(user=user, skill=skill, level=3, note=f"{tag} note")
    EarnedCertificationFactory(
        user=user,
        certification=CertificationFactory(name=f"{tag} cert", issuer=f"{tag} issuer"),
        issued_on=dt.date(2025, 3, 1),
        expires_on=dt.date(2027, 3, 1),
        credential_id=f"{tag}-credential",
        verification_url=f"https://verify.example.org/{tag}",
    )
    project = PortfolioProjectFactory(user=user, title=f"{tag} project")
    ProjectSkillFactory(project=project, skill=skill, level=4)
    EducationRecordFactory(user=user, institution=f"{tag} university")
    ReadinessSnapshot.objects.create(user=user, role=role, day=day, score=42.5, evidenced_score=30)


@pytest.fixture
def records(learner, other_learner, role):
    record_everything(learner, role, "ada")
    record_everything(other_learner, role, "bob")


def download_json(client):
    response = client.get(EXPORT)
    assert response.status_code == 200
    response.body = response.getvalue()  # streamed: read once
    return response, json.loads(response.body)


def test_it_needs_a_login(client, db):
    for url in (EXPORT, EXPORT_ZIP):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))


def test_it_downloads_json_as_an_attachment(client, learner):
    client.force_login(learner)
    response, data = download_json(client)
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith('attachment; filename="careerhub-export-')
    assert data["format"] == "careerhub-export"
    assert data["profile"]["email"] == "ada@example.com"


def test_it_contains_every_record_of_the_learner(client, learner, records):
    client.force_login(learner)
    _, data = download_json(client)
    assert data["profile"]["handle"] == "ada"
    assert [s["note"] for s in data["skills"]] == ["ada note"]
    assert data["skills"][0]["level"] == 3
    assert [c["name"] for c in data["certifications"]] == ["ada cert"]
    assert [p["title"] for p in data["projects"]] == ["ada project"]
    assert data["projects"][0]["skills"] == [
        {"skill": "ada-skill", "skill_name": "ada skill", "level": 4, "level_label": "Advanced"}
    ]
    assert [e["institution"] for e in data["education"]] == ["ada university"]
    assert [(s["role"], s["score"]) for s in data["snapshots"]] == [
        ("machine-learning-engineer", 42.5)
    ]


def test_it_contains_nothing_of_another_learner(client, learner, records):
    client.force_login(learner)
    response, _ = download_json(client)
    body = response.body.decode()
    assert "bob" not in body.lower()


def test_it_names_certification_fields_as_open_badges_does(client, learner, records):
    client.force_login(learner)
    _, data = download_json(client)
    cert = data["certifications"][0]
    assert cert["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert cert["issuer"] == {"type": ["Profile"], "name": "ada issuer"}
    assert cert["validFrom"] == "2025-03-01T00:00:00Z"
    assert cert["validUntil"] == "2027-03-01T00:00:00Z"
    assert cert["identifier"] == "ada-credential"
    assert cert["credentialSubject"]["achievement"]["name"] == "ada cert"
    assert cert["id"] == "https://verify.example.org/ada"


def test_it_leaves_valid_until_empty_for_a_certification_that_never_expires(learner):
    EarnedCertificationFactory(
        user=learner,
        certification=CertificationFactory(validity_months=None),
        expires_on=None,
        credential_id="",
        verification_url="",
    )
    cert = export_data(learner)["certifications"][0]
    assert cert["validUntil"] is None
    assert "identifier" not in cert
    assert "id" not in cert


def test_valid_until_is_the_expiry_the_dashboard_uses(learner):
    """Without its own expiry date, a certification expires its validity after issue."""
    earned = EarnedCertificationFactory(
        user=learner,
        certification=CertificationFactory(validity_months=36),
        issued_on=dt.date(2024, 1, 31),
        expires_on=None,
    )
    cert = export_data(learner)["certifications"][0]
    assert effective_expiry(earned) == dt.date(2027, 1, 31)
    assert cert["validUntil"] == "2027-01-31T00:00:00Z"


def test_the_certification_page_belongs_to_the_achievement_not_the_issuer(learner):
    EarnedCertificationFactory(
        user=learner,
        certification=CertificationFactory(
            name="Cloud ML", issuer="Cloudco", url="https://cloudco.example/ml-cert"
        ),
    )
    cert = export_data(learner)["certifications"][0]
    assert cert["issuer"] == {"type": ["Profile"], "name": "Cloudco"}
    achievement = cert["credentialSubject"]["achievement"]
    assert achievement["id"] == "https://cloudco.example/ml-cert"
    assert achievement["criteria"] == {"id": "https://cloudco.example/ml-cert"}
    assert achievement["name"] == "Cloud ML"


def test_the_csv_leaves_an_absent_credential_id_empty(client, learner):
    EarnedCertificationFactory(user=learner, credential_id="")
    client.force_login(learner)
    row = read_zip(client)["certifications.csv"][0]
    assert row["identifier"] == ""


def test_it_runs_a_constant_number_of_queries(learner, role, django_assert_max_num_queries):
    record_everything(learner, role, "one")
    export_data(learner)  # the role profiles are built once per content version
    with django_assert_max_num_queries(16) as few:
        export_data(learner)
    baseline = len(few.captured_queries)
    for n in range(5):
        record_everything(learner, role, f"more{n}", day=dt.date(2026, 2, n + 1))
    export_data(learner)  # the new content is built into the profiles once
    with django_assert_max_num_queries(baseline):
        export_data(learner)


def read_zip(client):
    response = client.get(EXPORT_ZIP)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="careerhub-export-')
    archive = zipfile.ZipFile(io.BytesIO(response.getvalue()))
    return {
        name: list(csv.DictReader(io.StringIO(archive.read(name).decode())))
        for name in archive.namelist()
    }


def test_it_zips_a_csv_per_record_type(client, learner, records):
    client.force_login(learner)
    files = read_zip(client)
    assert set(files) >= {
        "profile.csv",
        "skills.csv",
        "certifications.csv",
        "projects.csv",
        "project_skills.csv",
        "education.csv",
        "snapshots.csv",
    }
    assert files["profile.csv"][0]["email"] == "ada@example.com"
    assert [r["note"] for r in files["skills.csv"]] == ["ada note"]
    assert files["certifications.csv"][0]["validFrom"] == "2025-03-01T00:00:00Z"
    assert files["projects.csv"][0]["skills"] == "ada-skill:4"
    assert files["project_skills.csv"][0]["project"] == "ada project"
    assert files["education.csv"][0]["institution"] == "ada university"
    assert files["snapshots.csv"][0]["score"] == "42.5"
    everything = json.dumps(files).lower()
    assert "bob" not in everything


def test_it_keeps_a_spreadsheet_from_running_a_note_as_a_formula(client, learner):
    SkillRecordFactory(user=learner, note='=HYPERLINK("http://evil.example")')
    client.force_login(learner)
    files = read_zip(client)
    assert files["skills.csv"][0]["note"].startswith("'=")


def test_it_quotes_every_cell_so_no_separator_splits_one(client, learner):
    SkillRecordFactory(user=learner, note="x;=1+1")
    client.force_login(learner)
    response = client.get(EXPORT_ZIP)
    archive = zipfile.ZipFile(io.BytesIO(response.getvalue()))
    lines = archive.read("skills.csv").decode().splitlines()
    assert lines[0].startswith('"skill","skill_name"')
    assert '"x;=1+1"' in lines[1]
    # Every cell quoted: the line is quoted cells joined by commas, nothing bare between them.
    assert re.fullmatch(r'"[^"]*"(,"[^"]*")*', lines[1])


def test_it_streams_the_downloads(client, learner, records):
    client.force_login(learner)
    for url in (EXPORT, EXPORT_ZIP):
        response = client.get(url)
        assert response.streaming
        assert len(list(response.streaming_content)) > 1


def test_it_ignores_any_attempt_to_name_another_learner(client, learner, other_learner, records):
    client.force_login(learner)
    response = client.get(EXPORT, {"user": other_learner.pk, "handle": "bob"})
    body = response.getvalue()
    data = json.loads(body)
    assert data["profile"]["email"] == "ada@example.com"
    assert "bob" not in body.decode().lower()


def test_it_answers_htmx_with_the_same_download(client, learner, records):
    client.force_login(learner)
    response = client.get(EXPORT, headers={"HX-Request": "true"})
    assert response["Content-Disposition"].startswith("attachment")
    assert json.loads(response.getvalue())["profile"]["handle"] == "ada"
