"""API v1 routes of the indicators app, mounted under /api/v1/ by `config.urls`.

`router` holds the resources (config.urls merges it into the API's one router);
`urlpatterns` holds the routes that are not resources.
"""

from django.urls import path
from rest_framework.routers import SimpleRouter

from indicators.api.frameworks import AdoptFrameworkTargetView, FrameworkListView
from indicators.api.measurements import MeasurementViewSet
from indicators.api.planning import NextPhaseView, PlanApproveView, PlanReopenView
from indicators.api.read_models import PhaseScorecardView
from indicators.api.resources import IndicatorViewSet, TargetViewSet

router = SimpleRouter()
router.register("indicators", IndicatorViewSet, basename="indicator")
router.register("targets", TargetViewSet, basename="target")
router.register("measurements", MeasurementViewSet, basename="measurement")

urlpatterns = [
    # The scorecard is a read model of the indicators, so it lives here even though its
    # URL sits under the phase (programmes must not depend on indicators).
    path("phases/<int:pk>/scorecard/", PhaseScorecardView.as_view(), name="phase-scorecard"),
    # Planning carries indicators and targets over, so it lives here too.
    path("phases/<int:pk>/next-phase/", NextPhaseView.as_view(), name="phase-next-phase"),
    path("phases/<int:pk>/plan/approve/", PlanApproveView.as_view(), name="phase-plan-approve"),
    path("phases/<int:pk>/plan/reopen/", PlanReopenView.as_view(), name="phase-plan-reopen"),
    path("frameworks/", FrameworkListView.as_view(), name="framework-list"),
    path(
        "indicators/<int:pk>/adopt-framework-target/",
        AdoptFrameworkTargetView.as_view(),
        name="indicator-adopt-framework-target",
    ),
]
