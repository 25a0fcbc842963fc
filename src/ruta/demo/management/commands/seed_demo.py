"""``ruta seed_demo``: demo institutions and users. Refused in production."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from ruta.demo import seed


class Command(BaseCommand):
    help = "Create the demo institutions and a user for every role template (not in production)."

    def handle(self, *args, **options):
        if not seed.allowed():
            raise CommandError("seed_demo is refused when RUTA_ENV=production.")
        rows = seed.seed_demo()
        self.stdout.write("Demo users (password from RUTA_DEMO_PASSWORD, default in README):")
        width = max(len(r[0]) for r in rows)
        for username, institution, role in rows:
            self.stdout.write(f"  {username.ljust(width)}  {institution:<10} {role}")
