"""The LLM prompts, loaded from ``prompts/`` and versioned in one place.

Every prompt is a markdown file in ``prompts/`` (see ``prompts/README.md``). ``load_prompts``
reads them once, checks each has the placeholders it needs, and computes ``version``: a
hash of the files' names and contents, recorded with each generated answer.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel

from assistant.models import Lang
from retrieval.settings import PROJECT_ROOT

PROMPTS_DIR = PROJECT_ROOT / "prompts"
LANGS: tuple[Lang, ...] = ("da", "nb", "en")
LANGUAGE_NAMES: dict[Lang, str] = {"da": "Danish", "nb": "Norwegian (bokmål)", "en": "English"}

# file stem -> placeholders it must contain
REQUIRED: dict[str, frozenset[str]] = {
    "system": frozenset(),
    "answer": frozenset({"passages", "n", "refusal", "language", "question"}),
    "rewrite": frozenset({"history", "question"}),
    "compare": frozenset({"topic", "document", "quotes", "language"}),
    **{f"refusal_{lang}": frozenset() for lang in LANGS},
}
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


class PromptError(ValueError):
    """A prompt file is missing or lacks a placeholder it needs."""


class PromptSet(BaseModel):
    system: str
    answer: str
    rewrite: str
    compare: str
    refusal: dict[str, str]  # lang -> one sentence
    version: str  # "prompts-<12 hex>"


def render(template: str, **values: object) -> str:
    """Fill ``{name}`` placeholders in one pass (values are never re-read as templates).

    Braces that are not a known placeholder are left as they are."""

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        return str(values[name]) if name in values else match.group(0)

    return _PLACEHOLDER.sub(fill, template)


def load_prompts(folder: Path | None = None) -> PromptSet:
    """Read and check the prompt files of ``folder`` (default ``prompts/``); cached for the default."""
    if folder is None:
        return _default_prompts()
    return _load(Path(folder))


@lru_cache(maxsize=1)
def _default_prompts() -> PromptSet:
    return _load(PROMPTS_DIR)


def _load(folder: Path) -> PromptSet:
    texts: dict[str, str] = {}
    for stem, needed in REQUIRED.items():
        path = folder / f"{stem}.md"
        if not path.is_file():
            raise PromptError(f"prompt file missing: {path}")
        text = path.read_text(encoding="utf-8").strip()
        if not text:
            raise PromptError(f"prompt file is empty: {path}")
        missing = needed - set(_PLACEHOLDER.findall(text))
        if missing:
            raise PromptError(f"{path.name} lacks placeholder(s): {', '.join('{' + m + '}' for m in sorted(missing))}")
        texts[stem] = text
    digest = hashlib.sha256()
    for path in sorted(folder.glob("*.md")):
        if path.name.lower() == "readme.md":
            continue
        digest.update(path.name.encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return PromptSet(
        system=texts["system"],
        answer=texts["answer"],
        rewrite=texts["rewrite"],
        compare=texts["compare"],
        refusal={lang: " ".join(texts[f"refusal_{lang}"].split()) for lang in LANGS},
        version=f"prompts-{digest.hexdigest()[:12]}",
    )


def prompt_version() -> str:
    """Version string of the prompts in use (changes whenever a prompt file changes)."""
    return load_prompts().version


def refusal_text(lang: str) -> str:
    """The plain "the documents do not contain the answer" sentence in ``lang`` (da/nb/en)."""
    refusal = load_prompts().refusal
    return refusal.get(lang, refusal["en"])


def language_name(lang: str) -> str:
    return LANGUAGE_NAMES.get(lang, "English")  # type: ignore[call-overload]
