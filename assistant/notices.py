"""Notices the API (and the learned reader, for an uncertain answer) adds to an answer's
warnings, in the question's language.

Kept apart from the extractive engine's wording (``prompts/extractive.json``): these say
what happened to the question (the language model failed, the engine fell back), not what
the documents say. ``{reason}`` never holds an API key: callers pass it through
``assistant.llm.scrub``."""

from __future__ import annotations

from assistant.models import Lang

# an answer whose answerability is below this is shown with a notice to check its quote: over the
# 3,470 answers of the development questions (make eval-dev, stop 68), those below 0.6 were right
# 0.49 of the time (22 % of the answers), those at or above it 0.79; the band just below 0.6 0.57,
# just above it 0.69. Not a second threshold: the answer is the same, the reader says how sure it is
CAUTION = 0.6  # the learned reader (assistant.reader.engine) adds the "uncertain" notice below it

NOTICES: dict[str, dict[str, str]] = {
    "llm_unavailable": {
        "en": "The language model could not be reached ({reason}); showing the extractive answer.",
        "da": "Sprogmodellen kunne ikke nås ({reason}); her er det ekstraktive svar.",
        "nb": "Språkmodellen kunne ikke nås ({reason}); her er det ekstraktive svaret.",
    },
    "llm_config": {
        "en": "The language model is not set up ({reason}); showing the extractive answer.",
        "da": "Sprogmodellen er ikke sat op ({reason}); her er det ekstraktive svar.",
        "nb": "Språkmodellen er ikke satt opp ({reason}); her er det ekstraktive svaret.",
    },
    "llm_unverified": {
        "en": "The language model's answer could not be verified against the passages ({reason}); "
        "showing the extractive answer.",
        "da": "Sprogmodellens svar kunne ikke efterprøves mod passagerne ({reason}); her er det ekstraktive svar.",
        "nb": "Språkmodellens svar kunne ikke etterprøves mot avsnittene ({reason}); her er det ekstraktive svaret.",
    },
    # the learned reader answered below ``CAUTION``: on the development questions about half of
    # such answers were right
    "uncertain": {
        "en": "Uncertain answer: the quoted text may not answer exactly what was asked; check it against the question.",
        "da": "Usikkert svar: den citerede tekst svarer måske ikke præcist på spørgsmålet; tjek den.",
        "nb": "Usikkert svar: den siterte teksten svarer kanskje ikke nøyaktig på spørsmålet; sjekk den.",
    },
}


def notice(lang: Lang | str, key: str, **values: str) -> str:
    table = NOTICES[key]
    return table.get(lang, table["en"]).format(**values)
