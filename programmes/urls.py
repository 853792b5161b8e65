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

urlpatterns = []
