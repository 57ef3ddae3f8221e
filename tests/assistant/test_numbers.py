"""The Swedish number module, on phrases taken from the bundled reports."""

from __future__ import annotations

import pytest

from assistant.language.numbers import (
    format_sv,
    is_numeric_fact,
    mentions,
    parse_number,
    parse_quantities,
    parse_quantity,
    query_variants,
)

KOMPETENS_SUMMARY = (
    "Utbildningsinsatserna har förbrukat 406 av de 428,5 miljoner kronor som fördelades "
    "från 2008 till och med 2011."
)


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("10 000", 10_000),
        ("10\u00a0000", 10_000),
        ("10\u202f000", 10_000),
        ("428,5", 428.5),
        ("428.5", 428.5),
        ("10,000", 10_000),
        ("1,5", 1.5),
        ("0,125", 0.125),
        ("10.000", 10_000),
        ("3 400 000", 3_400_000),
    ],
)
def test_parse_number(raw, value):
    assert parse_number(raw) == pytest.approx(value)


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("428,5 miljoner kronor", 428.5e6, "kr"),
        ("428.5 MSEK", 428.5e6, "kr"),
        ("428 500 000 kr", 428.5e6, "kr"),
        ("3,4 miljarder", 3.4e9, ""),
        ("cirka 10 000 kursdagar", 10_000, ""),
        ("SKL bedömer kostnaden till 150 mnkr per år", 150e6, "kr"),
        ("i tkr: 32 910 tkr", 32_910e3, "kr"),
        ("2 mdkr", 2e9, "kr"),
        ("andelen var 45 procent", 45, "%"),
        ("ökade med 12 %", 12, "%"),
        ("500 000 kronor", 500_000, "kr"),
        ("1 miljon", 1e6, ""),
        ("till 185 miljarder norska kronor per år", 185e9, "kr"),
        ("skulle ge ca 360 miljarder svenska kronor.", 360e9, "kr"),
    ],
)
def test_quantities_with_scale_and_unit(text, value, unit):
    q = parse_quantity(text)
    assert q is not None
    assert q.value == pytest.approx(value)
    assert q.unit == unit


def test_shared_scale_in_x_of_y():
    got = parse_quantities(KOMPETENS_SUMMARY)
    assert [q.value for q in got[:2]] == [406e6, 428.5e6]
    assert [q.is_year for q in got] == [False, False, True, True]


def test_years_and_thousands():
    assert parse_quantity("under perioden 2008–2011").is_year
    assert not parse_quantity("2 000 personer").is_year
    assert [q.value for q in parse_quantities("2008 2009")] == [2008, 2009]


def test_a_documents_number_is_no_year_and_no_figure():
    # Regeringsbeslut 2009, p. 2: the bill's number, then the sum decided
    text = ("Riksdagen har för budgetåret 2009 (prop. 2008/09:1 utgiftsområde 9, bet. "
            "2008/09:SoU1, rskr. 2008/09:127 och 128) beslutat att avsätta 893 471 000 kronor")
    found = parse_quantities(text)
    assert [q.value for q in found if q.is_year] == [2009]
    assert {1, 127}.isdisjoint(q.value for q in found)
    assert found[-1].value == 893_471_000
    assert [q.value for q in parse_quantities("(SOU 2010:95); under 2010")] == [2010]
    assert parse_quantity("budgetåret 2008/09").is_year  # a year written as a span stays one


@pytest.mark.parametrize(
    ("text", "fact", "expected"),
    [
        (KOMPETENS_SUMMARY, "406 miljoner kronor", True),
        (KOMPETENS_SUMMARY, "428,5 miljoner kronor", True),
        (KOMPETENS_SUMMARY, "428.5 MSEK", True),
        (KOMPETENS_SUMMARY, "428 500 000 kr", True),
        (KOMPETENS_SUMMARY, "406", True),
        (KOMPETENS_SUMMARY, "428,5 procent", False),
        (KOMPETENS_SUMMARY, "11", False),
        ("Utbildningarna motsvarade cirka 10 000 kursdagar.", "10000", True),
        ("Beslutet fattades 2012.", "12", False),
        ("Medlen uppgick till 12 miljoner kronor 2012.", "12 miljoner kronor", True),
        ("Ansökan görs till Försäkringskassans huvudkontor.", "Försäkringskassan", True),
        ("Lägesrapporten lämnas senast den 15 maj 2017.", "15 maj 2017", True),
        ("Lägesrapporten lämnas senast den 15 maj 2017.", "16 maj 2017", False),
        ("hälso- och sjukvården", "hälso- och sjukvård", True),
        ("Ann Holmberg var enhetschef.", "Anna", False),
        # a scaled fact without a unit is stated in kronor too
        ("till 185 miljarder norska kronor per år", "185 miljarder", True),
        ("till 185 miljarder norska kronor per år", "185 miljoner", False),
    ],
)
def test_mentions(text, fact, expected):
    assert mentions(text, fact) is expected


def test_numeric_fact_detection():
    assert is_numeric_fact("428,5 miljoner kronor")
    assert is_numeric_fact("45 %")
    assert not is_numeric_fact("15 maj 2017")
    assert not is_numeric_fact("Dick Lindberg")


def test_query_variants_bridge_english_and_swedish_forms():
    assert "428,5 miljoner kronor" in query_variants("Were 428.5 MSEK allocated?")
    assert "10 000" in query_variants("about 10,000 course days")
    assert query_variants("Vad hände 2012?") == "Vad hände 2012?"


@pytest.mark.parametrize(("number", "text"), [(10_000, "10 000"), (428.5, "428,5"), (3.4, "3,4")])
def test_format_sv(number, text):
    assert format_sv(number) == text
