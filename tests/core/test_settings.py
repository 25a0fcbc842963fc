"""Configuration from the environment: production refuses to start without its secrets."""

from __future__ import annotations

import os
import subprocess
import sys

from cryptography.fernet import Fernet

PRODUCTION_ENV = {
    "RUTA_ENV": "production",
    "SECRET_KEY": "x" * 30 + "-a-long-random-production-secret-key-value",
    "ALLOWED_HOSTS": "ruta.example.org",
    "DATABASE_URL": "sqlite:////tmp/ruta-settings-test.sqlite3",
    "RUTA_FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
    "EMAIL_URL": "smtp://mail.example.org:587",
    "DEFAULT_FROM_EMAIL": "ruta@example.org",
    "CACHE_URL": "redis://127.0.0.1:6379/1",
}


def _ruta(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("RUTA_", "DATABASE_URL"))}
    base.pop("SECRET_KEY", None)
    return subprocess.run(
        [sys.executable, "-m", "ruta.manage", *args],
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_refuses_to_start_without_secrets():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "RUTA_FIELD_ENCRYPTION_KEYS"}
    env["SECRET_KEY"] = ""
    result = _ruta("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
    assert "RUTA_FIELD_ENCRYPTION_KEYS" in result.stderr


def test_deploy_check_is_clean_with_production_settings():
    result = _ruta("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_deploy_check_warns_about_a_per_process_cache():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "CACHE_URL"}
    result = _ruta("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0
    assert "ruta.W001" in result.stderr + result.stdout


def test_seed_demo_is_refused_in_production():
    result = _ruta("seed_demo", env=PRODUCTION_ENV)
    assert result.returncode != 0
    assert "refused" in result.stderr
