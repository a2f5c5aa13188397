"""Real servers for the fault tests: a redis-server the test starts, kills and restarts on a
spare port, and gunicorn processes serving the app.

Tests needing redis-server skip only when the binary is absent, and never in CI (CI=true), where
`.ci/run` runs on a machine that has it.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
REDIS_SERVER = shutil.which("redis-server")

needs_redis_server = pytest.mark.skipif(
    REDIS_SERVER is None and not os.environ.get("CI"),
    reason="redis-server is not installed (apt-get install redis-server)",
)


def free_port(preferred: range = range(8170, 8199)) -> int:
    """A port nothing listens on, from `preferred` (this branch's range) if one is free."""
    for port in preferred:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(check, *, timeout: float = 20.0, what: str = "the server") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    raise AssertionError(f"{what} did not come up within {timeout} s")


class RedisServer:
    """One redis-server process (no persistence) that a test can stop and start again."""

    def __init__(self, port: int):
        self.port = port
        self.url = f"redis://127.0.0.1:{port}/0"
        self.process: subprocess.Popen | None = None

    def answers(self) -> bool:
        import redis

        try:
            return bool(redis.Redis(port=self.port, socket_connect_timeout=0.5).ping())
        except redis.RedisError:
            return False

    def start(self) -> None:
        assert REDIS_SERVER, "redis-server is not installed"
        self.process = subprocess.Popen(
            [
                REDIS_SERVER,
                *("--port", str(self.port), "--bind", "127.0.0.1"),
                *("--save", "", "--appendonly", "no"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_until(self.answers, what=f"redis-server on {self.port}")

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
        self.process = None


class Gunicorn:
    """The app under gunicorn on a port, with the given environment added."""

    def __init__(self, port: int, env: dict[str, str], *, workers: int = 2, threads: int = 4):
        self.port = port
        self.base = f"http://127.0.0.1:{port}"
        self.env = env
        self.workers = workers
        self.threads = threads  # 1: gunicorn's sync workers, as `make bench` runs them
        self.process: subprocess.Popen | None = None

    def answers(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.base}/healthz/", timeout=2):  # noqa: S310
                return True
        except urllib.error.HTTPError:
            return True
        except OSError:
            return False

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                *(sys.executable, "-m", "gunicorn", "careerhub.wsgi"),
                *("--bind", f"127.0.0.1:{self.port}", "--workers", str(self.workers)),
                *("--threads", str(self.threads)),
                *("--log-level", "warning"),
            ],
            cwd=ROOT,
            env={**os.environ, **self.env},
            stdout=subprocess.DEVNULL,
        )
        wait_until(self.answers, timeout=60, what=f"gunicorn on {self.port}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)
        self.process = None


def _run(env: dict[str, str], args: list[str], timeout: float) -> None:
    """`python <args>` from the project's root in a fresh process with `env` added; fails the
    test with its stderr."""
    done = subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert done.returncode == 0, f"python {' '.join(args)}:\n{done.stderr}"


def manage(env: dict[str, str], *args: str, timeout: float = 300) -> None:
    """`manage.py <args>` in a fresh process with `env` added; fails the test with its stderr."""
    _run(env, ["manage.py", *args], timeout)


def production_sqlite(database: Path) -> dict[str, str]:
    """The environment of a production server (DJANGO_DEBUG=0, as `make bench` sets it) on its
    own SQLite file, migrated, with the demo content and the collected static files."""
    from bench.database import production_env

    env = production_env(f"sqlite:///{database}")
    env |= {
        "DJANGO_SETTINGS_MODULE": "careerhub.settings",
        "REDIS_URL": "",  # each worker's local-memory cache, as `make bench` by default
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
    }
    manage(env, "migrate", "--noinput", "--verbosity", "0")
    manage(env, "loaddata", "fixtures/roles.json", "--verbosity", "0")
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    return env


def seed_bench_learner(env: dict[str, str], email: str) -> None:
    """bench/seed.py's full-record learner (password BENCH_PASSWORD) in env's database."""
    code = (
        "import django; django.setup(); from bench.seed import seed_learner; "
        f"seed_learner({email!r})"
    )
    _run(env, ["-c", code], timeout=120)
