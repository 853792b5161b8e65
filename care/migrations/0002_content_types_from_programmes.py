"""The moved models' content types change app, so their permissions stay theirs.

A permission belongs to a content type, and a group holds permissions by id: renaming the
content types' `app_label` from `programmes` to `care` keeps every group's (and user's)
grants, and every admin log entry, without touching them. On a fresh database the
content types may not exist yet; Django creates them under `care` after `migrate`.
"""

from django.db import migrations

MOVED_MODELS = (
    "caremodel",
    "caremodelreport",
    "caremodelreportgroup",
    "partner",
    "contribution",
    "historicalcaremodel",
    "historicalcaremodelreport",
    "historicalcaremodelreportgroup",
    "historicalpartner",
    "historicalcontribution",
)


def _move(apps, old_label: str, new_label: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED_MODELS:
        moved = ContentType.objects.filter(app_label=old_label, model=model).first()
        if moved is None:
            continue
        # A twin under the new label can only come from a `post_migrate` run between two
        # partial migrations; the old row, which holds the grants and the log, wins.
        ContentType.objects.filter(app_label=new_label, model=model).delete()
        moved.app_label = new_label
        moved.save(update_fields=["app_label"])


def forwards(apps, schema_editor) -> None:
    _move(apps, "programmes", "care")


def backwards(apps, schema_editor) -> None:
    _move(apps, "care", "programmes")


class Migration(migrations.Migration):
    dependencies = [
        ("care", "0001_care_models_from_programmes"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
