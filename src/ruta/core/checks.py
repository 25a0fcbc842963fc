"""System checks of the deployment that Django's own ``check --deploy`` does not know about."""

from __future__ import annotations

from django.conf import settings
from django.core import checks

PER_PROCESS_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


@checks.register(checks.Tags.security, deploy=True)
def shared_cache_check(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Sign-in throttles and locks, the public form's flood limits and the refused-access
    sampling count in the cache: a per-process cache lets each process count on its own (an
    attacker spread over the workers gets several times the limits)."""
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend in PER_PROCESS_CACHES:
        return [
            checks.Warning(
                "The default cache is per process: sign-in throttles, lock-outs and the public "
                "form's limits would count separately in each process.",
                hint="Set CACHE_URL to a shared cache, e.g. redis://127.0.0.1:6379/1.",
                id="ruta.W001",
            )
        ]
    return []
