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
from services.iin import make_iin
from services.imports import IMPORTERS, ImportReport, ImportService, TextSource

DISTRICTS = [
    # code, name_kk, name_ru, queue_code, priority_ratio
    ("ALA-ALM", "Алмалы ауданы", "Алмалинский район", "ALA", ""),
    ("ALA-BOS", "Бостандық ауданы", "Бостандыкский район", "ALA", ""),
    ("ALA-MED", "Медеу ауданы", "Медеуский район", "ALA", ""),
    ("ALA-AUE", "Әуезов ауданы", "Ауэзовский район", "ALA", ""),
    ("KON", "Қонаев қаласы", "город Конаев", "KON", "1:3"),
    ("TLG", "Талғар ауданы", "Талгарский район", "TLG", ""),
]

KINDERGARTEN_NAMES = [
    ("Балдырған", "Балдырган"),
    ("Айгөлек", "Айголек"),
    ("Еркетай", "Еркетай"),
    ("Бәйтерек", "Байтерек"),
    ("Күншуақ", "Куншуак"),
    ("Ақбота", "Акбота"),
    ("Шаттық", "Шаттык"),
    ("Балапан", "Балапан"),
    ("Құлыншақ", "Кулыншак"),
    ("Мөлдір", "Мольдир"),
    ("Нұрбөбек", "Нурбобек"),
    ("Жұлдыз", "Жулдыз"),
    ("Қарлығаш", "Карлыгаш"),
    ("Гүлдер", "Гульдер"),
    ("Тұлпар", "Тулпар"),
    ("Арай", "Арай"),
    ("Болашақ", "Болашак"),
    ("Самал", "Самал"),
    ("Ертегі", "Ертеги"),
    ("Салтанат", "Салтанат"),
    ("Ақниет", "Акниет"),
    ("Балауса", "Балауса"),
    ("Достық", "Достык"),
    ("Сұңқар", "Сункар"),
    ("Әлем", "Алем"),
    ("Кәусар", "Каусар"),
    ("Ырыс", "Ырыс"),
]
SANATORIUM_NAMES = [("Шипагер", "Шипагер"), ("Саулық", "Саулык"), ("Денсаулық", "Денсаулык")]
STREETS = [
    ("Абай даңғылы", "проспект Абая"),
    ("Төле би көшесі", "улица Толе би"),
    ("Сәтбаев көшесі", "улица Сатпаева"),
    ("Жандосов көшесі", "улица Жандосова"),
    ("Әл-Фараби даңғылы", "проспект аль-Фараби"),
    ("Жібек жолы даңғылы", "проспект Жибек жолы"),
    ("Райымбек даңғылы", "проспект Райымбека"),
    ("Гагарин даңғылы", "проспект Гагарина"),
    ("Қабанбай батыр көшесі", "улица Кабанбай батыра"),
    ("Достық даңғылы", "проспект Достык"),
]
BOYS = [
    "Әли",
    "Нұрислам",
    "Ерасыл",
    "Алихан",
    "Еламан",
    "Дамир",
    "Санжар",
    "Арсен",
    "Ернұр",
    "Тимур",
    "Максим",
    "Артём",
]
GIRLS = [
    "Айсұлу",
    "Аружан",
    "Томирис",
    "Медина",
    "Айым",
    "Нұрай",
    "Інжу",
    "Әмина",
    "Жансая",
    "Дана",
    "Алина",
    "София",
]
SURNAMES = [
    "Сейтқали",
    "Нұрланов",
    "Ахметов",
    "Жұмабаев",
    "Серікбаев",
    "Оспанов",
    "Қасымов",
    "Төлеуов",
    "Әбдірахманов",
    "Иманбеков",
]
FATHERS = [
    "Марат",
    "Серік",
    "Ерлан",
    "Асқар",
    "Бауыржан",
    "Дәурен",
    "Нұрлан",
    "Қайрат",
    "Ғалым",
    "Рустем",
]


@dataclass(frozen=True)
class DemoParent:
    """A demo parent for whom `python -m bot demo-keys` makes EDS keys."""

    iin: str
    surname: str
    name: str
    patronymic: str
    female: bool


