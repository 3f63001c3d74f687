"""Command line: ``assistant ingest``, ``assistant search``."""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from pathlib import Path

import click

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from retrieval.index import Index  # noqa: E402
from retrieval.loaders import SUPPORTED_SUFFIXES, DocumentLoadError, discover, load_document  # noqa: E402
from retrieval.settings import Settings, get_settings  # noqa: E402
from retrieval.store import VectorStoreError  # noqa: E402


def fail(message: str) -> None:
    click.secho(f"error: {message}", fg="red", err=True)
    sys.exit(2)


@click.group()
@click.version_option(package_name="policy-assistant")
def main() -> None:
    """Policy Assistant: grounded answers over drug-policy documents."""


def add_files(settings: Settings, paths: tuple[Path, ...]) -> list[str]:
    """Copy readable documents into the uploads folder; return messages for the rest."""
    problems: list[str] = []
    settings.uploads_dir.mkdir(parents=True, exist_ok=True)
    for path in discover(paths):
        try:
            load_document(path)
        except DocumentLoadError as exc:
            problems.append(str(exc))
            continue
        target = settings.uploads_dir / path.name
        if target.exists() and target.read_bytes() != path.read_bytes():
            target = settings.uploads_dir / f"{path.stem}-{int(time.time())}{path.suffix}"
        shutil.copyfile(path, target)
    return problems


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--rebuild", is_flag=True, help="Rebuild the index from scratch (a way out of a damaged index).")
def ingest(paths: tuple[Path, ...], rebuild: bool) -> None:
    """Build or update the index; PATHS (files or folders) are added to the corpus first.

    Supported:"""
    settings = get_settings()
    problems = add_files(settings, paths) if paths else []
    try:
        index = Index.open(settings, rebuild=rebuild)
    except VectorStoreError as exc:
        fail(str(exc))
        return
    info = index.info
    click.echo(
        f"index {info.build_id}: {len(info.documents)} documents, {info.n_chunks} passages, model {info.model_id}"
    )
    if info.seconds:
        click.echo(
            f"built in {info.seconds:.1f} s: {info.embedded_new} passages embedded, {info.embedded_cached} from cache"
        )
    for doc in info.documents:
        click.echo(f"  {doc.id:32} {doc.lang}  {doc.n_chunks:4} passages  {doc.title[:60]}")
    for problem in [*problems, *info.errors]:
        click.secho(f"  skipped: {problem}", fg="yellow", err=True)


ingest.__doc__ = (ingest.__doc__ or "") + ", ".join(sorted(SUPPORTED_SUFFIXES))


@main.command()
@click.argument("query")
@click.option("-k", "k", default=None, type=click.IntRange(1, 100), help="Number of passages.")
@click.option("--mode", type=click.Choice(["hybrid", "dense", "bm25"]), default=None)
@click.option("--doc", "docs", multiple=True, help="Restrict to these document ids (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def search(query: str, k: int | None, mode: str | None, docs: tuple[str, ...], as_json: bool) -> None:
    """Print the passages that best match QUERY."""
    if not query.strip():
        fail("the query is empty")
    settings = get_settings()
    try:
        index = Index.open(settings)
        started = time.perf_counter()
        hits = index.search(query, k=k, mode=mode, doc_ids=list(docs) or None)  # type: ignore[arg-type]
        elapsed = (time.perf_counter() - started) * 1000
    except VectorStoreError as exc:
        fail(str(exc))
        return
    if as_json:
        out = [
            {
                "rank": h.rank,
                "score": h.score,
                "dense_rank": h.dense_rank,
                "bm25_rank": h.bm25_rank,
                **h.chunk.model_dump(),
            }
            for h in hits
        ]
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    click.echo(f"{len(hits)} passages in {elapsed:.0f} ms")
    for h in hits:
        c = h.chunk
        where = f"p. {c.page}" if c.page else f"lines {c.line_start}-{c.line_end}"
        click.secho(f"\n[{h.rank}] {c.title} — {where}  (score {h.score:.4f})", bold=True)
        if c.section:
            click.echo(f"    § {c.section}")
        snippet = c.text if len(c.text) <= 400 else c.text[:400].rsplit(" ", 1)[0] + " …"
        click.echo("    " + snippet.replace("\n", " "))


if __name__ == "__main__":
    main()
