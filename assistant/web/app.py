"""The web chat: Gradio Blocks layout, event wiring and launch.

Layout: a sidebar with the corpus (tick boxes restrict the conversation), uploads and
settings; three tabs: the chat with example questions, "new conversation" and Markdown export,
Compare (``compare_view.py``: each document's position on a topic, side by side) and Guide
(``guide_view.py``: a document's guide, opened from the sidebar); the source panel beside them
(under them at phone width); the index status in the footer.

Every answer is rendered by ``render.py`` (all text escaped); clicking a citation marker
goes through a hidden bridge component (``static/bridge.js``) to :func:`open_source`.
"""

from __future__ import annotations

import logging
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import gradio as gr  # assistant/web/__init__.py has turned analytics off before this import

from assistant.api import QuestionError, clean_question
from assistant.errors import user_message
from assistant.logs import install_redaction, secrets_of
from assistant.models import Answer
from assistant.web import compare_view, guide_view, render
from assistant.web import feedback as feedback_log
from assistant.web.access import check_bind
from assistant.web.conversation import Conversation, parse_source_ref
from assistant.web.endpoints import make_endpoints
from assistant.web.export import conversation_markdown
from assistant.web.runtime import Runtime, keep_present
from assistant.web.status import backend_choices
from assistant.web.upload import add_uploads
from retrieval.index import atomic_write
from retrieval.settings import Settings

log = logging.getLogger(__name__)

STATIC = Path(__file__).resolve().parent / "static"
FAVICON = STATIC / "favicon.svg"
TITLE = "Policy Assistant"
HEAD = (
    '<link rel="icon" type="image/svg+xml" href="./favicon.ico">'  # Gradio serves favicon_path there
    f'<meta name="description" content="{TITLE}: answers with checkable sources from drug-policy documents">'
)
STREAM_INTERVAL = 0.05  # seconds between chat updates while an answer streams
MAX_QUESTION_CHARS = 4000

EXAMPLES: list[tuple[str, str]] = [
    ("da", "Hvor mange narkotikarelaterede dødsfald var der i 2009?"),
    ("da", "Hvor mange penge afsættes til behandling af indsatte?"),
    ("nb", "Hvor mange forelegg ble ilagt i 2017?"),
    ("nb", "Hva mener Blå Kors om rusreformen?"),
    ("en", "How many drug users were estimated in Denmark in 2009?"),
    ("en", "What does the Labour Party propose for young people who use drugs?"),
]


# at phone width the sidebar would cover the chat: start with it closed there
NARROW_SCREEN_JS = """() => {
  if (!window.matchMedia("(max-width: 768px)").matches) return;
  const sidebar = document.querySelector("#pa-sidebar");
  if (sidebar && sidebar.classList.contains("open")) sidebar.querySelector(".toggle-button")?.click();
}"""


def static_text(name: str) -> str:
    return (STATIC / name).read_text(encoding="utf-8")


def theme() -> gr.themes.Base:
    """The default theme in the product's colours, with system fonts (nothing fetched from the web)."""
    system = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"]
    mono = ["ui-monospace", "SFMono-Regular", "Menlo", "Consolas", "monospace"]
    return gr.themes.Default(primary_hue="teal", neutral_hue="slate", font=system, font_mono=mono)


def header_html() -> str:
    logo = static_text("favicon.svg").replace("<svg ", '<svg aria-hidden="true" width="40" height="40" ', 1)
    return (
        f'<div class="pa-header">{logo}'
        f"<div><h1>{TITLE}</h1><p>Answers from Danish and Norwegian drug-policy documents, "
        "every statement with a source you can check.</p></div></div>"
    )


# ---- rendering a conversation -----------------------------------------------------------------


def messages(conv: Conversation, show_details: bool) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    for turn, answer in enumerate(conv.answers):
        out.append({"role": "user", "content": render.question_html(answer.question)})
        out.append({"role": "assistant", "content": render.answer_html(answer, turn, show_details)})
    return out


