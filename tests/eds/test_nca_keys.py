"""R1/R10 on NCA RK's own test keys (testdata/nca/README.md), at injected moments."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.eds import TrustStore
from services.eds.certificates import Purpose
from services.eds.errors import (
    CertificateExpired,
    CertificateRevoked,
    CompanyKey,
    GostKey,
    KeyFileTooLarge,
    NoIinInCertificate,
    NotPkcs12,
    UntrustedCertificate,
    WrongKeyPurpose,
    WrongPassword,
)
from services.eds.pkcs12 import open_key
from tests.nca import GOST_PASSWORD_2015, NCA_PASSWORD, nca_eds, nca_key, utc

PERSONAL_AUTH = (
    "ncanode-go_personal_active_AUTH_RSA256_b2c70a9ff7a5dc59de0ccc3c0ddde3437cc1f12d.p12"
)
PERSONAL_SIGN = "ncanode-go_personal_active_RSA256_11c707bd54cbfcccb3815e39c4eb57b1dc7dfea9.p12"
ORGANIZATION_AUTH = (
    "ncanode-go_organization_active_AUTH_RSA256_d682726b55b3e62600ea8fe1c74e75fc96f47790.p12"
)
AUTH_2018 = "ncanode2018_AUTH_RSA256_6b361b864c679601b652fe387f61fcd9303c0327.p12"
SIGN_2018 = "ncanode2018_RSA256_8426360556902ce4ac33977836f873e1dc190976.p12"
INSIDE_2020_KEYS = utc(2020, 6, 1)


def rsa_keys(nca: Path) -> list[Path]:
    return sorted(
        p
        for p in (nca / "keys").glob("*.p12")
        if "GOST" not in p.name and "_2015" not in p.name and "CEO_SIGN" not in p.name
    )


def gost_keys(nca: Path) -> list[Path]:
    return sorted(set((nca / "keys").glob("*.p12")) - set(rsa_keys(nca)))


async def test_every_rsa_key_opens_and_names_its_owner(nca: Path) -> None:
    from services.eds.certificates import person_of

    keys = rsa_keys(nca)
    assert len(keys) == 11
    for path in keys:
        opened = open_key(path.read_bytes(), NCA_PASSWORD)
        person = person_of(opened.certificate, allow_test_iin=True)
        assert (person.surname, person.given_name, person.patronymic) == (
            "ТЕСТОВ",
            "ТЕСТ",
            "ТЕСТОВИЧ",
        ), path.name
        assert person.iin == "123456789011"
        assert person.full_name == "ТЕСТОВ ТЕСТ ТЕСТОВИЧ"
        assert person.masked_iin == "1234******11"


async def test_the_test_iin_is_refused_unless_test_iins_are_allowed(nca: Path) -> None:
    eds = nca_eds(nca, INSIDE_2020_KEYS, allow_test_iin=False)
    with pytest.raises(NoIinInCertificate):
        await eds.check_login_key(nca_key(nca, PERSONAL_AUTH), NCA_PASSWORD)


async def test_a_personal_auth_key_logs_in_inside_its_validity(nca: Path) -> None:
    person = await nca_eds(nca, INSIDE_2020_KEYS).check_login_key(
        nca_key(nca, PERSONAL_AUTH), NCA_PASSWORD
    )
    assert person.full_name == "ТЕСТОВ ТЕСТ ТЕСТОВИЧ"
    assert person.valid_from.year == 2020 and person.valid_until.year == 2021


async def test_production_ca_keys_chain_to_the_nca_root_in_2019_and_are_expired_today(
    nca: Path,
) -> None:
    trust = TrustStore.load([nca / "ca/nca_rsa.crt", nca / "ca/root_rsa.crt"])
    intermediate, root = trust.anchors
    opened = open_key(nca_key(nca, AUTH_2018), NCA_PASSWORD)
    chain = trust.chain(opened.certificate, (), utc(2019, 1, 1))
    assert chain == [opened.certificate, intermediate, root]
    assert "ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (RSA)" in intermediate.subject.rfc4514_string()
    assert root.subject == root.issuer
    eds = nca_eds(nca, utc(2019, 1, 1), anchors=("ca/nca_rsa.crt", "ca/root_rsa.crt"))
    assert (await eds.check_login_key(nca_key(nca, AUTH_2018), NCA_PASSWORD)).iin == "123456789011"
    assert (
        await eds.inspect_signing_key(nca_key(nca, SIGN_2018), NCA_PASSWORD)
    ).iin == "123456789011"
    today = nca_eds(nca, utc(2026, 11, 23), anchors=("ca/nca_rsa.crt", "ca/root_rsa.crt"))
    with pytest.raises(CertificateExpired) as expired:
        await today.check_login_key(nca_key(nca, AUTH_2018), NCA_PASSWORD)
    assert expired.value.params["not_after"].year == 2019


async def test_a_key_of_another_ca_is_untrusted(nca: Path) -> None:
    eds = nca_eds(nca, utc(2019, 1, 1), anchors=("ca/nca_rsa_test.crt",))
    with pytest.raises(UntrustedCertificate):
        await eds.check_login_key(nca_key(nca, AUTH_2018), NCA_PASSWORD)


async def test_revoked_keys_are_refused_by_the_crl(nca: Path) -> None:
    at = utc(2022, 6, 1)
    eds = nca_eds(nca, at, crls=("crl/nca_rsa_test.crl",))
    with pytest.raises(CertificateRevoked) as revoked:
        await eds.check_login_key(
            nca_key(nca, "ncanode-v3_KEY_INDIVIDUAL_AUTH_REVOKED_2004.p12"), NCA_PASSWORD
        )
    assert revoked.value.params["revoked_at"].date().isoformat() == "2022-01-18"
    with pytest.raises(CertificateRevoked):
        await eds.inspect_signing_key(
            nca_key(nca, "ncanode-v3_KEY_INDIVIDUAL_SIGN_REVOKED_2004.p12"), NCA_PASSWORD
        )
    # an unrevoked key of the same CA, at a moment inside its own validity
    inside = nca_eds(nca, utc(2021, 6, 1), crls=("crl/nca_rsa_test.crl",))
    person = await inside.inspect_signing_key(
        nca_key(nca, "ncanode-v3_KEY_INDIVIDUAL_VALID_SIGN_2004.p12"), NCA_PASSWORD
    )
    assert person.iin == "123456789011"
    # without the CRL nothing says the key is revoked
    assert (
        await nca_eds(nca, at).check_login_key(
            nca_key(nca, "ncanode-v3_KEY_INDIVIDUAL_AUTH_REVOKED_2004.p12"), NCA_PASSWORD
        )
    ).iin


async def test_each_key_only_for_its_purpose(nca: Path) -> None:
    eds = nca_eds(nca, INSIDE_2020_KEYS)
    with pytest.raises(WrongKeyPurpose) as for_signing:
        await eds.inspect_signing_key(nca_key(nca, PERSONAL_AUTH), NCA_PASSWORD)
    assert for_signing.value.expected == Purpose.SIGNING.value
    with pytest.raises(WrongKeyPurpose) as for_login:
        await eds.check_login_key(nca_key(nca, PERSONAL_SIGN), NCA_PASSWORD)
    assert for_login.value.expected == Purpose.LOGIN.value
    with pytest.raises(WrongKeyPurpose):
        await eds.sign(nca_key(nca, PERSONAL_AUTH), NCA_PASSWORD, b"request")


async def test_organization_keys_are_company_keys(nca: Path) -> None:
    eds = nca_eds(nca, INSIDE_2020_KEYS)
    organization_keys = [p for p in rsa_keys(nca) if "organization" in p.name]
    assert len(organization_keys) == 2
    for path in organization_keys:
        with pytest.raises(CompanyKey):
            await eds.check_login_key(path.read_bytes(), NCA_PASSWORD)


async def test_every_gost_key_gets_the_gost_message(nca: Path) -> None:
    eds = nca_eds(nca, INSIDE_2020_KEYS)
    keys = gost_keys(nca)
    assert len(keys) == 6
    for path in keys:
        password = GOST_PASSWORD_2015 if "_2015" in path.name else NCA_PASSWORD
        with pytest.raises(GostKey):
            await eds.check_login_key(path.read_bytes(), password)
        with pytest.raises(WrongPassword):  # a wrong password is still a wrong password
            await eds.check_login_key(path.read_bytes(), password + "x")


async def test_a_wrong_password_is_a_wrong_password(nca: Path) -> None:
    eds = nca_eds(nca, INSIDE_2020_KEYS)
    for password in ("qwerty12", "", "Qwerty12 ", "Қwerty12"):
        with pytest.raises(WrongPassword):
            await eds.check_login_key(nca_key(nca, PERSONAL_AUTH), password)


@pytest.mark.parametrize(
    "data",
    [b"", b"%PDF-1.7 not a key", b"\x30\x03\x02\x01\x03", bytes(range(256)) * 10, "парақ".encode()],
)
async def test_what_is_not_a_key_store_is_said_to_be_so(nca: Path, data: bytes) -> None:
    with pytest.raises(NotPkcs12):
        await nca_eds(nca, INSIDE_2020_KEYS).check_login_key(data, NCA_PASSWORD)


async def test_a_file_over_64_kb_is_refused_before_anything_else(nca: Path) -> None:
    with pytest.raises(KeyFileTooLarge) as refused:
        await nca_eds(nca, INSIDE_2020_KEYS).check_login_key(
            nca_key(nca, PERSONAL_AUTH) + bytes(65 * 1024), NCA_PASSWORD
        )
    assert refused.value.params == {"maximum": 65536}
