"""Text that remembers where every character came from.

Cleaning edits text (joins lines, drops page headers, strips line numbers). Each edit
goes through :class:`MappedText`, so every cleaned character keeps the offset of the
raw character it came from, and a passage can always be traced back to the raw file.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class MappedText:
    text: str
    offsets: list[int] = field(default_factory=list)

    @classmethod
    def from_raw(cls, text: str, start: int = 0) -> MappedText:
        return cls(text, list(range(start, start + len(text))))

    def __post_init__(self) -> None:
        if len(self.offsets) != len(self.text):
            raise ValueError("offsets must have one entry per character")

    def __len__(self) -> int:
        return len(self.text)

    def __add__(self, other: MappedText) -> MappedText:
        return MappedText(self.text + other.text, self.offsets + other.offsets)

    def slice(self, start: int, end: int) -> MappedText:
        return MappedText(self.text[start:end], self.offsets[start:end])

    def strip(self) -> MappedText:
        left = len(self.text) - len(self.text.lstrip())
        right = len(self.text.rstrip())
        return self.slice(left, max(left, right))

    def sub(self, pattern: str | re.Pattern[str], repl: str | Callable[[re.Match[str]], str]) -> MappedText:
        """Regex substitution; inserted characters map to the start of what they replace."""
        rx = re.compile(pattern) if isinstance(pattern, str) else pattern
        out_text: list[str] = []
        out_offsets: list[int] = []
        pos = 0
        for m in rx.finditer(self.text):
            out_text.append(self.text[pos : m.start()])
            out_offsets.extend(self.offsets[pos : m.start()])
            new = repl(m) if callable(repl) else m.expand(repl)
            anchor = self.offsets[m.start()] if m.start() < len(self.offsets) else self._end_offset()
            out_text.append(new)
            out_offsets.extend([anchor] * len(new))
            pos = m.end()
        out_text.append(self.text[pos:])
        out_offsets.extend(self.offsets[pos:])
        return MappedText("".join(out_text), out_offsets)

    def _end_offset(self) -> int:
        return self.offsets[-1] + 1 if self.offsets else 0

    @staticmethod
    def join(parts: list[MappedText], sep: str = "") -> MappedText:
        text: list[str] = []
        offsets: list[int] = []
        for i, part in enumerate(parts):
            if i and sep:
                anchor = part.offsets[0] if part.offsets else (offsets[-1] + 1 if offsets else 0)
                text.append(sep)
                offsets.extend([anchor] * len(sep))
            text.append(part.text)
            offsets.extend(part.offsets)
        return MappedText("".join(text), offsets)
