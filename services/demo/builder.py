"""A realistic demo data set (`python -m bot seed-demo`), loaded through the same imports an
administrator uses, so it is checked by the same rules."""

from __future__ import annotations

import csv
import io
import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from domain.audit import Actor
from services.clock import ALMATY, to_almaty
from services.demo.names import (
    BOYS,
    DISTRICTS,
    FATHERS,
    GIRLS,
    KINDERGARTEN_NAMES,
    SANATORIUM_NAMES,
    STREETS,
    SURNAMES,
)
from services.demo.people import DEMO_PARENTS, valid_iin
from services.imports import IMPORTERS, ImportReport, ImportService, TextSource

Row = tuple[object, ...]
BENEFIT_WEIGHTS = {"out_of_turn": 5, "first": 15, "none": 80}


@dataclass(frozen=True)
class DemoFiles:
    districts: str
    kindergartens: str
    children: str
    applications: str
    places: str


def _female(surname: str) -> str:
    return surname + "а" if surname.endswith(("ов", "ев", "ин")) else surname


# Where each district's kindergartens stand, roughly: its centre.
CENTRES = {
    "ALA-ALM": (43.2567, 76.9286),
    "ALA-BOS": (43.2120, 76.9040),
    "ALA-MED": (43.2470, 76.9820),
    "ALA-AUE": (43.2260, 76.8470),
    "KON": (43.8700, 77.0700),
    "TLG": (43.3040, 77.2400),
}


def _near(district: str, index: int) -> tuple[float, float]:
    """A plausible spot a few km from the district's centre, the same on every run."""
    latitude, longitude = CENTRES[district]
    return (
        round(latitude + ((index * 7) % 11 - 5) * 0.004, 5),
        round(longitude + ((index * 5) % 13 - 6) * 0.005, 5),
    )


def _csv(kind: str, rows: list[Row]) -> str:
    """An import file of this kind, its header being the importer's columns (and its optional
    ones when the rows have them)."""
    importer = IMPORTERS[kind]
    header = importer.columns
    if rows and len(rows[0]) > len(header):
        header = (*header, *getattr(importer, "optional", ()))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def kindergartens() -> list[Row]:
    """27 ordinary kindergartens spread over the districts, 3 sanatorium ones."""
    rows: list[Row] = []
    for index, (name_kk, name_ru) in enumerate(KINDERGARTEN_NAMES, start=1):
        district = DISTRICTS[index % len(DISTRICTS)]
        street_kk, street_ru = STREETS[index % len(STREETS)]
        rows.append(
            (
                f"KG-{index:03d}",
                district[0],
                "ordinary",
                f"№{index} «{name_kk}» бөбекжай-балабақшасы",
                f"Ясли-сад №{index} «{name_ru}»",
                f"{street_kk}, {10 + index}",
                f"{street_ru}, {10 + index}",
                ("kk", "ru", "kk+ru")[index % 3],
                *_near(district[0], index),
            )
        )
    for index, (name_kk, name_ru) in enumerate(SANATORIUM_NAMES, start=1):
        rows.append(
            (
                f"SAN-{index:02d}",
                DISTRICTS[index % 4][0],
                "sanatorium",
                f"«{name_kk}» санаториялық балабақшасы",
                f"Санаторный детский сад «{name_ru}»",
                f"Жарокова көшесі, {100 + index}",
                f"улица Жарокова, {100 + index}",
                "kk+ru",
                *_near(DISTRICTS[index % 4][0], 40 + index),
            )
        )
    return rows


