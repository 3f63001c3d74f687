"""Retrieval benchmark: does the passage that holds the answer come back?

    python -m evals.retrieval_bench [--dataset FILE] [--out DIR] [--modes hybrid,dense,bm25]
                                     [--chunk-tokens N] [--cold]

For every answerable question the gold passages are those of the right document that
hold the item's quote (tolerant of cleaning, see evals.matching). Reports recall@1/3/5/10,
MRR and nDCG@10 per retrieval mode, overall and per question language, plus query
latency p50/p95 and the index build time. Follow-ups are searched with the previous
questions prepended (the subject carried over), as the answer engine does without an LLM.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from evals.dataset import DEFAULT_DATASET, EvalItem, load_dataset
from evals.metrics import KS, gold_ids, ndcg, percentile
from retrieval.index import Index
from retrieval.settings import Settings, get_settings

MODES = ("hybrid", "dense", "bm25")


def search_query(item: EvalItem) -> str:
    return " ".join([*item.history[-1:], item.question]) if item.history else item.question


def evaluate(index: Index, items: list[EvalItem], modes: tuple[str, ...]) -> dict:
    chunks = list(index.chunks.values())
    answerable = [i for i in items if i.answerable and i.doc and i.quote]
    golds = {i.id: gold_ids(i, chunks) for i in answerable}
    missing = [i.id for i in answerable if not golds[i.id]]
    report: dict = {"n_questions": len(answerable), "no_gold_passage": missing, "modes": {}}
    for i in answerable[:3]:  # warm-up: model loaded, caches hot
        index.search(search_query(i), k=10)
    for mode in modes:
        index.embeddings.clear_query_cache()  # every mode pays for its own query embeddings
        per_lang: dict[str, list[dict]] = defaultdict(list)
        latencies: list[float] = []
        misses: list[dict] = []
        for item in answerable:
            gold = golds[item.id]
            if not gold:
                continue
            started = time.perf_counter()
            hits = index.search(search_query(item), k=10, mode=mode)  # type: ignore[arg-type]
            latencies.append((time.perf_counter() - started) * 1000)
            ranked = [h.chunk.chunk_id for h in hits]
            first = next((r for r, cid in enumerate(ranked, start=1) if cid in gold), None)
            row = {f"recall@{k}": float(first is not None and first <= k) for k in KS}
            row["mrr"] = 1 / first if first else 0.0
            row["ndcg@10"] = ndcg(ranked, gold)
            per_lang[item.lang].append(row)
            per_lang["all"].append(row)
            if not first or first > 5:
                misses.append({"id": item.id, "lang": item.lang, "question": item.question, "rank": first})
        report["modes"][mode] = {
            "metrics": {
                lang: {m: round(statistics.mean(r[m] for r in rows), 4) for m in rows[0]} | {"n": len(rows)}
                for lang, rows in sorted(per_lang.items())
            },
            "latency_ms": {"p50": round(percentile(latencies, 50), 1), "p95": round(percentile(latencies, 95), 1)},
            "misses_at_5": misses,
        }
    return report


def markdown(report: dict) -> str:
    langs = ["all", "da", "no", "en"]
    lines = [
        f"Questions: {report['n_questions']} answerable; index: {report['index']['n_chunks']} passages, "
        f"built in {report['index']['build_seconds']} s ({report['index']['embedded_new']} embedded).",
        "",
        "| mode | " + " | ".join(f"R@5 {lang}" for lang in langs) + " | R@1 | R@10 | MRR | nDCG@10 | p50 ms | p95 ms |",
        "|---" * (len(langs) + 7) + "|",
    ]
    for mode, data in report["modes"].items():
        m = data["metrics"]
        lines.append(
            f"| {mode} | "
            + " | ".join(f"{m[lang]['recall@5']:.3f}" if lang in m else "-" for lang in langs)
            + f" | {m['all']['recall@1']:.3f} | {m['all']['recall@10']:.3f} | {m['all']['mrr']:.3f}"
            f" | {m['all']['ndcg@10']:.3f} | {data['latency_ms']['p50']} | {data['latency_ms']['p95']} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dataset", type=Path, default=DEFAULT_DATASET)
    ap.add_argument("--out", type=Path, default=Path("runs/retrieval"))
    ap.add_argument("--modes", default=",".join(MODES))
    ap.add_argument("--chunk-tokens", type=int, default=None)
    ap.add_argument("--cold", action="store_true", help="build in a fresh data dir with an empty cache")
    args = ap.parse_args(argv)
    overrides: dict = {"show_progress": False}
    if args.chunk_tokens:
        overrides["chunk_tokens"] = args.chunk_tokens
    tmp = tempfile.TemporaryDirectory() if args.cold else None
    if tmp:
        overrides["data_dir"] = Path(tmp.name)
    settings: Settings = get_settings(**overrides)
    started = time.perf_counter()
    index = Index.open(settings)
    open_seconds = time.perf_counter() - started
    items = load_dataset(args.dataset)
    report = evaluate(index, items, tuple(args.modes.split(",")))
    report["index"] = {
        "n_chunks": index.info.n_chunks,
        "chunk_tokens": settings.chunk_tokens,
        "build_seconds": index.info.seconds,
        "open_seconds": round(open_seconds, 2),
        "embedded_new": index.info.embedded_new,
        "model": index.info.model_id,
    }
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "retrieval.json").write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    table = markdown(report)
    (args.out / "retrieval.md").write_text(table, encoding="utf-8")
    print(table)
    if report["no_gold_passage"]:
        print("items whose quote is in no passage:", ", ".join(report["no_gold_passage"]))
    if tmp:
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
