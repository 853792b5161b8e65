"""Settings from the environment: production values with DEBUG=0, and the deployment check.

Settings are read once per process, so production is exercised in a fresh `python` with
production-like environment variables, as a server would start.
"""

import json
import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection, connections

PRODUCTION = {
    "DEBUG": "0",
    "ALLOWED_HOSTS": "tracker.example.gov.vn",
}
# Variables a developer's shell might hold that would change what is tested.
CLEARED = (
    "SECRET_KEY",
    "SECURE_SSL_REDIRECT",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SESSION_COOKIE_AGE",
    "AXES_ENABLED",
    "AXES_FAILURE_LIMIT",
    "AXES_COOLOFF_MINUTES",
    "ADMIN_URL",
    "TRUSTED_PROXY_COUNT",
)
SHOWN = (
    "DEBUG",
    "SECURE_SSL_REDIRECT",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "CSRF_COOKIE_SECURE",
    "SESSION_COOKIE_AGE",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "X_FRAME_OPTIONS",
    "SILENCED_SYSTEM_CHECKS",
    "AXES_FAILURE_LIMIT",
)
SHOW_SETTINGS = (
    "import django, json; django.setup(); from django.conf import settings; "
    f"print(json.dumps({{name: getattr(settings, name) for name in {SHOWN!r}}}))"
)


def run(args: list[str], **environment: str) -> subprocess.CompletedProcess:
    env = {name: value for name, value in os.environ.items() if name not in CLEARED}
    env.update(DJANGO_SETTINGS_MODULE="config.settings", **environment)
    return subprocess.run(
        [sys.executable, *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def production_settings(**environment: str) -> dict:
    result = run(["-c", SHOW_SETTINGS], **{**PRODUCTION, "SECRET_KEY": random_key()}, **environment)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def random_key() -> str:
    return secrets.token_urlsafe(50)


def test_the_deployment_check_passes_with_production_variables():
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        **PRODUCTION,
        SECRET_KEY=random_key(),
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (1 silenced)." in result.stdout


def test_the_deployment_check_fails_when_a_production_default_is_turned_off():
    """The check above can fail: turning the HTTPS redirect off is reported."""
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        **PRODUCTION,
        SECRET_KEY=random_key(),
        SECURE_SSL_REDIRECT="0",
    )

    assert result.returncode == 1
    assert "security.W008" in result.stderr


def test_production_refuses_to_start_with_the_development_secret_key():
    result = run(["manage.py", "check"], **PRODUCTION)

    assert result.returncode == 1
    assert "ImproperlyConfigured" in result.stderr
    assert "DEBUG is off but SECRET_KEY is the development key" in result.stderr


def test_production_refuses_any_insecure_marked_key():
    result = run(["manage.py", "check"], **PRODUCTION, SECRET_KEY="django-insecure-" + random_key())

    assert result.returncode == 1
    assert "ImproperlyConfigured" in result.stderr


def test_development_runs_with_the_development_key():
    result = run(["manage.py", "check"], DEBUG="1")

    assert result.returncode == 0, result.stderr


def test_production_values_follow_from_debug_off():
    assert production_settings() == {
        "DEBUG": False,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_PROXY_SSL_HEADER": None,
        "SECURE_HSTS_SECONDS": 31_536_000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": False,
        "SESSION_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "CSRF_COOKIE_SECURE": True,
        "SESSION_COOKIE_AGE": 8 * 60 * 60,
        "SECURE_CONTENT_TYPE_NOSNIFF": True,
        "SECURE_REFERRER_POLICY": "same-origin",
        "X_FRAME_OPTIONS": "DENY",
        "SILENCED_SYSTEM_CHECKS": ["security.W021"],
        "AXES_FAILURE_LIMIT": 5,
    }


def test_each_production_value_can_be_set_from_the_environment():
    values = production_settings(
        SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO,https",
        SECURE_SSL_REDIRECT="0",
        SECURE_HSTS_SECONDS="3600",
        SECURE_HSTS_PRELOAD="1",
        SESSION_COOKIE_AGE="1800",
        AXES_FAILURE_LIMIT="3",
    )

    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["SECURE_HSTS_SECONDS"] == 3600
    assert values["SECURE_HSTS_PRELOAD"] is True
    assert values["SILENCED_SYSTEM_CHECKS"] == []  # preload on: nothing to silence
    assert values["SESSION_COOKIE_AGE"] == 1800
    assert values["AXES_FAILURE_LIMIT"] == 3


def test_a_malformed_proxy_header_setting_is_refused():
    result = run(
        ["manage.py", "check"],
        **PRODUCTION,
        SECRET_KEY=random_key(),
        SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO",
    )

    assert result.returncode == 1
    assert "SECURE_PROXY_SSL_HEADER takes a header and a value" in result.stderr


def test_uploaded_files_are_not_readable_by_other_users_of_the_server():
    assert settings.FILE_UPLOAD_PERMISSIONS == 0o640
    assert settings.FILE_UPLOAD_DIRECTORY_PERMISSIONS == 0o750


def test_development_keeps_cookies_usable_over_plain_http():
    assert settings.SESSION_COOKIE_SECURE is False
    assert settings.SECURE_SSL_REDIRECT is False
    assert settings.SECURE_HSTS_SECONDS == 0


def test_staff_passwords_need_twelve_characters():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        validate_password("Kq7#mZ2!pL")  # 10 characters
    assert refused.value.messages == [
        "This password is too short. It must contain at least 12 characters."
    ]
    validate_password("Kq7#mZ2!pLw9")


# --- database connections ---------------------------------------------------------------


def test_database_connections_are_health_checked_and_kept():
    database = settings.DATABASES["default"]

    assert database["CONN_HEALTH_CHECKS"] is True
    assert database["CONN_MAX_AGE"] == 60


def terminate_backend(pid: int) -> None:
    """What a restart of PostgreSQL does to an open connection, done from another one."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])


def reused_connection_after_server_side_close(health_checks: bool):
    """A persistent connection the server has closed, at the start of the next request."""
    wrapper = connections.create_connection("default")
    wrapper.settings_dict = {**wrapper.settings_dict, "CONN_HEALTH_CHECKS": health_checks}
    wrapper.ensure_connection()
    with wrapper.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    terminate_backend(pid)
    wrapper.close_if_unusable_or_obsolete()  # what Django does when a request starts
    return wrapper, pid


@pytest.mark.django_db
def test_a_connection_closed_by_the_server_is_replaced_at_the_next_request():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite has no server to restart")
    wrapper, old_pid = reused_connection_after_server_side_close(health_checks=True)
    try:
        with wrapper.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            assert cursor.fetchone()[0] != old_pid
    finally:
        wrapper.close()


@pytest.mark.django_db
def test_without_health_checks_the_same_request_would_fail():
    """The test above can fail: without the check, the dead connection is used and errors."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite has no server to restart")
    from django.db import OperationalError

    wrapper, _ = reused_connection_after_server_side_close(health_checks=False)
    try:
        with pytest.raises(OperationalError), wrapper.cursor() as cursor:
            cursor.execute("SELECT 1")
    finally:
        wrapper.close()


