"""The REST framework's and the API schema's settings, imported by `config/settings.py`."""

import os


def rest_framework(*, debug: bool) -> dict:
    # Token first, so an anonymous request gets 401 with a WWW-Authenticate header (not 403).
    return {
        "DEFAULT_AUTHENTICATION_CLASSES": [
            # DRF's token, refused once older than API_TOKEN_LIFETIME.
            "core.tokens.ExpiringTokenAuthentication",
            "rest_framework.authentication.SessionAuthentication",
        ],
        "DEFAULT_PERMISSION_CLASSES": [
            "rest_framework.permissions.IsAuthenticated",
            # DRF's DjangoModelPermissions lets anyone signed in read; this one needs the view
            # permission for reads too (core.api.ModelPermissions).
            "core.api.ModelPermissions",
        ],
        # The browsable API is a developer's tool, and its template carries inline styles the
        # Content-Security-Policy blocks: production serves JSON (and CSV) only; the docs
        # at /api/v1/docs/ remain.
        "DEFAULT_RENDERER_CLASSES": [
            "rest_framework.renderers.JSONRenderer",
            *(["rest_framework.renderers.BrowsableAPIRenderer"] if debug else []),
        ],
        # DRF's, answering 400 to a body nested too deeply instead of a 500.
        "DEFAULT_PARSER_CLASSES": ["core.api.JSONParser"],
        "DEFAULT_CONTENT_NEGOTIATION_CLASS": "core.api.LanguageNegotiation",
        "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
        "DEFAULT_PAGINATION_CLASS": "core.api.StrictPageNumberPagination",
        "PAGE_SIZE": 100,
        "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
        "EXCEPTION_HANDLER": "core.api.exception_handler",
        # Every API request counts against its user (an anonymous one: its address) and its
        # address; the token endpoint has its own, tighter rates (core.authtoken). Counts live
        # in the default cache, per process unless a shared cache is configured.
        "DEFAULT_THROTTLE_CLASSES": ["core.api.UserRateThrottle", "core.api.AddressRateThrottle"],
        "DEFAULT_THROTTLE_RATES": {
            "user": os.environ.get("API_THROTTLE_USER", "10000/hour"),
            "address": os.environ.get("API_THROTTLE_ADDRESS", "30000/hour"),
            "sign_in_address": os.environ.get("API_THROTTLE_SIGN_IN_ADDRESS", "30/minute"),
            "sign_in_username": os.environ.get("API_THROTTLE_SIGN_IN_USERNAME", "10/minute"),
        },
        "COERCE_DECIMAL_TO_STRING": True,
    }


SPECTACULAR = {
    "TITLE": "Programme tracker API",
    "DESCRIPTION": (
        "Programmes, phases, objectives, indicators, targets and figures of a provincial "
        "department, with the phase scorecard and indicator progress. Authenticate with "
        "`Authorization: Token <key>` or the admin session. Areas are given and returned by "
        'code; decimals are strings without needless zeros ("32.9"). Every list answers '
        "`?format=csv` (UTF-8 with BOM) with every row its filters select, not one page."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Signed in with a role: a user without one reads no data, nor the map of it.
    "SERVE_PERMISSIONS": ["programmes.roles.HasRole"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "core.api.csv_responses_as_text",
    ],
    "ENUM_NAME_OVERRIDES": {
        "SexEnum": "indicators.models.Sex",
        "MeasurementStatusEnum": "indicators.models.MeasurementStatus",
        "CareModelKindEnum": "care.choices.CareModelKind",
        "PartnerKindEnum": "care.choices.PartnerKind",
        # A target's comparator has more values than a rule's operator (between, increase,
        # decrease against the baseline): each its own enum.
        "ComparatorEnum": "indicators.models.Comparator",
        "RuleOperatorEnum": "collection.models.RuleOperator",
        "PhaseAggregateEnum": "indicators.models.PhaseAggregate",
        "TargetStatusEnum": "indicators.rules.TargetStatus",
    },
}
