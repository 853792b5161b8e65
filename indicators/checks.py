"""System checks of the summaries that database triggers keep (see docs/summaries.md)."""

from django.core.checks import CheckMessage, Error, Tags, register
from django.db import connections
from django.db.migrations.executor import MigrationExecutor

from indicators import summaries
from indicators.summaries_sql import VENDORS

HINT = "Run `manage.py rebuild_summaries`: it installs the triggers and refills the summaries."


@register()
def summaries_cover_their_models(app_configs=None, **kwargs) -> list[CheckMessage]:
    """Every column of a summary model is grouped by or summed in indicators/summaries_sql.py."""
    return [
        Error(
            f"{field} is neither grouped by nor summed by the summaries' triggers.",
            hint="Add it to its Summary in indicators/summaries_sql.py (docs/summaries.md).",
            id="indicators.E010",
        )
        for field in summaries.uncovered_fields()
    ]


@register(Tags.database)
def summaries_triggers_installed(app_configs=None, databases=None, **kwargs) -> list[CheckMessage]:
    """The summaries' triggers are in each database checked, as this code builds them.

    Runs with `check --database default` and before `migrate`; it says nothing about a
    database with migrations still to apply, which `migrate` installs the triggers in.
    """
    errors = []
    for alias in databases or ():
        connection = connections[alias]
        if connection.vendor not in VENDORS:
            continue
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            continue
        errors += [
            Error(f"{problem} ({alias})", hint=HINT, id="indicators.E011")
            for problem in summaries.problems(connection)
        ]
    return errors
