"""R10 with a key file sent to the chat (the fallback to eGov Mobile): the parent's RSA256 key
signs the request here, for one call, and the signed request is reviewed before «Қол қою»."""

from __future__ import annotations

from dataclasses import dataclass

from services.eds.keys import KeyChecks
from services.referrals.requests import ReferralRequests, RequestView
from services.referrals.signing import ReferralRequest, VerifiedSignature


@dataclass(frozen=True, slots=True)
class SignedRequest:
    signature: VerifiedSignature
    view: RequestView


class KeyFileSigning:
    def __init__(self, keys: KeyChecks, requests: ReferralRequests) -> None:
        self._keys = keys
        self._requests = requests

    async def sign(
        self, telegram_user_id: int, key_file: bytes, password: str, request: ReferralRequest
    ) -> SignedRequest:
        """Signs the request with the key (the wrong-password guard applies), then refuses a
        signature that is not the applicant's (R10) before anything is sent."""
        signature = await self._keys.sign(
            telegram_user_id, key_file, password, request.canonical_bytes()
        )
        return SignedRequest(signature, await self._requests.review(request, signature))
