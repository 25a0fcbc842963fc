"""Encryption at rest for free text and secrets (Fernet, rotatable keys).

``RUTA_FIELD_ENCRYPTION_KEYS`` lists Fernet keys, newest first: new values are encrypted with
the first, and every listed key still decrypts, so keys rotate by prepending a new one and
re-saving (``ruta rotate_encryption`` in a later issue). Outside production, with no key set, a
key is derived from SECRET_KEY so the demo runs; production refuses to start without keys.
"""

from __future__ import annotations

import base64
import hashlib
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...], secret_key: str) -> MultiFernet:
    if not keys:
        digest = hashlib.sha256(("ruta-field-key:" + secret_key).encode()).digest()
        keys = (base64.urlsafe_b64encode(digest).decode(),)
    try:
        return MultiFernet([Fernet(k.encode()) for k in keys])
    except ValueError as exc:
        raise ImproperlyConfigured(
            "RUTA_FIELD_ENCRYPTION_KEYS holds a value that is not a Fernet key."
        ) from exc


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.RUTA_FIELD_ENCRYPTION_KEYS), settings.SECRET_KEY)


def encrypt(plaintext: str) -> str:
    return fernet().encrypt(plaintext.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return fernet().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise ImproperlyConfigured(
            "A stored value cannot be decrypted with the configured keys."
        ) from exc


class EncryptedTextField(models.TextField):
    """A text field stored encrypted; the database never holds the plaintext."""

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(value)

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return decrypt(value)
