"""The benchmark's own database, cache and production environment."""

import os
import secrets
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

from bench.common import BENCH_DB_NAME, RESULTS, ROOT, log

DEFAULT_BENCH_REDIS = "redis://127.0.0.1:6379/0"


def database_kind(url: str) -> str:
    return (
        "postgresql" if url.startswith(("postgres://", "postgresql://", "pgsql://")) else "sqlite"
    )


def bench_database_url(kind: str, source_url: str) -> str:
    if kind == "sqlite":
        return f"sqlite:///{RESULTS / 'bench-sqlite.sqlite3'}"
    # Same server and credentials, but always the benchmark's own database.
    return urlsplit(source_url)._replace(path=f"/{BENCH_DB_NAME}").geturl()


def recreate_database(kind: str, url: str) -> None:
    if kind == "sqlite":
        path = Path(url.removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    with _admin_connection(url) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB_NAME}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{BENCH_DB_NAME}"')


def _admin_connection(url: str):
    """A connection to the server's `postgres` database, to create and drop the bench's own."""
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(url)
    assert config["NAME"].startswith(BENCH_DB_NAME), config["NAME"]
    return psycopg.connect(
        dbname="postgres",
        host=config["HOST"] or None,
        port=config["PORT"] or None,
        user=config["USER"] or None,
        password=config["PASSWORD"] or None,
        autocommit=True,
    )


def redis_for_bench(args) -> str:
    """The Redis URL the benchmark's servers use, or "" for each worker's local-memory cache.

    Two gunicorn workers are two processes, and docs/deploy.md asks for a shared cache as soon as
    there is more than one: so Redis, when one answers, as in production. Its keys carry a prefix
    of their own for each run, are never shared with the app's, and are deleted afterwards.
    """
    if args.cache == "local":
        return ""
    import redis

    url = os.environ.get("BENCH_REDIS_URL", DEFAULT_BENCH_REDIS)
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError:
        if args.cache == "redis":
            sys.exit(f"--cache redis: no Redis answers at {url}")
        log(f"no Redis at {url}: each worker keeps a local-memory cache")
        return ""
    return url


def production_env(database_url: str, redis_url: str = "") -> dict[str, str]:
    # Never the app's own cache: REDIS_URL from the environment is dropped, and with the bench's
    # Redis every key carries this run's prefix (see redis_for_bench).
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k != "REDIS_URL"}
    env |= {
        "DJANGO_DEBUG": "0",
        "CAREERHUB_BENCHMARK": "1",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "DJANGO_CONN_MAX_AGE": "600",
        "DJANGO_CONN_HEALTH_CHECKS": os.environ.get("BENCH_CONN_HEALTH_CHECKS", "1"),
        "DATABASE_URL": database_url,
        "PYTHONPATH": str(ROOT),
    }
    if redis_url:
        env |= {
            "REDIS_URL": redis_url,
            "CAREERHUB_CACHE_PREFIX": f"careerhub-bench-{secrets.token_hex(4)}",
        }
    return env


def clear_bench_cache(env: dict[str, str]) -> None:
    """Empty the cache the benchmark's servers use, and nothing else."""
    if not env.get("REDIS_URL"):
        from django.core.cache import cache

        cache.clear()  # this process's local-memory cache
        return
    import redis

    client = redis.Redis.from_url(env["REDIS_URL"])
    keys = list(client.scan_iter(match=f"{env['CAREERHUB_CACHE_PREFIX']}*", count=1000))
    for start in range(0, len(keys), 1000):
        client.delete(*keys[start : start + 1000])


def setup_django(env: dict[str, str]) -> None:
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careerhub.settings")
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    import django

    django.setup()


def seed(count: int) -> None:
    from bench.seed import seed_learners

    started = time.monotonic()
    totals = seed_learners(
        count,
        progress=lambda done, total: (
            log(f"  seeded {done:,} / {total:,} learners") if total >= 10_000 else None
        ),
    )
    rows = sum(totals.values())
    log(f"seeded {count:,} learners ({rows:,} rows) in {time.monotonic() - started:.1f} s")