class Exports:
    """Files for the download buttons (conversations, comparisons), in one temporary folder per server."""

    def __init__(self) -> None:
        self._dir = tempfile.TemporaryDirectory(prefix="policy-assistant-exports-")

    def write(self, conv: Conversation) -> str:
        return self.write_text(conversation_markdown(conv.answers), ".md")

    def write_text(self, text: str, suffix: str, name: str = "policy-assistant") -> str:
        """``text`` as ``{name}-{time}{suffix}``, in a folder of its own (one per download)."""
        folder = Path(tempfile.mkdtemp(dir=self._dir.name))
        path = folder / f"{name}-{time.strftime('%Y%m%d-%H%M%S')}{suffix}"
        atomic_write(path, text)  # a download never gets half a file
        return str(path)


def uploaded_files(payload: Any) -> list[tuple[Path, str]]:
    """(path in Gradio's upload cache, name as the client sent it) for each file in ``payload``.

    The upload event runs with ``preprocess=False``, so the file's original name reaches
    the checks in ``upload.py`` as given (Gradio itself only keeps the last path segment);
    Gradio has already verified that each path is one of its own uploads."""
    items = payload if isinstance(payload, list) else [payload] if payload else []
    out: list[tuple[Path, str]] = []
    for item in items:
        if isinstance(item, dict) and item.get("path"):
            path = Path(str(item["path"]))
            name = item.get("orig_name")
            out.append((path, str(name) if name is not None else path.name))
        elif isinstance(item, str | Path):
            out.append((Path(item), Path(item).name))
    return out


# ---- the app ----------------------------------------------------------------------------------


