"""``ruta seed_demo``: demo institutions and users. Refused in production."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from ruta.accounts.models import User
from ruta.demo import seed


class Command(BaseCommand):
    help = "Create the demo institutions and a user for every role template (not in production)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--synthetic",
            type=int,
            default=0,
            help="also this many synthetic cases (once) and last year's published release",
        )

    def handle(self, *args, **options):
        if not seed.allowed():
            raise CommandError("seed_demo is refused when RUTA_ENV=production.")
        rows = seed.seed_demo()
        if options["synthetic"]:
            seed.seed_synthetic(options["synthetic"])
        password = seed.demo_password()
        if User.objects.get(username=seed.PLATFORM_ADMIN).check_password(password):
            self.stdout.write(f"Demo users (password of every one: {password}):")
        else:  # seeded earlier, with another RUTA_DEMO_PASSWORD: say so, not a wrong one
            self.stdout.write(
                "Demo users (password: the RUTA_DEMO_PASSWORD of the run that first seeded "
                "this database; delete its data directory to start again):"
            )
        width = max(len(r[0]) for r in rows)
        for username, institution, role in rows:
            self.stdout.write(f"  {username.ljust(width)}  {institution:<10} {role}")
