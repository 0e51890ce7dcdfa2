"""Settings, read once from the environment (12-factor).

Defaults are safe for production; development is opt-in with ``DEBUG=true`` (the Makefile's run
target sets it). See docs/configuration.md for every variable.
"""

from __future__ import annotations

import sys
import tempfile
import urllib.parse
from datetime import timedelta
from pathlib import Path
from typing import Any

import environ
from django.core.exceptions import ImproperlyConfigured

from config import embedded

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
TESTING = env.bool("TESTING", default="pytest" in sys.modules)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not (DEBUG or TESTING):
        raise RuntimeError("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "dev-only-insecure-key-" + "x" * 40  # noqa: S105 - development and tests only

# The root domain serves the public network; <slug>.<BASE_DOMAIN> serves an organisation.
BASE_DOMAIN = env.str("BASE_DOMAIN", default="localhost")
BASE_URL_SCHEME = env.str("BASE_URL_SCHEME", default="http" if DEBUG else "https")
BASE_PORT = env.str("BASE_PORT", default="8000" if DEBUG else "")
# Who runs this installation: shown on the imprint, privacy and accessibility pages
# (config/pages.py). Left empty, those pages show clearly marked placeholders.
SITE_OPERATOR_NAME = env.str("SITE_OPERATOR_NAME", default="")
SITE_OPERATOR_ADDRESS = env.str("SITE_OPERATOR_ADDRESS", default="")  # lines separated by ";"
SITE_OPERATOR_EMAIL = env.str("SITE_OPERATOR_EMAIL", default="")
ACCESSIBILITY_REVIEWED_ON = env.str("ACCESSIBILITY_REVIEWED_ON", default="")
# Custom domains are validated per request against the Domain table, so the host check
# itself can be open; unknown hosts get the friendly 404 from the tenant middleware.
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["*"])

# --- Applications -------------------------------------------------------------------------

SHARED_APPS = [
    "django_tenants",
    "tenants",
    "accounts",
    "tenant_users.permissions",
    "tenant_users.tenants",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.admin",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    # Login lockout (accounts/lockout.py): a shared app only, so its tables exist in the public
    # schema alone and every host counts into the same rows.
    "axes",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "sso",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "django_htmx",
    "csp",
    "config",
    "public_marketplace",
    "billing",
    "workspaces",
    "threads",
    "events",
    "decisions",
    "taskboard",
    "progress",
    "documents",
    "notifications",
    "moderation",
    "impact",
    "partners",  # offline partners: the public schema only
    "motions",  # motions to council bodies: the public schema only
    "oparl",  # the council's OParl data (papers, meetings): the public schema only
]

TENANT_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "tenant_users.permissions",
    "intranet",
    "workspaces",
    "threads",
    "events",
    "decisions",
    "taskboard",
    "progress",
    "documents",
    "notifications",
    "audit",
]

INSTALLED_APPS = list(dict.fromkeys(SHARED_APPS + TENANT_APPS))

TENANT_MODEL = "tenants.Organisation"
TENANT_DOMAIN_MODEL = "tenants.Domain"
TENANT_USERS_DOMAIN = BASE_DOMAIN
# Schema-per-organisation search path is set once per connection and tenant switch, not on
# every cursor (django-tenants' default re-issues SET search_path for each cursor).
TENANT_LIMIT_SET_CALLS = True
# How new organisation schemas are made: "clone" copies a prepared template schema, "migrate"
# runs every migration. Chosen by measurement: see docs/benchmarks.md.
TENANT_PROVISIONING_MODE = env.str("TENANT_PROVISIONING_MODE", default="clone")
TENANT_BASE_SCHEMA = "tenant_template"
TENANT_CREATION_FAKES_MIGRATIONS = TENANT_PROVISIONING_MODE == "clone"
PUBLIC_SCHEMA_URLCONF = "config.urls_public"
ROOT_URLCONF = "config.urls_tenant"
DATABASE_ROUTERS = ["django_tenants.routers.TenantSyncRouter"]

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out account or address before any password is checked.
    "accounts.lockout.LockoutBackend",
    "tenant_users.permissions.backend.UserBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

