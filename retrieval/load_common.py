"""What every format's reader shares: the error a file that cannot be read raises, the list
markers and note marks the readers write, and the tidying of a parser's text."""

from __future__ import annotations

from pathlib import Path

# the markers Word shows for bulleted list levels 1, 2, 3 and below; assistant.lists.points reads a
# list's nesting from them, as in a PDF of the same document
LIST_MARKERS = ("•", "o", "▪")


class DocumentLoadError(Exception):
    """A file that could not be turned into text. ``str(err)`` is fit to show a user."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"cannot read '{self.path.name}': {reason}")

    def __reduce__(self) -> tuple[type[DocumentLoadError], tuple[Path, str]]:
        return (type(self), (self.path, self.reason))


_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def note_mark(number: int, text: str) -> str:
    """A note as the page shows it: its number raised, then its text ("¹ Kilde: SSB.")."""
    return f"{str(number).translate(_SUPERSCRIPT)} {text}"


def heading_line(text: str, level: int = 1) -> str:
    """A heading as the loaders write it: "# Tiltak", "## Budsjett" (its level as Markdown marks
    it, so the guide's outline knows a chapter from a section of it)."""
    return f"{'#' * min(max(level, 1), 6)} {text}"


def tidy_extracted(text: str) -> str:
    """Normalise line ends and drop NULs in text produced by a parser (not for txt/md)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
