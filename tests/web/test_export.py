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
