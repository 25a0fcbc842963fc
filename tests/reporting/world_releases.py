"""Matrix world (reporting, releases): last year's release prepared by the M&E analyst and
awaiting publication (``release_draft``), and one already published by the committee
secretary (``release_published``)."""

from __future__ import annotations

from django.utils import timezone

from ruta.reporting.services_releases import release_prepare, release_publish
from tests.factories import actor_of


def build(*, users, home, world) -> dict:
    analyst = actor_of(users["me_analyst"], home)
    secretary = actor_of(users["committee_secretary"], home)
    year = timezone.localdate().year - 1
    published = release_prepare(actor=analyst, year=year)
    release_publish(actor=secretary, release=published, version=published.version)
    draft = release_prepare(actor=analyst, year=year)
    return {"release_draft": draft, "release_published": published}
