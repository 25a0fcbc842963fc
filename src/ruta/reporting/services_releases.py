"""Releases of the official tables: prepared by a national analyst (the tables computed and
protected, then frozen), published by a second person. Audited."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from ruta.audit import services as audit
from ruta.core.actor import Actor
from ruta.core.errors import DomainError, ValidationError, check_version, require
from ruta.reporting import policies
from ruta.reporting.choices import ReleaseStatus
from ruta.reporting.models import Release, ReleaseTable
from ruta.reporting.release_tables import (
    BuiltTable,
    DerivedTable,
    build_release_tables,
    rate_table,
)
from ruta.reporting.services import statistics_refresh

FIRST_YEAR = 2000


def _report(tables) -> dict:
    totals = {"cells": 0, "published": 0, "primary": 0, "secondary": 0, "perturbed": 0}
    # The disclosure report is about the counts of people: a table about no one (meetings,
    # a campaign's reach) is published as counted and would only dilute the shares.
    tables = [t for t in tables if t.spec.personal]
    for t in tables:
        summary = t.summary()
        for key in totals:
            totals[key] += int(summary[key])
    suppressed = totals["primary"] + totals["secondary"]
    return {
        **totals,
        "suppressed": suppressed,
        "suppressed_share": suppressed / totals["cells"] if totals["cells"] else 0.0,
        "safe": all(t.protection.safe for t in tables),
        "tables": len(tables),
    }


@transaction.atomic
def release_prepare(*, actor: Actor, year: int) -> Release:
    """Compute the year's official tables from the records as they are now, protect them,
    and freeze them in a new edition awaiting publication."""
    require(policies.can_prepare_release(actor))
    this_year = timezone.localdate().year
    if not FIRST_YEAR <= year <= this_year:
        raise ValidationError(
            {
                "year": [
                    _("Choose a year from %(first)s to %(last)s.")
                    % {"first": FIRST_YEAR, "last": this_year}
                ]
            }
        )
    statistics_refresh()
    threshold = settings.RUTA_DISCLOSURE_THRESHOLD
    built = build_release_tables(year, threshold=threshold, protection=threshold)
    last = Release.objects.select_for_update().filter(year=year).aggregate(n=Max("edition"))
    release = Release.objects.create(
        year=year,
        edition=(last["n"] or 0) + 1,
        threshold=threshold,
        protection=threshold,
        data_as_of=timezone.now(),
        prepared_by=actor.user,
        prepared_for_id=actor.institution_id,
        report=_report(built),
    )
    rates = rate_table(next(t for t in built if t.spec.code == "VICTIMS_SEX_AGE"), year)
    frozen: list[BuiltTable | DerivedTable] = [*built, *([rates] if rates else [])]
    ReleaseTable.objects.bulk_create(
        ReleaseTable(
            release=release,
            code=t.spec.code,
            position=i,
            dims=list(t.dims),
            cells=[[list(c.key), c.value, c.obs_status, c.conf_status] for c in t.cells],
            summary=t.summary(),
            safe=t.protection.safe if isinstance(t, BuiltTable) else True,
        )
        for i, t in enumerate(frozen)
    )
    audit.record(
        action="reporting.release.prepared",
        actor=actor,
        target=release,
        data={
            "year": year,
            "edition": release.edition,
            "safe": release.safe,
            "suppressed": release.report["suppressed"],
            "cells": release.report["cells"],
        },
    )
    return release


@transaction.atomic
def release_publish(*, actor: Actor, release: Release, version: int | None) -> Release:
    """Publish a prepared release as it was frozen: a second person, and only when every
    table passed the audit of its suppression."""
    release = Release.objects.select_for_update().get(pk=release.pk)
    require(policies.scope_releases(actor, Release.objects.filter(pk=release.pk)).exists())
    require(policies.can_publish_releases(actor))
    check_version(release, version)
    if release.status != ReleaseStatus.DRAFT:
        raise DomainError(_("This release is already published."))
    if not policies.may_publish_release(actor, release):
        raise DomainError(_("A release is published by someone other than who prepared it."))
    if not release.safe:
        raise DomainError(
            _("A table of this release failed the disclosure audit: it cannot be published.")
        )
    release.status = ReleaseStatus.PUBLISHED
    release.published_by = actor.user
    release.published_at = timezone.now()
    release.version += 1
    release.save(update_fields=["status", "published_by", "published_at", "version", "updated_at"])
    audit.record(
        action="reporting.release.published",
        actor=actor,
        target=release,
        data={"year": release.year, "edition": release.edition},
    )
    return release
