"""Does the English glossary (``retrieval.glossary``) help on questions it was not written for?

``python -m evals.glossary_audit [--dataset F ...] [--out DIR]``

The glossary grew with the policy eval set, so its worth is measured on English questions
written without it in view (by default the training-only ``policy_train.jsonl`` and the
paraphrases, whose writers saw the documents, not the glossary):

1. the whole glossary on and off, same reader, same index: accuracy, refusals;
2. for every entry (one English form with its Danish/Norwegian words) that fires on at least one
   of those questions, the questions it fires on asked again without it: how many it turns from
   wrong to right (it helps) or from right to wrong (it hurts);
3. the entries that fire on none of them (nothing measured either way).

Writes ``report.md`` and ``report.json`` to ``--out`` (default ``runs/glossary-audit``).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from evals.dataset import PARAPHRASES, POLICY_TRAIN, EvalItem, load_dataset
from evals.metrics import score_item
from evals.runner import predict
from retrieval import glossary


@contextmanager
def glossary_without(phrases: Sequence[tuple[str, ...]] | None) -> Iterator[None]:
    """The glossary less ``phrases`` (None: less every entry) while the block runs."""
    saved = dict(glossary.GLOSSARY)
    for phrase in saved if phrases is None else phrases:
        glossary.GLOSSARY.pop(phrase, None)
    try:
        yield
    finally:
        glossary.GLOSSARY.clear()
        glossary.GLOSSARY.update(saved)


def fired(text: str) -> list[tuple[str, ...]]:
    """The glossary phrases ``expansion_terms`` uses for ``text`` (longest phrase first)."""
    words = glossary._words(text)
    out: list[tuple[str, ...]] = []
    i = 0
    while i < len(words):
        for size in range(min(glossary._MAX_PHRASE, len(words) - i), 0, -1):
            phrase = tuple(words[i : i + size])
            if phrase in glossary.GLOSSARY:
                out.append(phrase)
                i += size
                break
        else:
            i += 1
    return out


def item_phrases(item: EvalItem) -> list[tuple[str, ...]]:
    return list(dict.fromkeys(p for text in [*item.history, item.question] for p in fired(text)))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m evals.glossary_audit", description=__doc__.split("\n")[0])
    ap.add_argument(
        "--dataset", type=Path, action="append", help="JSONL eval set(s); default: policy_train + paraphrases"
    )
    ap.add_argument("--out", type=Path, default=Path("runs/glossary-audit"))
    args = ap.parse_args(argv)
    from assistant.api import Assistant
    from retrieval.settings import get_settings

    items = [i for path in (args.dataset or [POLICY_TRAIN, PARAPHRASES]) for i in load_dataset(path) if i.lang == "en"]
    assistant = Assistant(get_settings(show_progress=False))

    def right(item: EvalItem) -> bool:
        score = score_item(item, predict(item, assistant.chat))
        return score.correct if item.answerable else score.refused

    print(f"{len(items)} English questions; asking with and without the glossary", file=sys.stderr)
    with_all = {i.id: right(i) for i in items}
    with glossary_without(None):
        without_all = {i.id: right(i) for i in items}
    uses: dict[tuple[str, ...], list[EvalItem]] = {}
    for item in items:
        for phrase in item_phrases(item):
            uses.setdefault(phrase, []).append(item)
    rows = []
    for phrase, used in sorted(uses.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        with glossary_without([phrase]):
            after = {i.id: right(i) for i in used}
        helps = sum(with_all[i.id] and not after[i.id] for i in used)
        hurts = sum(after[i.id] and not with_all[i.id] for i in used)
        rows.append({"phrase": " ".join(phrase), "questions": len(used), "helps": helps, "hurts": hurts})
    silent = sorted(" ".join(p) for p in glossary.GLOSSARY if p not in uses)
    n = len(items)
    report = {
        "questions": n,
        "right_with_glossary": sum(with_all.values()),
        "right_without_glossary": sum(without_all.values()),
        "forms": len(glossary.GLOSSARY),
        "forms_firing": len(uses),
        "rows": rows,
        "silent": silent,
    }
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "report.json").write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    lines = [
        "# Glossary audit",
        "",
        f"{n} English questions written without the glossary in view: right (answered correctly, or "
        f"refused when unanswerable) {report['right_with_glossary']} with the glossary, "
        f"{report['right_without_glossary']} without.",
        "",
        f"{len(uses)} of {len(glossary.GLOSSARY)} English forms fire on at least one of them; each "
        "asked again without that one form:",
        "",
        "| form | questions | helps (right only with it) | hurts (right only without it) |",
        "|---|---:|---:|---:|",
        *(f"| {r['phrase']} | {r['questions']} | {r['helps']} | {r['hurts']} |" for r in rows),
        "",
        f"{len(silent)} forms fire on none of them (not measured): " + ", ".join(silent),
    ]
    (args.out / "report.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines[:12]))
    print(f"wrote {args.out}/report.md", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
