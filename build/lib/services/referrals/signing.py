"""What a parent signs (R10) and the proof that they did.

The request is rendered to canonical bytes; the EDS service signs exactly those bytes and, after
verifying the CMS, hands back a VerifiedSignature. The referral service trusts only that value
object, and only when it covers the very bytes of the request.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol


@dataclass(frozen=True, slots=True)
class ReferralRequest:
    application_number: str
    kindergarten_code: str
    group_year: int
    language: str
    signer_iin: str
    requested_at: datetime

    def canonical_bytes(self) -> bytes:
        document = {
            "type": "kindergarten-referral-request",
            "version": 1,
            "application": self.application_number,
            "kindergarten": self.kindergarten_code,
            "group_year": self.group_year,
            "language": self.language,
            "signer_iin": self.signer_iin,
            "requested_at": self.requested_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        }
        return json.dumps(
            document, ensure_ascii=False, sort_keys=True, separators=(",", ":")
        ).encode()

    @classmethod
    def from_canonical_bytes(cls, content: bytes) -> ReferralRequest:
        document = json.loads(content)
        return cls(
            application_number=document["application"],
            kindergarten_code=document["kindergarten"],
            group_year=int(document["group_year"]),
            language=document["language"],
            signer_iin=document["signer_iin"],
            requested_at=datetime.strptime(document["requested_at"], "%Y-%m-%dT%H:%M:%SZ").replace(
                tzinfo=UTC
            ),
        )


@dataclass(frozen=True, slots=True)
class VerifiedSignature:
    """A CMS signature that the EDS service has verified: digest, signature, certificate chain,
    revocation and purpose (signing key, a person's key)."""

    signer_iin: str
    signer_name: str
    certificate_serial: str
    content: bytes
    cms: bytes
    signed_at: datetime


class SignatureChecker(Protocol):
    """Re-verifies a stored signature (the verification page of R11)."""

    def verify_stored(self, content: bytes, cms: bytes, at: datetime) -> VerifiedSignature: ...
