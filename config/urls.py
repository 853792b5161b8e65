"""Top-level URLs: the dashboards at /, the admin, the REST API v1 under /api/v1/, and
language switching."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from awards import urls as awards_urls
from care import urls as care_urls
from collection import urls as collection_urls
from core.authtoken import TokenListView, TokenObtainView, TokenRevokeView
from indicators import urls as indicators_urls
from jobs import urls as jobs_urls
from programmes import urls as programmes_urls
from reports import urls as reports_urls

# One router for the whole API, so its root page lists every resource. Each app keeps
# its own routes in its urls.py.
api_router = DefaultRouter()
for app_router in (
    programmes_urls.router,
    care_urls.router,
    indicators_urls.router,
    awards_urls.router,
    collection_urls.router,
    reports_urls.router,
    jobs_urls.router,
):
    api_router.registry.extend(app_router.registry)

api_v1 = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("auth/token/", TokenObtainView.as_view(), name="auth-token"),
    path("auth/tokens/", TokenListView.as_view(), name="auth-tokens"),
    path("auth/tokens/<int:user>/", TokenRevokeView.as_view(), name="auth-token-revoke"),
    *programmes_urls.urlpatterns,
    *care_urls.urlpatterns,
    *indicators_urls.urlpatterns,
    *awards_urls.urlpatterns,
    *collection_urls.urlpatterns,
    *reports_urls.urlpatterns,
    *jobs_urls.urlpatterns,
    *api_router.urls,
]

urlpatterns = [
    path("api/v1/", include((api_v1, "api"))),
    path("i18n/", include("django.conf.urls.i18n")),
]
urlpatterns += i18n_patterns(
    path(settings.ADMIN_URL, admin.site.urls),
    path("collection/", include("collection.page_urls")),
    path("", include("dashboards.urls")),
    prefix_default_language=False,
)

# JSON without any detail of the failure for the API; Django's plain page elsewhere.
handler500 = "core.security.server_error"
