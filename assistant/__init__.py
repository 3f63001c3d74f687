"""Policy Assistant: grounded answers over drug-policy documents.

``from assistant import Assistant`` (loaded on first use, so importing the package is cheap).
"""

from __future__ import annotations

from typing import Any

import retrieval  # noqa: F401  (sets the process's threads before numpy and the model load: retrieval.threads)

__all__ = ["Answer", "Assistant", "Citation"]


def __getattr__(name: str) -> Any:
    if name == "Assistant":
        from assistant.api import Assistant

        return Assistant
    if name in ("Answer", "Citation"):
        from assistant import models

        return getattr(models, name)
    raise AttributeError(name)
