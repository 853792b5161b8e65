from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_migrate
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "indicators"
    verbose_name = _("Indicators and figures")

    def ready(self) -> None:
        from indicators import checks, summaries  # noqa: F401 (checks registers them)

        # The summaries' triggers around `migrate` (see indicators.summaries).
        pre_migrate.connect(
            summaries.before_migrate, sender=self, dispatch_uid="indicators.summaries.before"
        )
        post_migrate.connect(
            summaries.after_migrate, sender=self, dispatch_uid="indicators.summaries.after"
        )
