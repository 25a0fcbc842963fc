"""``ruta bootstrap``: the first platform administrator of a new installation."""

from __future__ import annotations

import getpass
import os

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from ruta.accounts.services.users import platform_bootstrap
from ruta.core.choices import InstitutionType


class Command(BaseCommand):
    help = "Create the first platform administrator and its institution."

    def add_arguments(self, parser):
        parser.add_argument("--username", required=True)
        parser.add_argument("--email", required=True)
        parser.add_argument("--institution", required=True, help="Name of the institution.")
        parser.add_argument(
            "--institution-type", default=InstitutionType.COMMISSION, choices=InstitutionType.values
        )

    def handle(self, *args, **o):
        password = os.environ.get("RUTA_BOOTSTRAP_PASSWORD") or getpass.getpass("Password: ")
        try:
            user = platform_bootstrap(
                username=o["username"],
                email=o["email"],
                password=password,
                institution_name=o["institution"],
                institution_type=o["institution_type"],
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(self.style.SUCCESS(f"Platform administrator {user.username} created."))
