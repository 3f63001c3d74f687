"""Does the corpus knowledge help on questions it was not written for?

``python -m evals.knowledge_audit [--dataset F ...] [--out DIR]`` (``make knowledge-audit``)

Three kinds of knowledge grew with the policy eval set (a fourth, the general English-Norwegian
lexicon of ``retrieval.lexicon``, was derived from a dictionary and is measured the same way): the English glossary
(``retrieval.glossary``: English forms and their Danish/Norwegian words), the documents' aliases in
the manifest (``seeds/manifest.json``: how a question may name a document) and the synonym groups
of counted things (``assistant.question.HEAD_SYNONYMS``: "how many X"). Each is measured on
questions written without it in view (by default the training-only ``policy_train.jsonl`` and the
paraphrases, whose writers saw the documents, not this knowledge):

1. all of it on and off, same reader, same index: questions right (answered correctly, or refused
   when unanswerable);
2. every entry that fires on at least one of those questions, the questions it fires on asked
   again without it: how many it turns from wrong to right (helps) or right to wrong (hurts);
3. the entries that fire on none of them (nothing measured either way).

The glossary is asked with the English questions, aliases and synonyms with all of them. Writes
``report.md`` and ``report.json`` to ``--out`` (default ``runs/knowledge-audit``).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from assistant import question as question_module
from assistant.extractive import name_patterns
from evals.dataset import PARAPHRASES, POLICY_TRAIN, EvalItem, load_dataset
from evals.metrics import score_item
from evals.runner import predict
from retrieval import glossary, lexicon

SILENT_LISTED = 1000  # a longer list of entries no question used is counted, not printed

# ---- the glossary -------------------------------------------------------------------------


@contextmanager
def dict_without(table: dict[Any, Any], keys: Sequence[Any] | None) -> Iterator[None]:
    """``table`` less ``keys`` (None: less every entry) while the block runs, then as it was."""
    saved = dict(table)
    for key in saved if keys is None else keys:
        table.pop(key, None)
    try:
        yield
    finally:
        table.clear()
        table.update(saved)


def glossary_without(phrases: Sequence[tuple[str, ...]] | None) -> Any:
    """The glossary less ``phrases`` (None: less every entry) while the block runs."""
    return dict_without(glossary.GLOSSARY, phrases)


def fired(text: str) -> list[tuple[str, ...]]:
    """The glossary phrases ``expansion_terms`` uses for ``text`` (longest phrase first)."""
    return glossary.match_phrases(text).phrases


def item_phrases(item: EvalItem) -> list[tuple[str, ...]]:
    return list(dict.fromkeys(p for text in [*item.history, item.question] for p in fired(text)))


# ---- the general lexicon --------------------------------------------------------------------


def lexicon_without(words: Sequence[str] | None) -> Any:
    """The general English-Norwegian lexicon less ``words`` (None: all of it) while the block runs."""
    return dict_without(lexicon.lexicon(), words)


def item_lexicon_words(item: EvalItem) -> list[str]:
    """The lexicon's headwords an English question (with its conversation) is translated by: the
    words no glossary phrase covers."""
    found = (lexicon.headword(w) for text in [*item.history, item.question] for w in glossary.match_phrases(text).rest)
    return list(dict.fromkeys(w for w in found if w is not None))


# ---- the synonym groups of counted things --------------------------------------------------


def synonyms_without(words: Sequence[str] | None) -> Any:
    """``HEAD_SYNONYMS`` less the entries of ``words`` (None: all of them) while the block runs."""
    return dict_without(question_module.HEAD_SYNONYMS, words)


def item_head_words(item: EvalItem) -> list[str]:
    """The words naming the thing a question counts that have synonyms (e.g. "brukere")."""
    with synonyms_without(None):
        info = question_module.analyze_question(item.question)
    return [w.lower() for w in info.head_words if w.lower() in question_module.HEAD_SYNONYMS]


# ---- the manifest's aliases ---------------------------------------------------------------


@contextmanager
def aliases_without(reader: Any, aliases: Sequence[str] | None) -> Iterator[None]:
    """The reader's document names less ``aliases`` (None: all of them) while the block runs."""
    saved = reader.names
    docs = reader.index.info.documents
    drop = None if aliases is None else set(aliases)
    reader.names = {
        d.id: name_patterns(
            d.model_copy(update={"aliases": [] if drop is None else [a for a in d.aliases if a not in drop]})
        )
        for d in docs
    }
    try:
        yield
    finally:
        reader.names = saved


def item_aliases(item: EvalItem, docs: Sequence[Any]) -> list[str]:
    """The aliases a question (with its conversation) names a document by."""
    text = " ".join([*item.history, item.question])
    out = []
    for d in docs:
        for alias in d.aliases:
            alone = d.model_copy(update={"aliases": [alias], "title": "", "author": ""})
            if any(p.search(text) for p in name_patterns(alone)):
                out.append(alias)
    return out


