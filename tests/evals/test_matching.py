"""Quote matching is tolerant of what cleaning does to text, and only of that."""

from __future__ import annotations

from evals.dataset import EvalItem
from evals.matching import fold, holds_quote, quote_coverage
from evals.metrics import gold_ids
from evals.predictions import RetrievedPassage


class P:
    def __init__(self, chunk_id: str, file_name: str, text: str) -> None:
        self.chunk_id, self.file_name, self.text = chunk_id, file_name, text


def test_fold_drops_case_spaces_and_punctuation() -> None:
    assert fold("Det  skønnede\nantal – 33.000!") == "detskønnedeantal33000"


def test_holds_quote_across_cleaning() -> None:
    raw_quote = "narkotikamis-\nbruget steg fra 239 i 2008\ntil 276"
    cleaned_passage = "Det samlede narkotikamisbruget steg fra 239 i 2008 til 276 i 2009."
    assert holds_quote(cleaned_passage, raw_quote)
    assert holds_quote("Antallet  af\u202fdødsfald", "antallet af dødsfald")
    assert not holds_quote(cleaned_passage, "steg fra 239 i 2007")
    assert not holds_quote(cleaned_passage, "")


def test_quote_coverage_of_a_quote_cut_by_a_passage_edge() -> None:
    quote = "Der afsættes i alt 8 mio. kr. i 2011-2014 til initiativet."
    assert quote_coverage("… Der afsættes i alt 8 mio. kr.", quote) > 0.4
    assert quote_coverage("i 2011-2014 til initiativet. Næste afsnit", quote) > 0.4
    assert quote_coverage("Noget helt andet.", quote) < 0.1
    assert quote_coverage("x " + quote, quote) == 1.0


def test_gold_ids_prefers_whole_quotes_and_the_right_document() -> None:
    quote = "Det skønnede antal stofmisbrugere er steget fra 28.000 i 2005 til 33.000 i 2009"
    item = EvalItem(id="a", question="q", doc="d.txt", quote=quote)
    passages = [
        P("1", "d.txt", f"Indledning. {quote}. Mere tekst."),
        P("2", "d.txt", "Slutningen af et afsnit. Det skønnede antal stofmisbrugere er steget fra 28.000"),
        P("3", "other.txt", f"{quote}."),  # wrong document
        P("4", "d.txt", "Antallet af dødsfald er steget fra 239 i 2008."),  # starts like the quote only
    ]
    assert gold_ids(item, passages) == {"1"}
    assert gold_ids(item, passages[1:]) == {"2"}  # a quote cut by a passage edge: the bigger part counts
    assert gold_ids(item, passages[2:]) == set()
    assert gold_ids(EvalItem(id="u", question="q", answerable=False), passages) == set()


def test_a_short_quote_needs_more_than_a_common_opening() -> None:
    item = EvalItem(id="a", question="q", doc="d.txt", quote="steget fra 239 i 2008 til 276 i 2009")
    other = P("x", "d.txt", "Det skønnede antal er steget fra 28.000 i 2005 til 33.000 i 2009.")
    assert quote_coverage(other.text, item.quote) >= 0.3  # the old 30 % rule would have taken it
    assert gold_ids(item, [other]) == set()


def test_gold_ids_accepts_retrieved_passages() -> None:
    item = EvalItem(id="a", question="q", doc="d.txt", quote="fire grundpiller")
    retrieved = [RetrievedPassage(rank=1, doc="d.txt", chunk_id="c1", text="bygget på fire grundpiller")]
    assert gold_ids(item, retrieved) == {"c1"}


def test_figure_digits_reads_small_numbers_written_in_words() -> None:
    from evals.matching import figure_digits

    assert figure_digits("26,4 mio. kr.") == "264"
    assert figure_digits("Tre") == figure_digits("3") == "3"
    assert figure_digits("ti brukerdoser") == "10"
    assert figure_digits("otte") == "8"
    assert figure_digits("en") == "1"
    assert figure_digits("en gang") == ""  # an article, not a number
    assert figure_digits("cirka hver fjerde") == ""