def build_app(runtime: Runtime) -> gr.Blocks:
    settings = runtime.settings
    secrets = secrets_of(settings)
    exports = Exports()
    choices = backend_choices(settings)
    default_backend = settings.backend if settings.backend in [v for _, v in choices] else "extractive"

    # ---- handlers ----------------------------------------------------------------------------

    def respond(
        question: str, conv: Conversation, doc_ids: list[str] | None, k: float, backend: str, details: bool
    ) -> Iterator[tuple[Any, ...]]:
        text = clean_question(question or "")[:MAX_QUESTION_CHARS]
        if not text:
            gr.Warning("Type a question first.")
            yield gr.skip(), gr.skip(), conv, gr.skip()
            return
        known, _ = runtime.known_doc_ids(doc_ids)
        shown = messages(conv, details)
        shown.append({"role": "user", "content": render.question_html(text)})
        shown.append({"role": "assistant", "content": render.streaming_html("")})
        yield shown, "", conv, gr.skip()
        partial, last = "", 0.0
        answer: Answer | None = None
        try:
            for part in runtime.assistant.stream(
                text,
                history=list(conv.answers),
                doc_ids=known or None,
                k=runtime.clamp_k(k, runtime.default_k()),
                backend=runtime.check_backend(backend),
            ):
                if isinstance(part, Answer):
                    answer = part
                    continue
                partial += part
                if time.monotonic() - last >= STREAM_INTERVAL:
                    last = time.monotonic()
                    shown[-1] = {"role": "assistant", "content": render.streaming_html(partial)}
                    yield shown, gr.skip(), conv, gr.skip()
        except QuestionError as exc:
            shown[-1] = {"role": "assistant", "content": render.error_html(str(exc))}
            yield shown, gr.skip(), conv, gr.skip()
            return
        except Exception as exc:  # the index, the model or a server failed: say what to do, in the chat
            reason = user_message(exc, log, "answering", secrets)
            message = render.error_html(f"the question could not be answered: {reason}")
            shown[-1] = {"role": "assistant", "content": message}
            yield shown, gr.skip(), conv, gr.skip()
            return
        if answer is None:
            shown[-1] = {"role": "assistant", "content": render.error_html("no answer came back; please ask again")}
            yield shown, gr.skip(), conv, gr.skip()
            return
        conv.answers.append(answer)
        shown[-1] = {"role": "assistant", "content": render.answer_html(answer, len(conv.answers) - 1, details)}
        try:
            download = gr.DownloadButton(value=exports.write(conv), interactive=True)
        except OSError as exc:  # e.g. a full disk: the answer still shows, only the export is missing
            gr.Warning(render.esc(f"the export could not be written: {user_message(exc, log, 'exporting', secrets)}"))
            download = gr.DownloadButton(value=None, interactive=False)
        yield shown, gr.skip(), conv, download

    def rerender(conv: Conversation, details: bool) -> list[dict[str, str]]:
        return messages(conv, details)

    def open_source(ref: str, conv: Conversation) -> str | Any:
        parsed = parse_source_ref(ref)
        if parsed is None:
            return gr.skip()
        kind, turn, marker = parsed
        citation = conv.citation(kind, turn, marker)
        if citation is None:
            return render.SOURCE_HINT
        index = runtime.index
        raw = index.raw_texts.get(citation.doc_id)
        return render.source_html(
            citation,
            raw,
            turn=turn,
            related=kind == "rel",
            lang=conv.answers[turn].lang,
            doc=index.documents.get(citation.doc_id),
        )

    def on_like(conv: Conversation, data: gr.LikeData) -> tuple[Any, ...]:
        index = data.index[0] if isinstance(data.index, list | tuple) else data.index
        turn = int(index) // 2
        if not 0 <= turn < len(conv.answers) or data.liked in (None, ""):
            return conv, gr.skip(), gr.skip(), gr.skip()
        answer = conv.answers[turn]
        try:
            record = feedback_log.make_record(
                rating=data.liked, question=answer.question, answer=answer.text, **answer_context(answer, turn)
            )
        except feedback_log.FeedbackError:
            return conv, gr.skip(), gr.skip(), gr.skip()
        feedback_log.append(settings.feedback_path, record)
        conv.feedback[turn] = (record["id"], record["rating"])
        conv.comment_turn = turn
        thumb = "👍" if record["rating"] == "up" else "👎"
        note = f"{thumb} Thanks — saved. Add a comment on answer {turn + 1} (optional):"
        return conv, gr.Group(visible=True), note, gr.Textbox(value="")

    def on_comment(comment: str, conv: Conversation) -> tuple[Any, ...]:
        turn = conv.comment_turn
        if turn is None or turn not in conv.feedback or not 0 <= turn < len(conv.answers):
            return conv, gr.Group(visible=False), ""
        if comment.strip():
            record_id, rating = conv.feedback[turn]
            answer = conv.answers[turn]
            feedback_log.append(
                settings.feedback_path,
                feedback_log.make_record(
                    rating=rating,
                    question=answer.question,
                    answer=answer.text,
                    comment=comment,
                    record_id=record_id,
                    **answer_context(answer, turn),
                ),
            )
            gr.Info("Thank you — your comment was saved.")
        conv.comment_turn = None
        return conv, gr.Group(visible=False), ""

    def new_conversation() -> tuple[Any, ...]:
        return (
            [],
            Conversation(),
            render.SOURCE_HINT,
            gr.DownloadButton(value=None, interactive=False),
            gr.Group(visible=False),
            "",
        )

    def on_upload(files: Any, progress: gr.Progress = gr.Progress(track_tqdm=True)) -> tuple[str, dict[str, Any]]:  # noqa: B008
        """Add documents (txt, md, pdf, docx, html) to the corpus and rebuild the index.
        Returns a report (HTML) and {"added": [file names], "rejected": [{"name", "reason"}]}."""
        received = uploaded_files(files)
        if not received:
            return render.upload_report_html([], [], "No file was received."), {"added": [], "rejected": []}
        progress(0.0, desc="Checking the files")
        report = add_uploads(settings, received)
        note = ""
        if report.added:
            progress(0.05, desc="Adding to the index")
            try:
                index = runtime.reload(progress=True)
            except Exception as exc:
                reason = user_message(exc, log, "rebuilding the index", secrets)
                # Gradio renders toast messages as HTML: escape what is not ours
                raise gr.Error(
                    render.esc(f"the documents were stored but the index could not be rebuilt: {reason}")
                ) from None
            note = f"The index now holds {len(index.info.documents)} documents, {index.info.n_chunks} passages."
        if report.rejected:
            gr.Warning(render.esc("; ".join(f"{name}: {reason}" for name, reason in report.rejected)[:500]))
        return render.upload_report_html(report.added, report.rejected, note), report.as_dict()

    def refresh(selected: list[str] | None) -> tuple[Any, ...]:
        doc_choices = runtime.document_choices()
        return (
            gr.CheckboxGroup(choices=doc_choices, value=keep_present(selected, doc_choices)),
            render.status_html(runtime.status()),
        )

    # ---- layout ------------------------------------------------------------------------------

    with gr.Blocks(title=TITLE, analytics_enabled=False, delete_cache=(3600, 86400)) as demo:
        conv = gr.State(Conversation())
        with gr.Sidebar(label="Documents and settings", open=True, width=360, elem_id="pa-sidebar"):
            gr.Markdown("### Documents")
            docs = gr.CheckboxGroup(
                choices=runtime.document_choices(),
                value=[],
                label="Ask only these documents",
                info="None ticked: all documents.",
                elem_id="pa-docs",
            )
            guide_pick = guide_view.picker(runtime)
            gr.Markdown("### Add documents")
            files = gr.File(
                label="txt, md, pdf, docx or html",
                file_count="multiple",
                elem_id="pa-upload",
                height=120,
            )
            upload_report = gr.HTML("", elem_id="pa-upload-report")
            upload_result = gr.JSON(visible=False)
            with gr.Accordion("Settings", open=False, elem_id="pa-settings"):
                backend = gr.Radio(
                    choices=choices,
                    value=default_backend,
                    label="Answers written by",
                    info=None if len(choices) > 1 else "No LLM configured (ASSISTANT_BACKEND, ASSISTANT_LLM_*).",
                    elem_id="pa-backend",
                )
                k = gr.Slider(
                    1, 20, value=runtime.default_k(), step=1, label="Passages to retrieve (k)", elem_id="pa-k"
                )
                details = gr.Checkbox(
                    False, label="Show the rewritten query and retrieval scores", elem_id="pa-details"
                )

        gr.HTML(header_html(), elem_id="pa-header-block")
        with gr.Row(equal_height=False):
            with gr.Column(scale=3, min_width=320), gr.Tabs(elem_id="pa-tabs") as tabs:
                with gr.Tab("Chat", id="chat", elem_id="pa-tab-chat"):
                    chatbot = gr.Chatbot(
                        label="Conversation",
                        show_label=False,
                        elem_id="pa-chat",
                        height="62vh",
                        min_height=320,
                        feedback_options=("Like", "Dislike"),
                        buttons=["copy"],
                        placeholder="Ask a question about the documents — in Danish, Norwegian or English.",
                        group_consecutive_messages=False,
                    )
                    question = gr.Textbox(
                        label="Your question",
                        show_label=False,
                        placeholder="Ask in Danish, Norwegian or English … (Enter sends)",
                        lines=1,
                        max_lines=6,
                        max_length=MAX_QUESTION_CHARS,
                        submit_btn="Ask",
                        autofocus=True,
                        elem_id="pa-question",
                    )
                    with gr.Row(elem_classes="pa-examples"):
                        example_buttons = [
                            (gr.Button(f"{lang.upper()} · {text}", size="sm", variant="secondary"), text)
                            for lang, text in EXAMPLES
                        ]
                    with gr.Row():
                        new_button = gr.Button("New conversation", size="sm", elem_id="pa-new")
                        export_button = gr.DownloadButton(
                            "Export as Markdown", value=None, size="sm", interactive=False, elem_id="pa-export"
                        )
                    with gr.Group(visible=False, elem_id="pa-feedback") as feedback_group:
                        feedback_note = gr.Markdown()
                        comment = gr.Textbox(label="Comment (optional)", lines=2, max_length=4000, elem_id="pa-comment")
                        with gr.Row():
                            send_comment = gr.Button("Send comment", size="sm", variant="primary")
                            skip_comment = gr.Button("No comment", size="sm")
                with gr.Tab("Compare", id="compare", elem_id="pa-tab-compare"):
                    compare = compare_view.layout(runtime)
                with gr.Tab("Guide", id="guide", elem_id="pa-tab-guide"):
                    guide = guide_view.layout(*guide_pick)
            with gr.Column(scale=2, min_width=300):
                source = gr.HTML(
                    render.SOURCE_HINT,
                    elem_id="pa-source",
                    js_on_load=static_text("source.js"),
                    container=True,
                    padding=True,
                )
        bridge = gr.HTML(
            "", html_template="", js_on_load=static_text("bridge.js"), visible="hidden", elem_id="pa-bridge"
        )
        footer = gr.HTML(render.status_html(runtime.status()), elem_id="pa-footer")
        compare_view.wire(compare, runtime, exports, source, backend, secrets)

        # ---- events ----------------------------------------------------------------------------

        private: dict[str, Any] = {"api_visibility": "private"}
        ask_inputs = [question, conv, docs, k, backend, details]
        ask_outputs = [chatbot, question, conv, export_button]
        question.submit(respond, ask_inputs, ask_outputs, show_progress="hidden", **private)
        guide_view.wire(guide, runtime, source, tabs, question, secrets, NARROW_SCREEN_JS).success(
            respond, ask_inputs, ask_outputs, show_progress="hidden", **private
        )
        for button, text in example_buttons:
            button.click(lambda t=text: t, None, question, queue=False, **private).then(
                respond, ask_inputs, ask_outputs, show_progress="hidden", **private
            )
        details.change(rerender, [conv, details], chatbot, queue=False, **private)
        bridge.click(open_source, [bridge, conv], source, show_progress="hidden", **private)
        chatbot.like(on_like, [conv], [conv, feedback_group, feedback_note, comment], **private)
        comment.submit(on_comment, [comment, conv], [conv, feedback_group, comment], **private)
        send_comment.click(on_comment, [comment, conv], [conv, feedback_group, comment], **private)
        skip_comment.click(lambda c: on_comment("", c), [conv], [conv, feedback_group, comment], **private)
        new_button.click(
            new_conversation,
            None,
            [chatbot, conv, source, export_button, feedback_group, comment],
            queue=False,
            **private,
        ).then(None, js="() => { document.querySelector('#pa-question textarea')?.focus(); }", **private)
        uploaded = files.upload(
            on_upload,
            [files],
            [upload_report, upload_result],
            preprocess=False,
            api_name="upload",
            concurrency_limit=1,
            concurrency_id="index",
        ).then(refresh, [docs], [docs, footer], **private)
        uploaded.then(lambda: None, None, files, **private)
        compare_view.on_corpus_change(compare, runtime, uploaded)
        guide_view.on_corpus_change(guide, runtime, uploaded)
        chatbot.clear(
            new_conversation, None, [chatbot, conv, source, export_button, feedback_group, comment], **private
        )
        loaded = demo.load(refresh, [docs], [docs, footer], **private)
        compare_view.on_corpus_change(compare, runtime, loaded)
        guide_view.on_corpus_change(guide, runtime, loaded)
        demo.load(None, None, None, js=NARROW_SCREEN_JS, **private)

        endpoints = make_endpoints(runtime)
        for name, fn in endpoints.items():
            gr.api(fn, api_name=name)
    return demo


