from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The fictional demo province; it depends on every other app, none depends on it."""

    name = "demo"
    verbose_name = _("Demo province")
