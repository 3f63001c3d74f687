"""The web chat (Gradio): ``assistant serve`` or ``from assistant.web.app import launch``.

Importing this package turns Gradio's analytics and update check off before Gradio itself
is imported by any of its modules.
"""

from __future__ import annotations

import os

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