MIDDLEWARE = [
    "config.middleware.ClientAddressMiddleware",
    "config.middleware.RequestIdMiddleware",
    "config.middleware.PermissionsPolicyMiddleware",
    "tenants.middleware.OrganisationMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.GermanFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "sso.middleware.SSOScopeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "audit.middleware.SupportAccessMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "config.middleware.ObservabilityMiddleware",
    "accounts.middleware.TwoFactorPolicyMiddleware",
    "billing.middleware.ReadOnlyWhenUnpaidMiddleware",
    "config.middleware.RefuseNulCharactersMiddleware",
    "axes.middleware.AxesMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tenants.context_processors.organisation",
                "workspaces.context_processors.my_boxes",
                "billing.context_processors.billing_state",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

# --- Database, cache, broker --------------------------------------------------------------

DATABASE_URL = env.str("DATABASE_URL", default="")
# EMBEDDED_POSTGRES=false: tools that only import settings (mypy) start no server.
USING_EMBEDDED_POSTGRES = not DATABASE_URL and env.bool("EMBEDDED_POSTGRES", default=True)
if USING_EMBEDDED_POSTGRES:
    DATABASE_URL = embedded.embedded_database_url()
DATABASE_URL = DATABASE_URL or "postgresql://localhost/wecreate"
DATABASES = {"default": env.db_url_config(DATABASE_URL)}
DATABASES["default"]["ENGINE"] = "django_tenants.postgresql_backend"
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"].setdefault("TEST", {})["NAME"] = env.str(
    "TEST_DATABASE_NAME", default="test_wecreate"
)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
# Parallel test processes (pytest-xdist names each one) share Redis and the broker: each keeps
# its own cache keys and its own queue, so one never reads, clears or runs another's.
_TEST_PROCESS = env.str("PYTEST_XDIST_WORKER", default="")
CACHE_KEY_PREFIX = env.str(
    "CACHE_KEY_PREFIX", default=f"wecreate-{_TEST_PROCESS}" if _TEST_PROCESS else "wecreate"
)
_cache_backend = (
    {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": REDIS_URL}
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
)
# Keys that carry the schema (docs/security.md ISO-2): every cache holding an organisation's data.
_SCHEMA_KEYS = {
    "KEY_FUNCTION": "django_tenants.cache.make_key",
    "REVERSE_KEY_FUNCTION": "django_tenants.cache.reverse_key",
}
CACHES = {
    "default": {**_cache_backend, **_SCHEMA_KEYS, "KEY_PREFIX": CACHE_KEY_PREFIX},
    # Platform-wide facts only (host → organisation, login hand-over tokens), read before a
    # schema is chosen; nothing of an organisation's own data may go here.
    "platform": {**_cache_backend, "KEY_PREFIX": f"{CACHE_KEY_PREFIX}-platform"},
    # Rendered HTML that depends only on what its key holds (a post's head and body, keyed by
    # Post.display_version): kept in each process, so a feed page needs no round trip for its
    # twenty posts.
    "fragments": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "fragments",
        "TIMEOUT": 24 * 3600,
        "OPTIONS": {"MAX_ENTRIES": env.int("FRAGMENT_CACHE_ENTRIES", default=5000)},
        **_SCHEMA_KEYS,
    },
}

BROKER_URL = env.str("BROKER_URL", default="") or embedded.broker_url_for(DATABASE_URL)
CELERY_BROKER_URL = BROKER_URL
CELERY_TASK_DEFAULT_QUEUE = env.str(
    "CELERY_QUEUE", default=f"celery-{_TEST_PROCESS}" if _TEST_PROCESS else "celery"
)
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True


def _in_every_schema(task: str, schedule: float) -> dict[str, object]:
    """A beat entry that runs ``task`` in public and once inside every ready organisation."""
    return {
        "task": "tenants.tasks.fan_out_to_organisations",
        "schedule": schedule,
        "args": (task,),
        "kwargs": {"and_public": True},
    }


