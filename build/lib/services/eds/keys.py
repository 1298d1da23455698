"""The EDS steps of the chat (R1 login, R10 signing), with the wrong-password guard around them.
The key file and the password are arguments of one call and are dropped when it returns."""

from __future__ import annotations

from services.eds.attempts import Attempts
from services.eds.certificates import Person
from services.eds.errors import WrongPassword
from services.eds.service import EdsService
from services.referrals.signing import VerifiedSignature


class KeyChecks:
    def __init__(self, eds: EdsService, attempts: Attempts) -> None:
        self._eds = eds
        self._attempts = attempts

    async def login(self, telegram_user_id: int, key_file: bytes, password: str) -> Person:
        await self._attempts.guard(telegram_user_id)
        try:
            return await self._eds.check_login_key(key_file, password)
        except WrongPassword:
            await self._attempts.failed(telegram_user_id)
            raise

    async def signing_key(self, telegram_user_id: int, key_file: bytes, password: str) -> Person:
        await self._attempts.guard(telegram_user_id)
        try:
            return await self._eds.inspect_signing_key(key_file, password)
        except WrongPassword:
            await self._attempts.failed(telegram_user_id)
            raise

    async def sign(
        self, telegram_user_id: int, key_file: bytes, password: str, content: bytes
    ) -> VerifiedSignature:
        await self._attempts.guard(telegram_user_id)
        try:
            return await self._eds.sign(key_file, password, content)
        except WrongPassword:
            await self._attempts.failed(telegram_user_id)
            raise
