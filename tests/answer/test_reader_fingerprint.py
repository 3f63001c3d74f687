"""The shipped reader model was fitted on the features the code computes now.

The model file keeps, for the policy ``dev`` questions and the eight training sets over small
texts of their own (``nordic_train``), the mean and spread of every feature over their
candidates as they were read for the fit (``fingerprint``). This test reads those questions
again, over real indexes built with the real embedding model, and fails when a feature's mean
has moved: a change to how a feature is computed has to come with a refit (``make
train-reader``, then the list and comparison models), instead of leaving a model fitted on the
old feature shipped. That happened at stop 65, when a place came to be named in any of its forms
("Danmarks", "tyskerne"): the place features of the NorQuAD and ``nordic_train`` questions
moved, the model was not refitted, and ``make train-reader`` no longer wrote the file shipped."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from assistant.reader.engine import MODEL_PATH
from assistant.reader.scorer import load_model
from assistant.reader.train import DRIFT, FINGERPRINT, NO_MODEL, NORQUAD, drifted, read_item, source_items, sources
from tests.conftest import make_settings


def test_a_moved_feature_mean_is_found_and_noise_is_not() -> None:
    stored = {"mean": [0.5, 0.0, 2.0], "scale": [0.2, 0.0, 1.0]}
    names = ("a", "b", "c")
    same = np.array([[0.5 + 0.1 * DRIFT, 0.0, 2.0], [0.5 + 0.1 * DRIFT, 0.0, 2.0]])
    assert drifted(stored, same, names) == {}
    moved = np.array([[0.6, 0.0, 2.0], [0.6, 0.05, 2.0]])  # a by half its spread; b, which never varied
    assert drifted(stored, moved, names) == {"a": (0.5, 0.6), "b": (0.0, 0.025)}


@pytest.mark.slow
def test_the_reader_model_was_fitted_on_the_features_the_code_computes(
    seed_index_settings, shared_cache: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    from assistant.api import Assistant
    from assistant.reader.engine import LearnedReader

    stored = load_model(MODEL_PATH).get("fingerprint")
    assert isinstance(stored, dict) and stored, "the reader model has no fingerprint; re-fit it: `make train-reader`"
    by_name = {s.name: s for s in sources(NORQUAD)}
    assert set(stored) == {n for n in by_name if n.startswith(FINGERPRINT)}
    moved: dict[str, dict[str, tuple[float, float]]] = {}
    for name, kept in sorted(stored.items()):
        src = by_name[name]
        if src.corpus is None:
            settings = seed_index_settings
        else:
            settings = make_settings(tmp_path_factory.mktemp(name), shared_cache, seeds_dir=src.corpus)
        settings = settings.model_copy(update={"reader": "trivial", "reader_model": NO_MODEL})
        assistant = Assistant(settings)
        reader = LearnedReader(assistant.index, model_path=NO_MODEL)
        readings = [read_item(assistant, reader, item) for item in source_items(src)[0]]
        rows = [r.X for r in readings if len(r.candidates)]
        assert len(rows) == kept["questions"], name
        found = drifted(kept, np.vstack(rows))
        if found:
            moved[name] = found
    assert not moved, (
        f"features changed since the reader was fitted (mean then, now): {moved}; "
        "re-fit with `make train-reader`, then `make train-lists` and `make train-compare`"
    )
