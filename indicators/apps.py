from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "indicators"
    verbose_name = _("Indicators and figures")

    def ready(self) -> None:
        # Figures fed by care-model reports follow the reports (see indicators.feeds).
        from indicators import feeds
        from programmes.signals import care_model_reports_changed

        care_model_reports_changed.connect(
            feeds.on_reports_changed, dispatch_uid="indicators.feeds.on_reports_changed"
        )
