"""Django settings for Leitai, all read from the environment (see docs/configuration.md)."""

from __future__ import annotations

import secrets
from datetime import timedelta
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from leitai.core.cache import LOCAL_CACHE, cache_settings
from leitai.core.databases import database_settings
from leitai.core.logs import logging_settings
from leitai.env import env_bool, env_int, env_list, env_str

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env_str("LEITAI_DATA_DIR", str(Path.cwd() / "data"))).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)

PRODUCTION = env_bool("LEITAI_PRODUCTION", False)
DEBUG = env_bool("DEBUG", False)


def _secret_key() -> str:
    key = env_str("SECRET_KEY")
    if key:
        return key
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set when LEITAI_PRODUCTION is on.")
    # Development: generate once and keep it, so sessions survive restarts.
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "leitai.core",
    "leitai.org",
    "leitai.assessment",
    "leitai.rankings",
    "leitai.keytasks",
    "leitai.projects",
    "leitai.supervision",
    "leitai.contest",
    "leitai.city",
    "leitai.honours",
    "leitai.selections",
    "leitai.notify",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "leitai.core.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "leitai.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "leitai.core.uploads.UploadLimitMiddleware",  # before any view reads the body
    "leitai.core.middleware.SessionIdleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "leitai.core.middleware.RetryLaterMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "leitai.urls"
WSGI_APPLICATION = "leitai.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "leitai.core.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": database_settings(
        env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'leitai.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        busy_timeout=env_int("SQLITE_BUSY_TIMEOUT", 30),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {
        "NAME": "leitai.core.passwords.CharacterClassesValidator",
        "OPTIONS": {"min_classes": env_int("LEITAI_PASSWORD_CLASSES", 3)},
    },
    {"NAME": "leitai.core.passwords.PasswordHistoryValidator"},
]
# The logged-in user, the session and rendered pages come from the shared cache (see
# leitai/core/cache.py): by default a folder of files every worker on the host shares.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # log-in throttling, see leitai/core/throttle.py
    "leitai.core.auth.CachedModelBackend",
]
CACHES = {
    "default": cache_settings(env_str("LEITAI_CACHE_URL", (DATA_DIR / "cache").as_uri())),
    "local": LOCAL_CACHE,
}
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Log-in throttling (django-axes, leitai/core/throttle.py): by account, then by address.
AXES_FAILURE_LIMIT = env_int("LEITAI_LOGIN_ACCOUNT_FAILURES", 5)
LEITAI_LOGIN_ADDRESS_FAILURES = env_int("LEITAI_LOGIN_ADDRESS_FAILURES", 50)
LEITAI_LOGIN_LOCK_MINUTES = env_int("LEITAI_LOGIN_LOCK_MINUTES", 30)
AXES_COOLOFF_TIME = timedelta(minutes=LEITAI_LOGIN_LOCK_MINUTES)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_HANDLER = "leitai.core.throttle.AccountFirstHandler"
AXES_LOCKOUT_CALLABLE = "leitai.core.throttle.lockout_response"
AXES_CLIENT_IP_CALLABLE = "leitai.core.throttle.client_address"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
LEITAI_TRUSTED_PROXIES = env_list("LEITAI_TRUSTED_PROXIES", [])

# Defaults of the security rules a jurisdiction's security administrator sets (org.SecuritySettings,
# docs/security.md): API token lifetime (leitai/core/tokens.py), idle session timeout, previous
# passwords refused, password expiry (0 = never), audit log retention (at least 180 days).
LEITAI_TOKEN_DAYS = env_int("LEITAI_TOKEN_DAYS", 90)
SESSION_COOKIE_AGE = env_int("LEITAI_SESSION_HOURS", 12) * 3600
LEITAI_PASSWORD_HISTORY = env_int("LEITAI_PASSWORD_HISTORY", 5)
LEITAI_PASSWORD_EXPIRY_DAYS = env_int("LEITAI_PASSWORD_EXPIRY_DAYS", 0)
LEITAI_AUDIT_RETENTION_DAYS = env_int("LEITAI_AUDIT_RETENTION_DAYS", 180)

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(DATA_DIR / "static")))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(DATA_DIR / "media")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("STATIC_MANIFEST", not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "leitai@localhost")

SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if PRODUCTION else None
# Production: HTTPS only (the proxy says so in X-Forwarded-Proto), remembered by browsers.
SECURE_SSL_REDIRECT = PRODUCTION
SECURE_REDIRECT_EXEMPT = [
    r"^healthz$",
    r"^readyz$",
]  # the load balancer's health check may use plain HTTP
SECURE_HSTS_SECONDS = env_int("LEITAI_HSTS_SECONDS", 31536000) if PRODUCTION else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("LEITAI_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("LEITAI_HSTS_PRELOAD", False)
# Asking browsers to preload HSTS is a commitment for the whole domain: the operator's choice.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]

# Content-Security-Policy (django-csp): only this origin's files; no inline script, no eval.
# Inline style attributes stay allowed (the templates and ECharts use them).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "leitai.core.tokens.ExpiringTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "leitai.core.api.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "leitai.core.api.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Leitai API",
    "DESCRIPTION": "Key-task arena assessment: organisation, scheme, data, rankings.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI from this server's static files (drf-spectacular-sidecar), not a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Choice sets that share a field name ("kind", "level") get stable names of their own.
    "ENUM_NAME_OVERRIDES": {
        "UnitKindEnum": "leitai.org.models.Unit.Kind",
        "JurisdictionLevelEnum": "leitai.org.models.Jurisdiction.Level",
        "PeriodKindEnum": "leitai.assessment.models.Period.Kind",
        "CityPeriodKindEnum": "leitai.city.models.CityIndicator.PeriodKind",
        "AdjustmentKindEnum": "leitai.assessment.models.Adjustment.Kind",
        "AdjustmentLevelEnum": "leitai.assessment.models.Adjustment.Level",
    },
}

# Logs to the console (journald under systemd): plain text, or JSON lines with the request id
# (leitai/core/logs.py).
LOGGING = logging_settings(env_str("LEITAI_LOG_FORMAT", "text"), env_str("LOG_LEVEL", "WARNING"))
# /readyz (leitai/core/views.py): the most seconds the oldest queued job may wait, the least free
# space of the data folder.
LEITAI_READY_MAX_LAG = env_int("LEITAI_READY_MAX_LAG", 300)
LEITAI_READY_MIN_FREE_MB = env_int("LEITAI_READY_MIN_FREE_MB", 1024)

# Upload limits (bytes); evidence files are checked by the services that store them.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# A whole month on one page: the review table posts one field per ticked value and the
# assessor's entry table three per unit and indicator (a county: 81 units × ~30 indicators).
DATA_UPLOAD_MAX_NUMBER_FIELDS = 20_000
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
LEITAI_MAX_IMPORT_BYTES = env_int("LEITAI_MAX_IMPORT_BYTES", 10 * 1024 * 1024)
LEITAI_MAX_EVIDENCE_BYTES = env_int("LEITAI_MAX_EVIDENCE_BYTES", 20 * 1024 * 1024)
# Enforced while the body streams in, and on zip-based workbooks before opening them
# (leitai/core/uploads.py).
FILE_UPLOAD_HANDLERS = [
    "leitai.core.uploads.BoundedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
LEITAI_MAX_ZIP_ENTRIES = env_int("LEITAI_MAX_ZIP_ENTRIES", 1000)
LEITAI_MAX_UNZIPPED_BYTES = env_int("LEITAI_MAX_UNZIPPED_BYTES", 256 * 1024 * 1024)

# Rank changes (leitai/rankings/changes.py): "red-up" (a rise red ↑, as Chinese tables do)
# or "green-up".
LEITAI_RANK_COLOURS = env_str("LEITAI_RANK_COLOURS", "red-up")
if LEITAI_RANK_COLOURS not in ("red-up", "green-up"):
    raise ImproperlyConfigured("LEITAI_RANK_COLOURS must be red-up or green-up.")

# Background jobs (leitai/core/jobs.py) on django-tasks: run in the request ("immediate"), or
# stored in the database and run by `leitai worker` processes ("database").
LEITAI_TASKS = env_str("LEITAI_TASKS", "immediate")
TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
if LEITAI_TASKS not in TASK_BACKENDS:
    raise ImproperlyConfigured("LEITAI_TASKS must be immediate or database.")
TASKS = {"default": {"BACKEND": TASK_BACKENDS[LEITAI_TASKS]}}
LEITAI_JOB_TIMEOUT = env_int("LEITAI_JOB_TIMEOUT", 1800)
