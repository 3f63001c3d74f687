"""Across documents: each document's position on a topic, side by side (:class:`Comparer`)."""

from assistant.compare.models import Comparison, ComparisonRow

__all__ = ["Comparison", "ComparisonRow"]
