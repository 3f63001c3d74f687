"""The learned reader: features -> scorer -> answerability -> select -> compose.

Every sentence of the passages read (retrieved, plus a named document's and a continuing
passage, :meth:`ExtractiveEngine.expand_hits`, for a follow-up the passages last quoted) is a
candidate. The hard conditions a question states (a year or unit, an amount or share stated as
one, the place of a figure, a minority's view: :mod:`.conditions`) rule a candidate out; places,
figures, the thing counted and a document it names otherwise count as features. The rest
are scored by the fitted sentence scorer (``model.json``). The
answerability scorer turns the best candidate's standing into a calibrated probability that
it answers; below the threshold chosen on development data the reader refuses and shows the
closest passages. Otherwise it quotes the best sentence, with the next one when that one
leans on it (or a short sentence's predecessor), and the runner-up when it scores nearly as
well; the answer templates, figures and dissent notes are the shared ones of
:class:`~assistant.extractive.ExtractiveEngine`.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np

from assistant.extractive import Candidate as Quote
from assistant.extractive import ExtractiveEngine, one_edit
from assistant.lists.points import continues, following_prose, marker_of, run_of
from assistant.models import Answer
from assistant.notices import CAUTION, notice
from assistant.question import QuestionInfo
from assistant.reader.conditions import (
    dated_title,
    document_year,
    failed_conditions,
    numbers_missing,
    places_missing,
    words_of,
)
from assistant.reader.features import (
    FEATURES,
    LEANS_BACK,
    Candidate,
    QuestionSignals,
    SentenceRecord,
    bare_question,
    char_grams,
    featurize,
    rare_words,
    surface_words,
    term_units,
    units_total,
)
from assistant.reader.kinds import asked_kind
from assistant.reader.scorer import LogisticScorer, ScorerError, load_model
from assistant.reader.select import (
    ANSWERABILITY_FEATURES,
    COL,
    LEAD_IN_POINTS,
    SENTENCE_GAP,
    SHORT_SENTENCE_WORDS,
    Reading,
    introduced,
    pick,
    ranked,
    sigmoid,
)
from retrieval.chunking import passage_sentences
from retrieval.index import Index
from retrieval.lexicon import translations_of
from retrieval.stopwords import is_stopword
from retrieval.tokenization import analyze, fold_spelling, fold_stem
from retrieval.types import Chunk, Hit

MODEL_PATH = Path(__file__).resolve().with_name("model.json")
NAME_RX = re.compile(r"[^\W\d_][^\W_]*", re.UNICODE)
NAME_PREFIX = 5  # letters of a name a compound must begin with to count as using it
NAME_TYPO = 6  # letters of a name's term before one letter off is read as a misspelling


def question_names(q: QuestionInfo) -> list[str]:
    """The question's names: its words of three letters or more capitalised after its first."""
    return [t for group in name_groups(q) for t in group]


def name_groups(q: QuestionInfo) -> list[list[str]]:
    """The question's names as written (:func:`question_names`), in runs of adjacent words: "Thor
    Heyerdal", "Sea Watch"."""
    text = q.own_text or q.text
    groups: list[list[str]] = []
    last_end = -2
    for n, m in enumerate(NAME_RX.finditer(text)):
        t = m.group()
        if n == 0 or not t[:1].isupper() or len(t) < 3:
            last_end = -2
            continue
        if groups and text[last_end : m.start()] == " ":
            groups[-1].append(t)
        else:
            groups.append([t])
        last_end = m.end()
    return groups


def held(name: str, own: list[str], terms: frozenset[str]) -> bool:
    """Whether a document's ``terms`` hold the name ``name`` (its terms ``own``): one of them, or
    a compound it begins ("Stoltenberg" in "Stoltenberg-utvalget")."""
    if any(t in terms for t in own):
        return True
    folded = fold_stem(fold_spelling(name.lower()))
    return len(folded) >= NAME_PREFIX and any(t.startswith(folded) for t in terms)


