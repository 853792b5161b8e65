"""`manage.py rebuild_summaries`: install the summaries' triggers and refill the summaries."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.executor import MigrationExecutor

from indicators import summaries
from indicators.summaries_sql import SUMMARIES, refill, triggers


class Command(BaseCommand):
    help = (
        "Install the triggers that keep ChildSums, MeasurementCount and IndicatorCount (as "
        "indicators/summaries_sql.py builds them) and sum every figure into those tables "
        "again, in one transaction. After a restore, a rollback of the code, or whenever "
        "`check --database default` finds the triggers missing or stale. See docs/summaries.md."
    )
    requires_system_checks = []  # the database check is what sends people here

    def add_arguments(self, parser) -> None:
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)
        parser.add_argument(
            "--sql",
            action="store_true",
            help="Print the SQL for this database (triggers, then the rebuild); change nothing.",
        )

    def handle(self, *args, **options) -> None:
        connection = connections[options["database"]]
        if options["sql"]:
            for trigger in triggers(connection.vendor):
                self.stdout.write(";\n".join(trigger.create) + ";\n")
            statements = summaries.emptying(connection.vendor) + [
                refill(s, connection.vendor) for s in SUMMARIES
            ]
            self.stdout.write("".join(f"{statement};\n" for statement in statements))
            return
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            raise CommandError("The database has migrations to apply: run `manage.py migrate`.")
        started = time.perf_counter()
        with transaction.atomic(using=connection.alias):
            summaries.install(connection)
            written = summaries.rebuild(connection)
        seconds = time.perf_counter() - started
        rows = ", ".join(f"{name} {count:,}" for name, count in written.items())
        self.stdout.write(
            self.style.SUCCESS(
                f"Triggers installed; summaries rebuilt in {seconds:.2f} s. Rows: {rows}."
            )
        )
