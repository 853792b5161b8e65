from django.apps import AppConfig
from django.conf import settings
from django.db.models.signals import post_migrate, pre_save
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "programmes"
    verbose_name = _("Programmes")

    def ready(self) -> None:
        from core.tokens import revoke_tokens_on_credential_change
        from programmes.roles import sync_roles_after_migrate

        # Keeps the roles' permissions in step with the models of every programme-data
        # app, including models other apps add later (see programmes.roles).
        post_migrate.connect(sync_roles_after_migrate, dispatch_uid="programmes.sync_roles")
        # A user's API token dies with their password or active status, whichever path
        # changes them (see core.tokens).
        pre_save.connect(
            revoke_tokens_on_credential_change,
            sender=settings.AUTH_USER_MODEL,
            dispatch_uid="programmes.revoke_tokens",
        )
