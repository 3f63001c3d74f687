"""Evaluation suite: datasets, metrics, runners and reports."""
