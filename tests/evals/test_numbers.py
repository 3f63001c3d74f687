"""The figure normaliser: one figure written in da/nb/en conventions compares equal."""

from __future__ import annotations

import pytest

from evals.numbers import figures, has_figure, missing_figures, number_value, strip_markers


@pytest.mark.parametrize(
    ("text", "required"),
    [
        # decimals
        ("DKK 26.4 million", "26,4"),
        ("26,4 mio. kr.", "26.4"),
        ("26,40 mio.", "26,4"),
        # thousands, with every kind of space
        ("33,000 drug users", "33.000"),
        ("33 000 brugere", "33.000"),
        ("33\u202f000 brugere", "33.000"),
        ("33\u2009000 brugere", "33.000"),
        ("33\u00a0000 brugere", "33.000"),
        ("33000 users", "33.000"),
        ("4400 forelegg", "4 400"),
        ("4.400 forelæg", "4 400"),
        ("1.234,5", "1,234.5"),
        # whole numbers as tokens
        ("DKK 1 million in 2011", "1"),
        ("in 2011", "2011"),
        # percentages
        ("55 % of them", "55"),
        ("55%", "55 %"),
        ("55 prosent", "55 %"),
        ("55 procent", "55%"),
        ("55 percent", "55 prosent"),
        ("55 per cent", "55 %"),
        ("55 pct.", "55 %"),
        ("0,6 %", "0.6"),
        # ranges need both ends, in any writing
        ("2010-2013", "2010-2013"),
        ("2010–2013", "2010-2013"),
        ("2010 — 2013", "2010-2013"),
        ("2010 til 2013", "2010-2013"),
        ("from 2010 to 2013", "2010-2013"),
        ("mellem 2010 og 2013", "2010-2013"),
        ("between 15 and 18 years", "15-18"),
        ("2010–13", "2010-2013"),
        ("1,000 to 1,500 people", "1.000-1.500"),
        ("a range's end is a number: 2010-2013", "2013"),
        # dates
        ("1. mai 2019", "1.5.2019"),
        ("1 May 2019", "1.5.2019"),
        ("May 1, 2019", "1.5.2019"),
        ("1st of May 2019", "1.5.2019"),
        ("2019-05-01", "1.5.2019"),
        ("01.05.2019", "1.5.2019"),
        ("1/5/2019", "1.5.2019"),
        ("1. maj 2019", "2019-05-01"),
        ("15 November 2018", "15. november 2018"),
        ("from 1 April 2019", "01.04.2019"),
        ("1 October 2019", "1.10.2019"),
        ("1 Feb. 2012", "1. februar 2012"),
        ("17. desember 2019", "17.12.2019"),
        ("in May 2019", "mai 2019"),
        ("1. mai 2019", "mai 2019"),
        ("1. mai 2019", "2019"),
        # references
        ("rundskriv 2/2014", "2/2014"),
        # a required string without a figure: substring test
        ("Det er KFK", "KFK"),
    ],
)
def test_figure_found(text: str, required: str) -> None:
    assert has_figure(text, required), (text, required, figures(text))


@pytest.mark.parametrize(
    ("text", "required"),
    [
        ("in 2011", "1"),  # a whole number is not found inside another
        ("1.000 personer", "1"),  # 1.000 is a thousand
        ("1.000 personer", "1.000,5"),
        ("264 mio.", "26,4"),
        ("26 mio.", "26,4"),
        ("26,4 mio.", "26"),
        ("33 mio.", "33.000"),
        ("2010 and later 2013", "2010-2013"),  # both ends, but not as a range
        ("2010-2014", "2010-2013"),
        ("2010", "2010-2013"),
        ("55 people", "55 %"),  # a required percentage needs a percentage
        ("56 %", "55 %"),
        ("1.6.2019", "1.5.2019"),
        ("May 2019", "1.5.2019"),  # a month does not give the day
        ("2019", "1.5.2019"),
        ("3/2018", "2/2014"),
        ("2017 4 400", "20174"),  # a four-digit number never starts a space-grouped one
    ],
)
def test_figure_not_found(text: str, required: str) -> None:
    assert not has_figure(text, required), (text, required, figures(text))


def test_space_grouping_after_a_year() -> None:
    values = [(f.kind, f.value) for f in figures("i 2017 4 400 forelegg")]
    assert values == [("number", "2017"), ("number", "4400")]


def test_number_values() -> None:
    assert number_value("33.000") == "33000"
    assert number_value("33,000") == "33000"
    assert number_value("26,4") == "26.4"
    assert number_value("0,125") == "0.125"  # a leading 0 makes it a decimal
    assert number_value("1.000.000") == "1000000"
    assert number_value("1 234,50") == "1234.5"
    assert number_value("012") == "12"
    assert number_value("x") is None


def test_markers_are_not_figures() -> None:
    assert strip_markers("rose to 276 [1] in 2009 [2, 3].").split() == ["rose", "to", "276", "in", "2009", "."]
    assert missing_figures("It was DKK 26.4 million [1].", ["26,4", "1"]) == ["1"]
    assert missing_figures("It was DKK 1 million [1].", ["1"]) == []


def test_spurious_word_range_keeps_both_numbers() -> None:
    # "2015 to 16 %" reads as a range, but 16 is still a number of the text, and is not read as 2016
    text = "from 13 % in 2015 to 16 % in 2017"
    assert missing_figures(text, ["13", "2015", "16", "2017"]) == []
    assert not has_figure(text, "2016")


def test_invalid_date_falls_back_to_numbers() -> None:
    assert [f.value for f in figures("31.13.2019")] == ["31", "13", "2019"]