def answer_context(answer: Answer, turn: int) -> dict[str, Any]:
    """What a feedback record keeps about the answer besides question and text."""
    return {
        "turn": turn + 1,
        "refused": answer.refused,
        "backend": answer.backend,
        "query": answer.query,
        "citations": [
            {"marker": c.marker, "doc_id": c.doc_id, "chunk_id": c.chunk_id, "page": c.page, "quote": c.quote}
            for c in answer.citations
        ],
        "related": [c.chunk_id for c in answer.related],
        "source": "web",
    }


# ---- launch -----------------------------------------------------------------------------------


def launch(
    settings: Settings,
    host: str | None = None,
    port: int | None = None,
    *,
    runtime: Runtime | None = None,
    prevent_thread_lock: bool = False,
    quiet: bool = False,
) -> gr.Blocks:
    """Check the bind address, open the index (building it on first run) and serve the chat.

    Raises :class:`assistant.web.access.BindRefused` for a non-loopback host without a login
    (unless ``allow_public_bind``)."""
    host = host or settings.web_host
    port = port or settings.web_port
    auth = check_bind(host, settings)  # before anything slow: a refused address fails at once
    install_redaction(settings)
    runtime = runtime or Runtime.open(settings)
    demo = build_app(runtime)
    demo.queue(default_concurrency_limit=settings.web_concurrency)
    demo.launch(
        server_name=host,
        server_port=port,
        auth=auth,
        auth_message="Policy Assistant: please log in." if auth else None,
        favicon_path=str(FAVICON),
        css=static_text("app.css"),
        theme=theme(),
        head=HEAD,
        footer_links=["api", "settings"],
        max_file_size=settings.max_upload_mb * 1024 * 1024,
        prevent_thread_lock=prevent_thread_lock,
        quiet=quiet,
        show_error=False,
        ssr_mode=False,
        pwa=False,
        mcp_server=False,
    )
    return demo
