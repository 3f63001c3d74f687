"""Frozen splits: policy dev/test, NorQuAD train/dev (``evals/datasets/splits/*.json``).

Tuning looks at ``dev`` (and NorQuAD ``train``) only; ``test`` is run to report, never to
choose. The files are written once by :func:`policy_split` / :func:`norquad_split` and then
kept: ``python -m evals splits --freeze`` adds new ``t2-*`` policy items to test and changes
nothing already assigned.

* ``policy.json`` ``{"dev": [ids], "test": [ids]}``: the original items stratified by
  (lang, type); within a stratum ordered by sha1(id) and dealt dev, test, dev, …; every
  ``t2-*`` item is test.
* ``norquad.json`` ``{"train": [docs], "dev": [docs], "unanswerable_train": [ids],
  "unanswerable_dev": [ids]}``: the document files ordered by sha1(name), first half train,
  second half dev; the unanswerable items (no document) likewise by sha1(id). An answerable
  item follows its document.

Derived items follow their original: a paraphrase ``k2-001-p`` is where ``k2-001`` is, a
translation ``nq-123-en`` / ``nq-123-da`` where ``nq-123`` is. Which file applies is read
from the dataset's file name (``policy*`` / ``norquad*``).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel

from evals.dataset import DATASETS, DEFAULT_DATASET, PARAPHRASES, DatasetError, EvalItem, load_dataset

M = TypeVar("M", bound=BaseModel)

SPLITS_DIR = DATASETS / "splits"
POLICY_SPLIT = SPLITS_DIR / "policy.json"
NORQUAD_SPLIT = SPLITS_DIR / "norquad.json"
SPLITS = ("all", "dev", "test", "train")
DERIVED_SUFFIXES = ("-p", "-en", "-da")  # paraphrase, English / Danish translation
TEST_ONLY_PREFIXES = ("t2-",)  # items written after the split was frozen: always test
POLICY_DATASETS = (DEFAULT_DATASET, PARAPHRASES)


class SplitError(ValueError):
    pass


def sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def original_id(item_id: str) -> str:
    """The id a paraphrase or translation was made from (``k2-001-p`` -> ``k2-001``)."""
    for suffix in DERIVED_SUFFIXES:
        if item_id.endswith(suffix):
            return item_id[: -len(suffix)]
    return item_id


def split_file(dataset: Path) -> Path | None:
    """The split file that applies to a dataset file, by its name; None: no split."""
    name = Path(dataset).name
    if name.startswith("policy"):
        return POLICY_SPLIT
    if name.startswith("norquad"):
        return NORQUAD_SPLIT
    return None


@dataclass
class SplitTable:
    """A split file read for look-ups."""

    path: Path
    by_id: dict[str, str] = field(default_factory=dict)
    by_doc: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> SplitTable:
        try:
            data: dict[str, list[str]] = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise SplitError(f"no split file {path}; write it with `python -m evals splits --freeze`") from exc
        table = cls(path)
        by_document = any(key.startswith("unanswerable_") for key in data)  # the NorQuAD form
        for key, names in data.items():
            if key.startswith("unanswerable_"):
                table.by_id.update(dict.fromkeys(names, key.removeprefix("unanswerable_")))
            elif by_document:
                table.by_doc.update(dict.fromkeys(names, key))
            else:
                table.by_id.update(dict.fromkeys(names, key))
        return table

    def of(self, item: EvalItem) -> str:
        if self.by_doc and item.doc:
            if item.doc in self.by_doc:
                return self.by_doc[item.doc]
            raise SplitError(f"{item.id}: its document {item.doc} is in no split of {self.path.name}")
        for key in (item.id, original_id(item.id)):
            if key in self.by_id:
                return self.by_id[key]
        raise SplitError(f"{item.id} is in no split of {self.path.name} (new items: python -m evals splits --freeze)")


def split_of(dataset_path: Path, item: EvalItem) -> str:
    """The split (``dev`` / ``test`` / ``train``) of one item of the dataset at ``dataset_path``."""
    path = split_file(dataset_path)
    if path is None:
        raise SplitError(f"{Path(dataset_path).name} has no split file (only --split all)")
    return SplitTable.load(path).of(item)


def select(items: Sequence[EvalItem], dataset_path: Path, split: str) -> list[EvalItem]:
    """The items of ``split`` (``all``: every item)."""
    if split not in SPLITS:
        raise SplitError(f"unknown split {split!r}; use one of {', '.join(SPLITS)}")
    if split == "all":
        return list(items)
    path = split_file(dataset_path)
    if path is None:
        raise SplitError(f"{Path(dataset_path).name} has no split file (only --split all)")
    table = SplitTable.load(path)
    return [i for i in items if table.of(i) == split]


# ---- writing the splits ---------------------------------------------------------------


def is_test_only(item_id: str) -> bool:
    return item_id.startswith(TEST_ONLY_PREFIXES)


def policy_split(items: Sequence[EvalItem], frozen: dict[str, list[str]] | None = None) -> dict[str, list[str]]:
    """The policy split of ``items`` (the originals, not paraphrases).

    Without ``frozen``: the rule (strata by lang x type, sha1 order, dev/test dealt in turn;
    ``t2-*`` test). With ``frozen``: its assignments are kept as they are, new ``t2-*`` items
    go to test, and any other new item is an error (the rule would reshuffle its stratum)."""
    assigned: dict[str, str] = {}
    if frozen is None:
        strata: dict[tuple[str, str], list[EvalItem]] = defaultdict(list)
        for item in items:
            if not is_test_only(item.id):
                strata[(item.lang, item.type)].append(item)
        for members in strata.values():
            for n, item in enumerate(sorted(members, key=lambda i: sha1(i.id))):
                assigned[item.id] = "dev" if n % 2 == 0 else "test"
    else:
        assigned = {i: s for s, ids in frozen.items() for i in ids}
        gone = sorted(set(assigned) - {i.id for i in items})
        if gone:
            raise SplitError(f"the frozen split names ids no longer in the dataset: {', '.join(gone)}")
    new = [i.id for i in items if i.id not in assigned]
    unruled = [i for i in new if not is_test_only(i)]
    if unruled:
        raise SplitError(
            f"new items outside the frozen split: {', '.join(unruled)}; only {'/'.join(TEST_ONLY_PREFIXES)}* "
            "items are added (to test)"
        )
    assigned.update(dict.fromkeys(new, "test"))
    order = [i.id for i in items]
    return {s: [i for i in order if assigned[i] == s] for s in ("dev", "test")}


def halves(names: Iterable[str]) -> tuple[list[str], list[str]]:
    """``names`` in sha1 order, cut in two (the first half one longer when odd)."""
    ordered = sorted(names, key=sha1)
    cut = (len(ordered) + 1) // 2
    return ordered[:cut], ordered[cut:]


def norquad_split(doc_names: Iterable[str], items: Sequence[EvalItem]) -> dict[str, list[str]]:
    train, dev = halves(set(doc_names))
    u_train, u_dev = halves(i.id for i in items if not i.answerable and not i.doc)
    return {
        "train": sorted(train),
        "dev": sorted(dev),
        "unanswerable_train": sorted(u_train),
        "unanswerable_dev": sorted(u_dev),
    }


def write_split(path: Path, split: dict[str, list[str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(split, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def norquad_sides(path: Path = NORQUAD_SPLIT) -> dict[str, str]:
    """Which side a NorQuAD text's items go to in a set made over those texts: the texts of
    NorQuAD's ``train`` half are dev, of its ``dev`` half test (text file name -> side), so no
    text is on both sides."""
    halves = read_split(path) or {}
    return {doc: ("dev" if half == "train" else "test") for half in ("train", "dev") for doc in halves.get(half, [])}


def own_split_file(dataset: Path, default_dataset: Path, default_split: Path) -> Path:
    """A dataset's split file: the default's for the default dataset, else ``splits/<its name>.json``."""
    return default_split if dataset == default_dataset else SPLITS_DIR / f"{dataset.stem}.json"


def read_split(path: Path) -> dict[str, list[str]] | None:
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def freeze_policy(dataset: Path = DEFAULT_DATASET, path: Path = POLICY_SPLIT) -> dict[str, list[str]]:
    """Write the policy split: the rule the first time, else the frozen one plus new ``t2-*`` items."""
    split = policy_split(load_dataset(dataset), read_split(path))
    write_split(path, split)
    return split


def freeze_norquad(norquad_dir: Path, path: Path = NORQUAD_SPLIT) -> dict[str, list[str]]:
    """Write the NorQuAD split if there is none (it never changes once written)."""
    frozen = read_split(path)
    if frozen is not None:
        return frozen
    docs = norquad_dir / "docs"
    if not docs.is_dir():
        raise SplitError(f"no NorQuAD documents at {docs}")
    names = [p.name for p in docs.iterdir() if p.is_file()]
    split = norquad_split(names, load_dataset(norquad_dir / "norquad-val.jsonl"))
    write_split(path, split)
    return split


# ---- content digest (pinned by a test) -------------------------------------------------


def raw_items(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def split_digest(split: str = "test", datasets: Sequence[Path] = POLICY_DATASETS) -> str:
    """sha256 of the canonical JSON (sorted keys, sorted by id) of every item of ``split`` in
    ``datasets`` (the lines as written, so any edit to a test item changes it)."""
    chosen: list[dict[str, object]] = []
    for path in datasets:
        table = SplitTable.load(split_file(path) or POLICY_SPLIT)
        for raw in raw_items(path):
            if table.of(EvalItem.model_validate(raw)) == split:
                chosen.append(raw)
    chosen.sort(key=lambda r: str(r["id"]))
    canonical = json.dumps(chosen, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


# ---- adding a new batch of items -------------------------------------------------------

_WS = re.compile(r"[\s\u202f\u00a0]+")


def _ws(text: str) -> str:
    return _WS.sub(" ", text).strip()


def check_new_items(new: Sequence[EvalItem], existing: Sequence[EvalItem], seeds: Path | None) -> list[str]:
    """Problems of a batch about to be appended (empty: fine)."""
    problems: list[str] = []
    have = {i.id for i in existing}
    problems += [f"{i.id}: id already in the dataset" for i in new if i.id in have]
    for item in new:
        if item.answerable and (not item.doc or not item.quote):
            problems.append(f"{item.id}: answerable without doc and quote")
        elif not item.answerable and (item.doc or item.quote or item.numbers):
            problems.append(f"{item.id}: unanswerable with a source")
        elif item.answerable and seeds is not None:
            doc = seeds / str(item.doc)
            if not doc.exists():
                problems.append(f"{item.id}: no document {item.doc} in {seeds}")
            elif _ws(item.quote) not in _ws(doc.read_text(encoding="utf-8")):
                problems.append(f"{item.id}: quote not in {item.doc}")
            problems += [f"{item.id}: figure {n!r} not in the quote" for n in item.numbers if n not in item.quote]
        if bool(item.history) != (item.type == "followup"):
            problems.append(f"{item.id}: history and type disagree")
    return problems


def append_batch(
    new_file: Path, target: Path, originals: Sequence[EvalItem] | None, seeds: Path | None, test_only: bool = False
) -> int:
    """Append the lines of ``new_file`` to ``target`` after checking them, then delete it.

    ``originals``: for a file of paraphrases, the items they paraphrase (each new id must be
    ``<original>-p`` of one of them); ``test_only``: every new id must be a ``t2-*`` id (a
    batch written after the split was frozen). Returns the number of items appended; raises
    :class:`SplitError` (nothing changed) when the batch is not right."""
    try:
        new = load_dataset(new_file)
        existing = load_dataset(target)
    except DatasetError as exc:
        raise SplitError(str(exc)) from exc
    problems = check_new_items(new, existing, seeds)
    if originals is not None:
        known = {i.id for i in originals}
        problems += [
            f"{i.id}: not <original>-p of an item"
            for i in new
            if not i.id.endswith("-p") or original_id(i.id) not in known
        ]
    if test_only:
        problems += [f"{i.id}: not a {'/'.join(TEST_ONLY_PREFIXES)}* id" for i in new if not is_test_only(i.id)]
    if problems:
        raise SplitError(f"{new_file.name} not merged: " + "; ".join(problems[:10]))
    text = target.read_text(encoding="utf-8")
    lines = [line for line in new_file.read_text(encoding="utf-8").splitlines() if line.strip()]
    if text and not text.endswith("\n"):
        text += "\n"
    target.write_text(text + "\n".join(lines) + "\n", encoding="utf-8")
    new_file.unlink()
    return len(lines)


# ---- the across-document datasets (comparisons, key figures, list questions) ----------------


def load_jsonl(path: Path, model: type[M]) -> list[M]:
    """One pydantic ``model`` per non-empty line; an error names the file and line."""
    out: list[M] = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            try:
                out.append(model.model_validate(json.loads(line)))
            except ValueError as exc:  # JSONDecodeError and ValidationError are ValueErrors
                raise DatasetError(f"{path}:{n}: {exc}") from exc
    return out


def deal(groups: Iterable[Iterable[str]], order: Sequence[str] = ("dev", "test")) -> dict[str, list[str]]:
    """Each group's ids ordered by sha1, dealt to the splits in ``order`` in turn."""
    out: dict[str, list[str]] = {name: [] for name in order}
    for group in groups:
        for n, item_id in enumerate(sorted(group, key=sha1)):
            out[order[n % len(order)]].append(item_id)
    return {k: sorted(v) for k, v in out.items()}


def freeze_split(path: Path, rule: dict[str, list[str]], ids: Iterable[str]) -> dict[str, list[str]]:
    """Write ``rule`` the first time; afterwards keep the file and deal only new ids (to test)."""
    frozen = read_split(path) or rule
    known = {i for assigned in frozen.values() for i in assigned}
    frozen["test"] = sorted(frozen["test"] + [i for i in ids if i not in known])
    write_split(path, frozen)
    return frozen


def in_split(items: Sequence[M], path: Path, split: str, freeze_command: str) -> list[M]:
    """The items (models with an ``id``) of ``split`` in the frozen file (all of them for "all")."""
    wanted = split_ids(path, split, freeze_command)
    return [i for i in items if wanted is None or getattr(i, "id", None) in wanted]


def split_ids(path: Path, split: str, freeze_command: str) -> set[str] | None:
    """The ids of ``split`` in the frozen file (None for "all")."""
    if split == "all":
        return None
    table = read_split(path)
    if table is None:
        raise DatasetError(f"{path} missing: {freeze_command} --freeze")
    if split not in table:
        raise DatasetError(f"{path} has no split {split!r} (it has {', '.join(table)})")
    return set(table[split])
