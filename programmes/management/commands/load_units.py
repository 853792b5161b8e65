"""`manage.py load_units [--province CODE ...]`: Vietnam's real administrative units."""

import time

from django.core.management.base import BaseCommand, CommandError

from programmes.units import UnknownProvince, load_units


class Command(BaseCommand):
    help = (
        "Create or update Vietnam's administrative units of both eras (63 provinces, 696 "
        "districts and 10,035 communes valid until 2025-06-30; 34 provinces and 3,321 "
        "communes from 2025-07-01) and their successions, from the data shipped in "
        "programmes/data (see docs/units.md). Running it again changes nothing."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--province",
            action="append",
            default=[],
            metavar="CODE",
            help=(
                "Load only this province (an official code of either era, e.g. 15, or ours, "
                "e.g. VN34-15), with the provinces it came from or went to. Repeatable."
            ),
        )

    def handle(self, *args, province: list[str], **options) -> None:
        started = time.monotonic()
        try:
            result = load_units(provinces=province)
        except UnknownProvince as error:
            raise CommandError(f"No province has the code {error}.") from error
        took = time.monotonic() - started
        units = result.created + result.updated + result.unchanged
        links = result.successions_created + result.successions_updated
        links += result.successions_unchanged
        if not result.changed:
            self.stdout.write(
                f"Nothing changed: {units} units and {links} successions are up to date "
                f"({took:.1f} s)."
            )
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Units: {result.created} created, {result.updated} updated, "
                f"{result.unchanged} unchanged; successions: {result.successions_created} "
                f"created, {result.successions_updated} updated, "
                f"{result.successions_unchanged} unchanged ({took:.1f} s)."
            )
        )
