"""The collection app's pages, mounted under /collection/ inside `i18n_patterns` by
`config.urls` (Vietnamese without a prefix, English under /en/)."""

from django.urls import path

from collection import views, work_queue_views

app_name = "collection"

urlpatterns = [
    path("completeness/", views.completeness_page, name="completeness"),
    path("data-quality/", views.data_quality_page, name="data_quality"),
    path("work/", work_queue_views.work_queue_page, name="work_queue"),
    path("work/submit/", work_queue_views.submit_all, name="submit_all"),
]
