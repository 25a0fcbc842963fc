"""``ruta generate_synthetic --cases N --seed S``: synthetic records for benchmarks and demos.
Refused in production."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ruta.demo.synthetic import generate


class Command(BaseCommand):
    help = (
        "Create N synthetic cases (persons, reports, identification decisions, events, care "
        "services) over the last years, then rebuild the statistics. Refused in production."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--cases", type=int, required=True)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--years", type=int, default=5)
        parser.add_argument(
            "--skip-existing",
            action="store_true",
            help="do nothing (and succeed) when this seed's records are already there",
        )

    def handle(self, *args, cases: int, seed: int, years: int, **options) -> None:
        from ruta.demo.synthetic import already_generated

        if settings.PRODUCTION:
            raise CommandError("generate_synthetic is refused when RUTA_ENV=production.")
        if not 1 <= cases <= 5_000_000 or not 1 <= years <= 30:
            raise CommandError("--cases must be 1 to 5,000,000 and --years 1 to 30.")
        if options["skip_existing"] and already_generated(seed):
            self.stdout.write(f"Synthetic records of seed {seed} are already there.")
            return
        started = time.monotonic()

        def progress(done: int, total: int) -> None:
            self.stdout.write(f"\r{done:,}/{total:,} cases", ending="")
            self.stdout.flush()

        try:
            result = generate(cases=cases, seed=seed, years=years, progress=progress)
        except ValueError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"\n{result.cases:,} cases, {result.persons:,} persons, {result.decisions:,} "
            f"decisions, {result.events:,} events, {result.deliveries:,} services delivered, "
            f"{result.referrals:,} referrals, {result.files:,} criminal files, "
            f"{result.trainings:,} training sessions ({result.trained:,} enrolled); "
            f"{result.victims_counted:,} victims counted; {time.monotonic() - started:.1f} s."
        )
