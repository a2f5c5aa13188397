"""Anonymous visitors get public pages from the cache, and an editor's change shows at once."""

import pytest
from django.urls import reverse

from roles import cache as content_cache
from roles.cache import bump_generation, generation
from roles.models import ContentGeneration, Requirement
from tests.factories import (
    IndustryFactory,
    RequirementFactory,
    RoleFactory,
    SkillFactory,
    content_edit,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def warm_process(monkeypatch):
    """A process that read the generation a moment ago, as in production (the suite otherwise
    reads it on every use: tests/conftest.py)."""
    monkeypatch.setattr(content_cache, "GENERATION_TTL", 60)


@pytest.fixture
def requirement(role):
    return RequirementFactory(
        role=role, skill=SkillFactory(slug="python", name="Python"), target_level=3
    )


def test_a_second_anonymous_visit_is_served_without_queries(
    client, requirement, warm_process, django_assert_num_queries
):
    url = requirement.role.get_absolute_url()
    first = client.get(url)
    with django_assert_num_queries(0):
        second = client.get(url)
    assert second.status_code == 200
    assert second.content == first.content


@pytest.mark.parametrize("name", ["roles:home", "roles:role_list", "roles:skill_list"])
def test_listing_pages_are_cached_too(
    client, requirement, name, warm_process, django_assert_num_queries
):
    client.get(reverse(name))
    with django_assert_num_queries(0):
        assert client.get(reverse(name)).status_code == 200


def test_editing_a_target_level_shows_on_the_anonymous_page_at_once(client, requirement):
    url = requirement.role.get_absolute_url()
    assert "Target: Independent" in client.get(url).content.decode()
    with content_edit():
        requirement.target_level = 5
        requirement.save()
    html = client.get(url).content.decode()
    assert "Target: Expert" in html
    assert "Target: Independent" not in html


def test_no_signal_moves_the_generation_only_the_code_that_changes_content(requirement):
    before = generation()
    requirement.target_level = 5
    requirement.save()
    assert generation() == before
    bump_generation()
    assert generation() == before + 1


def test_a_many_to_many_change_invalidates(client, requirement):
    role = requirement.role
    client.get(role.get_absolute_url())
    with content_edit():
        role.industries.add(IndustryFactory(name="Agriculture", ml_uses="Crop yield."))
    assert "Crop yield." in client.get(role.get_absolute_url()).content.decode()


def test_deleting_content_invalidates(client, requirement):
    url = requirement.role.get_absolute_url()
    client.get(url)
    with content_edit():
        requirement.delete()
    assert "Python" not in client.get(url).content.decode()


def test_a_new_role_appears_on_the_cached_home_page(client, requirement):
    client.get(reverse("roles:home"))
    with content_edit():
        RoleFactory(slug="mlops-engineer", title="MLOps Engineer")
    assert "MLOps Engineer" in client.get(reverse("roles:home")).content.decode()


def test_signed_in_learners_get_their_own_page_with_content_as_saved(client, learner, requirement):
    url = requirement.role.get_absolute_url()
    client.get(url)  # cached for visitors
    with content_edit():
        requirement.target_level = 5
        requirement.save()
    client.force_login(learner)
    html = client.get(url).content.decode()
    assert "Target: Expert" in html
    assert "Log out" in html  # rendered for them, not the visitors' copy


def test_the_page_data_is_shared_until_content_is_saved(
    client, learner, requirement, warm_process, django_assert_max_num_queries
):
    url = requirement.role.get_absolute_url()
    client.force_login(learner)
    client.get(url)
    # At most the session and the user; the content comes cached (the learner's readiness box
    # is a request of its own to the learners app).
    with django_assert_max_num_queries(2):
        client.get(url)
    with content_edit():
        requirement.target_level = 5
        requirement.save()
    content_cache.forget_generation()  # the edit's commit does this (no commit in this test)
    assert "Target: Expert" in client.get(url).content.decode()


def test_a_signed_in_visit_never_fills_the_visitors_cache(client, learner, requirement):
    url = requirement.role.get_absolute_url()
    client.force_login(learner)
    client.get(url)
    client.logout()
    html = client.get(url).content.decode()
    assert "Log out" not in html
    assert "X-CSRFToken" not in html


def test_the_cached_page_sets_no_cookie_and_holds_no_csrf_token(client, requirement):
    url = requirement.role.get_absolute_url()
    for response in (client.get(url), client.get(url)):
        html = response.content.decode()
        assert not response.cookies
        assert "Set-Cookie" not in response.headers
        assert "csrfmiddlewaretoken" not in html
        assert "X-CSRFToken" not in html


def test_searches_and_htmx_requests_are_not_cached(client, requirement):
    url = reverse("roles:role_list")
    client.get(url, {"q": "role"})
    client.get(url, headers={"HX-Request": "true"})
    RoleFactory(slug="mlops-engineer", title="MLOps Engineer")  # no bump: caching would show
    Requirement.objects.update(target_level=5)
    assert "MLOps Engineer" in client.get(url, {"q": "engineer"}).content.decode()
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "MLOps Engineer" in fragment
    assert "<html" not in fragment


def test_a_cached_list_still_varies_on_htmx(client, requirement):
    url = reverse("roles:role_list")
    client.get(url)
    assert "HX-Request" in client.get(url)["Vary"]


def test_a_404_is_not_cached(client, db):
    url = reverse("roles:role_detail", args=["mlops-engineer"])
    assert client.get(url).status_code == 404
    RoleFactory(slug="mlops-engineer")
    assert client.get(url).status_code == 200


def test_the_generation_lives_in_the_database_so_clearing_the_cache_brings_nothing_back(db):
    from django.core.cache import cache

    bump_generation()
    before = generation()
    cache.clear()
    assert generation() == before == ContentGeneration.objects.get().value


def test_another_process_s_edit_is_seen_within_the_generation_ttl(db, warm_process, monkeypatch):
    from django.db.models import F

    ContentGeneration.objects.get_or_create(pk=1)
    before = generation()
    # Another process commits an edit: this one is not told.
    ContentGeneration.objects.update(value=F("value") + 1)
    assert generation() == before  # trusted for GENERATION_TTL...
    now = content_cache.time.monotonic()
    later = now + content_cache.GENERATION_TTL + 1
    monkeypatch.setattr(content_cache.time, "monotonic", lambda: later)
    assert generation() == before + 1  # ...then read again


def test_a_long_unknown_slug_gives_404_without_an_oversized_cache_key(client, db, recwarn):
    from django.core.cache.backends.base import CacheKeyWarning

    response = client.get("/careers/" + "a" * 400 + "/")
    assert response.status_code == 404
    assert not [w for w in recwarn if issubclass(w.category, CacheKeyWarning)]


# --- the in-process copy of hot values (role profiles) -------------------------------------------


def _counting_build(calls):
    def build():
        calls.append(1)
        return {"built": len(calls)}

    return build


def test_a_memoized_value_is_the_same_object_without_reading_the_cache(db, monkeypatch):
    from django.core.cache import cache

    from roles.cache import content_memoized

    calls = []
    first = content_memoized("memo-test", _counting_build(calls))
    reads = []
    real_get = cache.get
    monkeypatch.setattr(
        cache, "get", lambda key, *a, **k: reads.append(key) or real_get(key, *a, **k)
    )
    assert content_memoized("memo-test", _counting_build(calls)) is first
    assert calls == [1]
    assert reads == []  # the cache is not read


def test_saving_content_drops_the_memoized_copy(role):
    from roles.cache import content_memoized

    calls = []
    assert content_memoized("memo-test", _counting_build(calls)) == {"built": 1}
    with content_edit():
        role.title = "Renamed"
        role.save()
    assert content_memoized("memo-test", _counting_build(calls)) == {"built": 2}


def test_the_learners_role_profiles_are_memoized(
    demo_content, warm_process, django_assert_num_queries
):
    from learners.readiness import role_profiles

    first = role_profiles()
    with django_assert_num_queries(0):
        assert role_profiles() is first


def test_a_stored_page_is_compacted_and_reads_the_same(client, requirement):
    import re

    from django.contrib.auth.models import AnonymousUser
    from django.test import RequestFactory
    from django_htmx.middleware import HtmxDetails

    from roles.views import role_detail

    url = requirement.role.get_absolute_url()
    stored = client.get(url).content
    assert client.get(url).content == stored  # the copy served from the cache
    request = RequestFactory().get(url)
    request.user = AnonymousUser()
    request.htmx = HtmxDetails(request)
    view = role_detail.__wrapped__.__wrapped__  # under require_safe and cache_public_page
    fresh = view(request, slug=requirement.role.slug).content
    assert re.search(rb"\n[ \t]+<", fresh)  # the templates are indented
    assert not re.search(rb"\n[ \t]", stored)
    assert len(stored) < len(fresh)

    def text(html: bytes) -> bytes:  # HTML renders every run of whitespace as one space
        return re.sub(rb"\s+", b" ", html)

    assert text(stored) == text(fresh)
    assert b"<pre" not in stored
    assert b"<textarea" not in stored
