"""Opening a PKCS#12 key store (NCA RK issues them with legacy RC2/3DES encryption).

`cryptography` answers "Invalid password or PKCS12 data" both for a wrong password and for a
GOST key it cannot read. The store's MAC tells the two apart: it is computed from the password
alone (RFC 7292, appendix B), so a MAC that verifies means the password was right.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from typing import Any

from asn1crypto import cms as asn1_cms
from asn1crypto import keys as asn1_keys
from asn1crypto import pkcs12 as asn1_pkcs12
from cryptography import x509
from cryptography.hazmat.decrepit.ciphers.algorithms import TripleDES
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.ciphers import Cipher, modes
from cryptography.hazmat.primitives.ciphers.algorithms import AES
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC
from cryptography.hazmat.primitives.padding import PKCS7
from cryptography.hazmat.primitives.serialization import load_der_private_key, pkcs12

from services.eds.errors import (
    GostKey,
    KeyFileTooLarge,
    NoPrivateKey,
    NotPkcs12,
    UnsupportedKey,
    WrongPassword,
)

MAX_KEY_FILE_BYTES = 64 * 1024
_HASHES = {"sha1": hashlib.sha1, "sha256": hashlib.sha256, "sha512": hashlib.sha512}
_RSA_OID = "1.2.840.113549.1.1.1"
_GOST_OID_PREFIXES = ("1.2.398.3.10.", "1.2.643.")  # Kazakhstan's and Russia's GOST families
_PBKDF2_HASHES: dict[str, hashes.HashAlgorithm] = {
    "sha1": hashes.SHA1(),
    "sha256": hashes.SHA256(),
    "sha512": hashes.SHA512(),
}


@dataclass(frozen=True, slots=True)
class OpenedKey:
    private_key: rsa.RSAPrivateKey
    certificate: x509.Certificate
    extra_certificates: tuple[x509.Certificate, ...]


def _kdf(
    hash_name: str, password: bytes, salt: bytes, purpose: int, iterations: int, size: int
) -> bytes:
    """RFC 7292 B.2. `password` is the BMPString form, two zero bytes included."""
    digest = _HASHES[hash_name]
    u = digest().digest_size
    v = digest().block_size
    d = bytes([purpose]) * v

    def stretch(data: bytes) -> bytes:
        if not data:
            return b""
        length = v * -(-len(data) // v)
        return (data * (length // len(data) + 1))[:length]

    block = stretch(salt) + stretch(password)
    output = b""
    while len(output) < size:
        a = digest(d + block).digest()
        for _ in range(iterations - 1):
            a = digest(a).digest()
        output += a
        b = int.from_bytes((a * (v // u + 1))[:v], "big")
        chunks = []
        for start in range(0, len(block), v):
            value = (int.from_bytes(block[start : start + v], "big") + b + 1) % (1 << (8 * v))
            chunks.append(value.to_bytes(v, "big"))
        block = b"".join(chunks)
    return output[:size]


def _mac_verifies(pfx: asn1_pkcs12.Pfx, password: str) -> bool | None:
    """True/False when the store has a MAC we can check; None when it has none."""
    mac_data = pfx["mac_data"]
    if not mac_data.native:
        return None
    hash_name = mac_data["mac"]["digest_algorithm"]["algorithm"].native
    if hash_name not in _HASHES:
        return None
    salt = mac_data["mac_salt"].native
    iterations = mac_data["iterations"].native or 1
    secret = (password + "\0").encode("utf-16-be")
    key = _kdf(hash_name, secret, salt, 3, iterations, _HASHES[hash_name]().digest_size)
    content = pfx["auth_safe"]["content"].native
    expected = hmac.new(key, content, hash_name).digest()
    return hmac.compare_digest(expected, mac_data["mac"]["digest"].native)


def _decrypt_key_bag(info: asn1_keys.EncryptedPrivateKeyInfo, password: str) -> bytes | None:
    """The PKCS#8 DER of a shrouded key bag, or None for an encryption we do not handle here."""
    algorithm = info["encryption_algorithm"]
    try:
        cipher_name = algorithm.encryption_cipher
        key_length = algorithm.key_length
        if algorithm.kdf == "pkcs12_kdf":
            secret = (password + "\0").encode("utf-16-be")
            salt, rounds = algorithm.kdf_salt, algorithm.kdf_iterations
            key = _kdf("sha1", secret, salt, 1, rounds, key_length)
            iv = _kdf("sha1", secret, salt, 2, rounds, algorithm.encryption_block_size)
        elif algorithm.kdf == "pbkdf2" and algorithm.kdf_hmac in _PBKDF2_HASHES:
            key = PBKDF2HMAC(
                _PBKDF2_HASHES[algorithm.kdf_hmac],
                key_length,
                algorithm.kdf_salt,
                algorithm.kdf_iterations,
            ).derive(password.encode())
            iv = algorithm.encryption_iv
        else:
            return None
    except (ValueError, KeyError, NotImplementedError):
        return None
    if cipher_name == "tripledes":
        cipher: Any = TripleDES(key)
    elif cipher_name == "aes":
        cipher = AES(key)
    else:
        return None
    decryptor = Cipher(cipher, modes.CBC(iv)).decryptor()
    padded = decryptor.update(info["encrypted_data"].native) + decryptor.finalize()
    unpadder = PKCS7(cipher.block_size).unpadder()
    return unpadder.update(padded) + unpadder.finalize()


