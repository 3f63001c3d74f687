"""The message a user gets for a failure: a known failure's own message (it names the way
out), a full disk said as such, and anything else as a reference to the server log, where the
traceback is (redacted). The CLI ends every failure in one ``error:`` line with exit code 2."""

from __future__ import annotations

import errno
import logging
import os

import pytest
from click.testing import CliRunner

from assistant.cli import main
from assistant.errors import user_message
from retrieval.store import VectorStoreError

log = logging.getLogger("tests.errors")
SECRET = "sk-live-Zq8u2XcA0s9PpKe4RwT1"


def test_a_known_failure_is_shown_by_its_own_message(caplog) -> None:
    exc = VectorStoreError("the Chroma server at http://127.0.0.1:8000 is not reachable. Start it with `chroma run`")
    with caplog.at_level(logging.WARNING):
        assert user_message(exc, log, "answering") == str(exc)
    assert "answering failed" in caplog.text and "Traceback" not in caplog.text


def test_a_full_disk_is_said_as_such() -> None:
    exc = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), "/data/feedback.jsonl")
    message = user_message(exc, log, "saving feedback")
    assert "disk is full" in message and "Free some space" in message


def test_an_unexpected_failure_shows_a_reference_and_logs_the_traceback(caplog) -> None:
    try:
        raise KeyError(f"internal detail {SECRET}")
    except KeyError as exc:
        with caplog.at_level(logging.ERROR):
            message = user_message(exc, log, "answering", [SECRET])
    ref = message.split("reference ")[1].split(";")[0]
    assert len(ref) == 8 and "server log" in message
    assert "KeyError" not in message and "internal detail" not in message and SECRET not in message
    record = caplog.records[-1]
    assert ref in record.getMessage() and record.exc_info is not None  # the log has the whole story


@pytest.mark.parametrize(
    ("raised", "shown"),
    [
        (RuntimeError("boom"), "an unexpected error stopped assistant search (reference "),
        (OSError(errno.ENOSPC, "No space left on device"), "the disk is full"),
        (
            VectorStoreError("the vector index in /x cannot be opened. Rebuild it with `assistant ingest --rebuild`."),
            "assistant ingest --rebuild",
        ),
    ],
)
def test_cli_ends_any_failure_in_one_error_line(monkeypatch, tmp_path, raised: Exception, shown: str) -> None:
    from retrieval import index as index_module

    def fail(*args: object, **kwargs: object) -> None:
        raise raised

    monkeypatch.setattr(index_module.Index, "open", classmethod(fail))
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("ASSISTANT_TRACEBACK", raising=False)
    result = CliRunner().invoke(main, ["search", "sprøyterom"])
    assert result.exit_code == 2
    assert shown in result.output and "Traceback" not in result.output
    assert result.output.count("error:") == 1


def test_cli_traceback_on_request(monkeypatch, tmp_path) -> None:
    from retrieval import index as index_module

    def fail(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(index_module.Index, "open", classmethod(fail))
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("ASSISTANT_TRACEBACK", "1")
    result = CliRunner().invoke(main, ["search", "sprøyterom"])
    assert isinstance(result.exception, RuntimeError) and str(result.exception) == "boom"