class _Families:
    """Children and their applications, as the children and applications files have them."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.children: list[Row] = []
        self.applications: list[Row] = []

    def add(
        self,
        born: date,
        male: bool,
        surname: str,
        parents: list[str],
        district: tuple[str, ...],
        benefit: str,
        language: str,
        submitted: datetime,
        kind: str = "ordinary",
    ) -> None:
        rng = self.rng
        iin = valid_iin(born, male=male, rng=rng)
        first = rng.choice(BOYS if male else GIRLS)
        patronymic = f"{rng.choice(FATHERS)}{'ұлы' if male else 'қызы'}"
        family = surname if male else _female(surname)
        self.children.append((iin, family, first, patronymic, " ".join(parents), ""))
        number = f"{district[3]}-{born.year}-{len(self.applications) + 1:05d}"
        moment = submitted.strftime("%Y-%m-%dT%H:%M:%S")
        self.applications.append(
            (number, iin, parents[0], district[0], kind, language, benefit, moment)
        )

    def demo_parents_first(self, today: date) -> None:
        """The demo parents stand at the head of their queues, so that a sweep gives them their
        turn: Aigul and Marat's son (Almaly, Kazakh) and daughter (a sanatorium), Erlan's
        daughter (Konaev, first priority), Olga's son (Bostandyk, Russian)."""
        aigul, erlan, olga, marat = DEMO_PARENTS

        def early(born: date) -> datetime:
            return datetime.combine(born + timedelta(days=10), time(9, 0), tzinfo=ALMATY)

        son, daughter = date(today.year - 3, 5, 14), date(today.year - 4, 2, 2)
        olgas, sanatorium = date(today.year - 3, 9, 21), date(today.year - 4, 7, 7)
        both = [aigul.iin, marat.iin]
        self.add(son, True, "Сейтқали", both, DISTRICTS[0], "none", "kk", early(son))
        self.add(
            daughter, False, "Нұрланов", [erlan.iin], DISTRICTS[4], "first", "kk", early(daughter)
        )
        self.add(olgas, True, "Иванов", [olga.iin], DISTRICTS[1], "none", "ru", early(olgas))
        self.add(
            sanatorium,
            False,
            "Сейтқали",
            both[::-1],
            DISTRICTS[0],
            "none",
            "kk",
            early(sanatorium),
            kind="sanatorium",
        )

    def random_ones(self, today: date, now: datetime, children: int) -> None:
        rng = self.rng
        parents_pool = [
            valid_iin(
                date(rng.randint(1982, 1998), rng.randint(1, 12), rng.randint(1, 28)),
                male=rng.random() < 0.5,
                rng=rng,
            )
            for _ in range(children)
        ]
        benefits, weights = list(BENEFIT_WEIGHTS), list(BENEFIT_WEIGHTS.values())
        for number in range(children - len(self.applications)):
            born = today - timedelta(days=rng.randint(400, 6 * 365))
            district = rng.choice(DISTRICTS)
            benefit = rng.choices(benefits, weights=weights)[0]
            submitted = datetime.combine(born, datetime.min.time(), tzinfo=ALMATY) + timedelta(
                days=rng.randint(30, 300), minutes=rng.randint(0, 24 * 60)
            )
            submitted = min(submitted, now.astimezone(ALMATY) - timedelta(days=1))
            parents = rng.sample(parents_pool, rng.choice((1, 2)))
            male, surname = rng.random() < 0.5, rng.choice(SURNAMES)
            language = rng.choice(("kk", "ru"))
            when = submitted + timedelta(days=4 + number % 3)
            self.add(born, male, surname, parents, district, benefit, language, when)


def _places(today: date, rows: list[Row], demo: list[Row]) -> list[Row]:
    """A few places in every kindergarten for the younger group years, and enough in each demo
    parent's pool that the first sweep gives them their turn (whoever stands ahead of them gets
    one too), in a kindergarten teaching their language."""
    places: list[Row] = []
    for index, row in enumerate(rows):
        code, languages = str(row[0]), str(row[7])
        for group_year in (today.year - 4, today.year - 3, today.year - 2):
            if (index + group_year) % 2 == 0:
                first = "kk" if "kk" in languages else "ru"
                places.append((code, group_year, first, 1 + (index + group_year) % 3))
    queue_of = {d[0]: d[3] for d in DISTRICTS}
    for number, _child, _applicant, district, kind, language, _benefit, _submitted in demo:
        year = int(str(number).split("-")[-2])
        in_pool = [
            k for k in rows if queue_of[str(k[1])] == queue_of[str(district)] and k[2] == kind
        ]
        teaching = [k for k in in_pool if str(language) in str(k[7])]
        kindergarten = (teaching or in_pool)[0]
        taught = str(language) if teaching else str(kindergarten[7]).split("+")[0]
        places.append((kindergarten[0], year, taught, 40))
    return places


def build_demo(now: datetime, *, children: int = 500, seed: int = 7) -> DemoFiles:
    today = to_almaty(now).date()
    rows = kindergartens()
    families = _Families(random.Random(seed))
    families.demo_parents_first(today)
    families.random_ones(today, now, children)
    return DemoFiles(
        districts=_csv("districts", list(DISTRICTS)),
        kindergartens=_csv("kindergartens", rows),
        children=_csv("children", families.children),
        applications=_csv("applications", families.applications),
        places=_csv("places", _places(today, rows, families.applications[:4])),
    )


async def seed_demo(imports: ImportService, now: datetime) -> list[ImportReport]:
    files = build_demo(now)
    actor = Actor.administrator("seed-demo")
    reports = []
    for kind in ("districts", "kindergartens", "children", "applications", "places"):
        text = getattr(files, kind)
        reports.append(await imports.run(kind, TextSource(f"demo-{kind}.csv", text), actor))
    return reports
