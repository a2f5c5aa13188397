"""Production settings refuse to start half-configured, and pass Django's deployment checks."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args, **env):
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_it_refuses_to_start_without_a_secret_key_in_production():
    result = run_manage("check", DJANGO_DEBUG="0", DJANGO_ALLOWED_HOSTS="example.com")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_it_refuses_to_start_without_allowed_hosts_in_production():
    result = run_manage("check", DJANGO_DEBUG="0", DJANGO_SECRET_KEY=secrets.token_urlsafe(50))
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS" in result.stderr


def test_it_rejects_a_malformed_boolean():
    result = run_manage("check", DJANGO_DEBUG="maybe")
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be a boolean" in result.stderr


def deploy_check(**env):
    """`check --deploy` with production settings and `env` added."""
    return run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="example.com",
        **env,
    )


def test_it_passes_the_deployment_checklist_in_production():
    result = deploy_check()
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_benchmark_switch_never_weakens_production_settings():
    """`make bench` measures what a deployment runs: only the bare baseline view is its own."""
    result = deploy_check(CAREERHUB_BENCHMARK="1")
    assert result.returncode == 0, result.stdout + result.stderr
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE)"
    )
    shown = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
            "DJANGO_SETTINGS_MODULE": "careerhub.settings",
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "example.com",
            "CAREERHUB_BENCHMARK": "1",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert shown.stdout.split() == ["True", "True", "True"], shown.stderr


@pytest.mark.parametrize("env", [{}, {"DJANGO_DEBUG": "1"}])
def test_it_runs_in_development_with_no_environment(env):
    result = run_manage("check", **env)
    assert result.returncode == 0, result.stderr


def test_the_release_digest_follows_the_templates_and_code(tmp_path, monkeypatch):
    from careerhub import settings as project_settings

    (tmp_path / "templates").mkdir()
    (tmp_path / "roles").mkdir()
    page = tmp_path / "templates" / "page.html"
    page.write_text("<p>one</p>")
    (tmp_path / "roles" / "views.py").write_text("x = 1\n")
    monkeypatch.setattr(project_settings, "BASE_DIR", tmp_path)
    first = project_settings.source_digest()
    assert first == project_settings.source_digest()
    page.write_text("<p>two</p>")
    assert project_settings.source_digest() != first


def test_cached_pages_are_keyed_by_the_release():
    from django.conf import settings

    from roles.cache import page_key

    assert settings.CAREERHUB_RELEASE
    assert settings.CAREERHUB_RELEASE in page_key("/careers/", 7)


@pytest.mark.parametrize(
    ("redis_url", "engine", "cache"),
    [
        ("", "learners.sessions.db", "LocMemCache"),
        ("redis://127.0.0.1:6379/15", "learners.sessions.cached_db", "ResilientRedisCache"),
    ],
)
def test_sessions_are_cached_only_in_a_cache_every_process_shares(redis_url, engine, cache):
    code = (
        "from django.conf import settings; "
        "print(settings.SESSION_ENGINE, settings.CACHES['default']['BACKEND'])"
    )
    result = run_manage("shell", "--verbosity", "0", "-c", code, REDIS_URL=redis_url)
    assert result.returncode == 0, result.stderr
    session_engine, backend = result.stdout.split()
    assert session_engine == engine
    assert backend.endswith(cache)
