"""Admin for award forms, decisions and the recipients each decision names.

Decisions and their recipients are written only through `awards.services`: the forms
check with the services, and `save_model` / `save_formset` save with them.
"""

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from awards.admin_privacy import RecipientDetailsAdmin
from awards.admin_recipients import RecipientListUploadMixin
from awards.forms import (
    AwardDecisionForm,
    CommendationInlineForm,
    CommendationInlineFormSet,
)
from awards.models import AwardDecision, AwardForm, Commendation
from awards.privacy import PERSONAL_FIELDS, reads_every_recipient
from awards.services import (
    DECISION_FIELDS,
    award_decision_create,
    award_decision_update,
    commendation_create,
    commendations_update_many,
)
from core.admin import (
    AccentInsensitiveSearchMixin,
    AuditTrailAdmin,
    LocalNumbersMixin,
    PreloadedAutocompleteSelect,
    plain_number_column,
)
from programmes.admin import PhaseListFilter
from programmes.models import Phase


@admin.register(AwardForm)
class AwardFormAdmin(LocalNumbersMixin, admin.ModelAdmin):
    """The forms the law defines: seeded by a migration, not added or removed by hand.

    Names and bonus coefficients may be corrected; who issues a form and whom it may
    be given to are the law's and stay as seeded.
    """

    list_display = [
        "name_vi",
        "name_en",
        "kind",
        "issuer_level",
        "allows_collective",
        "allows_individual",
        "allows_household",
        "bonus_coefficient_individual",
        "bonus_coefficient_collective",
        "bonus_coefficient_household",
    ]
    list_filter = ["issuer_level", "kind"]
    search_fields = ["code", "name_vi", "name_en"]
    fields = [
        "code",
        "name_vi",
        "name_en",
        "kind",
        "issuer_level",
        "allows_collective",
        "allows_individual",
        "allows_household",
        "bonus_coefficient_individual",
        "bonus_coefficient_collective",
        "bonus_coefficient_household",
    ]
    readonly_fields = [
        "code",
        "kind",
        "issuer_level",
        "allows_collective",
        "allows_individual",
        "allows_household",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AwardForm | None = None) -> bool:
        return False


class CommendationInline(LocalNumbersMixin, admin.TabularInline):
    """A decision's recipients, one row each; the bonus is computed, never typed."""

    model = Commendation
    form = CommendationInlineForm
    formset = CommendationInlineFormSet
    fields = ["recipient_kind", "name", "sex", "position", "organisation", "area", "bonus"]
    readonly_fields = ["bonus"]
    autocomplete_fields = ["area"]
    extra = 1

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("area")

    def get_fields(self, request: HttpRequest, obj=None) -> list:
        # One set of columns for every row: the details only for those who read them all.
        if reads_every_recipient(request.user):
            return self.fields
        return [name for name in self.fields if name not in PERSONAL_FIELDS]

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs):
        if db_field.name == "area":
            # Labels the chosen area from the row already loaded, not a query per row.
            kwargs["widget"] = PreloadedAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(AwardDecision)