def test_env_example_lists_every_variable_the_settings_read():
    import re

    source = (settings.BASE_DIR / "config" / "settings.py").read_text()
    example = (settings.BASE_DIR / ".env.example").read_text()
    read = set(
        re.findall(r'(?:os\.environ\.get|env_bool|env_int|env_list)\(\s*"([A-Z_]+)"', source)
    )
    listed = set(re.findall(r"^#? ?([A-Z_]+)=", example, flags=re.MULTILINE))

    assert {"SECRET_KEY", "DEBUG", "SECURE_HSTS_SECONDS", "AXES_FAILURE_LIMIT"} <= read
    assert read - listed == set()


def test_production_serves_the_api_as_json_without_the_browsable_pages():
    """DRF's browsable pages carry inline styles the Content-Security-Policy blocks."""
    shown = "import django; django.setup(); from django.conf import settings; " + (
        "print(settings.REST_FRAMEWORK['DEFAULT_RENDERER_CLASSES'])"
    )
    production = run(["-c", shown], **PRODUCTION, SECRET_KEY=random_key())
    development = run(["-c", shown], DEBUG="1")

    assert production.stdout.strip().splitlines()[-1] == (
        "['rest_framework.renderers.JSONRenderer']"
    )
    assert development.stdout.strip().splitlines()[-1] == (
        "['rest_framework.renderers.JSONRenderer', 'rest_framework.renderers.BrowsableAPIRenderer']"
    )
