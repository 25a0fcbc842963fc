"""A certificate as an Open Badges 3.0 credential that anyone can check without Ruta.

``credential(cert)`` answers an ``OpenBadgeCredential`` (W3C Verifiable Credentials 2.0) signed
with a Data Integrity proof of the ``eddsa-jcs-2022`` cryptosuite: the document and the proof's
options are canonicalised with JCS (RFC 8785), hashed with SHA-256 (options first, then the
document), and the two hashes signed with Ed25519. The issuer is a ``did:key`` (the public key
itself, multicodec ``0xed01``, base58btc), so a verifier needs nothing but the document.
``verify(doc)`` does exactly that: it decodes the key from the document's verification method.

The platform's key is one Ed25519 seed: ``RUTA_BADGE_KEY`` (base64 of 32 random bytes) when
set, else a file ``badge-key`` in ``RUTA_DATA_DIR`` created on first use (mode 0600). Changing
it changes the issuer's ``did:key``: credentials issued before still verify (each carries its
key) but no longer share the issuer's identifier.
"""

from __future__ import annotations

import base64
import binascii
import copy
import hashlib
import os
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import base58
import rfc8785
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from ruta.core.views import absolute_link
from ruta.prevention.models import Certificate

CONTEXTS = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
CRYPTOSUITE = "eddsa-jcs-2022"
KEY_FILE = "badge-key"
ED25519_MULTICODEC = b"\xed\x01"
DID_KEY = "did:key:"


# --- the platform's key ----------------------------------------------------------------------
def _seed_from_text(text: str, source: str) -> bytes:
    try:
        seed = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        seed = b""
    if len(seed) != 32:
        raise ImproperlyConfigured(f"{source} must be the base64 of 32 random bytes.")
    return seed


def _seed_from_file(path: Path) -> bytes:
    """The seed kept in ``path``; written there first (0600, never overwritten) if missing."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process wrote it in between: use theirs
            pass
        else:
            with os.fdopen(fd, "w") as handle:
                handle.write(base64.b64encode(os.urandom(32)).decode() + "\n")
    return _seed_from_text(path.read_text(), str(path))


@lru_cache(maxsize=4)
def _key(configured: str, path: str) -> Ed25519PrivateKey:
    seed = _seed_from_text(configured, "RUTA_BADGE_KEY") if configured else None
    if seed is None:
        seed = _seed_from_file(Path(path))
    return Ed25519PrivateKey.from_private_bytes(seed)


def signing_key() -> Ed25519PrivateKey:
    return _key(settings.RUTA_BADGE_KEY, str(Path(settings.DATA_DIR) / KEY_FILE))


# --- did:key ---------------------------------------------------------------------------------
def multikey(public: Ed25519PublicKey) -> str:
    """The public key as a Multikey: "z" + base58btc(0xed01 || raw key), "z6Mk..."."""
    raw = public.public_bytes(Encoding.Raw, PublicFormat.Raw)
    return "z" + base58.b58encode(ED25519_MULTICODEC + raw).decode()


def did_of(public: Ed25519PublicKey) -> str:
    return DID_KEY + multikey(public)


def public_key_of(did_or_method: str) -> Ed25519PublicKey:
    """The Ed25519 key a ``did:key`` (or its verification method, ``did:key:z..#z..``) names.
    Raises ValueError for anything else."""
    if not did_or_method.startswith(DID_KEY):
        raise ValueError("not a did:key")
    did, _, fragment = did_or_method.partition("#")
    value = did[len(DID_KEY) :]
    if fragment and fragment != value:
        raise ValueError("the fragment names another key")
    if not value.startswith("z"):
        raise ValueError("not base58btc")
    decoded = base58.b58decode(value[1:])
    if decoded[:2] != ED25519_MULTICODEC or len(decoded) != 34:
        raise ValueError("not an Ed25519 key")
    return Ed25519PublicKey.from_public_bytes(decoded[2:])


# --- the credential --------------------------------------------------------------------------
def _timestamp(value: datetime) -> str:
    return value.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def _hours(cert: Certificate) -> str:
    text = f"{cert.hours:f}"
    return text[:-2] if text.endswith(".0") else text


def unsigned_credential(cert: Certificate, *, issuer: str, base_url: str = "") -> dict[str, Any]:
    """The credential's claims: what the certificate copied on the day of issue."""
    verify_url = absolute_link(
        reverse("prevention_public:verify", kwargs={"code": cert.code}), base_url
    )
    hours = _hours(cert)
    course_id = cert.enrolment.session.course_id
    achievement = {
        "id": f"urn:uuid:{course_id}",
        "type": ["Achievement"],
        "achievementType": "Course",
        "humanCode": cert.course_code,
        "name": cert.course_title,
        "description": f"{cert.course_title} ({hours} h)",
        "criteria": {
            "narrative": (
                f"Completed the course {cert.course_title} ({hours} hours) given by "
                f"{cert.issuer_name}: attended the required share of the session's days and "
                "passed the final test."
            )
        },
        "creator": {"id": issuer, "type": ["Profile"], "name": cert.issuer_name},
    }
    document: dict[str, Any] = {
        "@context": list(CONTEXTS),
        "id": f"urn:uuid:{cert.pk}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": cert.course_title,
        "description": f"{cert.course_title} · {hours} h · {cert.issuer_name}",
        "issuer": {
            "id": issuer,
            "type": ["Profile"],
            "name": cert.issuer_name,
            "url": absolute_link("/", base_url),
        },
        "validFrom": f"{cert.issued_on.isoformat()}T00:00:00Z",
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityHash": cert.holder_name,
                    "identityType": "name",
                    "hashed": False,
                }
            ],
            "achievement": achievement,
        },
        "evidence": [
            {
                "id": verify_url,
                "type": ["Evidence"],
                "name": f"Verification code {cert.code}",
            }
        ],
    }
    return document


