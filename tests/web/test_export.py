"""The Markdown export: questions, answers and every citation spelled out."""

from __future__ import annotations

from assistant.web.export import conversation_markdown
from tests.web.factories import XSS_SCRIPT, answer, citation


def test_export_lists_answers_with_their_citations() -> None:
    refused = answer(
        question="Og i 1990?",
        text="Intet svar.",
        citations=[],
        refused=True,
        related=[citation(1, passage=f"Nært beslægtet {XSS_SCRIPT}")],
    )
    md = conversation_markdown([answer(), refused])
    assert md.startswith("# Policy Assistant — conversation")
    assert "## 1. Hvor mange dødsfald var der i 2009?" in md and "## 2. Og i 1990?" in md
    assert "**276** — ifølge *Kampen mod narko II* [1]." in md
    assert "[1] *Kampen mod narko II*; Regeringen, 2010; p. 8; section “Udfordringer”; lines 3–4 of `doc.txt`" in md
    assert "> Antallet steg til 276 i 2009." in md
    assert "**Related passages**" in md and "*No answer in the documents.*" in md
    assert "<script" not in md and "&lt;script>" in md


def test_exports_from_many_threads_are_whole_files_of_their_own() -> None:
    import threading
    from pathlib import Path

    from assistant.web.app import Exports
    from assistant.web.conversation import Conversation

    exports = Exports()
    conversations = [Conversation(answers=[answer(question=f"Spørgsmål {n}?")]) for n in range(12)]
    paths: list[str] = []
    threads = [threading.Thread(target=lambda c=c: paths.append(exports.write(c))) for c in conversations]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(paths)) == 12
    texts = [Path(p).read_text(encoding="utf-8") for p in paths]
    assert sorted(t.split("## 1. ")[1].split("\n")[0] for t in texts) == sorted(f"Spørgsmål {n}?" for n in range(12))
    leftovers = [p for p in Path(paths[0]).parent.parent.rglob("*") if p.is_file() and p.suffix != ".md"]
    assert leftovers == []  # no temporary files left behind
