"""`POST /api/v1/auth/token/`: a username and password in, the user's API token out.

DRF's ObtainAuthToken, answering JSON only, with the sign-in lockout made visible: the
serializer passes the request to `authenticate()`, so django-axes counts every failure
and refuses a locked-out username+address pair before its password is even checked.
"""

from django.conf import settings
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.parsers import JSONParser
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from core.security import lockout_message


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField()
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)


class TokenResponseSerializer(serializers.Serializer):
    token = serializers.CharField()


class TokenObtainView(ObtainAuthToken):
    """Returns the API token of the user whose username and password are given.

    400 for wrong credentials; 429 with `{"detail"}` once too many sign-ins of that
    username from this address have failed within the cool-off.
    """

    # No session or token authentication here: the credentials are the body itself.
    authentication_classes = ()
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
                description="Too many failed sign-ins; retry after the Retry-After seconds.",
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
                    {"detail": lockout_message()},
                    status=settings.AXES_HTTP_RESPONSE_CODE,
                    headers={"Retry-After": str(int(settings.AXES_COOLOFF_TIME.total_seconds()))},
                )
            return Response(serializer.errors, status=status.HTTP_400_BAD_REQUEST)
        token, _ = Token.objects.get_or_create(user=serializer.validated_data["user"])
        return Response({"token": token.key})
