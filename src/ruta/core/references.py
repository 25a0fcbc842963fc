"""Human reference numbers: ``<PREFIX>-<year>-<6 digits>``, gap-free per prefix and year."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from ruta.core.models import ReferenceSequence


def next_reference(prefix: str) -> str:
    year = timezone.localdate().year
    with transaction.atomic():
        seq = ReferenceSequence.objects.select_for_update().filter(prefix=prefix, year=year).first()
        if seq is None:
            try:
                with transaction.atomic():
                    seq = ReferenceSequence.objects.create(prefix=prefix, year=year)
            except IntegrityError:  # created concurrently: lock the winner's row
                seq = ReferenceSequence.objects.select_for_update().get(prefix=prefix, year=year)
        seq.last += 1
        seq.save(update_fields=["last"])
    return f"{prefix}-{year}-{seq.last:06d}"
