"""The admin index in the order of the work, not the alphabet.

Each ModelAdmin may say where it comes with `index_order` (programme 10, phase 20, …,
figures 60); models without one follow, by name, and apps come in the order of their
first model. Django's own order is alphabetical by translated name, which puts "Báo cáo
mô hình chăm sóc" before "Chương trình".
"""

from django import template
from django.contrib import admin

register = template.Library()

LAST = 1000


def _order(model_entry: dict) -> tuple[int, str]:
    model_admin = admin.site._registry.get(model_entry.get("model"))
    return (getattr(model_admin, "index_order", LAST), str(model_entry["name"]))


@register.filter
def in_work_order(app_list: list[dict]) -> list[dict]:
    """`app_list` with each app's models, and the apps, in the order of the work."""
    apps = [{**app, "models": sorted(app["models"], key=_order)} for app in app_list]
    return sorted(
        apps,
        key=lambda app: (_order(app["models"][0])[0] if app["models"] else LAST, str(app["name"])),
    )
