"""The real web server driven over HTTP with gradio_client (and Gradio's plain HTTP API):
ask with citations, follow-up, refusal with related passages, document filter, upload
(good and bad), feedback."""

from __future__ import annotations

import json
import time
from pathlib import Path

import httpx
import pytest
from gradio_client import handle_file
from gradio_client.exceptions import AppError

from assistant.web import feedback as feedback_log

pytestmark = pytest.mark.slow

DEATHS = "Hvor mange narkotikarelaterede dødsfald var der i 2009?"
INMATES = "Hvor mange penge afsættes til behandling af indsatte?"
FINES = "Hvor mange forelegg ble ilagt i 2017?"


def ask(client, question: str, **kw):
    text, answer = client.predict(question, api_name="/ask", **kw)
    assert text == answer["text"]
    return answer


def test_the_live_index_is_read_ahead_of_the_questions(web_server) -> None:
    """``Runtime.open`` reads every passage in the background (``Assistant.warm``), so the first
    questions do not pay for it."""
    runtime = web_server.runtime
    deadline = time.monotonic() + 60
    while set(runtime.assistant.extractive._records) != set(runtime.index.chunks) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert set(runtime.assistant.extractive._records) == set(runtime.index.chunks)
    thread = runtime.warm()
    thread.join(60)
    assert not thread.is_alive() and thread.name == "warm-reader"


def test_ask_returns_answer_with_checkable_citations(client) -> None:
    answer = ask(client, DEATHS)
    assert not answer["refused"]
    assert "276" in answer["text"] and "[1]" in answer["text"]
    c = answer["citations"][0]
    assert c["doc_id"] == "kampen-mod-narko-ii" and c["marker"] == 1
    assert "276 i 2009" in c["quote"] and c["quote"] in c["passage"]
    assert c["title"].startswith("Kampen mod narko II") and c["year"] == 2010 and c["page"]
    assert c["raw_end"] > c["raw_start"] and c["line_end"] >= c["line_start"] > 0


def test_follow_up_uses_the_earlier_question(client) -> None:
    first = ask(client, INMATES)
    assert not first["refused"]
    follow = ask(client, "Og i hvilken periode?", history=[INMATES])
    assert not follow["refused"], follow["text"]
    assert "indsatte" in follow["query"].lower()  # the subject was carried into the search
    assert "2011" in follow["text"] and follow["citations"]


def test_unanswerable_question_is_refused_with_related_passages(client) -> None:
    answer = ask(client, "What is the capital of France?")
    assert answer["refused"] and not answer["citations"]
    assert answer["related"] and all(r["passage"] for r in answer["related"])


def test_document_filter_restricts_citations(client) -> None:
    free = ask(client, FINES)
    assert {c["doc_id"] for c in free["citations"]} == {"politidirektoratet-utredning"}
    kept = ["kampen-mod-narko-ii", "blaa-kors-rusreformen"]
    restricted = ask(client, FINES, doc_ids=kept)
    sources = {c["doc_id"] for c in restricted["citations"] + restricted["related"]}
    assert sources and sources <= set(kept)
    with pytest.raises(AppError, match="unknown document"):
        ask(client, FINES, doc_ids=["no-such-document"])


def test_empty_question_and_bad_backend_are_errors(client) -> None:
    with pytest.raises(AppError, match="empty"):
        ask(client, "   ")
    with pytest.raises(AppError, match="not available"):
        ask(client, DEATHS, backend="gpt-17")


def test_documents_and_status(client) -> None:
    docs = client.predict(api_name="/documents")
    ids = {d["id"] for d in docs}
    assert {"kampen-mod-narko-ii", "politidirektoratet-utredning"} <= ids
    assert all(d["passages"] > 0 and d["title"] and d["lang"] for d in docs)
    status = client.predict(api_name="/status")
    assert status["documents"] == len(docs) and status["passages"] > 100
    assert status["embedding_model"] and status["backend"] == "extractive"
    assert status["vector_store"] == {
        "mode": "embedded",
        "url": "",
        "ok": True,
        "detail": f"{status['passages']} passages",
    }


def test_upload_makes_a_document_searchable(client, web_server, tmp_path: Path) -> None:
    note = tmp_path / "testby-notat.md"
    note.write_text(
        "# Testby sprøjterum\n\nTestby Kommune åbnede 7 nye sprøjterum i 2023. Det kostede 12 mio. kr.\n",
        encoding="utf-8",
    )
    report_html, report = client.predict([handle_file(str(note))], api_name="/upload")
    assert report == {"added": ["testby-notat.md"], "rejected": []}, report
    assert "testby-notat.md" in report_html
    assert (web_server.settings.uploads_dir / "testby-notat.md").exists()
    answer = ask(client, "Hvor mange sprøjterum åbnede Testby Kommune i 2023?")
    assert not answer["refused"] and "7" in answer["text"]
    assert answer["citations"][0]["file_name"] == "testby-notat.md"
    assert any(d["file"] == "testby-notat.md" for d in client.predict(api_name="/documents"))


