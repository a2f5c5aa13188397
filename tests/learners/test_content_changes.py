"""When a learner's role changed since their last visit, the dashboard says what changed, and
their progress is never lost, because records belong to skills."""

import datetime as dt

from django.utils import timezone

from learners.history import RequirementChanges, requirement_changes
from roles.models import Requirement
from tests.factories import RequirementFactory, SkillFactory, SkillRecordFactory
from tests.learners.test_dashboard import make_role

HistoricalRequirement = Requirement.history.model


def age_history(days=2):
    HistoricalRequirement.objects.update(history_date=timezone.now() - dt.timedelta(days=days))


def seen(learner, days_ago=1):
    learner.dashboard_seen_at = timezone.now() - dt.timedelta(days=days_ago)
    learner.save()


def test_it_says_what_changed_and_keeps_progress(client, learner, role):
    skills = make_role(role)
    SkillRecordFactory(user=learner, skill=skills[1], level=3)
    age_history()
    seen(learner)
    # An editor adds two skills and raises one target.
    RequirementFactory(role=role, skill=SkillFactory(slug="new-a"), target_level=2)
    RequirementFactory(role=role, skill=SkillFactory(slug="new-b"), target_level=2)
    requirement = Requirement.objects.get(role=role, skill=skills[0])
    requirement.target_level = 4
    requirement.save()
    client.force_login(learner)
    html = client.get("/dashboard/").content.decode()
    assert "2 skills added, 1 target raised" in html
    assert "Your progress is kept" in html
    assert f'id="lvl-{skills[1].slug}-3" value="3" checked' in html
    # Seen now: the next visit says nothing.
    html = client.get("/dashboard/").content.decode()
    assert "skills added" not in html


def test_it_counts_removed_and_lowered_requirements(learner, role):
    skills = make_role(role)
    age_history()
    since = timezone.now() - dt.timedelta(days=1)
    Requirement.objects.get(role=role, skill=skills[2]).delete()
    lowered = Requirement.objects.get(role=role, skill=skills[1])
    lowered.target_level = 1
    lowered.save()
    changes = requirement_changes(role_id=role.pk, since=since)
    assert changes == RequirementChanges(removed=1, lowered=1)
    assert changes.summary == "1 skill removed, 1 target lowered"


def test_a_change_undone_counts_as_nothing(learner, role):
    skills = make_role(role)
    age_history()
    since = timezone.now() - dt.timedelta(days=1)
    requirement = Requirement.objects.get(role=role, skill=skills[0])
    requirement.target_level = 5
    requirement.save()
    requirement.target_level = 3
    requirement.save()
    added = RequirementFactory(role=role, skill=SkillFactory(slug="fleeting"))
    added.delete()
    assert not requirement_changes(role_id=role.pk, since=since)


def test_changes_to_other_roles_are_not_reported(learner, role):
    make_role(role)
    age_history()
    since = timezone.now() - dt.timedelta(days=1)
    RequirementFactory(skill=SkillFactory(slug="elsewhere"))
    assert not requirement_changes(role_id=role.pk, since=since)


def test_a_first_visit_reports_nothing(client, learner, role):
    make_role(role)
    client.force_login(learner)
    assert learner.dashboard_seen_at is None
    assert "changed since your last visit" not in client.get("/dashboard/").content.decode()
