"""`manage.py generate_scale_data`: synthetic national-scale data for the benchmarks."""

import time

from django.core.management.base import BaseCommand, CommandError

from bench.scale_data import (
    ScaleOptions,
    delete_scale_data,
    generate_scale_data,
    scale_data_exists,
)


class Command(BaseCommand):
    help = (
        "Build synthetic provinces (codes SC01, SC02, …) with their communes, one programme, "
        "phase, objectives, indicators and targets each, and figures for every indicator, "
        "commune, year and sex. The same options always give the same figures. PostgreSQL "
        "receives the figures by COPY; other databases by bulk_create. The defaults build "
        "about 4.9 million figures."
    )

    def add_arguments(self, parser) -> None:
        defaults = ScaleOptions()
        parser.add_argument("--provinces", type=int, default=defaults.provinces)
        parser.add_argument(
            "--communes-per-province", type=int, default=defaults.communes_per_province
        )
        parser.add_argument(
            "--indicators", type=int, default=defaults.indicators, help="per province"
        )
        parser.add_argument("--years", type=int, default=defaults.years)
        parser.add_argument("--seed", type=int, default=defaults.seed)
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Delete synthetic data built earlier (codes SC…) before building.",
        )

    def handle(self, *args, **options) -> None:
        scale = ScaleOptions(
            provinces=options["provinces"],
            communes_per_province=options["communes_per_province"],
            indicators=options["indicators"],
            years=options["years"],
            seed=options["seed"],
        )
        for name in ("provinces", "communes_per_province", "indicators", "years"):
            if getattr(scale, name) < 1:
                raise CommandError(f"--{name.replace('_', '-')} must be at least 1.")
        if scale.provinces > 99 or scale.communes_per_province > 999:
            raise CommandError("At most 99 provinces of at most 999 communes each.")
        if scale_data_exists():
            if not options["replace"]:
                raise CommandError(
                    "Synthetic data (codes SC…) is already there; add --replace to rebuild it."
                )
            removed = delete_scale_data()
            self.stdout.write(f"Removed the earlier synthetic data ({removed} figures).")
        started = time.perf_counter()
        summary = generate_scale_data(
            scale,
            progress=lambda line: self.stdout.write(line) if options["verbosity"] > 1 else None,
        )
        seconds = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"{summary.areas} areas, {summary.programmes} programmes, "
                f"{summary.indicators} indicators, {summary.targets} targets, "
                f"{summary.figures} figures in {seconds:.1f} s "
                f"({summary.figures / max(seconds, 1e-9):,.0f} figures/s)."
            )
        )
