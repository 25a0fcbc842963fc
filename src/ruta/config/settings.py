"""The one settings module of Ruta, read from the environment.

Safe defaults serve the demo and the tests (embedded SQLite, console e-mail, in-process tasks).
``RUTA_ENV=production`` turns the defaults off: a missing secret stops the process at start,
and the security settings are those that ``ruta check --deploy`` expects.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Iterator, MutableMapping
from datetime import date
from pathlib import Path
from typing import Final

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent.parent


class _SetVariables(MutableMapping[str, str]):
    """The process environment without its empty variables: ``NAME=`` (as .env.example ships
    them) means "use the default", for every variable, instead of an invalid empty value."""

    def __getitem__(self, name: str) -> str:
        value = os.environ[name]
        if value == "":
            raise KeyError(name)
        return value

    def __setitem__(self, name: str, value: str) -> None:
        os.environ[name] = value

    def __delitem__(self, name: str) -> None:
        del os.environ[name]

    def __iter__(self) -> Iterator[str]:
        return iter([name for name, value in os.environ.items() if value != ""])

    def __len__(self) -> int:
        return sum(1 for value in os.environ.values() if value != "")


class _Env(environ.Env):
    ENVIRON = _SetVariables()


env = _Env()
if env.str("RUTA_ENV_FILE", default=""):
    _Env.read_env(env.str("RUTA_ENV_FILE"))

RUTA_ENV = env.str("RUTA_ENV", default="development")
if RUTA_ENV not in {"development", "test", "production"}:
    raise ImproperlyConfigured("RUTA_ENV must be development, test or production.")
PRODUCTION = RUTA_ENV == "production"
DATA_DIR = Path(env.str("RUTA_DATA_DIR", default=str(Path.cwd() / "var")))

# Variables that production refuses to start without.
_REQUIRED_IN_PRODUCTION = (
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "RUTA_FIELD_ENCRYPTION_KEYS",
    "EMAIL_URL",
    "DEFAULT_FROM_EMAIL",
    "CACHE_URL",
    "RUTA_BASE_URL",
)
if PRODUCTION:
    _missing = [name for name in _REQUIRED_IN_PRODUCTION if not env.str(name, default="")]
    if _missing:
        raise ImproperlyConfigured(
            "RUTA_ENV=production refuses to start without: " + ", ".join(_missing)
        )

DEBUG = env.bool("DEBUG", default=False) and not PRODUCTION
SECRET_KEY = env.str("SECRET_KEY", default="ruta-insecure-development-key-never-use-in-production")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Demo mode may relax two-factor authentication, and says so on every page.
DEMO_MODE = env.bool("RUTA_DEMO", default=False) and not PRODUCTION
REQUIRE_2FA = env.bool("RUTA_REQUIRE_2FA", default=True) or PRODUCTION

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "ruta.core",
    "ruta.audit",
    "ruta.institutions",
    "ruta.accounts",
    "ruta.notifications",
    "ruta.people",
    "ruta.intake",
    "ruta.cases",
    "ruta.care",
    "ruta.referrals",
    "ruta.prosecution",
    "ruta.prevention",
    "ruta.coordination",
    "ruta.results",
    "ruta.reporting",
    "ruta.web",
    "ruta.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "ruta.core.middleware.RequestIdMiddleware",
    "ruta.core.middleware.NullCharacterMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "ruta.accounts.middleware.SessionSecurityMiddleware",
    "ruta.accounts.middleware.ActorMiddleware",
    "ruta.audit.middleware.AccessRefusalMiddleware",
    "ruta.accounts.middleware.LoginRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "ruta.config.urls"
WSGI_APPLICATION = "ruta.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ruta.web.context_processors.navigation",
            ],
        },
    },
]

# Database: SQLite (WAL, immediate transactions) by default; DATABASE_URL for PostgreSQL.
_default_sqlite = f"sqlite:///{DATA_DIR / 'ruta.sqlite3'}"
DATABASES = {"default": env.db_url("DATABASE_URL", default=_default_sqlite)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    if DATABASES["default"]["NAME"] != ":memory:":
        Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            ),
        }
    )
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = env.int("RUTA_PASSWORD_RESET_TIMEOUT", default=60 * 60 * 24)

# Sign-in protection (docs/architecture-notes.md, "Sign-in"). RUTA_LOCKOUT_THRESHOLD failures
# of one account from one client address within the window lock the account for that address
# for RUTA_LOCKOUT_MINUTES; RUTA_LOCKOUT_ACCOUNT_THRESHOLD failures from anywhere make the
# second factor compulsory from every address for as long (wrong codes: codes refused).
RUTA_LOCKOUT_THRESHOLD = env.int("RUTA_LOCKOUT_THRESHOLD", default=5)
RUTA_LOCKOUT_ACCOUNT_THRESHOLD = env.int("RUTA_LOCKOUT_ACCOUNT_THRESHOLD", default=20)
RUTA_LOCKOUT_WINDOW_MINUTES = env.int("RUTA_LOCKOUT_WINDOW_MINUTES", default=15)
RUTA_LOCKOUT_MINUTES = env.int("RUTA_LOCKOUT_MINUTES", default=15)
# Throttles of the web and API sign-in (django-ratelimit on the shared cache), every attempt
# counted: per client address over all accounts, and per account from one address.
RUTA_SIGN_IN_RATE_PER_ADDRESS = env.str("RUTA_SIGN_IN_RATE_PER_ADDRESS", default="30/m")
RUTA_SIGN_IN_RATE_PER_ACCOUNT = env.str("RUTA_SIGN_IN_RATE_PER_ACCOUNT", default="10/m")

# Sessions expire after idle time; every request extends them.
SESSION_COOKIE_AGE = env.int("RUTA_IDLE_TIMEOUT_MINUTES", default=30) * 60
# Extended by SessionSecurityMiddleware at most once a minute (not a write per request).
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False
CSRF_FAILURE_VIEW = "ruta.web.views.csrf_failure"

# Reverse proxies whose X-Forwarded-For is believed (IPs or CIDRs, comma-separated; default
# none). The client address is the first address from the right of X-Forwarded-For that is
# not one of these, read only when the connection itself comes from one of these.
RUTA_TRUSTED_PROXIES = env.list("RUTA_TRUSTED_PROXIES", default=[])
for _proxy in RUTA_TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy.strip(), strict=False)
    except ValueError as _exc:
        raise ImproperlyConfigured(
            f"RUTA_TRUSTED_PROXIES: {_proxy!r} is not an IP address or network."
        ) from _exc

# Cache: per process by default; CACHE_URL (e.g. redis://127.0.0.1:6379/1) shares rate limits
# between processes in production.
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}

# Public report form: flood limits per address and overall, per hour.
RUTA_PUBLIC_REPORTS_PER_IP_HOUR = env.int("RUTA_PUBLIC_REPORTS_PER_IP_HOUR", default=5)
RUTA_PUBLIC_REPORTS_PER_HOUR = env.int("RUTA_PUBLIC_REPORTS_PER_HOUR", default=300)

# Batch linkage of persons: pairs at or above this match probability go to the reviewers
# (0.5: more likely the same person than not; raise it to see fewer, surer pairs).
RUTA_LINKAGE_REVIEW_PROBABILITY = env.float("RUTA_LINKAGE_REVIEW_PROBABILITY", default=0.5)
# Below this many persons the model is not learnt from the data (too few pairs): the one
# learnt on the generated national set is used (people/data/linkage_model.json).
RUTA_LINKAGE_MIN_PERSONS_TO_LEARN = env.int("RUTA_LINKAGE_MIN_PERSONS_TO_LEARN", default=10000)

# Statistics: the dashboards queue a refresh of the summary tables when the last one is older
# than this (``ruta refresh_statistics --every 15`` normally keeps them fresher).
RUTA_STATISTICS_FRESH_SECONDS = env.int("RUTA_STATISTICS_FRESH_SECONDS", default=30)
# Published statistics: counts below this are suppressed (and no suppressed count can be
# narrowed to less than this width from what is published).
RUTA_DISCLOSURE_THRESHOLD = env.int("RUTA_DISCLOSURE_THRESHOLD", default=10)
# The key of the cell-key perturbation's record keys (empty: derived from SECRET_KEY). It must
# never change in a deployment's life: every published value would move.
RUTA_STATISTICS_KEY = env.str("RUTA_STATISTICS_KEY", default="")
# Exchange files requested from the pages or the API: written encrypted here, downloadable by
# who asked for them for this many hours, then deleted.
RUTA_EXPORT_DIR = env.str("RUTA_EXPORT_DIR", default=str(DATA_DIR / "exports"))
RUTA_EXPORT_HOURS = env.int("RUTA_EXPORT_HOURS", default=24)

# Attachments: encrypted files on disk, with a size limit (bytes).
RUTA_ATTACHMENT_DIR = env.str("RUTA_ATTACHMENT_DIR", default=str(DATA_DIR / "attachments"))
RUTA_ATTACHMENT_MAX_BYTES = env.int("RUTA_ATTACHMENT_MAX_BYTES", default=10 * 1024 * 1024)
# Holidays set by yearly decree (e.g. the Semana Morazánica), on top of the built-in ones.
RUTA_EXTRA_HOLIDAYS = [
    date.fromisoformat(d.strip()) for d in env.list("RUTA_EXTRA_HOLIDAYS", default=[]) if d.strip()
]
FILE_UPLOAD_MAX_MEMORY_SIZE = RUTA_ATTACHMENT_MAX_BYTES

# API tokens.
RUTA_API_TOKEN_DAYS = env.int("RUTA_API_TOKEN_DAYS", default=30)
# Refused accesses recorded per person (the rest are counted in the next recorded one).
RUTA_AUDIT_REFUSALS_RATE = env.str("RUTA_AUDIT_REFUSALS_RATE", default="20/m")
# Appended audit events must be chained by the sealer (``ruta audit seal``) within this many
# seconds; ``ruta audit verify`` fails when an event waited longer (it was unprotected).
RUTA_AUDIT_SEAL_WITHIN_SECONDS = env.int("RUTA_AUDIT_SEAL_WITHIN_SECONDS", default=30)
# Outside production, a transaction that recorded events also seals them once it commits
# (never waiting for another sealer), so the demo needs no sealer process. Production runs
# ``ruta audit seal --every 2`` instead and keeps this off the request path.
RUTA_AUDIT_SEAL_ON_COMMIT = env.bool("RUTA_AUDIT_SEAL_ON_COMMIT", default=not PRODUCTION)
# Reads of a case's details are audited. Switching it off exists for load tests only and is
# refused in production.
RUTA_AUDIT_READS = env.bool("RUTA_AUDIT_READS", default=True) or PRODUCTION

# Field encryption (narratives, notes, attachments, TOTP secrets): Fernet keys, newest first.
RUTA_FIELD_ENCRYPTION_KEYS = env.list("RUTA_FIELD_ENCRYPTION_KEYS", default=[])

# Internationalisation: Spanish by default, English and French complete.
LANGUAGE_CODE = "es"
LANGUAGES = [("es", _("Spanish")), ("en", _("English")), ("fr", _("French"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env.str("TIME_ZONE", default="America/Tegucigalpa")
LANGUAGE_COOKIE_NAME = "ruta_language"
LANGUAGE_COOKIE_SECURE = PRODUCTION
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE: Final = "Lax"

STATIC_URL = "/static/"
STATIC_ROOT = env.str("STATIC_ROOT", default=str(DATA_DIR / "static"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
# Outside production, a static file is looked up when asked for rather than every file being
# listed when the middleware starts: that listing cost about 40 ms for every new handler, and
# Django's test client builds one per client (a third of the permission matrix's time).
WHITENOISE_AUTOREFRESH = not PRODUCTION
if not PRODUCTION:
    Path(STATIC_ROOT).mkdir(parents=True, exist_ok=True)

# Request bodies: large uploads go through dedicated endpoints with their own limits.
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("RUTA_MAX_BODY_BYTES", default=1024 * 1024)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 500

# E-mail goes through the task queue; the console backend is the development default.
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Ruta <no-reply@ruta.invalid>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where users reach Ruta (e.g. https://ruta.example.org): the links in e-mails start with it,
# never with the Host header of whichever request caused the e-mail.
RUTA_BASE_URL = env.str("RUTA_BASE_URL", default="")

# Certificates (prevention): the Ed25519 seed that signs the Open Badges credentials (base64 of
# 32 random bytes); when unset, one is generated once into RUTA_DATA_DIR/badge-key (mode 0600).
RUTA_BADGE_KEY = env.str("RUTA_BADGE_KEY", default="")
# Public certificate checks (/verify/) per client address and hour (codes cannot be enumerated).
RUTA_CERTIFICATE_CHECKS_PER_IP_HOUR = env.int("RUTA_CERTIFICATE_CHECKS_PER_IP_HOUR", default=60)

# Background tasks: in-process by default (demo, tests); the database queue with
# ``ruta db_worker``; or a broker-backed backend named in RUTA_TASKS_BACKEND.
_TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
    "redis": "django_tasks_rq.RQBackend",
}
_task_backend = env.str("RUTA_TASKS_BACKEND", default="immediate")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS.get(_task_backend, _task_backend)}}
if _task_backend == "redis":  # pragma: no cover - production path, needs django-tasks-rq
    INSTALLED_APPS += ["django_rq"]
    RQ_QUEUES = {"default": {"URL": env.str("RUTA_REDIS_URL", default="redis://127.0.0.1:6379/0")}}

# REST API.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "ruta.accounts.api.authentication.BearerTokenAuthentication",
        "ruta.accounts.api.authentication.ActorSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["ruta.core.api.permissions.HasActor"],
    "DEFAULT_PARSER_CLASSES": ["ruta.core.api.parsers.LimitedJSONParser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PAGINATION_CLASS": "ruta.core.api.pagination.PageNumberPagination",
    # Lists read their query parameters themselves (strict, documented with extend_schema).
    "DEFAULT_FILTER_BACKENDS": [],
    "DEFAULT_SCHEMA_CLASS": "ruta.core.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "ruta.core.api.errors.problem_exception_handler",
    "UNAUTHENTICATED_USER": None,
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Ruta API",
    "DESCRIPTION": "REST API v1 of Ruta. Every call acts for one membership (institution + role).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # A PATCH body documents the fields its serializer requires (``version``), like the code.
    "COMPONENT_SPLIT_PATCH": False,
    "ENUM_NAME_OVERRIDES": {
        "LanguageEnum": "ruta.accounts.models.LANGUAGE_CHOICES",
        "AppEnum": "ruta.cases.choices.App.choices",
        "FormOfExploitationEnum": "ruta.cases.choices.FormOfExploitation.choices",
        "HearingTypeEnum": "ruta.prosecution.choices.HearingType.choices",
        "MeasureTypeEnum": "ruta.prosecution.choices.MeasureType.choices",
        "ProceduralRoleEnum": "ruta.prosecution.choices.ProceduralRole.choices",
        "PersonSexEnum": "ruta.people.choices.Sex.choices",
        "CampaignChannelEnum": "ruta.prevention.choices.Channel.choices",  # slice outreach
        "CommitteeKindEnum": "ruta.coordination.choices.CommitteeKind.choices",  # committees
        "RepresentativeKindEnum": "ruta.coordination.choices.RepresentativeKind.choices",
        "ResultsFrameworkKindEnum": "ruta.results.choices.FrameworkKind.choices",
        "ActionStatusEnum": "ruta.coordination.choices.ActionStatus.choices",
        "MeetingStatusEnum": "ruta.coordination.choices.MeetingStatus.choices",
        "CooperationStatusEnum": "ruta.coordination.choices.CooperationStatus.choices",
        "CooperationKindEnum": "ruta.coordination.choices.CooperationKind.choices",
        "ReturnStatusEnum": "ruta.results.choices.ReturnStatus.choices",
        "PeriodTypeEnum": "ruta.results.choices.PeriodType.choices",  # frameworks
    },
    "SERVE_PERMISSIONS": ["ruta.core.api.permissions.HasActor"],
}

# Logging: request ids, never personal data.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "ruta.core.middleware.RequestIdLogFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"}
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.server": {"level": "WARNING"}},
}

# Content-Security-Policy (django-csp): our own files only. No inline script, style attribute
# or event handler is allowed; "data:" images only for the empty favicon link. The API's
# Swagger page relaxes style-src for itself alone (ruta.config.api_urls).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Security headers; production adds HTTPS-only settings.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
