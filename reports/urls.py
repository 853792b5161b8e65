"""API v1 routes of the reports app, mounted under /api/v1/ by `config.urls`.

`router` holds the resource (config.urls merges it into the API's one router);
`urlpatterns` holds the phase's review document, whose URL sits under the phase.
"""

from django.urls import path
from rest_framework.routers import SimpleRouter

from reports import api

router = SimpleRouter()
router.register("review-reports", api.ReviewReportViewSet, basename="review-report")

urlpatterns = [
    path("phases/<int:pk>/review/", api.PhaseReviewView.as_view(), name="phase-review"),
]
