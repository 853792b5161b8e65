"""The dashboard pages, mounted at the site root inside `i18n_patterns` by `config.urls`
(Vietnamese without a prefix, English under /en/)."""

from django.urls import path

from dashboards import views

app_name = "dashboards"

urlpatterns = [
    path("", views.home, name="home"),
    path("phases/<int:pk>/", views.phase_detail, name="phase"),
    path("indicators/<int:pk>/", views.indicator_detail_view, name="indicator"),
    path("care-models/", views.care_models, name="care_models"),
    path("commendations/", views.commendations, name="commendations"),
]
