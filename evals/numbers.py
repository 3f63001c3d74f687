"""Figures in text, normalised so one figure written in da/nb/en conventions compares equal.

``figures(text)`` finds the figures of a text; ``has_figure(text, "26,4")`` says whether
a required figure (written as in the document) is among them. The rules:

* decimals: "26,4" = "26.4" = "26,40";
* thousands: a dot, comma or space followed by exactly three digits groups thousands,
  so "33.000" = "33,000" = "33 000" = "33000" (thin, narrow no-break, no-break and figure
  spaces count as spaces); "1.234,5" = "1,234.5". A number starting with "0," / "0." is a
  decimal ("0,125"). A space groups only after a group of one to three digits, so
  "2017 4 400" is 2017 and 4400;
* whole numbers: figures are compared as whole tokens, never as substrings, so "1" is not
  found in "2011", "1.000" (one thousand) or the citation marker "[1]" (markers are the
  caller's business: :func:`strip_markers`);
* percentages: "55 %" = "55%" = "55 prosent" = "55 procent" = "55 percent" = "55 pct." =
  "55 pst."; a required plain number is met by the same number as a percentage, a required
  percentage only by a percentage;
* ranges need both ends: "2010-2013" = "2010–2013" = "2010 til 2013" = "2010 to 2013" =
  "mellem 2010 og 2013" = "between 2010 and 2013" = "2010–13"; the ends also count as
  numbers, so a required "2013" is met by "2010-2013", but a required "2010-2013" is not
  met by "2010" and "2013" standing apart;
* dates: "1.5.2019" = "01.05.2019" = "1/5/2019" (day first) = "1. mai 2019" = "1 May 2019"
  = "May 1, 2019" = "1st of May 2019" = "2019-05-01", with Danish, Norwegian and English
  month names and their abbreviations; "mai 2019" is a month, met by any date in it; the
  year of a date also counts as a number;
* references: "2/2014" (circular number/year) compares as written.

Numbers written as words ("tre", "three") and amounts rescaled by the writer
("26 400 000 kr." for "26,4 mio. kr.") are not recognised.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Literal

from pydantic import BaseModel, ConfigDict

FigureKind = Literal["number", "range", "date", "month", "ref"]

_SPACES = {ord(c): " " for c in "\u00a0\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t"}
_DELETED = {ord(c): None for c in "\u00ad\u200b\u200c\u200d\u2060\ufeff"}
_DASHES = {ord(c): "–" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"}

MONTHS: dict[str, int] = {}
for _n, _names in enumerate(
    [
        "januar january jan",
        "februar february feb",
        "marts mars march mar",
        "april apr",
        "maj mai may",
        "juni june jun",
        "juli july jul",
        "august aug",
        "september sep sept",
        "oktober october okt oct",
        "november nov",
        "december desember dec des",
    ],
    start=1,
):
    for _name in _names.split():
        MONTHS[_name] = _n

_MONTH = r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\b\.?"
# a number: grouped thousands (dot/comma or space), or digits with an optional decimal part
_NUM = (
    r"(?<![\d])(?<!\d[.,])"
    r"(?:\d{1,3}(?:[.,]\d{3})+(?:[.,]\d+)?|\d{1,3}(?: \d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)"
    r"(?![\d])"
)
_PCT = r"(?:\s?%|\s(?:prosent|procent|percent|per\s+cent|pct|pst)\b\.?)"
_ORD = r"(?:st|nd|rd|th)?"
_DASH = r" ?[–-] ?"

_PATTERNS: list[tuple[str, str]] = [
    # "1. mai 2019", "1 May 2019", "1st of May 2019"
    ("date_dmy", rf"(?<!\d)(?P<d1>\d{{1,2}})(?:\.|{_ORD})?\s(?:of\s)?(?P<m1>{_MONTH})\s?(?P<y1>\d{{4}})(?!\d)"),
    # "May 1, 2019"
    ("date_mdy", rf"\b(?P<m2>{_MONTH})\s(?P<d2>\d{{1,2}}){_ORD},?\s(?P<y2>\d{{4}})(?!\d)"),
    # "2019-05-01"
    ("date_iso", r"(?<!\d)(?P<y3>\d{4})-(?P<m3>\d{1,2})-(?P<d3>\d{1,2})(?!\d)"),
    # "1.5.2019", "01.05.2019", "1/5/2019", "1. 5. 2019"
    ("date_num", r"(?<![\d.])(?P<d4>\d{1,2})(?P<s4>[./])\s?(?P<m4>\d{1,2})(?P=s4)\s?(?P<y4>\d{4})(?!\d)"),
    # "mai 2019", "May 2019"
    ("month", rf"\b(?P<m5>{_MONTH})\s(?P<y5>\d{{4}})(?!\d)"),
    # "mellem 2010 og 2013", "between 2010 and 2013"
    ("range_between", rf"\b(?:mellem|mellom|between)\s(?P<a1>{_NUM})\s(?:og|and)\s(?P<b1>{_NUM})(?P<p1>{_PCT})?"),
    # "2010-2013", "2010 – 2013", "2010 til 2013", "2010 to 2013"
    (
        "range",
        rf"(?P<a2>{_NUM})(?:{_DASH}|\s(?:til|to|till|until|through|thru)\s)(?P<b2>{_NUM})(?P<p2>{_PCT})?",
    ),
    # "2/2014"
    ("ref", r"(?<![\d/])(?P<r1>\d{1,4})/(?P<r2>\d{1,4})(?![\d/])"),
    ("number", rf"(?P<n>{_NUM})(?P<p3>{_PCT})?"),
]
_MASTER = re.compile("|".join(f"(?P<{name}>{rx})" for name, rx in _PATTERNS), re.IGNORECASE)
_MARKERS = re.compile(r"\[\d+(?:\s*[,;–-]\s*\d+)*\]")


class Figure(BaseModel):
    """One figure: ``value`` is canonical ("26.4", "2010–2013", "2019-05-01", "2/2014")."""

    model_config = ConfigDict(frozen=True)

    kind: FigureKind
    value: str
    percent: bool = False
    derived: bool = False  # a range end or a date's year, not written on its own
    text: str = ""  # as written

    def key(self) -> tuple[str, str]:
        return self.kind, self.value


def normalise_text(text: str) -> str:
    return text.translate(_DELETED).translate(_SPACES).translate(_DASHES)


def strip_markers(text: str) -> str:
    """Remove citation markers "[1]", "[1, 2]" (their digits are not figures of the answer)."""
    return _MARKERS.sub(" ", text)


def number_value(raw: str) -> str | None:
    """Canonical value of one number as written: "33.000" -> "33000", "26,4" -> "26.4"."""
    s = raw.strip()
    if re.fullmatch(r"\d{1,3}(?: \d{3})+(?:[.,]\d+)?", s):
        s = s.replace(" ", "")
        if "," in s or "." in s:
            integer, fraction = re.split(r"[.,]", s)
            return _decimal(integer, fraction)
        return _decimal(s, "")
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+,\d+", s):  # 1.234,5
        integer, fraction = s.replace(".", "").split(",")
        return _decimal(integer, fraction)
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+\.\d+", s):  # 1,234.5
        integer, fraction = s.replace(",", "").split(".")
        return _decimal(integer, fraction)
    if re.fullmatch(r"[1-9]\d{0,2}(?:([.,])\d{3})(?:\1\d{3})*", s):  # 33.000, 33,000, 1.000.000
        return _decimal(re.sub(r"[.,]", "", s), "")
    m = re.fullmatch(r"(\d+)(?:[.,](\d+))?", s)
    if m:
        return _decimal(m.group(1), m.group(2) or "")
    return None


def _decimal(integer: str, fraction: str) -> str:
    try:
        value = Decimal(f"{integer}.{fraction}" if fraction else integer)
    except InvalidOperation:
        return f"{integer}.{fraction}" if fraction else integer
    text = format(value.normalize(), "f")
    return text


def _date(day: str | None, month: str, year: str) -> tuple[FigureKind, str] | None:
    m = MONTHS.get(month.lower().rstrip(".")) if not month.isdigit() else int(month)
    if m is None or not 1 <= m <= 12:
        return None
    if day is None:
        return "month", f"{int(year):04d}-{m:02d}"
    d = int(day)
    if not 1 <= d <= 31:
        return None
    return "date", f"{int(year):04d}-{m:02d}-{d:02d}"


def _range_end(a: str, b: str, short_year: bool) -> tuple[str, str] | None:
    va, vb = number_value(a), number_value(b)
    if va is None or vb is None:
        return None
    # "2010–13" (dash only): a four-digit year followed by two digits is the same century
    if short_year and re.fullmatch(r"\d{4}", a.strip()) and re.fullmatch(r"\d{2}", b.strip()):
        full = a.strip()[:2] + b.strip()
        if int(full) > int(a):
            vb = full
    return va, vb


def figures(text: str) -> list[Figure]:
    """Every figure in ``text``, in order, with range ends and date years added as numbers."""
    found: list[Figure] = []
    for m in _MASTER.finditer(normalise_text(text)):
        kind = m.lastgroup
        g = m.groupdict()
        written = m.group(0)
        if kind in ("date_dmy", "date_mdy", "date_iso", "date_num", "month"):
            n = {"date_dmy": "1", "date_mdy": "2", "date_iso": "3", "date_num": "4", "month": "5"}[kind]
            parsed = _date(g.get(f"d{n}"), g[f"m{n}"], g[f"y{n}"])
            if parsed is None:
                found.extend(figures_of_numbers(written))
                continue
            found.append(Figure(kind=parsed[0], value=parsed[1], text=written))
            found.append(Figure(kind="number", value=str(int(g[f"y{n}"])), derived=True, text=g[f"y{n}"]))
        elif kind in ("range_between", "range"):
            n = "1" if kind == "range_between" else "2"
            pct = bool(g[f"p{n}"])
            dashed = kind == "range" and ("–" in written or "-" in written)
            ends = _range_end(g[f"a{n}"], g[f"b{n}"], short_year=dashed and not pct)
            if ends is None:
                continue
            found.append(Figure(kind="range", value=f"{ends[0]}–{ends[1]}", percent=pct, text=written))
            for end, raw in zip(ends, (g[f"a{n}"], g[f"b{n}"]), strict=True):
                found.append(Figure(kind="number", value=end, percent=pct, derived=True, text=raw))
        elif kind == "ref":
            found.append(Figure(kind="ref", value=f"{int(g['r1'])}/{int(g['r2'])}", text=written))
        elif kind == "number":
            value = number_value(g["n"])
            if value is not None:
                found.append(Figure(kind="number", value=value, percent=bool(g["p3"]), text=written))
    return found


def figures_of_numbers(text: str) -> list[Figure]:
    """Plain numbers of a span that looked like a date but is not one ("31.13.2019")."""
    out: list[Figure] = []
    for raw in re.findall(r"\d+", text):
        value = number_value(raw)
        if value is not None:
            out.append(Figure(kind="number", value=value, text=raw))
    return out


def parse_required(required: str) -> list[Figure]:
    """The figures a required figure string stands for (normally one), without derived parts."""
    return [f for f in figures(required) if not f.derived]


def satisfies(required: Figure, found: list[Figure]) -> bool:
    """Is ``required`` among ``found`` (see the module rules)?"""
    for f in found:
        if required.percent and not f.percent:
            continue
        if required.kind == "month":
            if f.kind in ("date", "month") and f.value[:7] == required.value:
                return True
        elif f.kind == required.kind and f.value == required.value:
            return True
    return False


def has_figure(text: str, required: str, found: list[Figure] | None = None) -> bool:
    """Does ``text`` contain the figure ``required`` (e.g. "26,4", "2010-2013", "1.5.2019")?

    A required string with no recognisable figure falls back to a case- and
    space-insensitive substring test."""
    wanted = parse_required(required)
    if not wanted:
        squash = re.compile(r"\s+")
        needle = squash.sub("", normalise_text(required)).casefold()
        return bool(needle) and needle in squash.sub("", normalise_text(text)).casefold()
    found = figures(text) if found is None else found
    return all(satisfies(w, found) for w in wanted)


def missing_figures(text: str, required: list[str]) -> list[str]:
    """The required figures that ``text`` lacks (citation markers are not figures)."""
    plain = strip_markers(text)
    found = figures(plain)
    return [r for r in required if not has_figure(plain, r, found)]