class LearnedReader(ExtractiveEngine):
    def __init__(self, index: Index, model_path: Path = MODEL_PATH) -> None:
        super().__init__(index)
        self._records: dict[str, list[SentenceRecord]] = {}
        self._beyond: dict[tuple[str, int], list[tuple[Chunk, int, int]]] = {}
        self._passage_terms: dict[str, frozenset[str]] = {}
        self._doc_words: dict[str, frozenset[str]] = {}
        self._doc_terms: dict[str, frozenset[str]] = {}
        self._doc_years: dict[str, str] = {}
        self._english: tuple[int, bool] | None = None  # (passages, whether one is English)
        self.idf = {t: self.stats.idf(t) for t in self.stats.df}
        self.model_path = model_path
        self.sentence_scorer: LogisticScorer | None = None
        self.answer_scorer: LogisticScorer | None = None
        self.threshold = 0.5
        self.second_ratio = 1.01  # no runner-up unless the model file says otherwise
        self.next_ratio = 1.01  # nor the sentence after the best one on its probability alone
        if model_path.exists():
            self.load(model_path)

    def load(self, path: Path) -> None:
        data = load_model(path)
        self.sentence_scorer = LogisticScorer.from_dict(data["sentence"], FEATURES)  # type: ignore[arg-type]
        self.answer_scorer = LogisticScorer.from_dict(data["answerability"], ANSWERABILITY_FEATURES)  # type: ignore[arg-type]
        self.threshold = float(data["threshold"])  # type: ignore[arg-type]
        self.second_ratio = float(data.get("second_ratio", 1.01))  # type: ignore[arg-type]
        self.next_ratio = float(data.get("next_ratio", 1.01))  # type: ignore[arg-type]

    # ---- what the features read -----------------------------------------------------

    def records(self, hit: Hit) -> list[SentenceRecord]:
        return self.records_of(hit.chunk)

    def warm(self) -> int:
        """Read every passage's sentences ahead of the questions (see ``ExtractiveEngine.warm``)."""
        for chunk in self.index.chunks.values():
            self.records_of(chunk)
        for doc_id in {c.doc_id for c in self.index.chunks.values()}:
            self.document_terms(doc_id)
            self.document_words(doc_id)
        return super().warm()

    def records_of(self, chunk: Chunk) -> list[SentenceRecord]:
        """A passage's sentences with what the features read of them (cached: passages do not
        change)."""
        cached = self._records.get(chunk.chunk_id)
        if cached is None:
            vectors = {(a, b): v for a, b, v in self.index.sentences.of(chunk.chunk_id)}
            cached = []
            for a, b in passage_sentences(chunk.text):
                text = chunk.text[a:b]
                cached.append(
                    SentenceRecord(
                        start=a,
                        end=b,
                        text=text,
                        terms=frozenset(analyze(text, self.decompounder)),
                        order=tuple(analyze(text)),
                        surface=surface_words(text),
                        vector=vectors.get((a, b)),
                        grams=char_grams(surface_words(text)),
                    )
                )
            view = self.chunk_view(chunk)
            self._passage_terms[chunk.chunk_id] = frozenset(view.passage_terms | view.context_terms | view.lead_terms)
            # stored last: a question that finds the records (while ``warm`` runs in another
            # thread) finds the passage's terms too
            self._records[chunk.chunk_id] = cached
        return cached

    def signals(self, q: QuestionInfo, query: str) -> QuestionSignals:
        vector = np.asarray(self.index.query_vector(query), dtype=np.float32)
        if q.own_text and q.own_text != query:
            # a follow-up is judged half by its own words, half with the subject it carries
            own = np.asarray(self.index.query_vector(q.own_text), dtype=np.float32)
            vector = (vector + own) / np.linalg.norm(vector + own)
        weights = self.weights(q)
        own_text = q.own_text or q.text
        bare = bare_question(own_text)
        bare_vector = (
            np.asarray(self.index.query_vector(bare), dtype=np.float32)
            if bare != own_text and len(bare.split()) >= 2
            else None
        )
        words = frozenset(w for w in surface_words(own_text) if len(w) >= 3 and not is_stopword(w))
        units = term_units(weights, q.alternatives)
        return QuestionSignals(
            weights=weights,
            total=units_total(weights, units),
            units=units,
            order=tuple(analyze(own_text)),
            rare=rare_words(q, self.idf),
            words=words,
            grams=char_grams(words),
            kind=asked_kind(q),
            vector=vector,
            lang=q.lang,
            known=frozenset(t for t in weights if self.stats.df.get(t, 0) > 0),
            own=frozenset(t for t in analyze(q.own_text, self.decompounder) if t in weights)
            if q.own_text and q.own_text != q.text
            else frozenset(),
            bare_vector=bare_vector,
        )

    def weights(self, q: QuestionInfo) -> dict[str, float]:
        """IDF weights of the question's terms, an English question's lexicon translations included,
        and a Danish or Norwegian question's English words when the corpus holds an English text."""
        out = super().weights(q)
        if q.lang != "en" and not self.english_texts():
            return out
        for t in q.translations:
            if t not in out and self.stats.known(t):
                out[t] = self.stats.idf(t)
        return out

    def english_texts(self) -> bool:
        """Whether a document of the corpus is English (its passages' language, as guessed at ingest).
        The English words of a Danish or Norwegian question are read only then: Danish and Norwegian
        texts hold English names and quotes ("Death", "Norway") that a question's words should not meet."""
        n = len(self.index.chunks)
        if self._english is None or self._english[0] != n:
            self._english = (n, any(c.lang == "en" for c in self.index.chunks.values()))
        return self._english[1]

    def unknown_share(self, q: QuestionInfo) -> float:
        """Share of the question's own words (as analysed) that no passage of the corpus uses."""
        own = [t for t in analyze(q.own_text or q.text) if t.isalpha() and len(t) >= 3]
        return sum(1 for t in own if not self.stats.known(t)) / len(own) if own else 0.0

    def unknown_names(self, q: QuestionInfo) -> float:
        """Share of the question's names (words capitalised after its first) that no passage of
        the corpus uses, nor, for an English word, any of its translations ("Monday": "mandag").
        A question about a person, place or organisation the documents never mention is about
        texts that are not there."""
        names = question_names(q)
        # a capitalised word that is only a function word ("Min nordiske reise") names nothing
        verdicts = [v for v in (self.name_known(n, q.lang) for n in names) if v is not None]
        return sum(not v for v in verdicts) / len(verdicts) if verdicts else 0.0

    def name_known(self, word: str, lang: str) -> bool | None:
        """Whether the corpus uses the name ``word``: one of its terms (or, for an English word, of
        its translations), a compound it begins ("Sudeten": "Sudetenkrisen"), or a term one letter
        away from a long one (a misspelling: "Fossenholm"). None: the word has no terms of its own."""
        words = [word, *(translations_of(word.lower()) if lang == "en" else [])]
        terms = [t for w in words for t in analyze(w)]
        if not terms:
            return None
        if any(self.stats.known(t) for t in terms):
            return True
        folded = fold_stem(fold_spelling(word.lower()))  # as the terms are spelt, not stemmed
        if len(folded) >= NAME_PREFIX and self.stats.begins(folded):
            return True
        return any(len(t) >= NAME_TYPO and self.stats.one_edit_from(t) for t in analyze(word))

    def names_missing_doc(self, q: QuestionInfo, doc_id: str) -> float:
        """Share of the question's names that the corpus uses but the document ``doc_id`` does not
        (as a term, nor as the start of one: a compound). A question naming a ship, a person or a
        place that only another text mentions is not answered by this one ("the research ship
        Havørn" in a bridge report)."""
        names = question_names(q)
        if not names:
            return 0.0
        terms = self.document_terms(doc_id)
        verdicts: list[bool] = []
        for group in name_groups(q):
            # a name of two or more words ("Thor Heyerdahl", "Sea Watch") that the document holds
            # only in part is not its name: a first name shared with another person ("Gisli Thor
            # Thorarinsson") is not the person
            if len(group) > 1 and not (q.lang == "en" and any(translations_of(n.lower()) for n in group)):
                found = [self.word_in(n, terms) for n in group]
                if True in found and False in found:
                    verdicts.append(False)
        for name in names:
            # an English word the lexicon translates is a common word in an organisation's name
            # ("Labour Party", "Crime Prevention Centre"), which the documents write in their own
            # language; it tells no document apart
            if q.lang == "en" and translations_of(name.lower()):
                continue
            own = analyze(name)
            if not own or not any(self.stats.known(t) for t in own):
                continue  # a function word, or a name no text uses (``unknown_names``)
            verdicts.append(held(name, own, terms))
        return sum(not v for v in verdicts) / len(verdicts) if verdicts else 0.0

    def word_in(self, name: str, terms: frozenset[str]) -> bool | None:
        """Whether the document's ``terms`` hold the name's word (:func:`held`) or, a long word, one
        letter away from one; None: the word has no terms of its own."""
        own = analyze(name)
        if not own:
            return None
        if held(name, own, terms):
            return True
        return any(len(t) >= NAME_TYPO and any(one_edit(t, u) for u in terms if abs(len(u) - len(t)) <= 1) for t in own)

    def conditions(
        self, q: QuestionInfo, hit: Hit, records: list[SentenceRecord], i: int, minority: bool = False
    ) -> tuple[str, ...]:
        """The question's hard conditions this sentence does not meet (:mod:`.conditions`);
        ``minority``: a minority's view is asked and only a dissent states it."""
        view = self.chunk_view(hit.chunk)
        before = records[i - 1].text if i > 0 else view.lead
        # a title dated by one year dates the text's figures, unless a sentence dates itself otherwise
        near = f"{before} {hit.chunk.section or ''} {dated_title(hit.chunk.title)}"
        failed = failed_conditions(q, records[i].text, near, view.context_text, self.document_year(hit.chunk.doc_id))
        if minority and not self.in_dissent(hit.chunk, records[i].start):
            failed.append("minority")
        return tuple(failed)

    @staticmethod
    def head_missing(heads: list[set[str]], near: set[str] | frozenset[str]) -> float:
        """1 when the question asks "how many X" (``heads``: the keys of X, :meth:`head_keys`) and
        ``near`` (the sentence, the one before it, its section) does not name X. A feature, not a
        rule: the question may name X by a synonym of the document's word ("narkomaner" for
        "stofmisbrugere")."""
        return float(bool(heads) and not any(k & near for k in heads))

    def document_year(self, doc_id: str) -> str:
        """The one year a report names itself by in its title or opening lines ("Årsrapport 2023")."""
        found = self._doc_years.get(doc_id)
        if found is None:
            passages = self.index.passages(doc_id)
            found = document_year(f"{passages[0].title}\n{passages[0].text[:300]}") if passages else ""
            self._doc_years[doc_id] = found
        return found

    def document_words(self, doc_id: str) -> frozenset[str]:
        found = self._doc_words.get(doc_id)
        if found is None:
            doc = self.index.documents.get(doc_id)
            meta = f"{doc.title} {doc.author} {doc.description}" if doc else ""
            found = words_of(" ".join([meta, *(c.text for c in self.index.passages(doc_id))]))
            self._doc_words[doc_id] = found
        return found

    def document_terms(self, doc_id: str) -> frozenset[str]:
        """The analysed terms of a whole document (its passages, sections, title and author)."""
        found = self._doc_terms.get(doc_id)
        if found is None:
            doc = self.index.documents.get(doc_id)
            terms = self.terms(f"{doc.title} {doc.author}" if doc else "")
            for chunk in self.index.passages(doc_id):
                terms |= self.terms(f"{chunk.section or ''} {chunk.text}")
            found = self._doc_terms[doc_id] = frozenset(terms)
        return found

    # ---- reading ----------------------------------------------------------------------

    def read(self, q: QuestionInfo, hits: list[Hit], query: str) -> Reading:
        named = self.named_documents(q.text)
        restrict = named and named & {h.chunk.doc_id for h in hits}
        cands: list[Candidate] = []
        seen: set[str] = set()
        heads = self.head_keys(q) if q.kind == "count" else []  # "how many X": the keys of X
        # a minority's view is read from a dissent, when a document read has one; in texts without
        # any, "mindretallet" is a word of the text ("Hvilket slagord lancerede mindretallet …?")
        minority = q.minority and any(self.dissent.get(h.chunk.doc_id) for h in hits)

        names_missing: dict[str, float] = {}  # by document

        def add(hit: Hit, indices: range | list[int]) -> None:
            records = self.records(hit)
            context = self.chunk_view(hit.chunk).context_text
            doc_id = hit.chunk.doc_id
            if doc_id not in names_missing:
                names_missing[doc_id] = self.names_missing_doc(q, doc_id)
            soft = {
                "name_missing_doc": names_missing[doc_id],
                "place_missing": places_missing(q, words_of(context)),
                "place_missing_doc": places_missing(q, self.document_words(hit.chunk.doc_id)),
                "number_missing": numbers_missing(q, context),
                "other_source": float(bool(restrict) and hit.chunk.doc_id not in named),
            }
            section = self.terms(hit.chunk.section or "") if heads else set()
            for i in indices:
                head = 0.0
                if heads:  # the sentence, the one before it, its section
                    near = records[i].terms | section | (records[i - 1].terms if i > 0 else frozenset())
                    head = self.head_missing(heads, near)
                own = {**soft, "head_missing": head}
                cands.append(Candidate(hit, records[i], i, self.conditions(q, hit, records, i, minority), own))

        read: list[Hit] = []
        for hit in hits:
            if hit.chunk.chunk_id not in seen:
                seen.add(hit.chunk.chunk_id)
                read.append(hit)
        for hit in read:
            add(hit, range(len(self.records(hit))))
        for hit in read:  # a passage's edge: the sentence its first one leans on, or that continues its last
            for edge, j in self.edge_sentences(hit, seen):
                add(edge, [j])
        signals = self.signals(q, query)
        X = featurize(
            q,
            signals,
            cands,
            {c.hit.chunk.chunk_id: self._records[c.hit.chunk.chunk_id] for c in cands},
            self._passage_terms,
            {d: self.document_terms(d) for d in {h.chunk.doc_id for h in hits}},
        )
        if self.sentence_scorer is not None and len(cands):
            logits = self.sentence_scorer.decision(X)
        else:  # no fitted model yet (while fitting it): meaning and words, equally
            logits = X[:, COL["cos"]] * 10 + X[:, COL["lex_sentence"]] * 2 if len(cands) else np.zeros(0)
        reading = ranked(cands, X, logits, signals.kind, self.unknown_share(q), self.unknown_names(q))
        if self.answer_scorer is not None and reading.answer_features is not None:
            reading.answerability = float(self.answer_scorer.predict_proba(reading.answer_features[None, :])[0])
        elif reading.ok:
            reading.answerability = float(sigmoid(logits[reading.ok[0]]))
        return reading

    def edge_sentences(self, hit: Hit, read: set[str]) -> list[tuple[Hit, int]]:
        """Sentences of the passages next to ``hit`` (when those were not read) that its own
        sentences need: the one before its first sentence, when that one leans back or is short
        ("Derfor kan det være vanskelig …" begins a passage), and the one after its last
        sentence, when that one leans back on it or the last sentence leads into it, and the points
        of a list that runs on past the passage's end (at most ``2 * LEAD_IN_POINTS`` lines).
        Passages overlap, so each is found by its place in the document's text."""
        records = self.records(hit)
        if not records:
            return []
        chunk = hit.chunk
        found: list[tuple[Hit, int]] = []
        before = self.previous.get(chunk.chunk_id)
        first = records[0]
        if before is not None and before.chunk_id not in read and leans_or_short(first.text):
            start = chunk.clean_start + first.start
            for j, r in enumerate(self.records_of(before)):
                if 0 <= start - (before.clean_start + r.end) <= SENTENCE_GAP:
                    found.append((hit._replace(chunk=before), j))
                    break
        after = self.following.get(chunk.chunk_id)
        if after is not None and after.chunk_id not in read:
            end = chunk.clean_start + records[-1].end
            last = records[-1].text
            leads_in = last.rstrip().endswith(":")
            # a list runs on into the next passage: the passage ends in a lead-in or inside a list
            in_list = leads_in or bool(marker_of(last)) or continues(last)
            following = self.records_of(after)
            for j, r in enumerate(following):
                if 0 <= after.clean_start + r.start - end <= SENTENCE_GAP:
                    # it leans back on the last sentence, or the last sentence leads into it ("… bør bestå:")
                    taken = j if LEANS_BACK.match(r.text) or leads_in else None
                    if taken is not None:
                        found.append((hit._replace(chunk=after), j))
                    if in_list:  # the list's further points, each with the lines it wraps onto
                        for k in range(j, min(len(following), j + 2 * LEAD_IN_POINTS)):
                            if not (marker_of(following[k].text) or continues(following[k].text)):
                                break
                            if k != taken:
                                found.append((hit._replace(chunk=after), k))
                    break
        return found

    def passages_read(self, hits: list[Hit]) -> list[Hit]:
        """``hits`` and the passages next to them, which :meth:`edge_sentences` may quote from,
        and those that hold what a lead-in of theirs introduces (:meth:`beyond_lead_in`): what an
        answer's citations are verified against."""
        out = list(hits)
        seen = {h.chunk.chunk_id for h in hits}
        for hit in hits:
            leads_in = [r.end for r in self.records(hit) if r.text.rstrip().endswith(":")]
            beyond = [c for end in leads_in for c, _, _ in self.beyond_lead_in(hit.chunk, end)]
            for chunk in (self.previous.get(hit.chunk.chunk_id), self.following.get(hit.chunk.chunk_id), *beyond):
                if chunk is not None and chunk.chunk_id not in seen:
                    seen.add(chunk.chunk_id)
                    out.append(Hit(chunk, 0.0, len(out) + 1, None, None))
        return out

    # ---- answering --------------------------------------------------------------------

    def answer(self, question: str, q: QuestionInfo, hits: list[Hit], query: str | None = None) -> Answer:
        named = self.named_documents(q.text)
        if self.asks_for_signers(q, named):
            signed = self.signed(hits, named)
            if signed:
                return self.compose(question, q, signed)
        reading = self.read(q, hits, query or question)
        debug = {"answerability": f"{reading.answerability:.3f}", "reader": "learned"}
        if not reading.ok or reading.answerability < self.threshold:
            closest = self.quote(reading, reading.ok[0]) if reading.ok else None
            answer = self.refusal(question, q, hits, closest)
        else:
            answer = self.compose(question, q, self.select(reading))
            answer.confidence = round(reading.answerability, 3)
            if reading.answerability < CAUTION:
                answer.warnings.append(notice(q.lang, "uncertain"))
        answer.debug.update(debug)
        return answer

    def quote(self, r: Reading, i: int) -> Quote:
        c = r.candidates[i]
        p = float(sigmoid(r.logits[i]))
        quote = Quote(c.hit, c.record.start, c.record.end, c.record.text, p, 1.0, list(c.failed))
        quote.dissent = self.in_dissent(c.hit.chunk, c.record.start)
        return quote

    def select(self, r: Reading) -> list[Quote]:
        """The sentences :func:`pick` chooses, and for a lead-in among them whose next sentence
        was not read, what it introduces (:meth:`beyond_lead_in`): a lead-in quoted alone says
        nothing."""
        chosen = pick(r, self.second_ratio, self.next_ratio)
        for i in list(chosen):  # a lead-in's points stay on its side of a dissent's edge
            side = self.in_dissent(r.candidates[i].hit.chunk, r.candidates[i].record.start)
            crossed = [
                j
                for j in introduced(r.candidates, i)
                if j != r.ok[0] and self.in_dissent(r.candidates[j].hit.chunk, r.candidates[j].record.start) != side
            ]
            chosen = [j for j in chosen if j not in crossed]
        quotes = [self.quote(r, i) for i in chosen]
        for i, quote in zip(list(chosen), list(quotes), strict=True):
            c = r.candidates[i]
            if not c.record.text.rstrip().endswith(":") or introduced(r.candidates, i):
                continue
            quoted = {q.hit.chunk.clean_start + q.start for q in quotes}
            for chunk, a, b in self.beyond_lead_in(c.hit.chunk, c.record.end):
                if self.in_dissent(chunk, a) != quote.dissent:
                    break  # a dissent's lead-in introduces no point past its end, nor the majority's one in it
                if chunk.clean_start + a not in quoted:  # passages overlap: a sentence once
                    more = Quote(Hit(chunk, 0.0, c.hit.rank, None, None), a, b, chunk.text[a:b], quote.score, 1.0)
                    more.dissent = quote.dissent
                    quotes.append(more)
        return quotes

    def beyond_lead_in(self, chunk: Chunk, end: int) -> list[tuple[Chunk, int, int]]:
        """What the lead-in ending at ``chunk.text[end]`` introduces past what stands between
        (footnotes, a page break, a heading): the first ``LEAD_IN_POINTS`` points of the list
        after it, or else the first sentence of the paragraph after it (:mod:`assistant.lists.points`;
        cached: passages do not change)."""
        cached = self._beyond.get((chunk.chunk_id, end))
        if cached is None:
            chunks = self.index.passages(chunk.doc_id)
            at = next((n for n, c in enumerate(chunks) if c.chunk_id == chunk.chunk_id), None)
            cached = []
            if at is not None:
                points, _ = run_of(chunks, at, end, after=True)
                found = points[:LEAD_IN_POINTS] or following_prose(chunks, at, end, limit=1)
                cached = [(p.chunk, p.start, p.end) for p in found]
            self._beyond[(chunk.chunk_id, end)] = cached
        return cached


def leans_or_short(text: str) -> bool:
    """A sentence that cannot stand alone: it leans on the one before, or is very short."""
    return bool(LEANS_BACK.match(text)) or len(text.split()) < SHORT_SENTENCE_WORDS


def reader_model_exists() -> bool:
    try:
        load_model(MODEL_PATH)
    except ScorerError:
        return False
    return True
