"""Named people every test can ask for, and the settings every test runs with."""

import pytest
from django.core.cache import cache

from roles import cache as content_cache
from roles.cache import clear_memo
from tests.factories import RoleFactory, UserFactory

PASSWORD = "correct-horse-battery"


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, monkeypatch):
    # A fast hasher keeps the suite quick; the cache is cleared so no test sees another's pages.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # A test's own transaction never commits, so this process would not re-read the content
    # generation after a bump (roles/cache.py): read it on every use instead.
    monkeypatch.setattr(content_cache, "GENERATION_TTL", 0)
    cache.clear()
    clear_memo()
    yield
    cache.clear()
    clear_memo()


@pytest.fixture
def learner(db):
    """Ada, a learner aiming at a role. Log her in with client.force_login(learner)."""
    return UserFactory(email="ada@example.com", display_name="Ada", handle="ada")


@pytest.fixture
def other_learner(db):
    """Bob, who must never see or change Ada's data."""
    return UserFactory(email="bob@example.com", display_name="Bob", handle="bob")


@pytest.fixture
def editor(db):
    """Erin, a member of the "Content editors" group with staff access."""
    from django.core.management import call_command

    call_command("setup_editors", verbosity=0)
    from django.contrib.auth.models import Group

    user = UserFactory(email="erin@example.com", display_name="Erin", handle="erin", is_staff=True)
    user.groups.add(Group.objects.get(name="Content editors"))
    return user


@pytest.fixture
def demo_content(db):
    """The demo fixtures, loaded as `make run` loads them."""
    from django.core.management import call_command

    call_command("loaddata", "fixtures/roles.json", verbosity=0)


@pytest.fixture
def role(db):
    return RoleFactory(slug="machine-learning-engineer", title="Machine Learning Engineer")
