"""Command line: ``assistant ingest``, ``search``, ``ask``, ``chat``, ``compare``, ``guide`` and ``eval``.

Kept thin: answers come from :class:`assistant.api.Assistant`, their terminal form from
:mod:`assistant.render_text`, evaluation runs from :mod:`evals.cli`."""

from __future__ import annotations

import json
import logging
import os
import shutil
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import click

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from retrieval.index import Index  # noqa: E402
from retrieval.loaders import SUPPORTED_SUFFIXES, DocumentLoadError, discover, load_document  # noqa: E402
from retrieval.settings import Settings, get_settings  # noqa: E402

if TYPE_CHECKING:
    from assistant.api import Assistant

log = logging.getLogger("assistant.cli")


def fail(message: str) -> None:
    click.secho(f"error: {message}", fg="red", err=True)
    sys.exit(2)


class Commands(click.Group):
    """Every command ends in a one-line ``error: ...`` with the way out, never a traceback
    (ASSISTANT_TRACEBACK=1 shows it; an unexpected error's traceback is logged to stderr)."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except Exception as exc:
            if os.environ.get("ASSISTANT_TRACEBACK"):
                raise
            from assistant.errors import user_message
            from assistant.logs import secrets_of

            settings = get_settings()
            message = user_message(
                exc,
                log,
                f"assistant {ctx.invoked_subcommand}",
                secrets_of(settings),
                known_level=logging.DEBUG,
                unexpected_level=logging.DEBUG,
                details=f"{type(exc).__name__}; ASSISTANT_TRACEBACK=1 shows where",
            )
            fail(message)
            return None


@click.group(cls=Commands)
@click.version_option(package_name="policy-assistant")
def main() -> None:
    """Policy Assistant: grounded answers over drug-policy documents."""
    from assistant.logs import setup_logging

    setup_logging(get_settings())


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
    index = Index.open(settings, rebuild=rebuild, strict=True)  # failures: one line, from Commands
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
    if info.documents:
        from assistant.api import Assistant

        started = time.perf_counter()
        guides = Assistant(settings, index=index).build_guides()
        click.echo(f"guides: {len(guides)} documents ({time.perf_counter() - started:.1f} s; `assistant guide DOC`)")
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
    index = Index.open(settings)
    started = time.perf_counter()
    hits = index.search(query, k=k, mode=mode, doc_ids=list(docs) or None)  # type: ignore[arg-type]
    elapsed = (time.perf_counter() - started) * 1000
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


BACKEND_OPTION = click.option(
    "--backend",
    type=click.Choice(["extractive", "openai", "ollama"]),
    default=None,
    help="Answer backend (default: ASSISTANT_BACKEND, else extractive).",
)
DOC_OPTION = click.option(
    "--doc", "docs", multiple=True, help="Restrict to these document ids (repeatable; see `assistant ingest`)."
)


def open_assistant(backend: str | None, docs: tuple[str, ...]) -> Assistant:
    """The assistant over the configured index; exits with code 2 on an unknown document id."""
    from assistant.api import Assistant

    assistant = Assistant(get_settings(), backend=backend)
    unknown = [d for d in dict.fromkeys(docs) if d not in assistant.index.documents]
    if unknown:
        fail(f"unknown document id(s): {', '.join(unknown)}; valid ids: {', '.join(sorted(assistant.index.documents))}")
    return assistant


@main.command()
@click.argument("question")
@click.option("--json", "as_json", is_flag=True, help="Print the answer as JSON (the Answer model).")
@BACKEND_OPTION
@DOC_OPTION
@click.option("-k", "k", default=None, type=click.IntRange(1, 100), help="Passages to retrieve.")
@click.option("--mode", type=click.Choice(["hybrid", "dense", "bm25"]), default=None, help="Retrieval mode.")
@click.option("--history", multiple=True, help="An earlier question of the conversation, oldest first (repeatable).")
@click.option("--debug", is_flag=True, help="Also print the query searched, the hits, timings and fallbacks.")
def ask(
    question: str,
    as_json: bool,
    backend: str | None,
    docs: tuple[str, ...],
    k: int | None,
    mode: str | None,
    history: tuple[str, ...],
    debug: bool,
) -> None:
    """Answer QUESTION from the documents, with its sources."""
    from assistant.api import clean_question
    from assistant.render_text import render_answer

    if not clean_question(question):
        fail("the question is empty")
    assistant = open_assistant(backend, docs)
    answer = assistant.ask(question, history=list(history), doc_ids=list(docs) or None, k=k, mode=mode)  # type: ignore[arg-type]
    if as_json:
        click.echo(answer.model_dump_json(indent=2))
        return
    click.echo(render_answer(answer, debug=debug))


@main.command()
@click.argument("topic")
@DOC_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print JSON: {topic, rows: [{doc, doc_id, addressed, …}]}.")
@click.option("--markdown", "as_markdown", is_flag=True, help="Print the comparison as a Markdown document.")
@click.option("--csv", "as_csv", is_flag=True, help="Print the comparison as CSV, one line per quoted sentence.")
def compare(topic: str, docs: tuple[str, ...], as_json: bool, as_markdown: bool, as_csv: bool) -> None:
    """Each document's position on TOPIC side by side, with the sentences that state it
    (or "not addressed").

    Example: assistant compare "avkriminalisering" --doc kfk-sfk-innspill --doc blaa-kors-rusreformen"""
    from assistant.api import clean_question
    from assistant.compare.render import to_csv, to_markdown
    from assistant.render_text import render_comparison

    if not clean_question(topic):
        fail("the topic is empty")
    if sum((as_json, as_markdown, as_csv)) > 1:
        fail("choose one of --json, --markdown, --csv")
    comparison = open_assistant(None, docs).compare(topic, list(docs) or None)
    if as_json:
        click.echo(json.dumps(comparison.to_json(), ensure_ascii=False, indent=2))
    elif as_markdown:
        click.echo(to_markdown(comparison), nl=False)
    elif as_csv:
        click.echo(to_csv(comparison), nl=False)
    else:
        click.echo(render_comparison(comparison))


@main.command()
@click.argument("doc")
@click.option("--json", "as_json", is_flag=True, help="Print JSON: {doc_id, summary, outline, key_figures, …}.")
def guide(doc: str, as_json: bool) -> None:
    """A guide to the document DOC (its id, see `assistant ingest`): a short summary, the
    outline with pages, the key figures with what they refer to, and questions to ask it."""
    from assistant.render_text import render_guide

    assistant = open_assistant(None, (doc,))
    found = assistant.guide(doc)
    if as_json:
        click.echo(json.dumps(found.to_json(), ensure_ascii=False, indent=2))
    else:
        click.echo(render_guide(found))


CHAT_HELP = "Ask a question. /new starts a new conversation, /sources shows the last sources, /quit ends."


@main.command()
@BACKEND_OPTION
@DOC_OPTION
@click.option("--debug", is_flag=True, help="Print the query searched, the hits and timings under each answer.")
def chat(backend: str | None, docs: tuple[str, ...], debug: bool) -> None:
    """A conversation in the terminal: follow-up questions keep their context.

    Reads one question per line until end of input or /quit; works with piped input too."""
    from assistant.models import Answer
    from assistant.render_text import render_footer, render_sources

    assistant = open_assistant(backend, docs)
    session = assistant.chat(list(docs) or None)
    stdin = sys.stdin
    interactive = stdin.isatty()
    if interactive:
        click.echo(CHAT_HELP)
    last: Answer | None = None
    while True:
        if interactive:
            click.echo("\nyou> ", nl=False)
        line = stdin.readline()
        if not line:
            break
        question = line.strip()
        if not question:
            continue
        if not interactive:
            click.echo(f"you> {question}")
        if question in ("/quit", "/exit", "/q"):
            break
        if question == "/new":
            session.reset()
            last = None
            click.echo("(new conversation)")
            continue
        if question == "/sources":
            click.echo((render_sources(last) if last else "") or "(no sources yet)")
            continue
        if question in ("/help", "/?") or question.startswith("/"):
            click.echo(CHAT_HELP)
            continue
        streamed: list[str] = []
        answer: Answer | None = None
        try:
            for part in session.stream(question):
                if isinstance(part, Answer):
                    answer = part
                else:
                    streamed.append(part)
                    click.echo(part, nl=False)
        except Exception as exc:  # one failed question does not end the conversation
            click.secho(f"\nerror: {type(exc).__name__}: {exc}", fg="red", err=True)
            continue
        assert answer is not None
        click.echo()
        if "".join(streamed).strip() != answer.text.strip():  # the model's draft was corrected or replaced
            click.echo("\n(checked answer)\n" + answer.text.strip())
        footer = render_footer(answer, debug)
        if footer:
            click.echo("\n" + footer)
        last = answer


@main.command(
    name="eval",
    context_settings={"ignore_unknown_options": True, "allow_extra_args": True, "help_option_names": []},
)
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def eval_(args: tuple[str, ...]) -> None:
    """Evaluation suite: `assistant eval run --out DIR`, `report`, `compare`, `gate` (= python -m evals)."""
    from evals.cli import main as evals_main

    sys.exit(evals_main(list(args)))


@main.command()
@click.option("--host", default=None, help="Address to bind (default 127.0.0.1; ASSISTANT_WEB_HOST).")
@click.option("--port", default=None, type=click.IntRange(1, 65535), help="Port (default 7860; ASSISTANT_WEB_PORT).")
def serve(host: str | None, port: int | None) -> None:
    """Start the web chat (builds the index first if there is none)."""
    from assistant.web.access import BindRefused
    from assistant.web.serve import serve as serve_chat

    try:
        serve_chat(get_settings(), host=host, port=port)
    except (BindRefused, OSError) as exc:  # a refused address, a port in use: their own words
        fail(str(exc))


if __name__ == "__main__":
    main()
