"""`manage.py create_demo_admin`: a superuser with a fresh random password, for the demo."""

import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

ADMIN_URL = "http://127.0.0.1:8000/admin/"


class Command(BaseCommand):
    help = (
        "For the local demo only: make sure a superuser exists and give it a new random "
        "password, printed once. Every run replaces the password. Never use it on a server "
        "that holds real data."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--username", default="admin", help="Username of the demo administrator."
        )

    @transaction.atomic
    def handle(self, *args, username: str, **options) -> None:
        user_model = get_user_model()
        user = user_model._default_manager.filter(
            **{user_model.USERNAME_FIELD: username}
        ).first() or user_model(**{user_model.USERNAME_FIELD: username})
        password = secrets.token_urlsafe(16)
        user.is_active = True
        user.is_staff = True
        user.is_superuser = True
        user.set_password(password)
        user.save()
        self.stdout.write(f"Demo administrator: {username} / {password}")
        self.stdout.write(f"Sign in at {ADMIN_URL}")
