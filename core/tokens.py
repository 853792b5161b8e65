"""What makes an API token valid: its lifetime, and its user's credentials unchanged.

Apart from `core.authtoken` (the endpoints): DRF's settings import the authentication
class while DRF's views module is still loading, so this module imports no DRF view.
"""

import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

TOKEN_EXPIRED = _("This API token has expired. Sign in again at /api/v1/auth/token/ for a new one.")


def token_expires(token) -> datetime.datetime:
    """When `token` stops being accepted."""
    return token.created + settings.API_TOKEN_LIFETIME


def token_for(user):
    """The user's live token: the one they have, or a new one if it has expired."""
    from rest_framework.authtoken.models import Token  # a model: not at import time

    token, created = Token.objects.get_or_create(user=user)
    if not created and token_expires(token) <= timezone.now():
        token.delete()
        token = Token.objects.create(user=user)
    return token


class ExpiringTokenAuthentication(TokenAuthentication):
    """DRF's token authentication, refusing a token older than `API_TOKEN_LIFETIME`."""

    def authenticate_credentials(self, key: str):
        user, token = super().authenticate_credentials(key)
        if token_expires(token) <= timezone.now():
            raise exceptions.AuthenticationFailed(TOKEN_EXPIRED)
        return user, token


def revoke_tokens_on_credential_change(sender, instance, update_fields=None, **kwargs) -> None:
    """`pre_save` of the user model: a new password or a deactivation deletes the user's token.

    A signal, not a service call, because passwords change through Django's own paths
    (the admin's password form, `changepassword`, a hash upgraded at sign-in) that call no
    service of ours; a session ends the same way (Django checks the password hash), and a
    token must not outlive what ended the session.
    """
    if instance.pk is None or instance._state.adding:
        return
    if update_fields is not None and not {"password", "is_active"} & set(update_fields):
        return
    before = sender.objects.filter(pk=instance.pk).values("password", "is_active").first()
    if before is None:
        return
    if before["password"] != instance.password or (before["is_active"] and not instance.is_active):
        from rest_framework.authtoken.models import Token

        Token.objects.filter(user_id=instance.pk).delete()
