"""Stale content at a glance: what was checked over 12 months ago, or has no source, and the
action that records a new check (asking for the source URL first)."""

from datetime import date, timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from roles.admin_stale import stale_before
from roles.models import Certification, ContentGeneration, MarketFigure
from tests.factories import CertificationFactory, ResourceFactory

URL = reverse("admin:roles_stale_content")
SOURCE = "https://www.bls.gov/ooh/math/data-scientists.htm"


def months_ago(months: int) -> date:
    today = timezone.localdate()
    return today - timedelta(days=round(months * 30.5))


def figure(role, label, *, checked_on, source_url=SOURCE) -> MarketFigure:
    return MarketFigure.objects.create(
        role=role,
        label=label,
        value="+34 %",
        source="BLS",
        source_url=source_url,
        year=2025,
        checked_on=checked_on,
    )


def generation() -> int:
    return ContentGeneration.objects.values_list("value", flat=True).first() or 1


@pytest.fixture
def fresh_role(role):
    role.salary_checked_on = timezone.localdate()
    role.salary_source_url = SOURCE
    role.save()
    return role


def test_it_lists_an_item_checked_13_months_ago_and_not_one_checked_last_week(
    client, editor, fresh_role
):
    figure(fresh_role, "Growth 2023-33", checked_on=months_ago(13))
    figure(fresh_role, "Growth 2024-34", checked_on=timezone.localdate() - timedelta(days=7))
    client.force_login(editor)

    response = client.get(URL)

    assert response.status_code == 200
    assert "Growth 2023-33" in response.text
    assert "Growth 2024-34" not in response.text
    assert "checked over 12 months ago" in response.text


def test_it_lists_what_has_no_source_or_was_never_checked(client, editor, fresh_role):
    figure(fresh_role, "Unsourced", checked_on=timezone.localdate(), source_url="")
    CertificationFactory(name="Never checked cert", source_url=SOURCE, checked_on=None)
    CertificationFactory(
        name="Fresh cert",
        source_url=SOURCE,
        checked_on=timezone.localdate(),
        hosts_checked_on=timezone.localdate(),
    )
    ResourceFactory(title="Old tutorial", checked_on=months_ago(20))
    client.force_login(editor)

    response = client.get(URL)

    assert "Unsourced" in response.text
    assert "Never checked cert" in response.text
    assert "Old tutorial" in response.text
    assert "Fresh cert" not in response.text
    # The role's own salary figure was checked today, with a source.
    assert "Salary figure" not in response.text


def test_a_salary_figure_unchecked_is_listed_under_its_role(client, editor, role):
    client.force_login(editor)

    response = client.get(URL)

    assert "Salary figure" in response.text
    assert role.title in response.text


def test_it_sorts_by_a_column_both_ways(client, editor, fresh_role):
    figure(fresh_role, "Alpha figure", checked_on=months_ago(30))
    figure(fresh_role, "Zulu figure", checked_on=months_ago(14))
    client.force_login(editor)

    oldest_first = client.get(URL).text
    newest_first = client.get(URL, {"o": "-checked"}).text
    by_name = client.get(URL, {"o": "-item"}).text

    assert oldest_first.index("Alpha figure") < oldest_first.index("Zulu figure")
    assert newest_first.index("Zulu figure") < newest_first.index("Alpha figure")
    assert by_name.index("Zulu figure") < by_name.index("Alpha figure")
    assert 'aria-sort="descending"' in by_name
    assert client.get(URL, {"o": "nonsense"}).status_code == 200


def test_checked_today_asks_for_the_source_url_then_records_the_check(client, editor, fresh_role):
    old = figure(fresh_role, "Growth 2023-33", checked_on=months_ago(13))
    before = generation()
    client.force_login(editor)

    asked = client.post(URL, {"action": "checked_today", "items": [f"figure:{old.pk}"]})

    assert asked.status_code == 200
    assert "Source URL of market figure" in asked.text
    assert f'value="{SOURCE}"' in asked.text
    old.refresh_from_db()
    assert old.checked_on == months_ago(13)  # nothing saved yet

    new_source = "https://www.bls.gov/ooh/math/data-scientists.htm#tab-6"
    done = client.post(
        URL,
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-item": f"figure:{old.pk}",
            "form-0-source_url": new_source,
            "change_reason": "Re-read the 2024-34 projections",
            "confirm": "Record",
        },
    )

    assert done.status_code == 302
    old.refresh_from_db()
    assert old.checked_on == timezone.localdate()
    assert old.source_url == new_source
    latest = old.history.latest()
    assert latest.history_user == editor
    assert latest.history_change_reason == "Re-read the 2024-34 projections"
    assert generation() > before
    assert LogEntry.objects.filter(user=editor, object_id=str(old.pk)).exists()
    assert "Growth 2023-33" not in client.get(URL).text


def test_a_check_without_a_reason_says_it_was_checked_at_source(client, editor):
    certification = CertificationFactory(name="Old cert", source_url="", checked_on=None)
    client.force_login(editor)

    response = client.post(
        URL,
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-item": f"certification:{certification.pk}",
            "form-0-source_url": "https://cloud.google.com/learn/certification",
            "confirm": "Record",
        },
    )

    assert response.status_code == 302
    certification.refresh_from_db()
    assert certification.checked_on == timezone.localdate()
    assert certification.history.latest().history_change_reason == "checked at source"


