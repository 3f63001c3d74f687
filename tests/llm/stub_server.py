"""A tiny stand-in for an OpenAI-compatible server and for Ollama, on loopback.

It answers every chat request with a canned reply (streamed word by word when asked) and
records what it was sent, so the unit tests can check the real langchain clients' requests
without a model. ``mode`` makes it fail: "500", "401" (echoing the key), "garbage"."""

from __future__ import annotations

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class StubServer:
    def __init__(self, reply: str = "", model: str = "stub-model") -> None:
        self.reply = reply
        self.model = model
        self.mode = "ok"
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self.usage = (321, 12)
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> StubServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:  # keep test output quiet
                pass

            def _send(self, status: int, body: bytes, content_type: str = "application/json") -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def _fail(self) -> bool:
                key = self.headers.get("Authorization", "")
                if stub.mode == "500":
                    self._send(500, json.dumps({"error": {"message": "model crashed"}}).encode())
                elif stub.mode == "401":
                    message = f"Incorrect API key provided: {key.removeprefix('Bearer ')}"
                    self._send(
                        401, json.dumps({"error": {"message": message, "type": "invalid_request_error"}}).encode()
                    )
                elif stub.mode == "garbage":
                    self._send(200, b"<html>not an API</html>", "text/html")
                else:
                    return False
                return True

            def do_GET(self) -> None:  # noqa: N802
                stub.headers.append({k.lower(): v for k, v in self.headers.items()})
                if self._fail():
                    return
                if self.path.endswith("/models"):
                    self._send(200, json.dumps({"object": "list", "data": [{"id": stub.model}]}).encode())
                elif self.path == "/api/tags":
                    self._send(200, json.dumps({"models": [{"name": stub.model, "model": stub.model}]}).encode())
                else:
                    self._send(404, b"{}")

            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers.get("Content-Length", 0))
                body = json.loads(self.rfile.read(length) or b"{}")
                stub.requests.append(body)
                stub.headers.append({k.lower(): v for k, v in self.headers.items()})
                if self._fail():
                    return
                if self.path.endswith("/chat/completions"):
                    self._openai(body)
                elif self.path == "/api/chat":
                    self._ollama(body)
                else:
                    self._send(404, b"{}")

            def _openai(self, body: dict[str, Any]) -> None:
                prompt, completion = stub.usage
                usage = {"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion}
                base = {"id": "chatcmpl-stub", "created": 0, "model": stub.model}
                if not body.get("stream"):
                    message = {"role": "assistant", "content": stub.reply}
                    choice = {"index": 0, "message": message, "finish_reason": "stop"}
                    self._send(
                        200,
                        json.dumps({**base, "object": "chat.completion", "choices": [choice], "usage": usage}).encode(),
                    )
                    return
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.end_headers()
                pieces = [p for p in re.split(r"(\s)", stub.reply) if p]
                for i, piece in enumerate(pieces):
                    delta = {"role": "assistant", "content": piece} if i == 0 else {"content": piece}
                    choice = {"index": 0, "delta": delta, "finish_reason": None}
                    self._event({**base, "object": "chat.completion.chunk", "choices": [choice]})
                done = {"index": 0, "delta": {}, "finish_reason": "stop"}
                self._event({**base, "object": "chat.completion.chunk", "choices": [done]})
                if (body.get("stream_options") or {}).get("include_usage"):
                    self._event({**base, "object": "chat.completion.chunk", "choices": [], "usage": usage})
                self.wfile.write(b"data: [DONE]\n\n")
                self.wfile.flush()

            def _event(self, data: dict[str, Any]) -> None:
                self.wfile.write(f"data: {json.dumps(data)}\n\n".encode())
                self.wfile.flush()

            def _ollama(self, body: dict[str, Any]) -> None:
                prompt, completion = stub.usage
                base = {"model": stub.model, "created_at": "2025-01-01T00:00:00Z"}
                final = {
                    **base,
                    "message": {"role": "assistant", "content": ""},
                    "done": True,
                    "done_reason": "stop",
                    "prompt_eval_count": prompt,
                    "eval_count": completion,
                }
                if body.get("stream") is False:
                    final["message"]["content"] = stub.reply
                    self._send(200, json.dumps(final).encode())
                    return
                self.send_response(200)
                self.send_header("Content-Type", "application/x-ndjson")
                self.end_headers()
                for piece in (p for p in re.split(r"(\s)", stub.reply) if p):
                    line = {**base, "message": {"role": "assistant", "content": piece}, "done": False}
                    self.wfile.write((json.dumps(line) + "\n").encode())
                    self.wfile.flush()
                self.wfile.write((json.dumps(final) + "\n").encode())
                self.wfile.flush()

        return Handler


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
