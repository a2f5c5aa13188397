"""careerhub settings: one file, read from the environment.

Development needs no environment at all (SQLite, DEBUG on, a dev secret). Production is switched
on with DJANGO_DEBUG=0 and then refuses to start without a real secret key and allowed hosts.
"""

import hashlib
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", True)
# Test runs and `make bench` set this to keep production-like behaviour without real HTTPS.
BENCHMARK = env_bool("CAREERHUB_BENCHMARK", False)

DEV_SECRET_KEY = "django-insecure-careerhub-development-only-key-never-use-in-production"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", DEV_SECRET_KEY if DEBUG else "")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")

if not DEBUG:
    if len(SECRET_KEY) < 50 or SECRET_KEY == DEV_SECRET_KEY or len(set(SECRET_KEY)) < 5:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set to at least 50 random characters when DJANGO_DEBUG=0"
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must be set when DJANGO_DEBUG=0")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "axes",
    "roles",
    "learners",
    "jobs",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "careerhub.middleware.HtmxLoginRedirectMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "careerhub.middleware.NoStoreForAuthenticatedMiddleware",
    # AxesMiddleware must be last: it turns a lockout into the 429 response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "careerhub.urls"
WSGI_APPLICATION = "careerhub.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DJANGO_CONN_MAX_AGE", 0 if DEBUG else 60),
        conn_health_checks=env_bool("DJANGO_CONN_HEALTH_CHECKS", True),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE takes the write lock when a transaction starts, so concurrent writers (several
    # gunicorn workers) wait their turn instead of failing with "database is locked". (WAL with
    # NORMAL sync was tried: a better median, but checkpoint stalls of ~1 s at the 99th
    # percentile of the level change; see docs/performance.md.)
    DATABASES["default"].setdefault("OPTIONS", {})["transaction_mode"] = "IMMEDIATE"


def source_digest() -> str:
    """A short digest of the templates and the Python code: what a cached page is made with."""
    digest = hashlib.sha256()
    for folder, pattern in (
        ("templates", "*.html"),
        ("careerhub", "*.py"),
        ("roles", "*.py"),
        ("learners", "*.py"),
        ("jobs", "*.py"),
    ):
        for path in sorted((BASE_DIR / folder).rglob(pattern)):
            digest.update(path.relative_to(BASE_DIR).as_posix().encode() + path.read_bytes())
    return digest.hexdigest()[:12]


# Part of every cache key of rendered pages (roles/cache.py): a deploy that changes a template
# or the code never serves pages rendered by the release before it from a shared cache. Set it
# to the release's id (a git commit, say) to skip reading the sources at start-up.
CAREERHUB_RELEASE = os.environ.get("CAREERHUB_RELEASE") or source_digest()

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's RedisCache, except that an unreachable Redis degrades to "not cached"
            # instead of raising: Redis is an accelerator, never a single point of failure.
            "BACKEND": "careerhub.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CAREERHUB_CACHE_PREFIX", "careerhub"),
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    # Sessions are read from the shared cache, and written through to the database: one query
    # less on every signed-in request. Only with a cache every process shares: a per-process
    # cache would keep a session alive in the other processes after it ended in one. While
    # Redis is down they are read from the database.
    SESSION_ENGINE = "learners.sessions.cached_db"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "careerhub",
        }
    }
    SESSION_ENGINE = "learners.sessions.db"

AUTH_USER_MODEL = "learners.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# ASVS 5.0 V6.2: at least 8 characters, common passwords refused, long passwords allowed,
# no composition rules (so no NumericPasswordValidator).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "learners:dashboard"
LOGOUT_REDIRECT_URL = "roles:home"

# Login throttling (django-axes): 5 failures for an account or an address lock further attempts.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
# The login form keeps Django's field name `username`. Axes would default to USERNAME_FIELD
# ("email"), find no such credential, and count every failure against one empty username.
AXES_USERNAME_FORM_FIELD = "username"
AXES_HTTP_RESPONSE_CODE = 429
# A successful login clears nothing: with a reset, one address could try four passwords on
# other people's accounts, log in to its own, and go on spraying unthrottled. Failures expire
# after the cool-off instead.
AXES_RESET_ON_SUCCESS = False
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Failures are counted in the database, which every process shares and which stays when the
# cache is down (counts in the cache would vanish with it).
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
# Behind AXES_PROXY_COUNT proxies, the client is the address the outermost of them put in
# X-Forwarded-For (django-ipware); what the client itself wrote there is ignored. The nearest
# proxy is the peer (REMOTE_ADDR) and is not listed in the header, hence the minus one.
PROXY_COUNT = env_int("AXES_PROXY_COUNT", 0)
if PROXY_COUNT:
    AXES_IPWARE_PROXY_COUNT = PROXY_COUNT - 1
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    IPWARE_STRICT = False  # a client-supplied X-Forwarded-For makes the chain longer: allowed
else:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("REMOTE_ADDR",)

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Email (Django 6.1 mailers): console in development, SMTP from the environment in production.
EMAIL_SMTP_OPTIONS = {
    "host": os.environ.get("EMAIL_HOST", "localhost"),
    "port": env_int("EMAIL_PORT", 587),
    "username": os.environ.get("EMAIL_HOST_USER", ""),
    "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
    "use_tls": env_bool("EMAIL_USE_TLS", True),
    "timeout": env_int("EMAIL_TIMEOUT", 10),
}
MAILERS = {
    "default": {
        "BACKEND": os.environ.get(
            "DJANGO_EMAIL_BACKEND",
            "django.core.mail.backends.console.EmailBackend"
            if DEBUG
            else "django.core.mail.backends.smtp.EmailBackend",
        ),
    }
}
if MAILERS["default"]["BACKEND"].endswith("smtp.EmailBackend"):
    MAILERS["default"]["OPTIONS"] = EMAIL_SMTP_OPTIONS
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "careerhub <noreply@localhost>")

# Content Security Policy (Django 6 built-in). There is no inline script or style anywhere, so no
# nonce is needed, and public pages can be cached whole without carrying a stale nonce.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

# Security headers, on in every mode (they cost nothing over HTTP in development).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

if not DEBUG:
    # The proxy in front terminates TLS and says so with X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    # A load balancer's health check may come over plain HTTP from inside the network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "careerhub.security": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.security": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}

# Only `make bench` turns this on: a bare view to measure every page against.
BENCH_BASELINE_VIEW = BENCHMARK