def _valid_iin(born: date, *, male: bool, rng: random.Random) -> str:
    while True:
        iin = make_iin(born, male=male, serial=rng.randrange(1, 10000))
        if iin is not None:
            return iin


def _demo_parents() -> list[DemoParent]:
    rng = random.Random(2026)
    return [
        DemoParent(
            _valid_iin(date(1990, 4, 12), male=False, rng=rng),
            "Сейтқалиева",
            "Айгүл",
            "Маратқызы",
            True,
        ),
        DemoParent(
            _valid_iin(date(1987, 11, 3), male=True, rng=rng),
            "Нұрланов",
            "Ерлан",
            "Серікұлы",
            False,
        ),
        DemoParent(
            _valid_iin(date(1992, 6, 25), male=False, rng=rng), "Иванова", "Ольга", "Петровна", True
        ),
        DemoParent(
            _valid_iin(date(1989, 1, 30), male=True, rng=rng),
            "Сейтқали",
            "Марат",
            "Асқарұлы",
            False,
        ),
    ]


DEMO_PARENTS = _demo_parents()


def _female(surname: str) -> str:
    return surname + "а" if surname.endswith(("ов", "ев", "ин")) else surname


_RANK = {"out_of_turn": 0, "first": 1, "none": 2}


def _places_for_demo_parents(
    demo: list[tuple[object, ...]], kindergartens: list[tuple[object, ...]]
) -> list[tuple[object, ...]]:
    """Enough places in each demo parent's pool that the first sweep gives them their turn
    (whoever stands ahead of them gets one too), in a kindergarten teaching their language."""
    queue_of = {d[0]: d[3] for d in DISTRICTS}
    rows: list[tuple[object, ...]] = []
    for _number, _child, _applicant, district, kind, language, _benefit, _submitted in demo:
        year = int(str(_number).split("-")[-2])
        in_pool = [
            k
            for k in kindergartens
            if queue_of[str(k[1])] == queue_of[str(district)] and k[2] == kind
        ]
        teaching = [k for k in in_pool if str(language) in str(k[7])]
        kindergarten = (teaching or in_pool)[0]
        taught = str(language) if teaching else str(kindergarten[7]).split("+")[0]
        rows.append((kindergarten[0], year, taught, 40))
    return rows


