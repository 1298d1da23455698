"""What an NCA RK certificate says: whose it is, and what it is for.

Subject of a personal key: CN = "SURNAME NAME", SURNAME, GIVENNAME = patronymic,
SERIALNUMBER = "IIN" + 12 digits. A legal entity's key adds O= and OU=BIN…. The policy OIDs say
the purpose: 1.2.398.3.3.2.4 personal authentication, .3 personal signing, .2 and .1 the same for
a legal entity (testdata/nca/README.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from cryptography import x509
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from services.eds.errors import (
    CertificateExpired,
    CertificateNotYetValid,
    CompanyKey,
    NoIinInCertificate,
    WrongKeyPurpose,
)
from services.errors import InvalidIin
from services.iin import mask_iin, parse_iin

POLICY_PERSON_AUTH = "1.2.398.3.3.2.4"
POLICY_PERSON_SIGN = "1.2.398.3.3.2.3"
POLICY_COMPANY_AUTH = "1.2.398.3.3.2.2"
POLICY_COMPANY_SIGN = "1.2.398.3.3.2.1"
_COMPANY_POLICIES = {POLICY_COMPANY_AUTH, POLICY_COMPANY_SIGN}


class Purpose(StrEnum):
    LOGIN = "auth"  # AUTH_RSA256_…p12: clientAuth
    SIGNING = "sign"  # RSA256_…p12: nonRepudiation


@dataclass(frozen=True, slots=True)
class Person:
    """What R1 shows before «Кіру» / «Войти»."""

    iin: str
    surname: str
    given_name: str
    patronymic: str
    certificate_serial: str
    valid_from: datetime
    valid_until: datetime

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.surname, self.given_name, self.patronymic) if p)

    @property
    def masked_iin(self) -> str:
        return mask_iin(self.iin)


def _attribute(name: x509.Name, oid: x509.ObjectIdentifier) -> str:
    values = name.get_attributes_for_oid(oid)
    return str(values[0].value).strip() if values else ""


def _policies(certificate: x509.Certificate) -> set[str]:
    try:
        extension = certificate.extensions.get_extension_for_class(x509.CertificatePolicies)
    except x509.ExtensionNotFound:
        return set()
    return {p.policy_identifier.dotted_string for p in extension.value}


def check_validity(certificate: x509.Certificate, at: datetime) -> None:
    if at < certificate.not_valid_before_utc:
        raise CertificateNotYetValid(certificate.not_valid_before_utc)
    if at > certificate.not_valid_after_utc:
        raise CertificateExpired(certificate.not_valid_after_utc)


def check_personal(certificate: x509.Certificate) -> None:
    subject = certificate.subject
    organisation_units = [
        str(a.value) for a in subject.get_attributes_for_oid(NameOID.ORGANIZATIONAL_UNIT_NAME)
    ]
    if (
        _policies(certificate) & _COMPANY_POLICIES
        or subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)
        or any(unit.upper().startswith("BIN") for unit in organisation_units)
    ):
        raise CompanyKey()


def check_purpose(certificate: x509.Certificate, purpose: Purpose | tuple[Purpose, ...]) -> None:
    """Login needs an authentication key; a referral is signed with a signing key (R1, R10).
    Given several purposes, the key must serve one of them (eGov Mobile's login)."""
    purposes = purpose if isinstance(purpose, tuple) else (purpose,)
    policies = _policies(certificate)
    try:
        key_usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
        non_repudiation = key_usage.content_commitment
    except x509.ExtensionNotFound:
        non_repudiation = False
    try:
        usages = certificate.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
        client_auth = ExtendedKeyUsageOID.CLIENT_AUTH in usages
    except x509.ExtensionNotFound:
        client_auth = False
    serves = {
        Purpose.LOGIN: client_auth and POLICY_PERSON_AUTH in policies,
        Purpose.SIGNING: non_repudiation and POLICY_PERSON_SIGN in policies,
    }
    if not any(serves[p] for p in purposes):
        raise WrongKeyPurpose(purposes[0].value)


def person_of(certificate: x509.Certificate, *, allow_test_iin: bool) -> Person:
    subject = certificate.subject
    serial = _attribute(subject, NameOID.SERIAL_NUMBER)
    if not serial.upper().startswith("IIN") or len(serial) != 15 or not serial[3:].isdigit():
        raise NoIinInCertificate()
    iin = serial[3:]
    if not allow_test_iin:
        try:
            parse_iin(iin)
        except InvalidIin:
            raise NoIinInCertificate() from None
    surname = _attribute(subject, NameOID.SURNAME)
    common_name = _attribute(subject, NameOID.COMMON_NAME)
    given_name = (
        common_name[len(surname) :].strip() if surname and common_name.startswith(surname) else ""
    )
    if not surname:
        surname, _, given_name = common_name.partition(" ")
    return Person(
        iin=iin,
        surname=surname,
        given_name=given_name,
        patronymic=_attribute(subject, NameOID.GIVEN_NAME),
        certificate_serial=format(certificate.serial_number, "x"),
        valid_from=certificate.not_valid_before_utc,
        valid_until=certificate.not_valid_after_utc,
    )
