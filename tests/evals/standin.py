"""A tiny dataset and a deterministic stand-in for the answer engine (used by the tests)."""

from __future__ import annotations

from assistant.models import Answer, Citation, Usage
from evals.predictions import RetrievedPassage

DOC = "plan.txt"
PASSAGES = {
    "deaths": "Antallet af narkotikarelaterede dødsfald er nu steget fra 239 i 2008 til 276 i 2009.",
    "prison": "Samlet set foreslås der afsat 26,4 mio. kr. i perioden 2011-2014 til behandling i fængslerne.",
    "other": "Skolemat og sykkelveier i Bergen.",
}
TINY_ITEMS = [
    {
        "id": "t-1",
        "question": "Hvor mange narkotikarelaterede dødsfald var der i 2009?",
        "answer": "276 i 2009.",
        "numbers": ["276"],
        "doc": DOC,
        "quote": "steget fra 239 i 2008 til 276 i 2009",
        "lang": "da",
        "type": "factual",
    },
    {
        "id": "t-2",
        "question": "And over which period?",
        "history": ["How much goes to treatment in prisons?"],
        "answer": "2011-2014.",
        "numbers": ["2011-2014"],
        "doc": DOC,
        "quote": "Samlet set foreslås der afsat 26,4 mio. kr. i perioden 2011-2014",
        "lang": "en",
        "type": "followup",
    },
    {
        "id": "t-3",
        "question": "Hvor mange dødsfall var det i Sverige i 2009?",
        "answerable": False,
        "lang": "no",
        "type": "unanswerable",
    },
    {
        "id": "t-4",
        "question": "Hva mener Blå Kors om brukerdoser?",
        "lang": "no",
        "type": "opinion",
        "doc": DOC,
        "quote": "brukerdoser er et dårlig begrep",
    },
]


def citation(marker: int, key: str) -> Citation:
    return quoted(marker, PASSAGES[key], key)


def quoted(marker: int, text: str, chunk_id: str = "plan:0001") -> Citation:
    """A citation of the plan quoting ``text`` whole, as its own passage."""
    return Citation(
        marker=marker,
        chunk_id=chunk_id,
        doc_id="plan",
        file_name=DOC,
        title="Kampen mod narko II",
        author="Regeringen",
        year=2010,
        page=7,
        quote=text,
        passage=text,
        raw_start=0,
        raw_end=len(text),
        line_start=1,
        line_end=1,
    )


class StandIn:
    """Answers from a fixed table; records every call (question, history)."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, list[str]]] = []

    def __call__(self, question: str, history: list[str]) -> Answer:
        self.calls.append((question, list(history)))
        if "Sverige" in question:
            return Answer(question=question, text="Dokumentene svarer ikke på det.", refused=True, query=question)
        if "Blå Kors" in question:
            raise RuntimeError("engine exploded")
        if "period" in question:
            # the follow-up is answered from the passage of the earlier question's subject
            return Answer(
                question=question,
                text="In 2011-2014, DKK 26.4 million [1].",
                citations=[citation(1, "prison")],
                query=" ".join([*history, question]),
                usage=Usage(prompt_tokens=50, completion_tokens=7),
            )
        if "prisons" in question:
            return Answer(
                question=question, text="DKK 26.4 million [1].", citations=[citation(1, "prison")], query=question
            )
        return Answer(
            question=question,
            text="Antallet af narkotikarelaterede dødsfald steg til 276 i 2009 [1].",
            citations=[citation(1, "deaths")],
            query=question,
        )


def fake_retrieve(query: str) -> list[RetrievedPassage]:
    order = ["deaths", "other", "prison"] if "dødsfald" in query else ["other", "prison", "deaths"]
    return [RetrievedPassage(rank=r, doc=DOC, chunk_id=k, text=PASSAGES[k]) for r, k in enumerate(order, start=1)]
