"""The deployment check that production counts its limits in a shared cache."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import override_settings

from ruta.core.checks import shared_cache_check

LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/1",
    }
}


def test_a_per_process_cache_is_a_deploy_warning():
    with override_settings(CACHES=LOCMEM):
        assert [m.id for m in shared_cache_check()] == ["ruta.W001"]
        with pytest.raises(SystemCheckError, match=r"ruta\.W001"):
            call_command("check", "--deploy", "--fail-level", "WARNING", "--tag", "security")


def test_a_shared_cache_passes():
    with override_settings(CACHES=REDIS):
        assert shared_cache_check() == []
