"""Django settings, computed from :class:`newsdesk.config.Config` (no logic of their own).

Loaded by Django when ``DJANGO_SETTINGS_MODULE=newsdesk.settings``; the CLI sets that
before ``django.setup()``. Nothing here connects to anything.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import dj_database_url
import django_stubs_ext

from newsdesk.config import Config, load_config

# Lets typed generics such as ``admin.ModelAdmin[Feed]`` work at run time (django-stubs).
django_stubs_ext.monkeypatch()

NEWSDESK: Config = load_config()


def _database(config: Config) -> dict[str, Any]:
    db: dict[str, Any] = dict(dj_database_url.parse(config.database_url, conn_max_age=60))
    if config.is_sqlite:
        Path(db["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        # Persistent per-thread connections (WAL readers hold no lock between requests).
        db["CONN_MAX_AGE"] = 60
        db["OPTIONS"] = {
            # WAL lets readers (the web app) run while a worker writes.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
        }
        # Tests use a file too, beside the configured one, so that threads and worker
        # processes in tests share it and wait for each other's writes as in production
        # (the shared-cache in-memory database fails a second writer at once).
        db["TEST"] = {"NAME": str(Path(db["NAME"]).with_name("test-" + Path(db["NAME"]).name))}
    else:
        db["CONN_HEALTH_CHECKS"] = True
    return db


BASE_DIR = Path(__file__).resolve().parent
SECRET_KEY = NEWSDESK.secret_key
DEBUG = NEWSDESK.debug
ALLOWED_HOSTS = list(NEWSDESK.allowed_hosts)
CSRF_TRUSTED_ORIGINS = list(NEWSDESK.csrf_trusted_origins)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "newsdesk.store.apps.StoreConfig",
    "newsdesk.serve.web.apps.WebConfig",
]

MIDDLEWARE = [
    # First: a cached page for an anonymous reader skips everything below (issue 6).
    "newsdesk.serve.web.pagecache.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "newsdesk.serve.web.middleware.SecurityHeadersMiddleware",
]

ROOT_URLCONF = "newsdesk.serve.urls"
WSGI_APPLICATION = "newsdesk.serve.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
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

DATABASES = {"default": _database(NEWSDESK)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# Static files are served by WhiteNoise straight from the installed package (no collectstatic).
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = NEWSDESK.secure_cookies
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = NEWSDESK.secure_cookies
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

EMAIL_BACKEND = NEWSDESK.email_backend

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "loggers": {
        "newsdesk": {"handlers": ["console"], "level": NEWSDESK.log_level, "propagate": False},
        "django": {"handlers": ["console"], "level": "WARNING"},
    },
}

# Readers' accounts (issue 6).
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:home"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24
DEFAULT_FROM_EMAIL = "newsdesk <newsdesk@localhost>"


def _cache(url: str) -> dict[str, Any]:
    """``NEWSDESK_CACHE_URL`` -> Django's CACHES entry (memory of this process by default)."""
    if url.startswith(("redis://", "rediss://", "unix://")):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    if url.startswith("file://"):
        return {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": url.removeprefix("file://"),
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    return {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "newsdesk",
        "OPTIONS": {"MAX_ENTRIES": 2000},
    }


# Pages for anonymous readers (serve/web/pagecache.py).
CACHES = {"default": _cache(NEWSDESK.cache_url)}
