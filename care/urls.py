"""API v1 routes of the care app, mounted under /api/v1/ by `config.urls`.

`router` holds the resources (config.urls merges it into the API's one router);
`urlpatterns` holds the routes that are not resources.
"""

from rest_framework.routers import SimpleRouter

from care import api

router = SimpleRouter()
router.register("care-models", api.CareModelViewSet, basename="care-model")
router.register("care-model-reports", api.CareModelReportViewSet, basename="care-model-report")
router.register("partners", api.PartnerViewSet, basename="partner")
router.register("contributions", api.ContributionViewSet, basename="contribution")

urlpatterns = []
