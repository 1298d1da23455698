"""What the login and signing conversations keep between their steps: the key owner shown before
«Кіру» (R1), the request the parent signs and, once signed, the verified signature (R10). Never
the key or its password."""

from __future__ import annotations

import base64
from datetime import datetime

from services.eds import Person
from services.referrals import ReferralRequest, VerifiedSignature


def request_data(request: ReferralRequest, application_id: int) -> dict[str, object]:
    return {
        "application_id": application_id,
        "content": base64.b64encode(request.canonical_bytes()).decode(),
    }


def request_of(data: dict[str, object]) -> ReferralRequest:
    return ReferralRequest.from_canonical_bytes(base64.b64decode(str(data["content"])))


def signature_data(signature: VerifiedSignature) -> dict[str, str]:
    return {
        "signer_iin": signature.signer_iin,
        "signer_name": signature.signer_name,
        "serial": signature.certificate_serial,
        "content": base64.b64encode(signature.content).decode(),
        "cms": base64.b64encode(signature.cms).decode(),
        "signed_at": signature.signed_at.isoformat(),
    }


def signature_of(data: dict[str, str]) -> VerifiedSignature:
    return VerifiedSignature(
        signer_iin=data["signer_iin"],
        signer_name=data["signer_name"],
        certificate_serial=data["serial"],
        content=base64.b64decode(data["content"]),
        cms=base64.b64decode(data["cms"]),
        signed_at=datetime.fromisoformat(data["signed_at"]),
    )


def person_data(person: Person) -> dict[str, str]:
    """What the conversation keeps between showing the owner and «Кіру»: no key, no password."""
    return {
        "iin": person.iin,
        "surname": person.surname,
        "given_name": person.given_name,
        "patronymic": person.patronymic,
        "serial": person.certificate_serial,
        "valid_from": person.valid_from.isoformat(),
        "valid_until": person.valid_until.isoformat(),
    }


def person_of(data: dict[str, str]) -> Person:
    return Person(
        iin=data["iin"],
        surname=data["surname"],
        given_name=data["given_name"],
        patronymic=data["patronymic"],
        certificate_serial=data["serial"],
        valid_from=datetime.fromisoformat(data["valid_from"]),
        valid_until=datetime.fromisoformat(data["valid_until"]),
    )
