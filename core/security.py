"""Security plumbing the settings point to: the Content-Security-Policy header, the client
address the sign-in lockout counts by, the lockout answer, and a 500 that leaks nothing.

The policy values themselves live in settings; this module only applies them.
"""

import math
from collections.abc import Callable

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import BadRequest, PermissionDenied
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import defaults

LOCKED_OUT = _(
    "Too many failed sign-in attempts for this account from your address. Try again in "
    "%(minutes)s minutes, or ask an administrator to unlock the account."
)
ADDRESS_LOCKED_OUT = _(
    "Too many failed sign-in attempts from your address. Try again in %(minutes)s minutes, "
    "or ask an administrator to unlock it."
)
SERVER_ERROR = _(
    "The server could not complete this request. The error has been recorded; try again "
    "later or tell the administrator the time it happened."
)


class ContentSecurityPolicyMiddleware:
    """Adds `settings.CONTENT_SECURITY_POLICY` to every response that has no policy yet.

    Placed just after SecurityMiddleware, it also covers the static files WhiteNoise
    serves and the error pages. It also sends `settings.PERMISSIONS_POLICY`, and keeps API
    answers out of every cache (`Cache-Control: no-store`) unless a view chose otherwise:
    they hold personal data, and a shared office computer or proxy must not keep them.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if settings.CONTENT_SECURITY_POLICY:
            response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        if settings.PERMISSIONS_POLICY:
            response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        if request.path_info.startswith("/api/"):
            response.headers.setdefault("Cache-Control", "no-store")
        return response


NUL_IN_QUERY = "A NUL character in the query string"


class RefuseNulInQueryMiddleware:
    """Answers 400 to a query string holding a NUL character (`%00`), before any view.

    No form of ours sends one, PostgreSQL refuses it in every text, and the admin's list
    filters pass query values to the database as they are: a 500, without this.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            raise BadRequest(NUL_IN_QUERY)
        return self.get_response(request)


def client_ip_address(request: HttpRequest) -> str | None:
    """The address a sign-in attempt comes from, as the lockout counts it.

    Without trusted proxies (`TRUSTED_PROXY_COUNT=0`) it is the socket's address; the
    X-Forwarded-For header is ignored, since any client can write one. Behind N proxies it
    is the address the outermost proxy saw: the N-th entry from the right of that header,
    each proxy having appended the address it received the request from.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")


# What django-axes' tables hold of a username; a longer one (no account has one) is cut.
RECORDED_USERNAME_LENGTH = 255


def sign_in_username(request: HttpRequest, credentials: dict | None = None) -> str | None:
    """The username a sign-in attempt is counted under (django-axes' AXES_USERNAME_CALLABLE).

    As typed, cut to what the lockout's tables hold: an anonymous client sending a username
    of thousands of characters gets "wrong username or password", not a 500.
    """
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        username = credentials.get(field)
    else:
        data = getattr(request, "data", request.POST)
        username = data.get(field) if hasattr(data, "get") else None
    return username[:RECORDED_USERNAME_LENGTH] if isinstance(username, str) else username


class AddressLockoutBackend:
    """Refuses every sign-in from an address that has failed too often lately, whatever
    the usernames tried: password spraying (a few passwords tried on every account).

    django-axes locks a username from an address after `AXES_FAILURE_LIMIT` failures, and
    cannot give the address alone a higher limit of its own. This backend, placed after
    axes', counts the address's failures that axes recorded within the cool-off; at
    `SIGN_IN_ADDRESS_FAILURE_LIMIT` (0: off) it flags the request as locked out, as axes
    does, so the same 429 answers. The limit is well above the per-account one: an office
    behind one address shares it. It has no `get_user`: it never signs anyone in, and a
    session is never bound to it.
    """

    def authenticate(self, request: HttpRequest | None, **credentials) -> None:
        limit = settings.SIGN_IN_ADDRESS_FAILURE_LIMIT
        if request is None or not limit or not settings.AXES_ENABLED:
            return None
        from axes.models import AccessAttempt  # an app's model: not at import time

        failures = AccessAttempt.objects.filter(
            ip_address=client_ip_address(request),
            attempt_time__gte=timezone.now() - settings.AXES_COOLOFF_TIME,
        ).aggregate(total=Sum("failures_since_start"))["total"]
        if (failures or 0) >= limit:
            request.axes_locked_out = True
            request.sign_in_address_locked_out = True
            raise PermissionDenied
        return None


def lockout_message(request: HttpRequest | None = None) -> str:
    """The lockout text in the active language, with the cool-off in whole minutes."""
    minutes = math.ceil(settings.AXES_COOLOFF_TIME.total_seconds() / 60)
    if getattr(request, "sign_in_address_locked_out", False):
        return str(ADDRESS_LOCKED_OUT) % {"minutes": minutes}
    return str(LOCKED_OUT) % {"minutes": minutes}


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict | None = None,
) -> HttpResponse:
    """What a locked-out client gets (django-axes' AXES_LOCKOUT_CALLABLE).

    JSON `{"detail": ...}` under /api/, the admin's lockout page elsewhere; both with
    status 429 and a Retry-After header giving the cool-off in seconds.
    """
    retry_after = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    if request.path_info.startswith("/api/"):
        response: HttpResponse = JsonResponse(
            {"detail": lockout_message(request)}, status=settings.AXES_HTTP_RESPONSE_CODE
        )
    else:
        context = {
            **admin.site.each_context(request),
            "title": _("Sign-in locked"),
            "message": lockout_message(request),
        }
        response = render(
            request, "admin/lockout.html", context, status=settings.AXES_HTTP_RESPONSE_CODE
        )
    response["Retry-After"] = retry_after
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: JSON without any detail of the failure under /api/, Django's page elsewhere.

    The traceback goes to the log (Django's request logger), never to the client.
    """
    if request.path_info.startswith("/api/"):
        return JsonResponse({"detail": str(SERVER_ERROR)}, status=500)
    return defaults.server_error(request)
