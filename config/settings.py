"""Settings for the programme tracker, read from the environment.

Every variable is listed with a safe development value in `.env.example`. Without any
environment the project runs on an embedded SQLite file with DEBUG on, which is what
`make run` and `make test` need on a bare machine.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from config.api_settings import SPECTACULAR, rest_framework
from config.env import env_bool, env_int, env_list

BASE_DIR = Path(__file__).resolve().parent.parent


DEVELOPMENT_SECRET_KEY = "django-insecure-development-only-change-me-in-every-deployment"
SECRET_KEY = os.environ.get("SECRET_KEY", DEVELOPMENT_SECRET_KEY)
DEBUG = env_bool("DEBUG", True)
# A production process with a key that is in the repository would sign sessions, password
# reset links and CSRF tokens that anyone can forge: refuse to start rather than warn.
if not DEBUG and (
    SECRET_KEY == DEVELOPMENT_SECRET_KEY or SECRET_KEY.startswith("django-insecure-")
):
    raise ImproperlyConfigured(
        "DEBUG is off but SECRET_KEY is the development key. Set SECRET_KEY to a long random "
        "value kept out of the repository, e.g. the output of "
        "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`."
    )
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "simple_history",
    "programmes",
    "care",
    "indicators",
    "awards",
    "collection",
    "reports",
    "jobs",
    "dashboards",
    "demo",
]

# Background jobs (jobs/): RQ on Redis carries "run job N" to `manage.py jobs_worker`; the
# job's state is a row in the database. JOBS_EAGER runs each job in the request that
# starts it, once its transaction commits (tests, and the demo without Redis). A worker
# renews its job's lease every JOBS_MONITOR_SECONDS; a job whose lease has not been renewed
# for JOBS_LEASE_GRACE_SECONDS more (its worker died) is retried once by another worker's
# clean-up, run every JOBS_MAINTENANCE_SECONDS. See docs/performance.md, "Background jobs".
JOBS_REDIS_URL = os.environ.get("JOBS_REDIS_URL", "redis://127.0.0.1:6379/0")
JOBS_QUEUE = os.environ.get("JOBS_QUEUE", "tracker")
JOBS_EAGER = env_bool("JOBS_EAGER", False)
JOBS_TIMEOUT_SECONDS = env_int("JOBS_TIMEOUT_SECONDS", 3600)
JOBS_MONITOR_SECONDS = env_int("JOBS_MONITOR_SECONDS", 30)
JOBS_LEASE_GRACE_SECONDS = env_int("JOBS_LEASE_GRACE_SECONDS", 60)
JOBS_MAINTENANCE_SECONDS = env_int("JOBS_MAINTENANCE_SECONDS", 60)
JOBS_KEEP_SECONDS = env_int("JOBS_KEEP_SECONDS", 7 * 24 * 60 * 60)
JOBS_IMPORT_MAX_ROWS = env_int("JOBS_IMPORT_MAX_ROWS", 200_000)

# Called by `care.services` inside the write's transaction after care-model reports change,
# with the (kind, area id, year) keys whose sums may differ: the indicators fed by care
# models recompute those figures. `care` may not import `indicators`; this names the call.
CARE_REPORTS_CHANGED_HOOK = "indicators.feeds.on_reports_changed"
# Called by the figures' workflow with the figures submitted or approved: the validation
# rules they break and their outliers (DESIGN.md §4 rule 10), shown to the submitter and the
# approver; approving a broken rule needs a comment. `indicators` may not import `collection`.
FIGURE_QUALITY_HOOK = "collection.workflow.workflow_warnings"
# Four eyes (DESIGN.md §4 rule 6): nobody approves what they entered or last changed,
# superusers included. On only for a one-person department; each self-approval is then
# recorded in the history of what was approved.
FOUR_EYES_SELF_APPROVAL_ALLOWED = env_bool("FOUR_EYES_SELF_APPROVAL_ALLOWED", False)

MIDDLEWARE = [
    # First, so a read whose database connection dropped runs once more, whole.
    "core.reliability.RetryReadsOnDroppedConnectionMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Before anything reads the database: it decides where this request's reads go.
    "core.db_router.ReplicaMiddleware",
    "core.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.security.RefuseNulInQueryMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Gives the audit trail the signed-in user of each request.
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes requires: it turns a lockout flagged during sign-in into a page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

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
                "django.template.context_processors.i18n",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Streaming replicas of the primary (comma-separated URLs, none by default): safe requests
# outside the admin read from one of them, through core.db_router; writes, and a client's
# reads for REPLICA_READ_YOUR_WRITES_SECONDS after its own write, go to the primary. A
# replica that cannot be reached, or lags more than REPLICA_MAX_LAG_SECONDS, is left out
# until its next check (every REPLICA_CHECK_SECONDS in each process). The window must
# cover the lag allowed plus the time between checks. docs/performance.md, "Read replicas".
DATABASE_REPLICAS: list[str] = []
for _number, _url in enumerate(env_list("DATABASE_REPLICA_URLS", ""), start=1):
    _alias = f"replica{_number}"
    DATABASES[_alias] = dj_database_url.parse(
        _url,
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
    DATABASES[_alias].setdefault("OPTIONS", {}).setdefault("connect_timeout", 2)
    # Tests run against the primary's test database only.
    DATABASES[_alias]["TEST"] = {"MIRROR": "default"}
    DATABASE_REPLICAS.append(_alias)
DATABASE_ROUTERS = ["core.db_router.ReplicaRouter"]
REPLICA_MAX_LAG_SECONDS = float(os.environ.get("REPLICA_MAX_LAG_SECONDS", "5"))
REPLICA_CHECK_SECONDS = float(os.environ.get("REPLICA_CHECK_SECONDS", "5"))
REPLICA_READ_YOUR_WRITES_SECONDS = env_int("REPLICA_READ_YOUR_WRITES_SECONDS", 15)
REPLICA_COOKIE = "tracker_wrote_at"

# The lockout backend first: it refuses a locked-out username+address before any password
# is checked, and it needs the request, so every sign-in must pass one to authenticate().
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Then the address as a whole, against password spraying (see the lockout settings).
    "core.security.AddressLockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Every account here is staff of a department handling children's data: 12 characters at
# least, checked against the user's own details and the common-password list.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Vietnamese first, English complete. Numbers and dates go through the locale:
# 32,9 and 1.234.567 in Vietnamese, 32.9 and 1,234,567 in English.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]
USE_I18N = True
USE_THOUSAND_SEPARATOR = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
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

LOGIN_URL = "dashboards:login"
LOGIN_REDIRECT_URL = "dashboards:home"
# Where the admin lives, e.g. "quan-tri-7f3a/": moving it off /admin/ spares the logs most
# of the robots that try default paths. Not a defence by itself; the lockout is.
ADMIN_URL = os.environ.get("ADMIN_URL", "admin/").strip("/") + "/"

# The body that owns the programmes changed in 2025 (DoLISA, then the Departments of
# Health and of Home Affairs), so its name is configuration, never code.
DEPARTMENT_NAME = os.environ.get("DEPARTMENT_NAME", "Sở Y tế tỉnh Minh Hòa (minh họa)")

# Data quality (collection.quality): a figure is an outlier when it lies further than this
# many robust standard deviations from the median of its reference set (Iglewicz and
# Hoaglin's 3.5 for the modified z-score), judged only when that set has this many values.
COLLECTION_OUTLIER_THRESHOLD = os.environ.get("COLLECTION_OUTLIER_THRESHOLD", "3.5")
COLLECTION_OUTLIER_MIN_VALUES = env_int("COLLECTION_OUTLIER_MIN_VALUES", 4)

# A bulk upsert of 10,000 figures (the most one request takes) is about 2 MB of JSON,
# with notes more; Django's default of 2.5 MB would refuse the larger ones.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# The REST framework and the API schema: config/api_settings.py.
REST_FRAMEWORK = rest_framework(debug=DEBUG)
SPECTACULAR_SETTINGS = SPECTACULAR

# An API token is refused this many days after it was issued; signing in again at
# /api/v1/auth/token/ gives a new one. A password change or a deactivation revokes it.
API_TOKEN_LIFETIME = timedelta(days=env_int("API_TOKEN_LIFETIME_DAYS", 30))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# --- Production security ----------------------------------------------------------------
# Every value below is safe for development with DEBUG on, and becomes the production value
# when DEBUG is off, so that `manage.py check --deploy --fail-level WARNING` passes with no
# more than DEBUG=0, a real SECRET_KEY and ALLOWED_HOSTS. Each can still be set on its own.

# HTTPS only. Behind a proxy that terminates TLS, tell Django which header the proxy sets,
# e.g. SECURE_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO,https; only if the proxy always sets
# (or strips) that header, or a client could claim HTTPS over plain HTTP.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
_proxy_ssl_header = env_list("SECURE_PROXY_SSL_HEADER", "")
if _proxy_ssl_header and len(_proxy_ssl_header) != 2:
    raise ImproperlyConfigured(
        "SECURE_PROXY_SSL_HEADER takes a header and a value, e.g. HTTP_X_FORWARDED_PROTO,https."
    )
SECURE_PROXY_SSL_HEADER = tuple(_proxy_ssl_header) or None
# One year once in production. Preload stays off unless the domain's owner decides it: the
# browser preload list commits every subdomain of the registered domain to HTTPS for good.
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# The deployment check warns when preload is off (security.W021); off is a decision here.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Sent on every response by core.security.ContentSecurityPolicyMiddleware (Django 5.2 has
# none of its own). No inline script or style: templates load static files only. (DRF's
# browsable API keeps a few inline style attributes; blocked, they only cost looks.)
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
)
# No page needs the camera, microphone, location or payment; say so to the browser.
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

# Cookies only over HTTPS in production, and never readable by scripts: the admin, the
# browsable API and the API docs take the CSRF token from the page, not from the cookie.
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
# A session lasts one working day (8 hours) at most, and ends when the browser closes.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Uploaded files readable by the app's user and group only, never by the world.
FILE_UPLOAD_PERMISSIONS = 0o640
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o750

# --- Sign-in lockout (django-axes) --------------------------------------------------------
# After AXES_FAILURE_LIMIT failed sign-ins of one username from one address within the
# cool-off, that username is refused from that address until the cool-off has passed or an
# administrator runs `manage.py axes_reset`. Locking by the pair, not by address alone,
# keeps one officer's typos behind an office NAT from locking out the whole department.
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_HTTP_RESPONSE_CODE = 429
AXES_LOCKOUT_CALLABLE = "core.security.lockout_response"
AXES_CLIENT_IP_CALLABLE = "core.security.client_ip_address"
# The username as typed, cut to the 255 characters axes' tables hold (no 500 on a longer one).
AXES_USERNAME_CALLABLE = "core.security.sign_in_username"
# Password spraying: this many failed sign-ins from one address within the cool-off, over
# any usernames, refuse every sign-in from it until the cool-off has passed (0: off). Well
# above AXES_FAILURE_LIMIT, since an office behind one address shares it.
SIGN_IN_ADDRESS_FAILURE_LIMIT = env_int("SIGN_IN_ADDRESS_FAILURE_LIMIT", 20)
# Behind reverse proxies, the client address is read from X-Forwarded-For: the address the
# outermost of this many trusted proxies saw. 0 (no proxy) reads REMOTE_ADDR and ignores
# the header, which any client can forge.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
