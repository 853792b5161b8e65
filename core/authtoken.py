"""API tokens: signing in for one, their lifetime, and their revocation.

`POST /api/v1/auth/token/` is DRF's ObtainAuthToken, answering JSON only, with the sign-in
lockout made visible: the serializer passes the request to `authenticate()`, so
django-axes counts every failure and refuses a locked-out username+address pair before its
password is even checked. It is throttled per address and per username (`TOKEN_THROTTLES`).

A token lives `API_TOKEN_LIFETIME` from its creation (`ExpiringTokenAuthentication`
refuses it afterwards; signing in again gives a new one), and dies with its user's
password or active status (`revoke_tokens_on_credential_change`). `auth/tokens/` lists
tokens (an administrator's: every one; anyone else's: their own) and revokes one. The
token's key is shown only once, when it is issued; the lists never show it.
"""

from django.conf import settings
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    inline_serializer,
)
from rest_framework import generics, permissions, serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle

from core.api import JSON_RENDERERS, AddressRateThrottle, JSONParser
from core.security import lockout_message
from core.tokens import token_expires, token_for

# No account has a longer name (Django's usernames are 150 characters at most): refused
# before any sign-in is attempted or recorded.
USERNAME_MAX_LENGTH = 150


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=USERNAME_MAX_LENGTH)
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)


class CredentialsSerializer(AuthTokenSerializer):
    """DRF's check of the credentials, with the username's length bounded."""

    username = serializers.CharField(
        label=AuthTokenSerializer().fields["username"].label,
        max_length=USERNAME_MAX_LENGTH,
        write_only=True,
    )


class TokenResponseSerializer(serializers.Serializer):
    token = serializers.CharField()
    expires = serializers.DateTimeField()


class SignInAddressThrottle(AddressRateThrottle):
    """Token requests from one address."""

    scope = "sign_in_address"


class SignInUsernameThrottle(SimpleRateThrottle):
    """Token requests for one username, from wherever they come."""

    scope = "sign_in_username"

    def get_cache_key(self, request: Request, view) -> str | None:
        data = request.data if hasattr(request.data, "get") else {}
        username = data.get("username")
        if not isinstance(username, str) or not username:
            return None
        return self.cache_format % {"scope": self.scope, "ident": username[:150].lower()}


TOKEN_THROTTLES = (SignInAddressThrottle, SignInUsernameThrottle)


class TokenObtainView(ObtainAuthToken):
    """Returns the API token of the user whose username and password are given.

    400 for wrong credentials; 429 with `{"detail"}` once too many sign-ins of that
    username from this address (or from this address at all) have failed within the
    cool-off, or too many requests came from this address or for this username.
    """

    # No session or token authentication here: the credentials are the body itself.
    authentication_classes = ()
    throttle_classes = TOKEN_THROTTLES
    serializer_class = CredentialsSerializer
    parser_classes = (JSONParser,)
    renderer_classes = (JSONRenderer,)

    @extend_schema(
        operation_id="auth_token_create",
        tags=["auth"],
        request=TokenRequestSerializer,
        responses={
            200: TokenResponseSerializer,
            400: OpenApiResponse(description="Missing or wrong username or password."),
            429: OpenApiResponse(
                response=inline_serializer("LockedOut", {"detail": serializers.CharField()}),
                description=(
                    "Too many failed sign-ins, or too many requests from this address or for "
                    "this username; retry after the Retry-After seconds."
                ),
            ),
        },
        auth=[],
    )
    def post(self, request: Request, *args, **kwargs) -> Response:
        serializer = self.get_serializer(data=request.data)
        if not serializer.is_valid():
            # django-axes flags the request it was given when the pair is (or becomes) locked.
            if getattr(request, "axes_locked_out", False):
                return Response(
                    {"detail": lockout_message(request)},
                    status=settings.AXES_HTTP_RESPONSE_CODE,
                    headers={"Retry-After": str(int(settings.AXES_COOLOFF_TIME.total_seconds()))},
                )
            return Response(serializer.errors, status=status.HTTP_400_BAD_REQUEST)
        token = token_for(serializer.validated_data["user"])
        answer = {"token": token.key, "expires": token_expires(token)}
        return Response(TokenResponseSerializer(answer).data)


class TokenInfoSerializer(serializers.ModelSerializer):
    """A token as the lists show it: whose, since when, until when; never its key."""

    username = serializers.CharField(source="user.get_username", read_only=True)
    expires = serializers.SerializerMethodField()

    class Meta:
        model = Token
        fields = ["user", "username", "created", "expires"]

    @extend_schema_field(serializers.DateTimeField())
    def get_expires(self, token: Token) -> str:
        return serializers.DateTimeField().to_representation(token_expires(token))


class TokenListView(generics.ListAPIView):
    """The API tokens the user may see: every one for an administrator, else their own."""

    serializer_class = TokenInfoSerializer
    permission_classes = [permissions.IsAuthenticated]
    renderer_classes = JSON_RENDERERS
    filter_backends = []

    def get_queryset(self):
        tokens = Token.objects.select_related("user").order_by("user__username")
        if getattr(self, "swagger_fake_view", False):  # the schema, drawn without a user
            return tokens.none()
        if self.request.user.is_superuser:
            return tokens
        return tokens.filter(user=self.request.user)

    @extend_schema(operation_id="auth_tokens_list", tags=["auth"])
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)


class TokenRevokeView(generics.DestroyAPIView):
    """Revokes the token of user `user` (an id): the user's own, or any for an administrator.

    Another user's token is 404, as if it did not exist.
    """

    serializer_class = TokenInfoSerializer
    permission_classes = [permissions.IsAuthenticated]
    renderer_classes = JSON_RENDERERS
    lookup_field = "user"
    lookup_url_kwarg = "user"

    def get_queryset(self):
        return TokenListView.get_queryset(self)

    @extend_schema(operation_id="auth_tokens_destroy", tags=["auth"], responses={204: None})
    def delete(self, request: Request, *args, **kwargs) -> Response:
        return super().delete(request, *args, **kwargs)
