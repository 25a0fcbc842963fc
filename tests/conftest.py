from __future__ import annotations

import pytest
from django.core.cache import cache
from django.utils import translation

from ruta.core.choices import InstitutionType
from tests.factories import make_institution


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """On SQLite, test on a fresh file (one per worker), not in memory: the browser tests' live
    server answers several requests at once, which an in-memory shared-cache database refuses
    ("table is locked")."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database.setdefault("TEST", {})["NAME"] = str(
            tmp_path_factory.mktemp("db") / "test-ruta.sqlite3"
        )


@pytest.fixture(autouse=True)
def _isolation(settings, tmp_path):
    """Every test starts with 2FA required (as in production), a clean cache, mail in memory
    and the default language active (a request through the test client leaves the language
    it negotiated active in the thread: without this, a test's language depends on the one
    before it)."""
    translation.activate(settings.LANGUAGE_CODE)
    settings.DEMO_MODE = False
    settings.REQUIRE_2FA = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.RUTA_ATTACHMENT_DIR = str(tmp_path / "attachments")
    cache.clear()
    yield
    translation.deactivate()


@pytest.fixture
def home_institution(db):
    return make_institution("Equipo de Respuesta Inmediata", InstitutionType.RESPONSE_TEAM)


@pytest.fixture
def other_institution(db):
    return make_institution("Albergue Otro", InstitutionType.SHELTER)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    """An xdist worker finished: keep what its schemathesis run counted."""
    from tests.api import run_tally

    run_tally.collect(node.config, getattr(node, "workeroutput", {}).get(run_tally.KEY))


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session, exitstatus):
    if hasattr(session.config, "workeroutput"):
        return  # a worker: the controller adds the workers' counts up
    from tests.api import run_tally

    run_tally.check(session)


# Tests that take a minute or more each: run first, so that xdist shares the thousands of short
# tests around them. At the end of the collection they left one core working alone for minutes.
SLOW_FIRST = ("tests/web/test_bad_links.py::",)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """The slow tests first; everything else in the order pytest-django gave (tests that
    flush the database still last: a test after them would find the migrations' data gone)."""
    slow = [item for item in items if item.nodeid.startswith(SLOW_FIRST)]
    if slow:
        rest = [item for item in items if not item.nodeid.startswith(SLOW_FIRST)]
        items[:] = slow + rest
