"""Encrypted storage of exchange files: written in chunks of 1 MiB, each encrypted with the
field-encryption keys (Fernet) and prefixed by its length, so that a file of any size is
encrypted and read back without being held whole in memory."""

from __future__ import annotations

import os
import struct
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings

from ruta.core.crypto import fernet

CHUNK = 1 << 20
_LENGTH = struct.Struct(">I")


def _path(key: str) -> Path:
    folder = Path(settings.RUTA_EXPORT_DIR)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    if not key.isalnum():
        raise ValueError("bad storage key")
    return folder / f"{key}.bin"


def store(plain: str, key: str) -> int:
    """Encrypt the file at ``plain`` into storage under ``key``; returns its plain size."""
    size = 0
    box = fernet()
    target = _path(key)
    with open(plain, "rb") as source, open(target, "wb") as out:
        os.chmod(target, 0o600)
        while block := source.read(CHUNK):
            size += len(block)
            token = box.encrypt(block)
            out.write(_LENGTH.pack(len(token)))
            out.write(token)
    return size


def chunks(key: str) -> Iterator[bytes]:
    """The stored file, decrypted chunk by chunk."""
    box = fernet()
    with open(_path(key), "rb") as source:
        while head := source.read(_LENGTH.size):
            (length,) = _LENGTH.unpack(head)
            yield box.decrypt(source.read(length))


def remove(key: str) -> None:
    _path(key).unlink(missing_ok=True)
