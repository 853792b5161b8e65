"""API v1 routes of the awards app, mounted under /api/v1/ by `config.urls`.

`router` holds the resources (config.urls merges it into the API's one router); the
statistics are the `stats` action of the decisions (`award-decisions/stats/`).
"""

from rest_framework.routers import SimpleRouter

from awards import api

router = SimpleRouter()
router.register("award-forms", api.AwardFormViewSet, basename="award-form")
router.register("award-decisions", api.AwardDecisionViewSet, basename="award-decision")
router.register("commendations", api.CommendationViewSet, basename="commendation")

urlpatterns = []
