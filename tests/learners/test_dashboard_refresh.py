"""What a change refreshes: the role on screen, the every-role table, the chart, the rows."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from learners.dashboard import history_chart
from learners.models import ReadinessSnapshot, SkillRecord, User
from learners.readiness import display_percent
from tests.factories import (
    CertificationFactory,
    CertificationSkillFactory,
    RequirementFactory,
    RoleFactory,
    SkillFactory,
)
from tests.learners.test_dashboard import make_role

HTMX = {"HX-Request": "true"}


@pytest.fixture
def two_roles(db):
    mle = RoleFactory(slug="machine-learning-engineer", title="Machine Learning Engineer")
    ds = RoleFactory(slug="data-scientist", title="Data Scientist")
    return mle, make_role(mle), ds, make_role(ds)


def meter_label(html: str) -> str:
    return re.search(r'role="progressbar" aria-label="([^"]+)"', html).group(1)


def test_a_record_added_while_viewing_another_role_refreshes_that_role(client, learner, two_roles):
    mle, _, ds, ds_skills = two_roles
    cert = CertificationFactory(validity_months=None)
    CertificationSkillFactory(certification=cert, skill=ds_skills[0], level=3)
    client.force_login(learner)
    page = client.get(reverse("learners:dashboard"), {"role": ds.slug}).content.decode()
    assert f'hx-vals=\'{{"role": "{ds.slug}"}}\'' in page

    response = client.post(
        reverse("learners:certification_add"),
        {"certification": cert.pk, "issued_on": "2025-01-10", "role": ds.slug},
        headers=HTMX,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert meter_label(html) == "Readiness for Data Scientist"
    # Every role's snapshot is kept (the certification may count for any of them).
    assert ReadinessSnapshot.objects.filter(user=learner, role=ds).get().score > 0
    assert ReadinessSnapshot.objects.filter(user=learner, role=mle).exists()


def test_a_record_change_refreshes_the_rows_table_and_chart_out_of_band(client, learner, two_roles):
    _, mle_skills, _, _ = two_roles
    cert = CertificationFactory(validity_months=None)
    CertificationSkillFactory(certification=cert, skill=mle_skills[1], level=3)
    learner.fold_rows = False  # the credited row is met now: show it rather than fold it
    learner.save(update_fields=["fold_rows"])
    client.force_login(learner)
    response = client.post(
        reverse("learners:certification_add"),
        {
            "certification": cert.pk,
            "issued_on": "2025-01-10",
            "verification_url": "https://verify.example.org/x",
        },
        headers=HTMX,
    )
    html = response.content.decode()
    for element_id in ("summary", "all-roles", "history", "requirements"):
        assert re.search(rf'id="{element_id}"[^>]*hx-swap-oob="true"', html), element_id
    row = html[html.index(f'id="req-{mle_skills[1].slug}"') :]
    assert f"from {cert.name}" in row[: row.index("</li>")]


def test_an_unknown_role_on_a_level_change_saves_nothing(client, learner, two_roles):
    _, mle_skills, _, _ = two_roles
    client.force_login(learner)
    url = reverse("learners:set_skill_level", args=[mle_skills[0].slug])
    response = client.post(url, {"level": 3, "role": "no-such-role"}, headers=HTMX)
    assert response.status_code == 404
    assert not SkillRecord.objects.filter(user=learner).exists()


def test_what_changed_names_the_target_even_while_viewing_another_role(client, learner, two_roles):
    mle, _, ds, _ = two_roles
    learner.target_role = mle
    learner.save()
    User.objects.filter(pk=learner.pk).update(changes_seen_at=timezone.now())
    RequirementFactory(role=mle, skill=SkillFactory(slug="docker", name="Docker"))
    client.force_login(learner)
    html = client.get(reverse("learners:dashboard"), {"role": ds.slug}).content.decode()
    assert "Machine Learning Engineer changed since you last looked" in html
    assert "Added: Docker" in html


def test_the_dashboard_body_for_htmx_carries_its_title(client, learner, two_roles):
    _, _, ds, _ = two_roles
    client.force_login(learner)
    html = client.get(reverse("learners:dashboard"), {"role": ds.slug}, headers=HTMX)
    assert (
        html.content.decode()
        .lstrip()
        .startswith("<title>Your readiness for Data Scientist · careerhub</title>")
    )


def test_the_chart_rounds_as_the_meter_does_and_marks_a_single_day(db):
    day = dt.date(2026, 11, 24)
    chart = history_chart([(day, 99.6, 49.5)])
    assert chart.first.pct == display_percent(99.6) == 99
    assert chart.first.evidenced_pct == 49
    assert chart.single
    # One day sits in the middle of the plot, with its date under it.
    assert chart.plotted[0].x == (chart.left + chart.right) / 2
    assert [t.label for t in chart.x_ticks] == ["24 Nov"]
    assert [t.label for t in chart.y_ticks] == ["0%", "25%", "50%", "75%", "100%"]


def test_the_chart_places_days_by_date_on_a_0_to_100_scale(db):
    day = dt.date(2026, 11, 1)
    rows = [
        (day, 12, 0),
        (day + dt.timedelta(days=1), 20, 5),
        (day + dt.timedelta(days=10), 53, 30),
    ]
    chart = history_chart(rows)
    xs = [p.x for p in chart.plotted]
    assert xs[0] == chart.left
    assert xs[-1] == chart.right
    # Day 2 is a tenth of the way along, not half-way as an index would put it.
    assert xs[1] == pytest.approx(chart.left + (chart.right - chart.left) / 10, abs=0.1)
    ys = {t.label: t.position for t in chart.y_ticks}
    assert ys["0%"] == chart.bottom
    assert ys["100%"] == chart.top
    assert chart.plotted[-1].y == pytest.approx(
        chart.bottom - 0.53 * (chart.bottom - chart.top), abs=0.1
    )
    assert [t.label for t in chart.x_ticks] == ["1 Nov", "6 Nov", "11 Nov"]


def test_forms_open_side_by_side_have_distinct_ids(client, learner, two_roles):
    client.force_login(learner)
    project = client.get(reverse("learners:project_add"), headers=HTMX).content.decode()
    education = client.get(reverse("learners:education_add"), headers=HTMX).content.decode()
    assert 'id="id_project_status"' in project
    assert 'id="id_education_status"' in education
    assert not set(re.findall(r'id="(id_[^"]+)"', project)) & set(
        re.findall(r'id="(id_[^"]+)"', education)
    )


def test_next_steps_never_suggest_a_certification_the_learner_holds(client, learner, db):
    from tests.factories import EarnedCertificationFactory

    role = RoleFactory(slug="machine-learning-engineer", title="Machine Learning Engineer")
    skill = SkillFactory(slug="sagemaker", name="SageMaker")
    RequirementFactory(role=role, skill=skill, importance=5, is_essential=True, target_level=5)
    cert = CertificationFactory(name="Cloud ML Certificate", validity_months=None)
    CertificationSkillFactory(certification=cert, skill=skill, level=3)
    client.force_login(learner)

    def next_steps() -> str:
        html = client.get(reverse("learners:dashboard")).content.decode()
        start = html.index('id="next-steps"')
        return html[start : html.index("</ol>", start)]

    assert "Cloud ML Certificate" in next_steps()  # suggested while not held
    EarnedCertificationFactory(user=learner, certification=cert, expires_on=None)
    steps = next_steps()
    assert "SageMaker" in steps  # still unmet: 3 of 5
    assert "Cloud ML Certificate" not in steps


def test_sqlite_takes_the_write_lock_when_a_transaction_starts(settings):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    options = settings.DATABASES["default"]["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"


def test_with_no_published_role_a_level_is_still_kept(client, learner, db):
    skill = SkillFactory(slug="python", name="Python")
    client.force_login(learner)
    url = reverse("learners:set_skill_level", args=[skill.slug])
    response = client.post(url, {"level": 4}, headers=HTMX)
    assert response.status_code == 302
    assert response["Location"] == reverse("learners:dashboard") + "?row=python#req-python"
    assert SkillRecord.objects.get(user=learner, skill=skill).level == 4
    assert "no career roles" in client.get(reverse("learners:dashboard")).content.decode()