def _csv(kind: str, rows: list[tuple[object, ...]]) -> str:
    """An import file of this kind, its header being the importer's columns."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(IMPORTERS[kind].columns)
    writer.writerows(rows)
    return buffer.getvalue()


@dataclass(frozen=True)
class DemoFiles:
    districts: str
    kindergartens: str
    children: str
    applications: str
    places: str


def build_demo(now: datetime, *, children: int = 500, seed: int = 7) -> DemoFiles:
    rng = random.Random(seed)
    today = to_almaty(now).date()
    kindergartens: list[tuple[object, ...]] = []
    for index, (name_kk, name_ru) in enumerate(KINDERGARTEN_NAMES, start=1):
        district = DISTRICTS[index % len(DISTRICTS)]
        street_kk, street_ru = STREETS[index % len(STREETS)]
        languages = ("kk", "ru", "kk+ru")[index % 3]
        kindergartens.append(
            (
                f"KG-{index:03d}",
                district[0],
                "ordinary",
                f"№{index} «{name_kk}» бөбекжай-балабақшасы",
                f"Ясли-сад №{index} «{name_ru}»",
                f"{street_kk}, {10 + index}",
                f"{street_ru}, {10 + index}",
                languages,
            )
        )
    for index, (name_kk, name_ru) in enumerate(SANATORIUM_NAMES, start=1):
        district = DISTRICTS[index % 4]
        kindergartens.append(
            (
                f"SAN-{index:02d}",
                district[0],
                "sanatorium",
                f"«{name_kk}» санаториялық балабақшасы",
                f"Санаторный детский сад «{name_ru}»",
                f"Жарокова көшесі, {100 + index}",
                f"улица Жарокова, {100 + index}",
                "kk+ru",
            )
        )

    child_rows: list[tuple[object, ...]] = []
    application_rows: list[tuple[object, ...]] = []

    def add_child(
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
        iin = _valid_iin(born, male=male, rng=rng)
        first = rng.choice(BOYS if male else GIRLS)
        father = rng.choice(FATHERS)
        patronymic = f"{father}{'ұлы' if male else 'қызы'}"
        child_rows.append(
            (iin, surname if male else _female(surname), first, patronymic, " ".join(parents), "")
        )
        number = f"{district[3]}-{born.year}-{len(application_rows) + 1:05d}"
        application_rows.append(
            (
                number,
                iin,
                parents[0],
                district[0],
                kind,
                language,
                benefit,
                submitted.strftime("%Y-%m-%dT%H:%M:%S"),
            )
        )

    # The demo parents stand at the head of their queues, so that a sweep gives them their turn.
    aigul, erlan, olga, marat = DEMO_PARENTS

    def early(born: date) -> datetime:
        return datetime.combine(born + timedelta(days=10), time(9, 0), tzinfo=ALMATY)

    first_born, second_born = date(today.year - 3, 5, 14), date(today.year - 4, 2, 2)
    third_born, fourth_born = date(today.year - 3, 9, 21), date(today.year - 4, 7, 7)
    add_child(
        first_born,
        True,
        "Сейтқали",
        [aigul.iin, marat.iin],
        DISTRICTS[0],
        "none",
        "kk",
        early(first_born),
    )
    add_child(
        second_born, False, "Нұрланов", [erlan.iin], DISTRICTS[4], "first", "kk", early(second_born)
    )
    add_child(third_born, True, "Иванов", [olga.iin], DISTRICTS[1], "none", "ru", early(third_born))
    add_child(
        fourth_born,
        False,
        "Сейтқали",
        [marat.iin, aigul.iin],
        DISTRICTS[0],
        "none",
        "kk",
        early(fourth_born),
        kind="sanatorium",
    )

    parents_pool = [
        _valid_iin(
            date(rng.randint(1982, 1998), rng.randint(1, 12), rng.randint(1, 28)),
            male=rng.random() < 0.5,
            rng=rng,
        )
        for _ in range(children)
    ]
    for number in range(children - len(application_rows)):
        born = today - timedelta(days=rng.randint(400, 6 * 365))
        district = rng.choice(DISTRICTS)
        benefit = rng.choices(["out_of_turn", "first", "none"], weights=[5, 15, 80])[0]
        submitted = datetime.combine(born, datetime.min.time(), tzinfo=ALMATY) + timedelta(
            days=rng.randint(30, 300), minutes=rng.randint(0, 24 * 60)
        )
        submitted = min(submitted, now.astimezone(ALMATY) - timedelta(days=1))
        parents = rng.sample(parents_pool, rng.choice((1, 2)))
        add_child(
            born,
            rng.random() < 0.5,
            rng.choice(SURNAMES),
            parents,
            district,
            benefit,
            rng.choice(("kk", "ru")),
            submitted + timedelta(days=4 + number % 3),
        )

    places: list[tuple[object, ...]] = []
    for index, row in enumerate(kindergartens):
        code, languages = str(row[0]), str(row[7])
        for group_year in (today.year - 4, today.year - 3, today.year - 2):
            if (index + group_year) % 2 == 0:
                language = "kk" if "kk" in languages else "ru"
                places.append((code, group_year, language, 1 + (index + group_year) % 3))
    places += _places_for_demo_parents(application_rows[:4], kindergartens)
    return DemoFiles(
        districts=_csv("districts", list(DISTRICTS)),
        kindergartens=_csv("kindergartens", kindergartens),
        children=_csv("children", child_rows),
        applications=_csv("applications", application_rows),
        places=_csv("places", places),
    )


async def seed_demo(imports: ImportService, now: datetime) -> list[ImportReport]:
    files = build_demo(now)
    actor = Actor.administrator("seed-demo")
    reports = []
    for kind in ("districts", "kindergartens", "children", "applications", "places"):
        text = getattr(files, kind)
        reports.append(await imports.run(kind, TextSource(f"demo-{kind}.csv", text), actor))
    return reports


__all__ = ["DEMO_PARENTS", "DemoParent", "build_demo", "seed_demo"]