def call_http(url: str, endpoint: str, data: list) -> tuple[str, object]:
    """Gradio's plain HTTP API: POST /gradio_api/call/<name>, then read the event stream."""
    with httpx.Client(base_url=url, timeout=60) as http:
        event_id = http.post(f"gradio_api/call/{endpoint}", json={"data": data}).json()["event_id"]
        with http.stream("GET", f"gradio_api/call/{endpoint}/{event_id}") as stream:
            event = None
            for line in stream.iter_lines():
                if line.startswith("event:"):
                    event = line.split(":", 1)[1].strip()
                elif line.startswith("data:") and event in ("complete", "error"):
                    return event, json.loads(line.split(":", 1)[1])
    raise AssertionError("no result")


def raw_upload(url: str, name: str, data: bytes) -> dict:
    """Upload bytes under exactly ``name`` (gradio_client would send only a base name)."""
    with httpx.Client(base_url=url, timeout=60) as http:
        paths = http.post("gradio_api/upload", files=[("files", (name, data, "application/octet-stream"))]).json()
    return {"path": paths[0], "orig_name": name, "meta": {"_type": "gradio.FileData"}}


def snapshot(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}


def test_bad_uploads_are_refused_visibly_and_write_nothing(client, web_server, tmp_path: Path) -> None:
    data_dir = web_server.settings.data_dir
    outside = data_dir.parent
    before_outside, before_uploads = snapshot(outside) - snapshot(data_dir), snapshot(web_server.settings.uploads_dir)
    exe = tmp_path / "setup.exe"
    exe.write_bytes(b"MZ\x90\x00" + bytes(200))
    empty_pdf = tmp_path / "empty.pdf"
    empty_pdf.write_bytes(b"")
    html, report = client.predict([handle_file(str(exe)), handle_file(str(empty_pdf))], api_name="/upload")
    reasons = {r["name"]: r["reason"] for r in report["rejected"]}
    assert report["added"] == [] and set(reasons) == {"setup.exe", "empty.pdf"}
    assert "not supported" in reasons["setup.exe"] and "empty" in reasons["empty.pdf"]
    assert "Not added" in html and "setup.exe" in html  # shown to the user, not swallowed

    event, result = call_http(web_server.url, "upload", [[raw_upload(web_server.url, "../x.txt", b"sneaky text")]])
    assert event == "complete"
    html, report = result
    assert report["added"] == [] and report["rejected"][0]["name"] == "../x.txt"
    assert "plain file name" in report["rejected"][0]["reason"] and "../x.txt" in html

    assert snapshot(web_server.settings.uploads_dir) == before_uploads
    assert snapshot(outside) - snapshot(data_dir) == before_outside
    assert not (outside / "x.txt").exists() and not (data_dir / "x.txt").exists()


def test_feedback_is_appended_to_the_jsonl_file(client, web_server) -> None:
    answer = ask(client, DEATHS)
    fid = client.predict(DEATHS, answer["text"], "up", api_name="/feedback")
    client.predict(DEATHS, answer["text"], "up", "Precise, with the right page.", fid, api_name="/feedback")
    client.predict("What is the capital of France?", "No answer.", "down", api_name="/feedback")
    records = feedback_log.read(web_server.settings.feedback_path)
    mine = [r for r in records if r["id"] == fid]
    assert [r["comment"] for r in mine] == ["", "Precise, with the right page."]
    assert mine[0]["rating"] == "up" and mine[0]["question"] == DEATHS and mine[0]["source"] == "api"
    assert any(r["rating"] == "down" for r in records)
    with pytest.raises(AppError, match="up' or 'down"):
        client.predict(DEATHS, "x", "meh", api_name="/feedback")


def test_every_kind_of_bad_file_is_refused_over_http_with_its_reason(client, web_server, tmp_path: Path) -> None:
    from tests.core.test_loaders import PAGE_ONE, encrypted, make_pdf

    before = snapshot(web_server.settings.uploads_dir)
    files = {
        "data.txt": bytes(range(256)) * 40,  # binary data named .txt
        "locked.pdf": encrypted(make_pdf([PAGE_ONE]), user_password="secret"),
        "broken.pdf": make_pdf([PAGE_ONE])[:300],  # cut off mid-file
        "a/b.md": b"# Sti\n\nEn fil med skraastreg i navnet.\n",
    }
    uploads = [raw_upload(web_server.url, name, data) for name, data in files.items()]
    event, result = call_http(web_server.url, "upload", [uploads])
    assert event == "complete"
    html, report = result
    reasons = {r["name"]: r["reason"] for r in report["rejected"]}
    assert report["added"] == [] and set(reasons) == set(files)
    assert "binary" in reasons["data.txt"]
    assert "encrypted" in reasons["locked.pdf"]
    assert "damaged" in reasons["broken.pdf"] or "cannot" in reasons["broken.pdf"]
    assert "plain file name" in reasons["a/b.md"]
    for name in files:
        assert name in html  # each refusal is shown, with its reason
    assert snapshot(web_server.settings.uploads_dir) == before


def test_a_file_over_the_size_limit_is_stopped_at_the_door(web_server) -> None:
    limit = web_server.settings.max_upload_mb * 1024 * 1024
    with httpx.Client(base_url=web_server.url, timeout=60) as http:
        response = http.post("gradio_api/upload", files=[("files", ("big.txt", b"a" * (limit + 1), "text/plain"))])
    assert response.status_code == 413
    assert "big.txt" in response.text or "too large" in response.text.lower() or "size" in response.text.lower()
