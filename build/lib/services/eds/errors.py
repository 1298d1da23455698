"""Why a key or a signature is refused. Each has its own sentence in the chat (handlers/)."""

from __future__ import annotations

from datetime import datetime

from services.errors import DomainError


class EdsError(DomainError):
    code = "eds_error"


class KeyFileTooLarge(EdsError):
    code = "key_too_large"

    def __init__(self, maximum: int) -> None:
        super().__init__(maximum=maximum)


class NotPkcs12(EdsError):
    """Not a PKCS#12 key store (.p12 / .pfx)."""

    code = "not_pkcs12"


class WrongPassword(EdsError):
    code = "wrong_password"


class GostKey(EdsError):
    """The password is right but the key is GOST: the parent should send the RSA file."""

    code = "gost_key"


class NoPrivateKey(EdsError):
    code = "no_private_key"


class UnsupportedKey(EdsError):
    code = "unsupported_key"


class CertificateExpired(EdsError):
    code = "certificate_expired"

    def __init__(self, not_after: datetime) -> None:
        super().__init__(not_after=not_after)


class CertificateNotYetValid(EdsError):
    code = "certificate_not_yet_valid"

    def __init__(self, not_before: datetime) -> None:
        super().__init__(not_before=not_before)


class UntrustedCertificate(EdsError):
    """The certificate does not chain to a configured trusted CA."""

    code = "untrusted_certificate"


class CertificateRevoked(EdsError):
    code = "certificate_revoked"

    def __init__(self, revoked_at: datetime) -> None:
        super().__init__(revoked_at=revoked_at)


class RevocationUnknown(EdsError):
    """The revocation status could not be established (stale CRL, OCSP unreachable)."""

    code = "revocation_unknown"


class WrongKeyPurpose(EdsError):
    """An authentication key offered for signing, or a signing key offered for login."""

    code = "wrong_key_purpose"

    def __init__(self, expected: str) -> None:
        super().__init__(expected=expected)
        self.expected = expected


class CompanyKey(EdsError):
    """A legal entity's key (its employee's), not a parent's personal key."""

    code = "company_key"


class NoIinInCertificate(EdsError):
    code = "no_iin_in_certificate"


class ProofOfPossessionFailed(EdsError):
    code = "proof_failed"


class SignatureInvalid(EdsError):
    code = "signature_invalid"


class UnsupportedAlgorithm(EdsError):
    """A GOST (or other non-RSA) signature, which this service cannot verify."""

    code = "unsupported_algorithm"


class TooManyAttempts(EdsError):
    """Too many wrong passwords: wait until the cool-down ends."""

    code = "too_many_attempts"

    def __init__(self, until: datetime) -> None:
        super().__init__(until=until)
        self.until = until


class TooManySignatures(TooManyAttempts):
    """Too many refused signatures from eGov Mobile for one chat: wait until the cool-down ends."""

    code = "too_many_signatures"
