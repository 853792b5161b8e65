"""The jobs in the admin: who started what, how far it is, and its file. Read-only."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from jobs.models import Job, JobStatus


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["id", "kind", "status", "progress", "attempts", "created_by", "created_at"]
    list_filter = ["kind", "status"]
    list_select_related = ["created_by"]
    fields = [
        "kind",
        "status",
        "progress",
        "stage",
        "attempts",
        "created_by",
        "created_at",
        "started_at",
        "finished_at",
        "params",
        "outcome",
        "download",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).defer("payload", "result")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("progress"))
    def progress(self, job: Job) -> str:
        if job.percent is None:
            return "–"
        return f"{job.done}/{job.total} ({job.percent} %)"

    @admin.display(description=_("result file"))
    def download(self, job: Job) -> str:
        if job.status != JobStatus.SUCCEEDED or not job.result_name:
            return "–"
        return format_html(
            '<a href="{}">{}</a>', reverse("api:job-result", args=[job.pk]), job.result_name
        )
