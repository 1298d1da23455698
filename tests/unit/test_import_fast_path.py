"""The applications import checks a valid line on a fast path and explains a bad one on a
detailed path; both must agree on every line, or a bad line could slip through unexplained."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from services.imports.applications import _explain, _fast_row
from services.imports.fields import Fields
from services.imports.problems import Problems
from services.imports.reader import CsvLine
from tests.fakes.clock import almaty

NOW = almaty(2026, 4, 6, 10)
DISTRICTS = {"D1": (1, 1)}

numbers = st.sampled_from(["N1", "", "x" * 41, "A-001/2"])
iins = st.sampled_from(
    ["220301500113", "220301500114", "871008401427", "123", "22030150011X", "221301500113"]
)
codes = st.sampled_from(["D1", "D2", ""])
kinds = st.sampled_from(["ordinary", "Sanatorium", "school", ""])
languages = st.sampled_from(["kk", "RU", "en"])
benefits = st.sampled_from(["none", "first", "Out_Of_Turn", "vip"])
moments = st.sampled_from(
    [
        "2023-01-01T09:00:00",
        "2023-01-01 09:00",
        "2023-01-01",
        "2021-01-01T00:00:00",
        "2099-01-01",
        "01.01.2023",
        "2023-01-01T08:30:00+04:00",
        "",
        "2026-04-06T10:00:01",
    ]
)


@given(numbers, iins, iins, codes, kinds, languages, benefits, moments)
def test_fast_and_detailed_paths_agree(
    number: str,
    child: str,
    applicant: str,
    district: str,
    kind: str,
    language: str,
    benefit: str,
    moment: str,
) -> None:
    values = {
        "number": number,
        "child_iin": child,
        "applicant_iin": applicant,
        "district_code": district,
        "kind": kind,
        "language": language,
        "benefit": benefit,
        "submitted_at": moment,
    }
    problems = Problems("applications.csv")
    _explain(Fields(problems, CsvLine(2, values)), DISTRICTS, NOW)
    assert (_fast_row(values, DISTRICTS, NOW) is None) == bool(problems), problems.items
