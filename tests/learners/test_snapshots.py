"""Readiness history: one snapshot per learner, role and day, kept fresh whenever records change,
drawn on the dashboard as a server-side SVG with a text alternative."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from learners import actions
from learners.models import EarnedCertification, ReadinessSnapshot
from tests.factories import (
    CertificationFactory,
    CertificationSkillFactory,
    RequirementFactory,
    RoleFactory,
)
from tests.learners.test_dashboard import make_role

HX = {"HX-Request": "true"}


def test_a_level_change_records_todays_snapshot_once(client, learner, role):
    skills = make_role(role)
    client.force_login(learner)
    url = reverse("learners:set_skill_level", args=[skills[0].slug])
    client.post(url, {"level": 1}, headers=HX)
    client.post(url, {"level": 3}, headers=HX)
    client.post(reverse("learners:set_skill_level", args=[skills[1].slug]), {"level": 3})
    snapshot = ReadinessSnapshot.objects.get(user=learner, role=role)
    assert snapshot.day == timezone.localdate()
    assert snapshot.score == 75
    assert snapshot.evidenced_score == 0


def test_a_level_change_keeps_one_snapshot_per_day_for_each_role_that_requires_the_skill(
    learner, role
):
    skills = make_role(role)
    other = RoleFactory(slug="data-scientist", title="Data Scientist")
    RequirementFactory(role=other, skill=skills[0], importance=3, target_level=5)
    unrelated = RoleFactory(slug="ai-consultant", title="AI Consultant")
    RequirementFactory(role=unrelated, skill=skills[2], importance=3, target_level=3)
    for level in (1, 2, 3):
        outcome = actions.set_level(user=learner, skill_id=skills[0].pk, level=level)
    kept = {
        s.role_id: (s.day, s.score)
        for s in ReadinessSnapshot.objects.filter(user=learner).order_by("role_id")
    }
    today = timezone.localdate()
    assert ReadinessSnapshot.objects.filter(user=learner).count() == 2
    assert kept[role.pk] == (today, outcome.readiness[role.pk].score)
    assert kept[other.pk] == (today, outcome.readiness[other.pk].score)
    # The skill is not one of its requirements: its readiness cannot have moved, and its history
    # is left alone. The answer still scores it, from the same records.
    assert unrelated.pk not in kept
    assert outcome.readiness[unrelated.pk].score == 0
    assert list(outcome.readiness) == list(outcome.profiles)


def test_any_other_write_keeps_a_snapshot_of_every_role(learner, role):
    skills = make_role(role)
    other = RoleFactory(slug="data-scientist", title="Data Scientist")
    cert = CertificationFactory(name="Cert")
    CertificationSkillFactory(certification=cert, skill=skills[0], level=3)
    actions.save_certification(
        user=learner,
        earned=EarnedCertification(certification=cert, issued_on=timezone.localdate()),
    )
    assert set(
        ReadinessSnapshot.objects.filter(user=learner).values_list("role_id", flat=True)
    ) == {role.pk, other.pk}


def test_a_record_change_updates_the_target_roles_snapshot(client, learner, role):
    skills = make_role(role)
    cert = CertificationFactory(name="Cert")
    CertificationSkillFactory(certification=cert, skill=skills[0], level=3)
    client.force_login(learner)
    client.post(
        reverse("learners:certification_add"),
        {
            "certification": cert.pk,
            "issued_on": timezone.localdate().isoformat(),
            "verification_url": "https://verify.example.org/1",
        },
    )
    snapshot = ReadinessSnapshot.objects.get(user=learner, role=role)
    assert (snapshot.score, snapshot.evidenced_score) == (50, 50)
    client.post(reverse("learners:certification_delete", args=[learner.certifications.get().pk]))
    snapshot.refresh_from_db()
    assert snapshot.score == 0


def test_the_dashboard_draws_the_history_as_svg_with_a_text_alternative(client, learner, role):
    make_role(role)
    today = timezone.localdate()
    ReadinessSnapshot.objects.bulk_create(
        ReadinessSnapshot(
            user=learner,
            role=role,
            day=today - dt.timedelta(days=40 - i),
            score=i * 2,
            evidenced_score=i,
        )
        for i in range(41)
    )
    client.force_login(learner)
    html = client.get("/dashboard/").content.decode()
    chart = html[html.index('id="history"') : html.index("</section>", html.index('id="history"'))]
    assert "<svg" in chart
    assert 'role="img"' in chart
    assert "<title" in chart
    assert "<desc" in chart
    assert chart.count("<polyline") == 2
    assert "style=" not in chart
    # The last 30 days: from 22% (day 11) to 80% today.
    assert "(30 days recorded)" in chart
    assert "From 22%" in chart
    assert "to 80%" in chart
    assert chart.count("<tr>") == 31  # header row + 30 days


def test_the_dashboard_says_when_there_is_no_history_yet(client, learner, role):
    make_role(role)
    client.force_login(learner)
    assert "No history yet" in client.get("/dashboard/").content.decode()
