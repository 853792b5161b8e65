"""`python manage.py grant_role USERNAME ROLE [--area CODE ...] [--password PASSWORD]`."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from programmes.roles import ROLES
from programmes.services import role_grant


class Command(BaseCommand):
    help = (
        "Give a user exactly one role (creating the user if missing) and set the areas "
        "whose figures they may see and enter (each with every area below it)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("role", help=f"One of: {', '.join(ROLES)}.")
        parser.add_argument(
            "--area",
            action="append",
            default=[],
            metavar="CODE",
            help="An assigned area's code; repeat for several. Replaces the user's areas.",
        )
        parser.add_argument("--password", help="Set this password (checked for strength).")

    def handle(self, *args, username: str, role: str, area: list[str], password, **options):
        try:
            user, created = role_grant(
                username=username, role=role, area_codes=area, password=password
            )
        except ValidationError as error:
            raise CommandError(
                " ".join(
                    message for messages in error.message_dict.values() for message in messages
                )
            ) from None
        areas = ", ".join(area) if area else "-"
        verb = "Created" if created else "Updated"
        self.stdout.write(
            self.style.SUCCESS(f"{verb} {user.username}: role {role}, areas {areas}.")
        )
        if user.is_superuser:
            self.stdout.write(
                self.style.WARNING(f"{user.username} is a superuser and keeps every permission.")
            )
