"""The commendation list's and page's part of `awards.privacy`: an individual's personal
details shown only to those who may read them; the sex filter and the search (whose text
holds positions and organisations) only over what they may read; the history likewise."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from awards.models import Commendation
from awards.privacy import (
    PERSONAL_FIELDS,
    details_visible,
    details_visible_q,
    reads_every_recipient,
)


class RecipientDetailsAdmin:
    """A mixin for the commendation admin (before the ModelAdmin in its bases)."""

    def get_list_display(self, request: HttpRequest) -> list:
        if reads_every_recipient(request.user):
            return self.list_display
        hidden = {"sex": "shown_sex", "position": "shown_position", "organisation": "shown_org"}
        return [hidden.get(name, name) for name in self.list_display]

    def get_list_filter(self, request: HttpRequest) -> list:
        if reads_every_recipient(request.user):
            return self.list_filter
        return [name for name in self.list_filter if name != "sex"]

    def get_fields(self, request: HttpRequest, obj: Commendation | None = None) -> list:
        if obj is None or details_visible(request.user, obj):
            return self.fields
        return [name for name in self.fields if name not in PERSONAL_FIELDS]

    def get_search_results(self, request: HttpRequest, queryset: QuerySet, search_term: str):
        # The search text holds positions and organisations: search only what may be read.
        found, duplicates = super().get_search_results(request, queryset, search_term)
        if search_term and not reads_every_recipient(request.user):
            found = found.filter(details_visible_q(request.user))
        return found, duplicates

    def history_view(self, request: HttpRequest, object_id, extra_context=None):
        self._refuse_hidden_details(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request: HttpRequest, object_id, version_id, extra_context=None):
        self._refuse_hidden_details(request, object_id)
        return super().history_form_view(request, object_id, version_id, extra_context)

    def _refuse_hidden_details(self, request: HttpRequest, object_id) -> None:
        """The history shows every field's old values: only to who may read the details."""
        commendation = self.get_object(request, object_id)
        if commendation is not None and not details_visible(request.user, commendation):
            raise PermissionDenied

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        visible = details_visible_q(request.user)
        return (
            super()
            .get_queryset(request)
            .annotate(
                details_shown=ExpressionWrapper(visible or Q(pk__isnull=False), BooleanField())
            )
        )

    def _shown(self, commendation: Commendation, value):
        return value if getattr(commendation, "details_shown", False) else "–"

    @admin.display(description=_("sex"))
    def shown_sex(self, commendation: Commendation):
        return self._shown(commendation, commendation.get_sex_display())

    @admin.display(description=_("position"))
    def shown_position(self, commendation: Commendation):
        return self._shown(commendation, commendation.position)

    @admin.display(description=_("organisation"))
    def shown_org(self, commendation: Commendation):
        return self._shown(commendation, commendation.organisation)