def test_a_bad_source_url_is_a_form_error_and_nothing_is_saved(client, editor):
    certification = CertificationFactory(name="Old cert", source_url="", checked_on=None)
    client.force_login(editor)

    response = client.post(
        URL,
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-item": f"certification:{certification.pk}",
            "form-0-source_url": "not a url at all",
            "confirm": "Record",
        },
    )

    assert response.status_code == 200
    assert "Enter a valid URL" in response.text
    certification.refresh_from_db()
    assert certification.checked_on is None


def test_a_resource_cannot_take_a_url_its_skill_already_has(client, editor):
    first = ResourceFactory(checked_on=None)
    second = ResourceFactory(skill=first.skill, checked_on=None)
    client.force_login(editor)

    response = client.post(
        URL,
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-item": f"resource:{second.pk}",
            "form-0-source_url": first.url,
            "confirm": "Record",
        },
    )

    assert response.status_code == 200
    assert "already has a resource at this URL" in response.text
    second.refresh_from_db()
    assert second.checked_on is None


def test_the_action_without_a_selection_explains_itself(client, editor):
    client.force_login(editor)

    response = client.post(URL, {"action": "checked_today"}, follow=True)

    assert response.status_code == 200
    assert "Select the items you checked" in response.text


def test_unknown_items_are_refused_not_a_500(client, editor):
    client.force_login(editor)

    asked = client.post(URL, {"action": "checked_today", "items": ["figure:abc", "nope:1"]})
    confirmed = client.post(
        URL,
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-item": "figure:999999",
            "form-0-source_url": SOURCE,
            "confirm": "Record",
        },
    )

    assert asked.status_code == 403
    assert confirmed.status_code == 302


def test_learners_and_visitors_cannot_open_it(client, learner):
    assert client.get(URL).status_code == 302
    client.force_login(learner)
    assert client.get(URL).status_code == 302


def test_the_admin_index_links_to_it(client, editor):
    client.force_login(editor)

    assert URL in client.get(reverse("admin:index")).text


def test_market_figures_and_certifications_show_their_checked_date_in_their_lists(
    client, editor, fresh_role
):
    figure(fresh_role, "Growth", checked_on=date(2025, 9, 1))
    CertificationFactory(name="A cert", checked_on=date(2025, 8, 28))
    client.force_login(editor)

    figures = client.get(reverse("admin:roles_marketfigure_changelist"))
    certifications = client.get(reverse("admin:roles_certification_changelist"))

    assert "column-checked_on" in figures.text
    assert "Sept. 1, 2025" in figures.text or "1 Sept 2025" in figures.text
    assert "column-checked_on" in certifications.text
    assert Certification.objects.get(name="A cert").checked_on == date(2025, 8, 28)


@pytest.mark.parametrize(
    ("today", "cutoff"),
    [
        (date(2026, 12, 4), date(2025, 12, 4)),
        (date(2026, 1, 15), date(2025, 1, 15)),
        (date(2028, 2, 29), date(2027, 2, 28)),
    ],
)
def test_twelve_months_before(today, cutoff):
    assert stale_before(today) == cutoff


def test_the_list_takes_the_same_queries_however_many_items(
    client, editor, fresh_role, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    figure(fresh_role, "One", checked_on=None)
    client.force_login(editor)
    with CaptureQueriesContext(connection) as few:
        assert client.get(URL).status_code == 200

    for n in range(5):
        figure(fresh_role, f"More {n}", checked_on=None)
        CertificationFactory(checked_on=None)
        ResourceFactory(checked_on=None)
    with django_assert_num_queries(len(few)):
        assert client.get(URL).status_code == 200


def test_a_certification_no_issuer_offers_is_not_listed(client, editor):
    CertificationFactory(name="Invented credential", checked_on=None, is_recognised=False)
    client.force_login(editor)

    assert "Invented credential" not in client.get(URL).text


def test_verification_hosts_checked_long_ago_are_listed_and_checked_without_a_url(client, editor):
    certification = CertificationFactory(
        name="Cloud cert",
        source_url=SOURCE,
        checked_on=timezone.localdate(),
        verification_hosts="www.credential.net",
        hosts_checked_on=months_ago(14),
    )
    client.force_login(editor)

    listed = client.get(URL)
    asked = client.post(URL, {"action": "checked_today", "items": [f"hosts:{certification.pk}"]})
    done = client.post(
        URL,
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-item": f"hosts:{certification.pk}",
            "confirm": "Record",
        },
    )

    assert "Cloud cert: www.credential.net" in listed.text
    assert "Verification hosts" in listed.text
    assert 'name="form-0-source_url"' not in asked.text
    assert done.status_code == 302
    certification.refresh_from_db()
    assert certification.hosts_checked_on == timezone.localdate()
    assert certification.source_url == SOURCE
    assert "Cloud cert" not in client.get(URL).text


def test_a_sourced_item_needs_its_url(client, editor):
    certification = CertificationFactory(name="Old cert", source_url="", checked_on=None)
    client.force_login(editor)

    response = client.post(
        URL,
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-item": f"certification:{certification.pk}",
            "form-0-source_url": "",
            "confirm": "Record",
        },
    )

    assert response.status_code == 200
    assert "Enter the URL of the page you checked" in response.text
    certification.refresh_from_db()
    assert certification.checked_on is None
