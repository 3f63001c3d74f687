"""Fixtures: the tiny dataset in a temporary file and the stand-in engine."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .standin import TINY_ITEMS, StandIn


@pytest.fixture
def tiny_dataset(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.jsonl"
    path.write_text("\n".join(json.dumps(i, ensure_ascii=False) for i in TINY_ITEMS) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def stand_in() -> StandIn:
    return StandIn()