# ---- the audit ----------------------------------------------------------------------------


def audit(
    name: str,
    items: Sequence[EvalItem],
    right: Callable[[EvalItem], bool],
    without: Callable[[Sequence[Any] | None], Any],
    entries_of: Callable[[EvalItem], Sequence[Any]],
    all_entries: Sequence[Any],
    label: Callable[[Any], str] = str,
) -> dict[str, Any]:
    print(f"{name}: {len(items)} questions, with and without", file=sys.stderr)
    with_all = {i.id: right(i) for i in items}
    with without(None):
        without_all = {i.id: right(i) for i in items}
    uses: dict[Any, list[EvalItem]] = {}
    for item in items:
        for entry in entries_of(item):
            uses.setdefault(entry, []).append(item)
    rows = []
    for entry, used in sorted(uses.items(), key=lambda kv: (-len(kv[1]), label(kv[0]))):
        with without([entry]):
            after = {i.id: right(i) for i in used}
        rows.append(
            {
                "entry": label(entry),
                "questions": len(used),
                "helps": sum(with_all[i.id] and not after[i.id] for i in used),
                "hurts": sum(after[i.id] and not with_all[i.id] for i in used),
            }
        )
    return {
        "name": name,
        "questions": len(items),
        "right_with": sum(with_all.values()),
        "right_without": sum(without_all.values()),
        "entries": len(all_entries),
        "firing": len(uses),
        "rows": rows,
        "silent": sorted(label(e) for e in all_entries if e not in uses),
    }


def markdown(part: dict[str, Any]) -> list[str]:
    n, rows = part["questions"], part["rows"]
    return [
        f"## {part['name']}",
        "",
        f"{n} questions: {part['right_with']} right with it, {part['right_without']} without. "
        f"{part['firing']} of {part['entries']} entries fire on at least one of them; each taken out alone:",
        "",
        "| entry | questions | helps (right only with it) | hurts (right only without it) |",
        "|---|---:|---:|---:|",
        *(f"| {r['entry']} | {r['questions']} | {r['helps']} | {r['hurts']} |" for r in rows),
        "",
        f"{len(part['silent'])} entries fire on none of them (not measured)"
        + (": " + ", ".join(part["silent"]) if part["silent"] and len(part["silent"]) <= SILENT_LISTED else "."),
        "",
    ]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m evals.knowledge_audit", description=__doc__.split("\n")[0])
    ap.add_argument(
        "--dataset", type=Path, action="append", help="JSONL eval set(s); default: policy_train + paraphrases"
    )
    ap.add_argument("--out", type=Path, default=Path("runs/knowledge-audit"))
    args = ap.parse_args(argv)
    from assistant.api import Assistant
    from retrieval.settings import get_settings

    items = [i for path in (args.dataset or [POLICY_TRAIN, PARAPHRASES]) for i in load_dataset(path)]
    assistant = Assistant(get_settings(show_progress=False))
    reader = assistant.extractive
    docs = list(assistant.index.info.documents)

    def right(item: EvalItem) -> bool:
        score = score_item(item, predict(item, assistant.chat))
        return score.correct if item.answerable else score.refused

    parts = [
        audit(
            "Glossary (English questions)",
            [i for i in items if i.lang == "en"],
            right,
            glossary_without,
            item_phrases,
            list(glossary.GLOSSARY),
            " ".join,
        ),
        audit(
            "General lexicon (English questions)",
            [i for i in items if i.lang == "en"],
            right,
            lexicon_without,
            item_lexicon_words,
            list(lexicon.lexicon()),
        ),
        audit(
            "Document aliases",
            items,
            right,
            lambda drop: aliases_without(reader, drop),
            lambda i: item_aliases(i, docs),
            [a for d in docs for a in d.aliases],
        ),
        audit(
            "Synonyms of counted things",
            items,
            right,
            synonyms_without,
            item_head_words,
            sorted(question_module.HEAD_SYNONYMS),
        ),
    ]
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "report.json").write_text(json.dumps(parts, ensure_ascii=False, indent=1), encoding="utf-8")
    lines = ["# Corpus knowledge audit", "", "Questions written without this knowledge in view.", ""]
    for part in parts:
        lines += markdown(part)
    (args.out / "report.md").write_text("\n".join(lines), encoding="utf-8")
    for part in parts:
        print(
            f"{part['name']}: {part['questions']} questions, right {part['right_with']} with, "
            f"{part['right_without']} without; {part['firing']} of {part['entries']} entries fire"
        )
    print(f"wrote {args.out}/report.md", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
