"""Security plumbing the settings point to: the Content-Security-Policy header, the client
address the sign-in lockout counts by, the lockout answer, and a 500 that leaks nothing.

The policy values themselves live in settings; this module only applies them.
"""

import math
from collections.abc import Callable

from django.conf import settings
from django.contrib import admin
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views import defaults

LOCKED_OUT = _(
    "Too many failed sign-in attempts for this account from your address. Try again in "
    "%(minutes)s minutes, or ask an administrator to unlock the account."
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


def lockout_message() -> str:
    """The lockout text in the active language, with the cool-off in whole minutes."""
    minutes = math.ceil(settings.AXES_COOLOFF_TIME.total_seconds() / 60)
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
            {"detail": lockout_message()}, status=settings.AXES_HTTP_RESPONSE_CODE
        )
    else:
        context = {
            **admin.site.each_context(request),
            "title": _("Sign-in locked"),
            "message": lockout_message(),
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
