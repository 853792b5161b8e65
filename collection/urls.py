"""API v1 routes of the collection app, mounted under /api/v1/ by `config.urls`.

`router` holds the resources; `urlpatterns` the routes that are not resources. The
import sits under measurements/ and must be matched before the figures' router routes
(which would read "import" as a figure's id): config.urls puts these patterns first.
"""

from django.urls import path
from rest_framework.routers import SimpleRouter

from collection import api

router = SimpleRouter()
router.register("validation-rules", api.ValidationRuleViewSet, basename="validation-rule")

urlpatterns = [
    path("phases/<int:pk>/entry-form/", api.EntryFormView.as_view(), name="phase-entry-form"),
    path("measurements/import/", api.MeasurementImportView.as_view(), name="measurement-import"),
    path("completeness/", api.CompletenessView.as_view(), name="completeness"),
    path("data-quality/", api.DataQualityView.as_view(), name="data-quality"),
]
