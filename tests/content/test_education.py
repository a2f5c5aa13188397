"""Issue 22 item 6: education level and field recorded apart, so a maths degree, a bootcamp or
an online programme is said as it is on the dashboard, the public profile and the export."""

import csv
import importlib
import io
import zipfile

import pytest
from django.apps import apps
from django.urls import reverse

from learners.export import export_data
from learners.models import EducationRecord
from tests.factories import EducationPathFactory, EducationRecordFactory

pytestmark = pytest.mark.django_db
ADD = reverse("learners:education_add")


def _post(client, data, htmx):
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(ADD, data, headers=headers)


@pytest.mark.parametrize("htmx", [False, True])
def test_a_maths_degree_is_recorded_as_a_maths_degree(client, learner, role, htmx):
    client.force_login(learner)
    response = _post(
        client,
        {
            "level": "bachelor",
            "field": "Mathematics",
            "institution": "University of Leeds",
            "year": 2019,
            "status": "completed",
        },
        htmx,
    )
    assert response.status_code in (200, 302)
    record = EducationRecord.objects.get(user=learner)
    assert (record.level, record.field, record.education_path) == ("bachelor", "Mathematics", None)
    assert record.title == "Bachelor's degree in Mathematics"
    dashboard = client.get(reverse("learners:dashboard")).content.decode()
    assert "Bachelor&#x27;s degree in Mathematics" in dashboard


@pytest.mark.parametrize(
    ("level", "field", "title"),
    [
        ("bootcamp", "Data Science", "Bootcamp in Data Science"),
        ("online", "Machine Learning", "Online programme in Machine Learning"),
        ("doctorate", "Physics", "Doctorate in Physics"),
        ("master", "Economics", "Master's degree in Economics"),
    ],
)
def test_any_level_and_field_can_be_recorded(client, learner, role, level, field, title):
    client.force_login(learner)
    data = {"level": level, "field": field, "institution": "Somewhere", "year": 2024}
    _post(client, data | {"status": "completed"}, htmx=True)
    assert EducationRecord.objects.get(user=learner).title == title


@pytest.mark.parametrize("htmx", [False, True])
def test_an_education_without_a_level_is_refused_with_a_message(client, learner, role, htmx):
    client.force_login(learner)
    data = {"field": "Maths", "institution": "Uni", "year": 2020, "status": "completed"}
    response = _post(client, data, htmx)
    assert response.status_code in (200, 400, 422)
    assert "Choose the level of this education." in response.content.decode()
    assert not EducationRecord.objects.filter(user=learner).exists()


def test_a_linked_degree_path_gives_the_level_when_none_is_chosen(client, learner, role):
    path = EducationPathFactory(title="Master's in Artificial Intelligence", level="master")
    client.force_login(learner)
    data = {"education_path": path.pk, "field": "AI", "institution": "Uni", "year": 2021}
    _post(client, data | {"status": "completed"}, htmx=True)
    record = EducationRecord.objects.get(user=learner)
    assert record.level == "master"
    assert record.title == "Master's degree in AI"


def test_the_profile_and_the_export_say_level_and_field(client, learner):
    learner.is_public = True
    learner.save(update_fields=["is_public"])
    EducationRecordFactory(
        user=learner, education_path=None, level="bootcamp", field="Data Science", year=2023
    )
    profile = client.get(reverse("accounts:profile", kwargs={"handle": learner.handle}))
    assert "Bootcamp in Data Science" in profile.content.decode()
    [entry] = export_data(learner)["education"]
    assert entry["level"] == "bootcamp"
    assert entry["level_title"] == "Bootcamp"
    assert entry["field"] == "Data Science"
    assert entry["title"] == "Bootcamp in Data Science"
    assert entry["degree"] is None
    client.force_login(learner)
    response = client.get(reverse("accounts:export_csv"))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(csv.DictReader(io.StringIO(archive.read("education.csv").decode())))
    assert rows[0]["level"] == "bootcamp"
    assert rows[0]["field"] == "Data Science"


def test_records_from_before_get_their_level_and_field_from_their_path(learner):
    phd = EducationPathFactory(title="PhD in Machine Learning", level="phd")
    old = EducationRecordFactory(user=learner, education_path=phd, level="", field="")
    kept = EducationRecordFactory(
        user=learner, education_path=phd, level="", field="Statistics", institution="B"
    )
    migration = importlib.import_module("learners.migrations.0012_education_level_and_field")
    migration.levels_from_paths(apps, None)
    old.refresh_from_db()
    kept.refresh_from_db()
    assert (old.level, old.field) == ("doctorate", "Machine Learning")
    assert (kept.level, kept.field) == ("doctorate", "Statistics")
    assert old.title == "Doctorate in Machine Learning"
