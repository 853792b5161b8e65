"""The three role groups with their permissions (see programmes.roles).

Permissions of a fresh database only appear after `migrate` has run every migration
(Django creates them on `post_migrate`), so this migration creates them first for the
apps it knows, then syncs. The same sync runs again on every `post_migrate`, which
covers models added later.
"""

from django.contrib.auth.management import create_permissions
from django.contrib.contenttypes.management import create_contenttypes
from django.db import migrations

from programmes.roles import ROLES, sync_role_permissions


def create_roles(apps, schema_editor) -> None:
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_contenttypes(app_config, verbosity=0, apps=apps)
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    sync_role_permissions(apps)


def delete_roles(apps, schema_editor) -> None:
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("programmes", "0003_area_assignment_and_audit_trail"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        # Depends on these only so their permissions exist when the roles are filled in.
        ("indicators", "0005_approved_figures_locked"),
        ("awards", "0003_audit_trail"),
    ]

    operations = [migrations.RunPython(create_roles, delete_roles)]
