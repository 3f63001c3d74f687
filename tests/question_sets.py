"""The questions of the training and dev sets, for checks that a route takes none of them."""

from __future__ import annotations

from collections.abc import Iterator

from evals.dataset import EvalItem, load_dataset
from evals.splits import select
from tests.conftest import ROOT

TRAINING_AND_DEV: tuple[tuple[str, str], ...] = (
    ("policy_qa.jsonl", "dev"),
    ("policy_paraphrases.jsonl", "dev"),
    ("policy_train.jsonl", "all"),
    ("policy_train2.jsonl", "all"),
    ("offtopic_train.jsonl", "all"),
    ("offtopic_dev.jsonl", "all"),
    ("norquad_en.jsonl", "all"),
    ("norquad_da.jsonl", "all"),
    ("norquad_extra.jsonl", "all"),
)


def training_and_dev_items() -> Iterator[tuple[str, EvalItem]]:
    """(file name, item) for every item of the sets above: the policy questions' dev splits,
    the training-only sets (``nordic_train``'s too), the off-topic sets and the NorQuAD questions
    in English and Danish."""
    data = ROOT / "evals" / "datasets"
    for name, split in TRAINING_AND_DEV:
        for item in select(load_dataset(data / name), data / name, split):
            yield name, item
    for path in sorted((data / "nordic_train").glob("*/questions.jsonl")):
        for item in load_dataset(path):
            yield f"nordic_train/{path.parent.name}", item
