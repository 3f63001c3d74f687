"""The corpus manifest: who wrote each document, when, in which language."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, ValidationError, field_validator, model_validator

Lang = Literal["da", "nb", "nn", "sv", "en", "und"]
MANIFEST_NAME = "manifest.json"


class DocumentMeta(BaseModel):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9._-]{1,80}$")
    file: str
    title: str = Field(min_length=1)
    author: str = ""
    date: str | None = None
    year: int | None = Field(None, ge=1800, le=2100)
    lang: Lang = "und"
    doc_type: str = "document"
    description: str = ""
    # other names a question may use for the document or its author ("Blue Cross", "KFK");
    # a question naming one is answered from that document
    aliases: list[str] = Field(default_factory=list)

    @field_validator("file")
    @classmethod
    def plain_name(cls, v: str) -> str:
        if Path(v).name != v or v.startswith("."):
            raise ValueError(f"file must be a plain file name, got {v!r}")
        return v


class Manifest(BaseModel):
    version: int = 1
    documents: list[DocumentMeta]

    @model_validator(mode="after")
    def unique(self) -> Manifest:
        for field in ("id", "file"):
            values = [getattr(d, field) for d in self.documents]
            dupes = {v for v in values if values.count(v) > 1}
            if dupes:
                raise ValueError(f"duplicate {field} in manifest: {sorted(dupes)}")
        return self

    def by_file(self) -> dict[str, DocumentMeta]:
        return {d.file: d for d in self.documents}


class ManifestError(ValueError):
    pass


def load_manifest(directory: Path) -> Manifest:
    """Read ``directory/manifest.json``; an absent manifest is an empty one."""
    path = directory / MANIFEST_NAME
    if not path.exists():
        return Manifest(documents=[])
    try:
        return Manifest.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except (json.JSONDecodeError, ValidationError) as exc:
        raise ManifestError(f"{path}: invalid manifest: {exc}") from exc


def slug(text: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return (s or "document")[:60]


def guess_meta(path: Path, text: str, sha256: str) -> DocumentMeta:
    """Metadata for a user document with no manifest entry: title from its first line."""
    first = next((ln.strip().lstrip("# ").strip() for ln in text.splitlines() if ln.strip()), path.stem)
    title = first if 3 <= len(first) <= 120 else path.stem
    return DocumentMeta(
        id=f"{slug(path.stem)}-{sha256[:8]}",
        file=path.name,
        title=title,
        lang=guess_lang(text),
        doc_type="uploaded document",
    )


def guess_lang(text: str) -> Lang:
    """Danish vs Norwegian bokmål vs English by marker words (enough for stemming choice)."""
    words = re.findall(r"[a-zæøå]+", text.lower()[:20000])
    counts = {w: 0 for w in ("ikke", "ikkje", "og", "the", "and", "af", "av", "hvad", "hva", "mig", "meg")}
    for w in words:
        if w in counts:
            counts[w] += 1
    if counts["the"] + counts["and"] > counts["og"]:
        return "en"
    if counts["af"] + counts["hvad"] + counts["mig"] > counts["av"] + counts["hva"] + counts["meg"]:
        return "da"
    return "nb" if words else "und"
