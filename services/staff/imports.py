"""Any CSV of the ops CLI, sent to the bot as a file: its kind is told by its header, the same
importers validate it (all or nothing), and a district administrator's rows must all lie in
their districts."""

from __future__ import annotations

import csv

from services.errors import InvalidCommand, OutOfScope
from services.imports import IMPORTERS, BytesSource, ImportReport, ImportService
from services.imports.problems import Problems
from services.imports.reader import read_lines
from services.staff.roles import Staffer
from storage.uow import UnitOfWorkFactory

MAX_FILE_BYTES = 20 * 1024 * 1024  # what a bot may download from Telegram
# Districts and children's records are the whole city's: superadministrators only.
_SCOPE_COLUMN = {
    "kindergartens": "district_code",
    "applications": "district_code",
    "places": "kindergarten_code",
}


def detect_kind(data: bytes) -> str:
    """Which import a file is, by its header line."""
    first = data[:4096].decode("utf-8-sig", errors="replace").splitlines()
    header_text = first[0] if first else ""
    delimiter = ";" if header_text.count(";") > header_text.count(",") else ","
    header = {h.strip().lower() for h in next(csv.reader([header_text], delimiter=delimiter), [])}
    # The kind sharing the most columns: a file with a column missing or misspelt is still
    # recognised, and its importer says exactly what is wrong with the header.
    scores = sorted(
        ((len(header & set(importer.columns)), kind) for kind, importer in IMPORTERS.items()),
        reverse=True,
    )
    (best, kind), (second, _) = scores[0], scores[1]
    if best < 2 or best == second:
        raise InvalidCommand("unknown_csv", header=header_text[:200])
    return kind


class ImportDesk:
    def __init__(self, uow: UnitOfWorkFactory, imports: ImportService) -> None:
        self._uow = uow
        self._imports = imports

    async def run(self, by: Staffer, file_name: str, data: bytes) -> ImportReport:
        by.require_admin()
        if len(data) > MAX_FILE_BYTES:
            raise InvalidCommand("file_too_large", maximum=MAX_FILE_BYTES // (1024 * 1024))
        kind = detect_kind(data)
        source = BytesSource(file_name, data)
        if not by.superadmin:
            await self._check_scope(by, kind, source)
        return await self._imports.run(kind, source, by.actor())

    async def _check_scope(self, by: Staffer, kind: str, source: BytesSource) -> None:
        column = _SCOPE_COLUMN.get(kind)
        if column is None:
            raise OutOfScope()
        async with self._uow.read() as uow:
            districts = {code: d.id for code, d in (await uow.districts.by_code()).items()}
            kindergartens = {
                code: k.district_id for code, k in (await uow.kindergartens.all_by_code()).items()
            }
        owner = kindergartens if column == "kindergarten_code" else districts
        problems = Problems(source.name)
        with source.open() as lines:
            optional = getattr(IMPORTERS[kind], "optional", ())
            for line in read_lines(lines, IMPORTERS[kind].columns, problems, optional=optional):
                district_id = owner.get(line.values.get(column, ""))
                # Unknown codes are the importer's to report, with the rest of the file.
                if district_id is not None and not by.covers_district(district_id):
                    raise InvalidCommand(
                        "row_out_of_scope", line=line.number, value=line.values[column]
                    )