def _hash_data(document: dict[str, Any], options: dict[str, Any]) -> bytes:
    return (
        hashlib.sha256(rfc8785.dumps(options)).digest()
        + hashlib.sha256(rfc8785.dumps(document)).digest()
    )


def sign(document: dict[str, Any], key: Ed25519PrivateKey, *, created: datetime) -> dict:
    """``document`` with a ``DataIntegrityProof`` (eddsa-jcs-2022) added."""
    method = multikey(key.public_key())
    options: dict[str, Any] = {
        "type": "DataIntegrityProof",
        "cryptosuite": CRYPTOSUITE,
        "created": _timestamp(created),
        "verificationMethod": f"{DID_KEY}{method}#{method}",
        "proofPurpose": "assertionMethod",
    }
    if "@context" in document:
        options["@context"] = document["@context"]
    signature = key.sign(_hash_data(document, options))
    proof = {**options, "proofValue": "z" + base58.b58encode(signature).decode()}
    return {**document, "proof": proof}


def credential(cert: Certificate, *, base_url: str = "") -> dict[str, Any]:
    """The certificate as a signed ``OpenBadgeCredential``. The same certificate and key give
    the same document (Ed25519 signatures are deterministic, ``created`` is the issue's)."""
    key = signing_key()
    document = unsigned_credential(cert, issuer=did_of(key.public_key()), base_url=base_url)
    return sign(document, key, created=cert.created_at)


def verify(doc: Any) -> bool:
    """Whether ``doc`` carries a valid eddsa-jcs-2022 proof by the key its verification method
    names, that key being the issuer's. Uses the document alone; never raises."""
    try:
        return _verify(doc)
    except (ValueError, TypeError, KeyError, AttributeError, InvalidSignature):
        return False


def _verify(doc: Any) -> bool:
    if not isinstance(doc, dict) or not isinstance(doc.get("proof"), dict):
        return False
    document = copy.deepcopy(doc)
    proof = document.pop("proof")
    if proof.get("type") != "DataIntegrityProof" or proof.get("cryptosuite") != CRYPTOSUITE:
        return False
    if proof.get("proofPurpose") != "assertionMethod":
        return False
    proof_value = proof.pop("proofValue", "")
    if not isinstance(proof_value, str) or not proof_value.startswith("z"):
        return False
    context = proof.get("@context")
    if context is not None:
        given = document.get("@context")
        if not isinstance(given, list) or given[: len(context)] != context:
            return False
    method = proof.get("verificationMethod", "")
    issuer = document.get("issuer")
    issuer_id = issuer.get("id") if isinstance(issuer, dict) else issuer
    if not isinstance(method, str) or method.partition("#")[0] != issuer_id:
        return False
    public = public_key_of(method)
    signature = base58.b58decode(proof_value[1:])
    public.verify(signature, _hash_data(document, proof))
    return True
