from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "indicators"
    verbose_name = _("Indicators and figures")

    def ready(self) -> None:
        # Figures fed by care-model reports follow the reports (see indicators.feeds).
        from indicators import feeds
        from indicators.models import Indicator

        post_save.connect(
            feeds.on_indicator_saved,
            sender=Indicator,
            dispatch_uid="indicators.feeds.on_indicator_saved",
        )
