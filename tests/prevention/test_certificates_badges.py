"""The signed Open Badges 3.0 credential: it verifies from the document alone, any change
breaks it, the issuer's did:key is the platform's public key, and the key comes from the
environment or from a file made once (0600)."""

from __future__ import annotations

import base64
import copy
import json
import os
import stat

import base58
import pytest
import rfc8785
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.core.exceptions import ImproperlyConfigured

from ruta.prevention import badges
from tests.prevention.certificates_world import certificates_world

pytestmark = pytest.mark.django_db

SEED = bytes(range(32))


@pytest.fixture
def key_dir(settings, tmp_path):
    settings.RUTA_BADGE_KEY = ""
    settings.DATA_DIR = tmp_path
    return tmp_path


@pytest.fixture
def w():
    return certificates_world()


def _raw(public) -> bytes:
    return public.public_bytes(Encoding.Raw, PublicFormat.Raw)


def test_the_credential_is_an_open_badge_that_verifies(w, key_dir):
    doc = badges.credential(w["certificate"], base_url="https://ruta.example.org/")
    assert doc["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert doc["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert doc["issuer"]["type"] == ["Profile"]
    assert doc["issuer"]["name"] == w["certificate"].issuer_name
    assert doc["issuer"]["id"].startswith("did:key:z6Mk")
    subject = doc["credentialSubject"]
    assert subject["identifier"][0]["identityHash"] == w["certificate"].holder_name
    achievement = subject["achievement"]
    assert achievement["name"] == w["certificate"].course_title
    assert "8 h" in achievement["description"]
    assert achievement["criteria"]["narrative"]
    assert doc["validFrom"] == f"{w['certificate'].issued_on.isoformat()}T00:00:00Z"
    assert doc["evidence"][0]["id"] == "https://ruta.example.org/verify/RUTA-TEST-0001/"
    proof = doc["proof"]
    assert proof["type"] == "DataIntegrityProof"
    assert proof["cryptosuite"] == "eddsa-jcs-2022"
    assert proof["verificationMethod"].startswith(doc["issuer"]["id"] + "#z6Mk")
    assert proof["proofValue"].startswith("z")
    assert badges.verify(doc)
    # As downloaded: JSON text read back still verifies.
    assert badges.verify(json.loads(json.dumps(doc)))


def test_the_signature_is_the_eddsa_jcs_2022_recipe(w, key_dir):
    """Checked with nothing but the standard pieces (not badges.verify)."""
    doc = badges.credential(w["certificate"])
    document = {k: v for k, v in doc.items() if k != "proof"}
    options = {k: v for k, v in doc["proof"].items() if k != "proofValue"}
    import hashlib

    data = (
        hashlib.sha256(rfc8785.dumps(options)).digest()
        + hashlib.sha256(rfc8785.dumps(document)).digest()
    )
    public = badges.public_key_of(options["verificationMethod"])
    public.verify(base58.b58decode(doc["proof"]["proofValue"][1:]), data)  # raises if wrong


@pytest.mark.parametrize(
    "path",
    [
        ("credentialSubject", "identifier", 0, "identityHash"),
        ("credentialSubject", "achievement", "name"),
        ("credentialSubject", "achievement", "description"),
        ("issuer", "name"),
        ("validFrom",),
        ("id",),
        ("name",),
        ("proof", "created"),
        ("proof", "proofPurpose"),
    ],
)
def test_tampering_any_field_fails(w, key_dir, path):
    doc = badges.credential(w["certificate"])
    forged = copy.deepcopy(doc)
    target = forged
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = str(target[path[-1]]) + "x"
    assert not badges.verify(forged)


def test_another_key_or_a_broken_document_fails(w, key_dir):
    doc = badges.credential(w["certificate"])
    # Signed by another key that claims the platform's did.
    other = Ed25519PrivateKey.from_private_bytes(os.urandom(32))
    unsigned = {k: v for k, v in doc.items() if k != "proof"}
    forged = badges.sign(unsigned, other, created=w["certificate"].created_at)
    forged["proof"]["verificationMethod"] = doc["proof"]["verificationMethod"]
    assert not badges.verify(forged)
    # A proof by a key that is not the issuer's.
    honest_other = badges.sign(unsigned, other, created=w["certificate"].created_at)
    assert not badges.verify(honest_other)
    for broken in (
        None,
        {},
        {"proof": "x"},
        {**doc, "proof": {**doc["proof"], "proofValue": "zz"}},
    ):
        assert not badges.verify(broken)
    extra = copy.deepcopy(doc)
    extra["credentialSubject"]["achievement"]["criteria"]["extra"] = "added"
    assert not badges.verify(extra)


def test_the_did_key_decodes_to_the_platform_public_key(settings, w):
    settings.RUTA_BADGE_KEY = base64.b64encode(SEED).decode()
    doc = badges.credential(w["certificate"])
    expected = _raw(Ed25519PrivateKey.from_private_bytes(SEED).public_key())
    decoded = base58.b58decode(doc["issuer"]["id"].removeprefix("did:key:z"))
    assert decoded[:2] == b"\xed\x01"
    assert decoded[2:] == expected
    assert _raw(badges.public_key_of(doc["issuer"]["id"])) == expected
    assert badges.verify(doc)


def test_a_fresh_key_file_is_made_once_with_mode_0600(w, key_dir):
    first = badges.credential(w["certificate"])
    path = key_dir / badges.KEY_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(base64.b64decode(path.read_text().strip())) == 32
    again = badges.credential(w["certificate"])
    assert again == first  # the same key, and a deterministic signature
    assert badges.verify(first)


def test_another_data_directory_gets_its_own_key(w, key_dir, settings, tmp_path_factory):
    first = badges.credential(w["certificate"])
    settings.DATA_DIR = tmp_path_factory.mktemp("other-data")
    second = badges.credential(w["certificate"])
    assert second["issuer"]["id"] != first["issuer"]["id"]
    assert badges.verify(first)
    assert badges.verify(second)


def test_a_malformed_configured_key_is_refused(settings, w):
    settings.RUTA_BADGE_KEY = base64.b64encode(b"short").decode()
    with pytest.raises(ImproperlyConfigured):
        badges.credential(w["certificate"])
