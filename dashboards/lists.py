"""The lists behind the care-model and commendation aggregates, as dashboard tables.

Which care models ran (name, commune, kind, dates, partners) and what each reported;
which decisions commended whom. Each read keeps to what the user may see: care models
in the user's areas (`programmes.roles.scope_q`), and an individual recipient's sex,
position and organisation only where `awards.privacy` lets the user read them. A fixed
number of queries whatever the number of models, reports, decisions or recipients.
"""

from decimal import Decimal

from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from awards.models import AwardDecision, Commendation
from awards.privacy import details_visible
from awards.selectors import decisions_with_totals
from care.models import CareModel, CareModelReport, Contribution
from dashboards.tables import Cell, Column, Table
from indicators.formatting import format_value
from indicators.models import Unit
from programmes.models import Area
from programmes.roles import scope_q


def _count(value) -> Cell:
    value = 0 if value is None else value
    return Cell(value, format_value(Decimal(value), Unit.COUNT))


def _vnd(value) -> Cell:
    value = 0 if value is None else value
    return Cell(value, format_value(Decimal(value), Unit.COUNT))


def _date(value) -> Cell:
    return Cell(value, date_format(value, "SHORT_DATE_FORMAT") if value else "–")


# Care models


def care_models_visible(user) -> QuerySet[CareModel]:
    """Care models in `user`'s areas, with what their rows show (partners through their
    contributions, one more query)."""
    return (
        CareModel.objects.filter(scope_q(user, "area__path"))
        .select_related("area", "programme")
        .prefetch_related(
            Prefetch(
                "contributions",
                queryset=Contribution.objects.select_related("partner").order_by("partner__name"),
            )
        )
    )


def partner_names(model: CareModel) -> str:
    return ", ".join(dict.fromkeys(c.partner.name for c in model.contributions.all()))


def care_model_list(*, user, year: int, area: Area | None) -> list[CareModel]:
    """The models that ran in `year` in `area`'s tree (every area: None), as the summary
    above them counts them."""
    models = care_models_visible(user).running_in_year(year)
    if area is not None:
        models = models.in_area_tree(area)
    return list(models.order_by("kind", "area__path", "name"))


def care_model_list_table(models: list[CareModel], year: int) -> Table:
    table = Table(
        id="care-model-list",
        key="model",
        title=_("Care models running in %(year)s") % {"year": year},
        columns=[
            Column(_("Care model")),
            Column(_("Commune")),
            Column(_("Kind of model")),
            Column(_("Started on")),
            Column(_("Ended on")),
            Column(_("Partners")),
        ],
    )
    for model in models:
        table.add(
            Cell(model.name, href=reverse("dashboards:care_model", args=[model.pk]), header=True),
            Cell(model.area.name),
            Cell(str(model.get_kind_display())),
            _date(model.started_on),
            _date(model.ended_on),
            Cell(partner_names(model) or "–"),
            key=str(model.pk),
        )
    return table


def care_model_reports_table(model: CareModel) -> Table:
    """Every report of one model: children reached by sex, and funding; one query."""
    table = Table(
        id="care-model-reports",
        title=_("Reports"),
        columns=[
            Column(_("Period")),
            Column(_("Girls"), numeric=True),
            Column(_("Boys"), numeric=True),
            Column(_("Children reached"), numeric=True),
            Column(_("State budget (VND)"), numeric=True),
            Column(_("Mobilised (VND)"), numeric=True),
        ],
    )
    for report in CareModelReport.objects.filter(care_model=model).order_by("period"):
        table.add(
            Cell(report.period, header=True),
            _count(report.beneficiaries_female),
            _count(report.beneficiaries_male),
            _count(report.beneficiaries_total),
            _vnd(report.state_budget_vnd),
            _vnd(report.mobilised_vnd),
        )
    return table


def care_model_contributions_table(model: CareModel) -> Table:
    """What each partner gave the model (prefetched with the model)."""
    table = Table(
        id="care-model-contributions",
        title=_("Partners' contributions"),
        columns=[
            Column(_("Partner")),
            Column(_("Date")),
            Column(_("Cash (VND)"), numeric=True),
            Column(_("In kind")),
        ],
    )
    for contribution in sorted(model.contributions.all(), key=lambda c: (c.date, c.pk)):
        table.add(
            Cell(contribution.partner.name, header=True),
            _date(contribution.date),
            _vnd(contribution.cash_vnd),
            Cell(contribution.in_kind_description or "–"),
        )
    return table


# Commendations


def decision_list(*, phase=None, year=None, programme=None) -> list[AwardDecision]:
    """The decisions the statistics count (same filters), with their totals; one query."""
    decisions = AwardDecision.objects.select_related("form")
    for name, value in (("phase", phase), ("year", year), ("programme", programme)):
        if value is not None:
            decisions = decisions.filter(**{name: value})
    return list(decisions_with_totals(decisions).order_by("-signed_on", "number"))


def decision_list_table(decisions: list[AwardDecision]) -> Table:
    table = Table(
        id="decision-list",
        key="decision",
        title=_("Award decisions"),
        columns=[
            Column(_("Number and symbol")),
            Column(_("Signed on")),
            Column(_("Issuing body")),
            Column(_("Form of award")),
            Column(_("Recipients"), numeric=True),
            Column(_("Total bonus (VND)"), numeric=True),
        ],
    )
    for decision in decisions:
        table.add(
            Cell(
                decision.number,
                href=reverse("dashboards:decision", args=[decision.pk]),
                header=True,
            ),
            _date(decision.signed_on),
            Cell(decision.issuer_name),
            Cell(decision.form.name),
            _count(decision.recipients_count),
            _vnd(decision.total_bonus),
            key=str(decision.pk),
        )
    return table


def decision_recipients(decision: AwardDecision) -> list[Commendation]:
    return list(decision.commendations.select_related("area").order_by("pk"))


def recipients_table(*, user, recipients: list[Commendation]) -> Table:
    """A decision's recipients; an individual's sex, position and organisation only for
    those who may read them (`awards.privacy`), otherwise "not shown"."""
    table = Table(
        id="recipients",
        title=_("Recipients"),
        columns=[
            Column(_("Name")),
            Column(_("Recipient kind")),
            Column(_("Sex")),
            Column(_("Position")),
            Column(_("Organisation")),
            Column(_("Area")),
            Column(_("Bonus (VND)"), numeric=True),
        ],
    )
    hidden = _("not shown")
    for recipient in recipients:
        visible = details_visible(user, recipient)
        table.add(
            Cell(recipient.name, header=True),
            Cell(str(recipient.get_recipient_kind_display())),
            Cell(str(recipient.get_sex_display()) if visible else hidden),
            Cell(recipient.position if visible else hidden),
            Cell(recipient.organisation if visible else hidden),
            Cell(recipient.area.name if recipient.area else "–"),
            _vnd(recipient.bonus),
        )
    return table
