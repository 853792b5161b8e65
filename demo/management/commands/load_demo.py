"""`manage.py load_demo`: build the fictional demo province; safe to run again."""

from django.core.management.base import BaseCommand

from demo.services import load_demo


class Command(BaseCommand):
    help = (
        "Create or update the fictional demo province Tỉnh Minh Hòa (minh họa) with its "
        "districts, communes, gender equality and child protection programmes, targets and "
        "illustrative figures. Running it again leaves the same data."
    )

    def handle(self, *args, **options) -> None:
        summary = load_demo()
        review = summary.review
        self.stdout.write(
            f"Demo province: {summary.province.name} [{summary.province.code}] "
            "— dữ liệu minh họa, not official statistics."
        )
        self.stdout.write(
            f"{summary.areas} areas, {summary.programmes} programmes, {summary.phases} phases, "
            f"{summary.objectives} objectives, {summary.indicators} indicators, "
            f"{summary.targets} targets, {summary.figures} figures (drafts)."
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"{review.phase} scorecard for {review.year}: "
                f"{review.achieved}/{review.targets_total} targets achieved "
                f"under {len(review.objectives)} objectives."
            )
        )