class AwardDecisionAdmin(RecipientListUploadMixin, AccentInsensitiveSearchMixin, AuditTrailAdmin):
    form = AwardDecisionForm
    change_form_template = "admin/awards/awarddecision/change_form.html"
    list_display = [
        "number",
        "signed_on",
        "issuer_level",
        "form",
        "programme",
        "phase",
        "recipients",
        "legal_regime",
    ]
    list_filter = [
        "issuer_level",
        "form",
        "year",
        ("programme", admin.RelatedFieldListFilter),
        ("phase", PhaseListFilter),
        "occasion",
        "legal_regime",
    ]
    list_select_related = ["form", "programme", "phase__programme"]
    date_hierarchy = "signed_on"
    search_fields = ["number", "issuer_name"]
    # Finds a decision by any of its recipients, "Nguyen Thi Lan" for "Nguyễn Thị Lan".
    search_key_fields = ("commendations__search_text",)
    fieldsets = [
        (None, {"fields": ["number", "signed_on", "issuer_level", "issuer_name", "form"]}),
        (_("Signature"), {"fields": ["signer_name", "signer_capacity"]}),
        (
            _("Context"),
            {"fields": ["reason", "occasion", "programme", "phase", "base_salary"]},
        ),
        (_("Derived"), {"fields": ["signed_year", "legal_regime"]}),
    ]
    readonly_fields = ["signed_year", "legal_regime"]
    signed_year = plain_number_column("year", _("year"))
    inlines = [CommendationInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).annotate(recipient_count=Count("commendations"))

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet, search_term: str
    ) -> tuple[QuerySet, bool]:
        matched, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        # A decision matches once per recipient that matches: ask for distinct rows.
        return matched, may_have_duplicates or bool(search_term.strip())

    @admin.display(description=_("recipients"), ordering="recipient_count")
    def recipients(self, decision: AwardDecision) -> int:
        return decision.recipient_count

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs):
        if db_field.name == "phase":
            # A phase is named with its programme's code: load both in one query.
            kwargs["queryset"] = Phase.objects.select_related("programme")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: AwardDecision, form, change: bool) -> None:
        data = {name: form.cleaned_data[name] for name in DECISION_FIELDS}
        if change:
            saved = award_decision_update(decision=obj, **data)
        else:
            saved = award_decision_create(**data)
        # The admin logs, saves the inlines and redirects with `obj`: make it the row
        # the service wrote.
        for field in AwardDecision._meta.concrete_fields:
            setattr(obj, field.attname, getattr(saved, field.attname))
        obj._state.adding = False
        obj._state.db = saved._state.db

    def save_formset(self, request: HttpRequest, form, formset, change: bool) -> None:
        if formset.model is not Commendation:
            super().save_formset(request, form, formset, change)
            return
        decision = form.instance
        # Lets the formset list what is new, changed and deleted for the admin's log;
        # with commit=False it writes nothing.
        formset.save(commit=False)
        for commendation in formset.deleted_objects:
            commendation.delete()
        rows = [
            row for row in formset.forms if row not in formset.deleted_forms and row.has_changed()
        ]
        for row in rows:
            row.instance.decision = decision
        # The changed rows together, so that two recipients may swap names in one save;
        # then the new rows, against the decision as it now stands.
        commendations_update_many(
            decision=decision,
            changes=[(row.instance, row.recipient()) for row in rows if row.instance.pk],
        )
        for row in rows:
            if row.instance.pk is None:
                created = commendation_create(decision=decision, **vars(row.recipient()))
                for field in Commendation._meta.concrete_fields:
                    setattr(row.instance, field.attname, getattr(created, field.attname))
                row.instance._state.adding = False


@admin.register(Commendation)
class CommendationAdmin(RecipientDetailsAdmin, AccentInsensitiveSearchMixin, AuditTrailAdmin):
    """Every recipient across decisions, to look one up; edited on its decision's page."""

    list_display = [
        "name",
        "recipient_kind",
        "sex",
        "position",
        "organisation",
        "area",
        "decision",
        "form_name",
        "bonus",
    ]
    list_filter = [
        "recipient_kind",
        "sex",
        "decision__issuer_level",
        "decision__form",
        "decision__year",
        ("decision__phase", PhaseListFilter),
    ]
    list_select_related = ["decision__form", "area"]
    search_fields = ["decision__number"]
    search_key_fields = ("search_text",)
    fields = [
        "decision",
        "recipient_kind",
        "name",
        "sex",
        "position",
        "organisation",
        "area",
        "bonus",
    ]

    @admin.display(description=_("award form"), ordering="decision__form__name_vi")
    def form_name(self, commendation: Commendation) -> str:
        return commendation.decision.form.name

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Commendation | None = None) -> bool:
        return False
