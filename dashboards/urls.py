"""The dashboard pages, mounted at the site root inside `i18n_patterns` by `config.urls`
(Vietnamese without a prefix, English under /en/)."""

from django.contrib.auth import views as auth_views
from django.urls import path

from dashboards import views

app_name = "dashboards"

urlpatterns = [
    path("", views.home, name="home"),
    path("progress/", views.progress, name="progress"),
    # A sign-in page of its own: the admin's admits staff only, and leaders are not staff.
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="dashboards/login.html", redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(next_page="dashboards:login"), name="logout"),
    path("phases/<int:pk>/", views.phase_detail, name="phase"),
    path("indicators/<int:pk>/", views.indicator_detail_view, name="indicator"),
    path("care-models/", views.care_models, name="care_models"),
    path("care-models/<int:pk>/", views.care_model_detail, name="care_model"),
    path("commendations/", views.commendations, name="commendations"),
    path("commendations/decisions/<int:pk>/", views.decision_detail, name="decision"),
]
