from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "programmes"
    verbose_name = _("Programmes")

    def ready(self) -> None:
        from programmes.roles import sync_roles_after_migrate

        # Keeps the roles' permissions in step with the models of every programme-data
        # app, including models other apps add later (see programmes.roles).
        post_migrate.connect(sync_roles_after_migrate, dispatch_uid="programmes.sync_roles")