CELERY_IMPORTS = ("config.metrics",)  # the queue canary (config/metrics.py)
CELERY_BEAT_SCHEDULE: dict[str, dict[str, object]] = {
    # Every minute: a canary task measures how long the queue makes tasks wait (/metrics).
    "queue-canary": {"task": "config.metrics.send_queue_canary", "schedule": 60.0},
    "purge-deactivated-organisations": {
        "task": "tenants.tasks.purge_expired_organisations",
        "schedule": 3600.0,
    },
    # Daily: every verified custom domain's TXT record again (one task per domain).
    "reverify-custom-domains": {
        "task": "tenants.tasks.reverify_custom_domains",
        "schedule": 24 * 3600.0,
    },
    "recheck-domain-claims": {
        "task": "tenants.tasks.recheck_domain_claims",
        "schedule": 600.0,
    },
    # Jobs for the network and every organisation: one fan-out sends them into each schema.
    # Hourly: each person's digest goes out when their chosen frequency is due.
    "notification-digests": _in_every_schema("notifications.tasks.send_due_digests", 3600.0),
    # Every 15 minutes: "yes" attendees of events starting within a day get one reminder.
    "event-reminders": _in_every_schema("events.tasks.send_event_reminders", 900.0),
    # Hourly: assignees of tasks past their due date get one reminder per task and due date.
    "task-overdue-reminders": _in_every_schema(
        "taskboard.tasks.send_overdue_task_reminders", 3600.0
    ),
    # Every 5 minutes: proposals whose closing time has passed are closed and announced.
    "close-due-proposals": _in_every_schema("decisions.tasks.close_due_proposals", 300.0),
    "impact-snapshots": {"task": "impact.tasks.take_daily_snapshots", "schedule": 3600.0},
    # Pictures kept for an impulse form that came back with an error and was never re-sent.
    "purge-pending-images": {
        "task": "public_marketplace.tasks.purge_pending_images",
        "schedule": 3600.0,
    },
    # Hourly: open support goals past their deadline are marked missed (and the box is told).
    "mark-missed-goals": {
        "task": "public_marketplace.tasks.mark_missed_goals",
        "schedule": 3600.0,
    },
    # Stripe events stored but not processed (a worker died): picked up again, once.
    "stripe-event-retry": {
        "task": "billing.tasks.retry_unprocessed_stripe_events",
        "schedule": 60.0,
    },
    "billing-reconciliation": {
        "task": "billing.tasks.reconcile_billing_accounts",
        "schedule": 3600.0,
    },
    # Nightly: what changed in the councils' information systems (OParl), every source.
    "oparl-import": {"task": "oparl.tasks.import_all_sources", "schedule": 24 * 3600.0},
}

# OParl import (oparl/importer.py): seconds to connect and to read one page; the largest page
# read; tries per page on a connection error, timeout or 5xx before the run stops (to resume).
OPARL_TIMEOUT = (
    env.float("OPARL_CONNECT_TIMEOUT", default=5.0),
    env.float("OPARL_READ_TIMEOUT", default=60.0),
)
OPARL_MAX_PAGE_BYTES = env.int("OPARL_MAX_PAGE_BYTES", default=32 * 1024 * 1024)
OPARL_TRIES = env.int("OPARL_TRIES", default=3)
OPARL_RETRY_SECONDS = env.float("OPARL_RETRY_SECONDS", default=2.0)

# --- Sessions, auth, security -------------------------------------------------------------

