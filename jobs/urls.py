"""API v1 routes of the jobs app (merged into the API's one router by `config.urls`)."""

from rest_framework.routers import SimpleRouter

from jobs import api

router = SimpleRouter()
router.register("jobs", api.JobViewSet, basename="job")
urlpatterns: list = []