def _take_key_bag(pfx: asn1_pkcs12.Pfx, password: str) -> tuple[bytes | None, bytes]:
    """The store's private key (PKCS#8 DER, None if we cannot decrypt it here) and the store
    without its key bags and its MAC (already checked), for `cryptography` to read the
    certificates from."""
    key_der: bytes | None = None
    kept: list[asn1_cms.ContentInfo] = []
    for content_info in pfx.authenticated_safe:
        if content_info["content_type"].native != "data":
            kept.append(content_info)
            continue
        others = []
        for bag in asn1_pkcs12.SafeContents.load(content_info["content"].native):
            kind = bag["bag_id"].native
            if kind == "pkcs8_shrouded_key_bag":
                key_der = _decrypt_key_bag(bag["bag_value"], password)
            elif kind == "key_bag":
                key_der = bag["bag_value"].dump()
            else:
                others.append(bag)
        if others:
            content = asn1_pkcs12.SafeContents(others).dump()
            kept.append(asn1_cms.ContentInfo({"content_type": "data", "content": content}))
    safe = asn1_pkcs12.AuthenticatedSafe(kept).dump()
    stripped = asn1_pkcs12.Pfx(
        {"version": "v3", "auth_safe": {"content_type": "data", "content": safe}}
    )
    return key_der, stripped.dump()


def _fast_open(pfx: asn1_pkcs12.Pfx, password: str) -> OpenedKey | None:
    """`cryptography` validates an RSA private key when it loads one, a primality test that takes
    ~45 ms here, most of a login. The proof of possession (R1) and the verification of every
    signature already catch a key that does not match its certificate, so the key is decrypted
    here and loaded without that validation. None when this store needs the slow path."""
    key_der, without_key = _take_key_bag(pfx, password)
    if key_der is None:
        return None
    algorithm = asn1_keys.PrivateKeyInfo.load(key_der)["private_key_algorithm"]["algorithm"].dotted
    if algorithm.startswith(_GOST_OID_PREFIXES):
        raise GostKey()
    if algorithm != _RSA_OID:
        raise UnsupportedKey()
    try:
        private_key = load_der_private_key(key_der, None, unsafe_skip_rsa_key_validation=True)
        loaded = pkcs12.load_pkcs12(without_key, password.encode())
    except ValueError:
        return None
    if not isinstance(private_key, rsa.RSAPrivateKey):
        return None
    # Without its key, the store's certificates all come back as "additional": the key's own
    # is the one with the same public key.
    certificates = [c.certificate for c in loaded.additional_certs]
    own = private_key.public_key().public_numbers()
    mine = [c for c in certificates if _public_numbers(c) == own]
    if not mine:
        return None
    return OpenedKey(
        private_key=private_key,
        certificate=mine[0],
        extra_certificates=tuple(c for c in certificates if c is not mine[0]),
    )


def _public_numbers(certificate: x509.Certificate) -> rsa.RSAPublicNumbers | None:
    key = certificate.public_key()
    return key.public_numbers() if isinstance(key, rsa.RSAPublicKey) else None


def open_key(data: bytes, password: str) -> OpenedKey:
    if len(data) > MAX_KEY_FILE_BYTES:
        raise KeyFileTooLarge(MAX_KEY_FILE_BYTES)
    try:
        pfx = asn1_pkcs12.Pfx.load(data, strict=True)
        pfx["auth_safe"]["content"].native  # noqa: B018 - forces the parse
    except (ValueError, TypeError, KeyError):
        raise NotPkcs12() from None
    mac_ok = _mac_verifies(pfx, password)
    if mac_ok is False:
        raise WrongPassword()
    if mac_ok:
        try:
            opened = _fast_open(pfx, password)
        except (ValueError, TypeError, KeyError):
            opened = None
        if opened is not None:
            return opened
    try:
        loaded = pkcs12.load_pkcs12(data, password.encode())
    except ValueError:
        if mac_ok:
            raise GostKey() from None  # the password is right, the algorithm is not RSA
        raise WrongPassword() from None
    if loaded.key is None or loaded.cert is None:
        raise NoPrivateKey()
    if not isinstance(loaded.key, rsa.RSAPrivateKey):
        raise UnsupportedKey()
    return OpenedKey(
        private_key=loaded.key,
        certificate=loaded.cert.certificate,
        extra_certificates=tuple(c.certificate for c in loaded.additional_certs),
    )
