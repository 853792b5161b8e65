from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate, pre_migrate
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "indicators"
    verbose_name = _("Indicators and figures")

    def ready(self) -> None:
        from indicators import checks, db_guards, plan_guards, summaries  # noqa: F401 (checks registers)

        # The summaries' triggers around `migrate` (see indicators.summaries).
        pre_migrate.connect(
            summaries.before_migrate, sender=self, dispatch_uid="indicators.summaries.before"
        )
        post_migrate.connect(
            summaries.after_migrate, sender=self, dispatch_uid="indicators.summaries.after"
        )
        # The figures' guards: put back after a table rebuild, and the app's sessions
        # marked so the database writes history only for changes made outside it.
        post_migrate.connect(
            db_guards.after_migrate, sender=self, dispatch_uid="indicators.db_guards.after"
        )
        post_migrate.connect(
            plan_guards.after_migrate, sender=self, dispatch_uid="indicators.plan_guards.after"
        )
        connection_created.connect(
            db_guards.mark_app_connection, dispatch_uid="indicators.db_guards.app_session"
        )
