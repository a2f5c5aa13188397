"""When a learner's role changed since their last visit, the dashboard says what changed, and
their progress is never lost, because records belong to skills."""

import datetime as dt
import re

from django.urls import reverse
from django.utils import timezone

from learners.history import requirement_changes
from learners.readiness import level_name
from roles.models import Requirement
from tests.factories import RequirementFactory, SkillFactory, SkillRecordFactory, UserFactory
from tests.learners.test_dashboard import make_role

HistoricalRequirement = Requirement.history.model


def age_history(days=2):
    HistoricalRequirement.objects.update(history_date=timezone.now() - dt.timedelta(days=days))


def seen(learner, days_ago=1):
    learner.changes_seen_at = timezone.now() - dt.timedelta(days=days_ago)
    learner.save(update_fields=["changes_seen_at"])


def test_it_names_each_change_and_keeps_progress(client, learner, role):
    skills = make_role(role)
    SkillRecordFactory(user=learner, skill=skills[1], level=3)
    age_history()
    seen(learner)
    # An editor makes a skill essential with a higher target, raises another's importance,
    # and adds a skill.
    docker = Requirement.objects.get(role=role, skill=skills[2])
    assert (docker.is_essential, docker.target_level) == (False, 3)
    docker.is_essential, docker.target_level = True, 4
    docker.save()
    pytorch = Requirement.objects.get(role=role, skill=skills[1])
    pytorch.importance += 1
    pytorch.save()
    RequirementFactory(
        role=role, skill=SkillFactory(slug="new-a", name="Kubernetes"), target_level=2
    )
    client.force_login(learner)
    html = client.get("/dashboard/").content.decode()
    assert f"{skills[2].name}: now essential, target Independent → Advanced" in html
    assert f"{skills[1].name}: importance {pytorch.importance - 1} → {pytorch.importance}" in html
    assert "Added: Kubernetes (optional, target Guided, importance 3)" in html
    assert "Your progress is kept" in html
    # The rating is kept (the row is not essential, so it is folded until shown); the change's
    # link shows the folded row.
    assert "Show every skill" in html
    link = f"/dashboard/?row={skills[1].slug}#req-{skills[1].slug}"
    assert f'href="{link}"' in html
    assert f'<li id="req-{skills[1].slug}"' not in html
    assert f'<li id="req-{skills[1].slug}"' in client.get(link).content.decode()
    learner.fold_rows = False
    learner.save(update_fields=["fold_rows"])
    html = client.get("/dashboard/").content.decode()
    assert re.search(rf'<li id="req-{skills[1].slug}".*?value="3"[^>]*checked.*?</li>', html, re.S)


def test_the_notice_stays_until_the_learner_dismisses_it(client, learner, role):
    skills = make_role(role)
    age_history()
    seen(learner)
    Requirement.objects.filter(role=role, skill=skills[2]).get().delete()
    client.force_login(learner)
    for _ in range(3):  # GET changes nothing: the notice is still there
        assert f"Removed: {skills[2].name}" in client.get("/dashboard/").content.decode()
    response = client.post(reverse("learners:dismiss_changes"), headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response.content == b""
    assert "HX-Request" in response["Vary"]
    assert "Removed:" not in client.get("/dashboard/").content.decode()


def test_dismissing_without_javascript_redirects_to_the_dashboard(client, learner, role):
    make_role(role)
    client.force_login(learner)
    response = client.post(reverse("learners:dismiss_changes"))
    assert response.status_code == 302
    assert response["Location"] == reverse("learners:dashboard")


def test_it_names_removed_and_lowered_requirements(learner, role):
    skills = make_role(role)
    age_history()
    since = timezone.now() - dt.timedelta(days=1)
    Requirement.objects.get(role=role, skill=skills[2]).delete()
    lowered = Requirement.objects.get(role=role, skill=skills[1])
    old_target = lowered.target_level
    lowered.target_level = 1
    lowered.save()
    changes = requirement_changes(role_id=role.pk, since=since)
    texts = [c.text for c in changes]
    assert texts == [
        f"{skills[1].name}: target {level_name(old_target)} → Aware",
        f"Removed: {skills[2].name}",
    ]


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


def test_a_new_learner_sees_no_changes_made_before_they_joined(client, role):
    make_role(role)
    newcomer = UserFactory()
    client.force_login(newcomer)
    assert newcomer.changes_seen_at is not None
    assert "changed since you last looked" not in client.get("/dashboard/").content.decode()


def test_loading_the_demo_content_records_a_baseline(db):
    """Every requirement of the demo content has a history record from the load (make run's
    sync_content), so a later edit is reported as that edit, not as an added skill."""
    from django.core.management import call_command

    call_command("sync_content", verbosity=0)
    assert Requirement.objects.count() > 0
    assert set(HistoricalRequirement.objects.values_list("id", flat=True)) == set(
        Requirement.objects.values_list("id", flat=True)
    )
    age_history()
    since = timezone.now() - dt.timedelta(days=1)
    edited = Requirement.objects.select_related("skill").first()
    old = edited.importance
    edited.importance = 1 if old != 1 else 2
    edited.save()
    texts = [c.text for c in requirement_changes(role_id=edited.role_id, since=since)]
    assert texts == [f"{edited.skill.name}: importance {old} → {edited.importance}"]


def test_a_change_from_a_content_release_says_so(learner, role):
    skills = make_role(role)
    age_history()
    since = timezone.now() - dt.timedelta(days=1)
    requirement = Requirement.objects.get(role=role, skill=skills[1])
    old = requirement.importance
    requirement.importance = old + 1
    requirement._change_reason = "content release 0123abcd"
    requirement.save()
    [change] = requirement_changes(role_id=role.pk, since=since)
    assert change.text == f"{skills[1].name}: importance {old} → {old + 1} (content update)"
