"""eGov Mobile's JSON (EGOV_SIGN.md): the documents the app signs, and the CMS it hands back.
The direct API and the relay speak the same shapes."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from services.egov import SigningDocument

SIGN_METHOD = "CMS_WITH_DATA"


def documents_to_sign(document: SigningDocument) -> list[dict[str, Any]]:
    return [
        {
            "id": 1,
            "nameKz": document.names["kk"],
            "nameRu": document.names["ru"],
            "nameEn": document.names["en"],
            "meta": [{"name": name, "value": value} for name, value in document.meta],
            "document": {"file": {"mime": "", "data": base64.b64encode(document.data).decode()}},
        }
    ]


def signature_of(body: dict[str, Any]) -> bytes | None:
    """The first document's CMS, base64 as the app sends it (its text, when not base64)."""
    try:
        data = body["documentsToSign"][0]["document"]["file"]["data"]
    except (KeyError, IndexError, TypeError):
        return None
    if not isinstance(data, str) or not data:
        return None
    try:
        return base64.b64decode(data, validate=False)
    except (binascii.Error, ValueError):
        return data.encode()


def declined(body: dict[str, Any]) -> bool:
    """Some app versions send {"status": "CANCELED"} when the person says no."""
    return str(body.get("status", "")).upper() in {"CANCELED", "CANCELLED"}
