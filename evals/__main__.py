"""``python -m evals ...``: see :mod:`evals.cli`."""

from evals.cli import main

raise SystemExit(main())
