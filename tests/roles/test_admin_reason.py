"""Why it changed: a reason typed in the admin is kept in the history and shown to learners in
their dashboard's "what changed"."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from learners.history import requirement_changes
from roles.models import Level, Requirement
from tests.factories import RequirementFactory, SkillFactory
from tests.roles.admin_page import submit_untouched

REASON = "2026 postings ask for Kubernetes in production"


def change_url(obj):
    return reverse(f"admin:roles_{obj._meta.model_name}_change", args=[obj.pk])


def requirement_field(response, requirement, name):
    """The inline field name of `requirement`'s `name` on the role form."""
    formset = next(
        f for f in response.context["inline_admin_formsets"] if f.formset.prefix == "requirements"
    )
    for form in formset.formset.forms:
        if form.instance.pk == requirement.pk:
            return form.add_prefix(name)
    raise AssertionError("requirement not on the form")


def aged(requirement):
    """The requirement as it stood two days ago; the learner last looked yesterday."""
    Requirement.history.model.objects.update(history_date=timezone.now() - dt.timedelta(days=2))


def learner_targets(learner, role):
    learner.target_role = role
    learner.changes_seen_at = timezone.now() - dt.timedelta(days=1)
    learner.save(update_fields=["target_role", "changes_seen_at"])


def test_a_reason_typed_on_the_role_form_shows_in_the_learners_what_changed(
    client, editor, learner, role
):
    kubernetes = RequirementFactory(
        role=role, skill=SkillFactory(name="Kubernetes"), target_level=Level.GUIDED
    )
    aged(kubernetes)
    learner_targets(learner, role)
    client.force_login(editor)
    page = client.get(change_url(role))
    target = requirement_field(page, kubernetes, "target_level")

    saved = submit_untouched(
        client,
        change_url(role),
        "role_form",
        **{target: str(Level.ADVANCED), "change_reason": REASON},
    )

    assert saved.status_code == 302
    record = kubernetes.history.latest()
    assert record.history_change_reason == REASON
    assert record.history_user == editor
    client.force_login(learner)
    html = client.get(reverse("learners:dashboard")).text
    assert "Kubernetes: target Guided → Advanced" in html
    assert f"Why: {REASON}" in html


def test_a_reason_on_the_requirement_form_is_kept_in_its_history(client, editor, learner, role):
    requirement = RequirementFactory(role=role, target_level=Level.GUIDED)
    aged(requirement)
    client.force_login(editor)

    response = submit_untouched(
        client,
        change_url(requirement),
        "requirement_form",
        target_level=str(Level.EXPERT),
        change_reason="  Raised   after review ",
    )

    assert response.status_code == 302
    assert requirement.history.latest().history_change_reason == "Raised after review"
    since = timezone.now() - dt.timedelta(days=1)
    [change] = requirement_changes(role_id=role.pk, since=since)
    assert change.reason == "Raised after review"


def test_a_reason_from_the_requirement_list_is_kept_too(client, editor, role):
    requirement = RequirementFactory(role=role, target_level=Level.GUIDED)
    client.force_login(editor)

    listing = client.get(reverse("admin:roles_requirement_changelist"))
    response = client.post(
        reverse("admin:roles_requirement_changelist"),
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-id": requirement.pk,
            "form-0-importance": str(requirement.importance),
            "form-0-target_level": str(Level.ADVANCED),
            "change_reason": "Aligned with the 2026 audit",
            "_save": "Save",
        },
    )

    assert 'name="change_reason"' in listing.text
    assert response.status_code == 302
    assert requirement.history.latest().history_change_reason == "Aligned with the 2026 audit"


def test_a_reason_alone_changes_nothing_and_records_nothing(client, editor, role):
    requirement = RequirementFactory(role=role)
    count = requirement.history.count()
    client.force_login(editor)

    response = submit_untouched(
        client, change_url(requirement), "requirement_form", change_reason="Just looking"
    )

    assert response.status_code == 302
    assert requirement.history.count() == count


def test_a_release_reason_cannot_be_typed_by_an_editor(client, editor, role):
    requirement = RequirementFactory(role=role, target_level=Level.GUIDED)
    client.force_login(editor)

    response = submit_untouched(
        client,
        change_url(requirement),
        "requirement_form",
        target_level=str(Level.EXPERT),
        change_reason="content release abc123",
    )

    assert response.status_code == 200
    assert "kept for content releases" in response.text
    requirement.refresh_from_db()
    assert requirement.target_level == Level.GUIDED


def test_the_reason_field_is_on_every_change_and_add_form(client, editor, role):
    client.force_login(editor)

    for url in [
        change_url(role),
        reverse("admin:roles_skill_add"),
        reverse("admin:roles_certification_add"),
        reverse("admin:roles_marketfigure_add"),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert 'name="change_reason"' in response.text, url
        assert "Reason for this change" in response.text, url
    # On the role form, after the inline rows, just above Save.
    html = client.get(change_url(role)).text
    assert html.index('id="faq_entries-group"') < html.index('name="change_reason"')
    assert html.index('name="change_reason"') < html.index('name="_save"')


def test_someone_who_may_only_view_gets_no_reason_field(client, role):
    from django.contrib.auth.models import Permission

    from tests.factories import UserFactory

    viewer = UserFactory(email="viewer@example.com", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_role"))
    client.force_login(viewer)

    response = client.get(change_url(role))

    assert response.status_code == 200
    assert 'name="change_reason"' not in response.text


def test_a_reason_given_when_deleting_shows_with_the_removal(client, editor, learner, role):
    requirement = RequirementFactory(role=role, skill=SkillFactory(name="Hadoop"))
    aged(requirement)
    learner_targets(learner, role)
    client.force_login(editor)
    url = reverse("admin:roles_requirement_delete", args=[requirement.pk])

    page = client.get(url)
    response = client.post(url, {"post": "yes", "change_reason": "Few postings ask for it now"})

    assert 'name="change_reason"' in page.text
    assert response.status_code == 302
    assert not Requirement.objects.filter(pk=requirement.pk).exists()
    client.force_login(learner)
    html = client.get(reverse("learners:dashboard")).text
    assert "Removed: Hadoop" in html
    assert "Why: Few postings ask for it now" in html


def test_a_reason_given_when_deleting_several_is_kept_for_each(client, editor, role):
    first = RequirementFactory(role=role)
    second = RequirementFactory(role=role)
    client.force_login(editor)
    url = reverse("admin:roles_requirement_changelist")
    selected = {"action": "delete_selected", "_selected_action": [first.pk, second.pk]}

    page = client.post(url, selected)
    response = client.post(url, {**selected, "post": "yes", "change_reason": "Merged skills"})

    assert 'name="change_reason"' in page.text
    assert response.status_code == 302
    assert not Requirement.objects.filter(pk__in=[first.pk, second.pk]).exists()
    records = Requirement.history.filter(id__in=[first.pk, second.pk], history_type="-")
    assert [r.history_change_reason for r in records] == ["Merged skills", "Merged skills"]
    assert {r.history_user for r in records} == {editor}
