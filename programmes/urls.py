"""API v1 routes of the programmes app, mounted under /api/v1/ by `config.urls`.

`router` holds the resources (config.urls merges it into the API's one router);
`urlpatterns` holds the routes that are not resources.
"""

from rest_framework.routers import SimpleRouter

from programmes import api

router = SimpleRouter()
router.register("areas", api.AreaViewSet, basename="area")
router.register("programmes", api.ProgrammeViewSet, basename="programme")
router.register("phases", api.PhaseViewSet, basename="phase")
router.register("objectives", api.ObjectiveViewSet, basename="objective")
router.register("care-models", api.CareModelViewSet, basename="care-model")
router.register("care-model-reports", api.CareModelReportViewSet, basename="care-model-report")
router.register("partners", api.PartnerViewSet, basename="partner")
router.register("contributions", api.ContributionViewSet, basename="contribution")

urlpatterns = []
