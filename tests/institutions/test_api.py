"""The institutions API: an unknown department among the territories is a well-formed code
that names nothing (422, nothing changed), as the schema promises; known codes are saved."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from ruta.accounts.services import credentials as auth
from tests.factories import make_institution, make_user

pytestmark = pytest.mark.django_db


def _api(user) -> APIClient:
    _token, key = auth.token_create(
        user=user, membership=user.memberships.get(), second_factor=True
    )
    return APIClient(HTTP_AUTHORIZATION=f"Bearer {key}")


def test_unknown_territories_are_refused_with_422_and_change_nothing():
    platform = make_institution("Plataforma")
    shelter = make_institution("Albergue")
    api = _api(make_user("platform_admin", platform))
    url = f"/api/v1/institutions/{shelter.pk}/"
    refused = api.patch(url, {"territories": ["HN-CR", "docs"]}, format="json")
    assert refused.status_code == 422
    assert "docs" in refused.json()["errors"]["territories"][0]
    shelter.refresh_from_db()
    assert list(shelter.territories.all()) == []
    saved = api.patch(url, {"territories": ["HN-CR"], "version": shelter.version}, format="json")
    assert saved.status_code == 200 and saved.json()["territories"] == ["HN-CR"]
