"""Configuration from the environment: production refuses to start without its secrets."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

PRODUCTION_ENV = {
    "RUTA_ENV": "production",
    "SECRET_KEY": "x" * 30 + "-a-long-random-production-secret-key-value",
    "ALLOWED_HOSTS": "ruta.example.org",
    "DATABASE_URL": "sqlite:////tmp/ruta-settings-test.sqlite3",
    "RUTA_FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
    "EMAIL_URL": "smtp://mail.example.org:587",
    "DEFAULT_FROM_EMAIL": "ruta@example.org",
    "RUTA_BASE_URL": "https://ruta.example.org",
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


def test_production_refuses_to_start_without_a_shared_cache():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "CACHE_URL"}
    result = _ruta("check", env=env)
    assert result.returncode != 0
    assert "CACHE_URL" in result.stderr


def test_deploy_check_warns_about_a_per_process_cache():
    env = {**PRODUCTION_ENV, "CACHE_URL": "locmemcache://"}
    result = _ruta("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0
    assert "ruta.W001" in result.stderr + result.stdout


def test_seed_demo_is_refused_in_production():
    result = _ruta("seed_demo", env=PRODUCTION_ENV)
    assert result.returncode != 0
    assert "refused" in result.stderr


ENV_EXAMPLE = Path(__file__).resolve().parents[2] / ".env.example"


def _env_example(tmp_path: Path, *, blank_the_rest: bool) -> Path:
    """.env.example with what it marks required filled and RUTA_ENV=production; every other
    line as shipped, or with its value blanked (``NAME=``)."""
    lines = ENV_EXAMPLE.read_text().splitlines()
    required, marked = set(), False
    for line in lines:  # the first variable after a comment that marks it
        if line.startswith("#"):
            marked = marked or line.startswith("# [required in production]")
        elif marked and "=" in line:
            required.add(line.split("=", 1)[0])
            marked = False
    assert required == {k for k in PRODUCTION_ENV if k != "RUTA_ENV"}
    filled = []
    for line in lines:
        name = line.split("=", 1)[0] if re.match(r"^[A-Z_0-9]+=", line) else None
        if name == "RUTA_ENV":
            line = "RUTA_ENV=production"
        elif name in required:
            line = f"{name}={PRODUCTION_ENV[name]}"
        elif name == "RUTA_DATA_DIR":
            line = f"RUTA_DATA_DIR={tmp_path / 'var'}"
        elif name and blank_the_rest:
            line = f"{name}="
        filled.append(line)
    assert any(re.match(r"^[A-Z_]+=$", line) for line in filled), "no empty value to test"
    env_file = tmp_path / ".env"
    env_file.write_text("\n".join(filled) + "\n")
    return env_file


@pytest.mark.parametrize(
    "blank_the_rest",
    [False, True],
    ids=["as-shipped", "every-other-value-empty-means-its-default"],
)
def test_env_example_with_its_required_values_passes_the_deploy_check(tmp_path, blank_the_rest):
    env_file = _env_example(tmp_path, blank_the_rest=blank_the_rest)
    result = _ruta(
        "check", "--deploy", "--fail-level", "WARNING", env={"RUTA_ENV_FILE": str(env_file)}
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout
