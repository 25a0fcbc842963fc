"""Encrypted file storage for attachments, and recognition of what a file really is.

Files are encrypted whole with the field-encryption keys (Fernet) and written under
``RUTA_DATA_DIR/attachments``; the size limit keeps them small enough to handle in memory.
A file is accepted only when its first bytes match the type its name claims, so a program
renamed ``photo.jpg`` is refused.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from ruta.core.crypto import fernet

# extension -> (content type, test on the first bytes)
ALLOWED = {
    "pdf": ("application/pdf", lambda b: b.startswith(b"%PDF-")),
    "png": ("image/png", lambda b: b.startswith(b"\x89PNG\r\n\x1a\n")),
    "jpg": ("image/jpeg", lambda b: b.startswith(b"\xff\xd8\xff")),
    "jpeg": ("image/jpeg", lambda b: b.startswith(b"\xff\xd8\xff")),
    "mp3": ("audio/mpeg", lambda b: b.startswith(b"ID3") or b[:2] in (b"\xff\xfb", b"\xff\xf3")),
    "ogg": ("audio/ogg", lambda b: b.startswith(b"OggS")),
    "wav": ("audio/wav", lambda b: b.startswith(b"RIFF") and b[8:12] == b"WAVE"),
    "m4a": ("audio/mp4", lambda b: b[4:8] == b"ftyp"),
}


def recognise(filename: str, head: bytes) -> str | None:
    """The content type when the name's extension and the first bytes agree, else None."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    entry = ALLOWED.get(extension)
    if entry is None or not entry[1](head):
        return None
    return entry[0]


def _path(attachment_id) -> Path:
    folder = Path(settings.RUTA_ATTACHMENT_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{attachment_id}.bin"


def store(attachment_id, content: bytes) -> None:
    _path(attachment_id).write_bytes(fernet().encrypt(content))


def load(attachment_id) -> bytes:
    return fernet().decrypt(_path(attachment_id).read_bytes())


def delete(attachment_id) -> None:
    _path(attachment_id).unlink(missing_ok=True)