SESSION_ENGINE = "django.contrib.sessions.backends.db"
# One login across the root domain and every <slug>.<BASE_DOMAIN> subdomain.
# Browsers refuse Domain=localhost cookies; there (and on custom domains) the login bridge in
# accounts/bridge.py hands the session over instead.
SESSION_COOKIE_DOMAIN = env.str("SESSION_COOKIE_DOMAIN", default="") or (
    None if BASE_DOMAIN == "localhost" else f".{BASE_DOMAIN}"
)
CSRF_COOKIE_DOMAIN = SESSION_COOKIE_DOMAIN
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_TRUSTED_ORIGINS = env.list(
    "CSRF_TRUSTED_ORIGINS",
    default=[f"{BASE_URL_SCHEME}://*.{BASE_DOMAIN}"]
    + ([f"{BASE_URL_SCHEME}://{BASE_DOMAIN}:{BASE_PORT}"] if BASE_PORT else []),
)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not (DEBUG or TESTING))
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Proxies (addresses or networks) whose X-Forwarded-For is believed (config/middleware.py
# ClientAddressMiddleware). Empty: the connection's own address is the client's.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# WEB-7: features no page uses are denied for every origin (an empty allow-list).
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "bluetooth",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}
# Security keys and passkeys (MFA_SUPPORTED_TYPES) need WebAuthn on our own origin.
PERMISSIONS_POLICY["publickey-credentials-create"] = ["self"]
PERMISSIONS_POLICY["publickey-credentials-get"] = ["self"]
# Content Security Policy without inline script (docs/security.md WEB-1).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        # Stripe's Checkout and Billing Portal: a form posts to us and we redirect there.
        "form-action": ["'self'", "https://checkout.stripe.com", "https://billing.stripe.com"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# django-allauth: e-mail login, mandatory verification, password reset.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = env.str("ACCOUNT_EMAIL_VERIFICATION", default="mandatory")
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
# People who joined with an e-mail link and no password (public_marketplace/services/
# without_account.py) log in again with a code sent by e-mail; an account with 2FA still asks
# for its second factor after the code.
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
# Failed logins are counted by django-axes (accounts/lockout.py), not allauth's own limiter.
ACCOUNT_RATE_LIMITS = {"login_failed": None}
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
# The product's name, not the host the mail was sent from (templates/account/email/ likewise).
ACCOUNT_EMAIL_SUBJECT_PREFIX = "WeCreate: "
ACCOUNT_FORMS = {"signup": "accounts.forms.SignupForm"}  # adds the optional display name
# Single sign-on per organisation (sso app, docs/security.md AUTH-9): apps come only from the
# organisation's own configuration; e-mail matching is switched on per app, for allowed domains.
SOCIALACCOUNT_ADAPTER = "sso.adapter.SocialAccountAdapter"
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"  # only IdP-verified addresses get this far
# Key for the sealed client secrets; defaults to one derived from SECRET_KEY.
SSO_SECRET_KEY = env.str("SSO_SECRET_KEY", default="")
# Second factor (docs/security.md AUTH-5): TOTP apps, security keys/passkeys, recovery codes.
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG  # http://localhost in development
MFA_TOTP_ISSUER = "WeCreate"
# Platform staff reach the admin only with a second factor (off for the test suite's cast).
STAFF_REQUIRE_TWO_FACTOR = env.bool("STAFF_REQUIRE_TWO_FACTOR", default=not (DEBUG or TESTING))
# Login lockout (docs/security.md AUTH-4): LOGIN_FAILURE_LIMIT failed logins for one account, or
# from one address, lock that account or address for LOGIN_LOCKOUT_MINUTES, on every host and
# for every way to log in. A successful login clears the account's count.
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_USERNAME_CALLABLE = "accounts.lockout.login_of"
AXES_CLIENT_IP_CALLABLE = "accounts.lockout.client_address"
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
# Failures while locked do not extend the lock: its end is predictable for the real person.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = False  # accounts/lockout.forget_failures clears the account's rows only
AXES_DISABLE_ACCESS_LOG = True  # successful logins are not recorded (data minimisation)
AXES_VERBOSE = False
LOGIN_REDIRECT_URL = "/"
LOGIN_URL = "account_login"

# --- Internationalisation -----------------------------------------------------------------

LANGUAGE_CODE = "de"
LANGUAGES = [("de", "Deutsch"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_DOMAIN = SESSION_COOKIE_DOMAIN
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

# --- Static files (KERN UX and htmx from npm, see package.json) ---------------------------

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / ".local" / "staticfiles"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise expects it before collectstatic
WHITENOISE_USE_FINDERS = DEBUG or TESTING
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("kern", BASE_DIR / "node_modules" / "@kern-ux" / "native" / "dist"),
    ("htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
]
# Uploaded files (docs/operations.md "Files in object storage"): the local file system unless an
# S3 bucket is configured, either as STORAGE_URL=s3://KEY:SECRET@HOST[:PORT]/BUCKET?region=..
# (&secure=false for plain HTTP) or as AWS_STORAGE_BUCKET_NAME with AWS_S3_ENDPOINT_URL,
# AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY. The bucket stays private: pictures stream through
# /media/, documents answer with a signed URL that expires after STORAGE_SIGNED_URL_SECONDS.
STORAGE_URL = env.str("STORAGE_URL", default="")
STORAGE_SIGNED_URL_SECONDS = env.int("STORAGE_SIGNED_URL_SECONDS", default=60)
OBJECT_STORAGE: dict[str, object] | None = None
if STORAGE_URL:
    _bucket_url = urllib.parse.urlsplit(STORAGE_URL)
    _bucket_query = dict(urllib.parse.parse_qsl(_bucket_url.query))
    if _bucket_url.scheme != "s3" or not _bucket_url.hostname or not _bucket_url.path.strip("/"):
        raise ImproperlyConfigured("STORAGE_URL: s3://KEY:SECRET@HOST[:PORT]/BUCKET expected")
    _bucket_http = "http" if _bucket_query.get("secure", "true") == "false" else "https"
    _bucket_port = f":{_bucket_url.port}" if _bucket_url.port else ""
    OBJECT_STORAGE = {
        "bucket_name": _bucket_url.path.strip("/"),
        "endpoint_url": f"{_bucket_http}://{_bucket_url.hostname}{_bucket_port}",
        "access_key": urllib.parse.unquote(_bucket_url.username or ""),
        "secret_key": urllib.parse.unquote(_bucket_url.password or ""),
        "region_name": _bucket_query.get("region") or None,
        "addressing_style": _bucket_query.get("addressing_style") or None,
    }
elif env.str("AWS_STORAGE_BUCKET_NAME", default=""):
    OBJECT_STORAGE = {
        "bucket_name": env.str("AWS_STORAGE_BUCKET_NAME"),
        "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
        "access_key": env.str("AWS_ACCESS_KEY_ID", default=""),
        "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default=""),
        "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
        "addressing_style": env.str("AWS_S3_ADDRESSING_STYLE", default="") or None,
    }
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not (DEBUG or TESTING)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
if OBJECT_STORAGE is not None:
    _bucket_options = {
        **OBJECT_STORAGE,
        "default_acl": None,  # the bucket's own (private) policy; never public-read
        "querystring_auth": True,
        "querystring_expire": STORAGE_SIGNED_URL_SECONDS,
        "file_overwrite": False,
        "signature_version": "s3v4",
    }
    # Pictures and pending pictures under media/, documents under documents/<schema>/.
    STORAGES["default"] = {
        "BACKEND": "config.storage.MediaStorage",
        "OPTIONS": {**_bucket_options, "location": "media"},
    }
    STORAGES["documents"] = {
        "BACKEND": "config.storage.DocumentStorage",
        "OPTIONS": {**_bucket_options, "location": "documents"},
    }
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / ".local" / "media")
MEDIA_URL = "/media/"
# Documents of intranets and boxes (documents/storage.py): a private folder per schema, outside
# MEDIA_ROOT and served by no route; only the download views read it, after a permission check.
# Test runs write into a fresh temporary folder, never into the checkout.
DOCUMENTS_ROOT = env.path(
    "DOCUMENTS_ROOT",
    default=(
        Path(tempfile.mkdtemp(prefix="wecreate-documents-"))
        if TESTING
        else BASE_DIR / ".local" / "documents"
    ),
)
DOCUMENTS_MAX_FILE_MB = env.int("DOCUMENTS_MAX_FILE_MB", default=25)
# UPL-1: every uploaded picture (logo, impulse picture, image document and attachment).
UPLOAD_IMAGE_MAX_MB = env.int("UPLOAD_IMAGE_MAX_MB", default=10)
UPLOAD_IMAGE_MAX_PIXELS = env.int("UPLOAD_IMAGE_MAX_PIXELS", default=40_000_000)
# The network has no plan: what the public schema's boxes may store together.
DOCUMENTS_NETWORK_STORAGE_MB = env.int("DOCUMENTS_NETWORK_STORAGE_MB", default=10_240)
# Custom domain verification (tenants/custom_domains.py): the resolvers to ask; empty = the
# system's. Tests point them at a local DNS server.
DNS_NAMESERVERS = env.list("DNS_NAMESERVERS", default=[])
DNS_PORT = env.int("DNS_PORT", default=53)
DNS_TIMEOUT_SECONDS = env.float("DNS_TIMEOUT_SECONDS", default=5.0)

# --- E-mail -------------------------------------------------------------------------------

_email = env.email_url("EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email.get("EMAIL_HOST", "")
EMAIL_PORT = _email.get("EMAIL_PORT") or 25
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = bool(_email.get("EMAIL_USE_TLS", False))
EMAIL_USE_SSL = bool(_email.get("EMAIL_USE_SSL", False))
EMAIL_FILE_PATH = _email.get("EMAIL_FILE_PATH")  # filemail:// (used by the browser tests)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="WeCreate <noreply@wecreate.example>")

# --- API ----------------------------------------------------------------------------------

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    # Deny by default: every view names who may use it (config.api_permissions.DenyAll, AUTH-1).
    "DEFAULT_PERMISSION_CLASSES": ["config.api_permissions.DenyAll"],
    "DEFAULT_SCHEMA_CLASS": "config.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {"anon": "120/min", "user": "600/min", "token": "10/min"},
    # REMOTE_ADDR only: ClientAddressMiddleware has resolved trusted proxies already.
    "NUM_PROXIES": 0,
    "EXCEPTION_HANDLER": "config.api.exception_handler",
    "DEFAULT_METADATA_CLASS": "config.api_metadata.Metadata",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "WeCreate API",
    "DESCRIPTION": "The public network and organisation intranets of WeCreate.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Request bodies are JSON (uploads say multipart/form-data themselves). DRF also parses
    # forms, but a form cannot carry null, lists or nested objects as the schema describes.
    "PARSER_WHITELIST": ["rest_framework.parsers.JSONParser"],
    # Several models have a "status"; each choice set gets its own name in the schema.
    "ENUM_NAME_OVERRIDES": {
        "TaskStatusEnum": "taskboard.models.Status",
        "ImpulseKindEnum": "public_marketplace.models.ImpulseKind",
        "ImpulseStatusEnum": "public_marketplace.models.ImpulseStatus",
        "WorkspaceRoleEnum": "workspaces.models.WorkspaceRole",
        "InvitationKindEnum": "public_marketplace.api_boxes.INVITATION_KINDS",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "config.openapi.refuse_nul_in_parameters",
    ],
}

# --- Stripe -------------------------------------------------------------------------------

STRIPE_SECRET_KEY = env.str("STRIPE_SECRET_KEY", default="")
STRIPE_PUBLISHABLE_KEY = env.str("STRIPE_PUBLISHABLE_KEY", default="")
STRIPE_WEBHOOK_SECRET = env.str("STRIPE_WEBHOOK_SECRET", default="")
STRIPE_API_BASE = env.str("STRIPE_API_BASE", default="")
# True when STRIPE_API_BASE points at the local double (localstripe), which speaks Stripe's
# older API dialect (Plans instead of Prices); billing/gateway.py then speaks it through the
# adapter in billing/local_double.py.
STRIPE_LOCAL_DOUBLE = env.bool("STRIPE_LOCAL_DOUBLE", default=False)

# --- Observability ------------------------------------------------------------------------

SENTRY_DSN = env.str("SENTRY_DSN", default="")
# Prometheus scrapes /metrics with "Authorization: Bearer <METRICS_TOKEN>"; unset: no endpoint.
METRICS_TOKEN = env.str("METRICS_TOKEN", default="")
LOG_LEVEL = env.str("LOG_LEVEL", default="INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_context": {"()": "config.logging.RequestContextFilter"}},
    "formatters": {"json": {"()": "config.logging.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["request_context"],
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.server": {"level": "WARNING"},
        "embedded_postgres": {"level": "WARNING"},
        "stripe": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},  # one INFO line per rendering step
        "fontTools": {"level": "WARNING"},
    },
}

if SENTRY_DSN:  # pragma: no cover - needs a DSN
    from config.observability import init_sentry

    init_sentry(SENTRY_DSN, environment=env.str("SENTRY_ENVIRONMENT", default="production"))

# Organisation lifecycle
ORGANISATION_PURGE_GRACE_DAYS = env.int("ORGANISATION_PURGE_GRACE_DAYS", default=30)
INVITATION_VALID_DAYS = env.int("INVITATION_VALID_DAYS", default=14)
TENANT_CACHE_SECONDS = env.int("TENANT_CACHE_SECONDS", default=300)
