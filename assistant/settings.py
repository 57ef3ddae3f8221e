"""The one settings object. Built only at entry points (CLI main, app factory)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from assistant.errors import ConfigError


class Settings(BaseSettings):
    """Everything configurable, read from `ASSISTANT_*` variables and an optional `.env`."""

    model_config = SettingsConfigDict(
        env_prefix="ASSISTANT_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    data_dir: Path = Field(Path("data"), description="Where the index and feedback live.")
    corpus_dir: Path = Field(Path("corpus"), description="The default folder to ingest.")
    collection: str = Field("rapporter", description="Chroma collection name.")
    chroma_url: str | None = Field(
        None, description="Use a Chroma server (http://host:port) instead of the embedded store."
    )

    top_k: int = Field(8, ge=1, le=50,
                       description="Passages retrieved per question, which the answer reads.")
    max_question_chars: int = Field(1000, ge=10)
    max_file_mb: float = Field(100.0, gt=0, description="Files larger than this are skipped.")
    embed_batch_size: int = Field(16, ge=1, le=256)
    chunk_size: int = Field(1000, ge=200, le=4000, description="Characters per chunk.")
    answer_threshold: float | None = Field(
        None, ge=0.0, le=1.0,
        description="Confidence below which the answer is 'no support'; default: the one "
                    "fitted on dev (assistant/answer/weights.json). Lower answers more, less "
                    "precisely (the README shows the trade-off).")
    sentence_vectors: bool = Field(
        True, description="Embed every sentence at ingest, for the answerer and as the "
                          "source of each chunk's vector (off: chunks are embedded whole and "
                          "the answerer scores without e5 similarity; expect fewer answers).")
    cache_dir: Path | None = Field(
        None, description="Embedding cache shared by indexes; default: <data_dir>/cache."
    )

    embed_url: str | None = Field(
        None, description="OpenAI-compatible /v1/embeddings server; unset = embed in-process."
    )
    embed_model: str | None = Field(None, description="Model name; default: the server's.")
    embed_api_key: str | None = None
    embed_concurrency: int = Field(4, ge=1, le=64,
                                   description="Batches in flight at once to ASSISTANT_EMBED_URL.")
    embed_prefix: Literal["text", "input_type", "none"] = Field(
        "text", description="How e5's query:/passage: prefixes reach the server (see README)."
    )

    llm_base_url: str | None = Field(None, description="OpenAI-compatible endpoint, e.g. Ollama.")
    llm_model: str | None = None
    llm_api_key: str | None = None
    llm_timeout: float = Field(60.0, gt=0)
    llm_condense_timeout: float = Field(
        10.0, gt=0, description="Seconds the LLM may take to rewrite a follow-up into a "
                                "standalone question before the rule-based rewrite is used.")

    api_keys: str | None = Field(None, description="Comma-separated bearer keys; unset = open.")
    ui_users: str | None = Field(
        None, description="Chat sign-in as `name:password`, comma-separated (besides the keys)."
    )
    api_docs: bool | None = Field(
        None, description="Serve /docs and /openapi.json; default: on without keys, off with."
    )
    session_hours: float = Field(12.0, gt=0, description="How long a chat sign-in lasts.")
    max_body_kb: int = Field(1024, ge=1, description="Largest request body accepted (413 above).")
    cors_origins: str | None = Field(
        None, description="Comma-separated origins allowed by CORS; unset = no CORS headers."
    )
    feedback_per_minute: int = Field(
        30, ge=1, description="Ratings the chat stores per minute at most (429-like notice above)."
    )

    host: str = "127.0.0.1"
    port: int = Field(8000, ge=1, le=65535)

    @field_validator("chroma_url", "llm_base_url", "llm_model", "llm_api_key", "api_keys",
                     "embed_url", "embed_model", "embed_api_key", "ui_users", "cors_origins")
    @classmethod
    def _blank_is_none(cls, value: str | None) -> str | None:
        return value.strip() or None if isinstance(value, str) else value

    @field_validator("chroma_url", "llm_base_url", "embed_url")
    @classmethod
    def _must_be_http(cls, value: str | None) -> str | None:
        if value and not value.startswith(("http://", "https://")):
            raise ValueError(f"must start with http:// or https://, got {value!r}")
        return value

    @property
    def index_dir(self) -> Path:
        """Folder of the embedded Chroma store and the files kept beside it."""
        return self.data_dir / "index"

    @property
    def embedding_cache_path(self) -> Path:
        """The SQLite file of cached passage embeddings."""
        return (self.cache_dir or self.data_dir / "cache") / "embeddings.sqlite3"

    @property
    def api_key_list(self) -> list[str]:
        return [k.strip() for k in (self.api_keys or "").split(",") if k.strip()]

    @property
    def ui_user_list(self) -> list[tuple[str, str]]:
        """(name, password) pairs of ASSISTANT_UI_USERS; they sign in only when keys are set."""
        pairs = [u.strip().partition(":") for u in (self.ui_users or "").split(",") if u.strip()]
        return [(name, pw) for name, _, pw in pairs if name and pw]

    @property
    def cors_origin_list(self) -> list[str]:
        return [o.strip().rstrip("/") for o in (self.cors_origins or "").split(",") if o.strip()]

    @property
    def docs_enabled(self) -> bool:
        """/docs and /openapi.json: as set, else open only when no keys guard the server."""
        return self.api_docs if self.api_docs is not None else not self.api_key_list


def load_settings(**overrides: object) -> Settings:
    """The settings from the environment and `.env`; a bad value raises ConfigError naming the
    variable, what is wrong and what was given (never a validation traceback)."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            field = ".".join(str(part) for part in err["loc"])
            msg = str(err["msg"]).removeprefix("Value error, ")
            got = f" (got {err['input']!r})" if "input" in err and "got" not in msg else ""
            problems.append(f"ASSISTANT_{field.upper()}: {msg}{got}")
        raise ConfigError(
            "Bad setting: " + "; ".join(problems)
            + ". Fix it in the environment or in .env (see the README's configuration table)."
        ) from None
