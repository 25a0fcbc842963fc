"""``ruta load_population FILE.csv --source TEXT``: the population figures of the rates per
100,000 (see ``ruta.reporting.population``). All rows or none."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ruta.audit import services as audit
from ruta.reporting.population import load


class Command(BaseCommand):
    help = "Load population figures by year, department, sex and age (CSV), with their source."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file")
        parser.add_argument(
            "--source", required=True, help="who published the figures, and which edition"
        )

    def handle(self, *args, file: str, source: str, **options) -> None:
        if len(source.strip()) < 5:
            raise CommandError("Name the source of the figures (--source).")
        result = load(Path(file), source=source.strip())
        for row, column, message in result.errors:
            self.stdout.write(f"row {row}" + (f", {column}" if column else "") + f": {message}")
        if result.errors:
            raise CommandError(f"{len(result.errors)} error(s): nothing was loaded.")
        audit.record(
            action="reporting.population.loaded",
            via="system",
            data={"rows": result.rows, "source": source.strip()[:300]},
        )
        self.stdout.write(f"{result.rows} population figures loaded.")
