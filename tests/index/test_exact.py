"""Exact search on a real embedded Chroma: the same nearest chunks as numpy over every vector,
whatever HNSW's graph looks like (see assistant.index.exact)."""

from __future__ import annotations

import chromadb
import numpy as np
import pytest
from chromadb.config import Settings

from assistant.index.exact import ExactSearch


@pytest.fixture()
def collection(tmp_path):
    client = chromadb.PersistentClient(path=str(tmp_path), settings=Settings(
        anonymized_telemetry=False))
    col = client.create_collection("chunks", metadata={"hnsw:space": "cosine"},
                                   embedding_function=None)
    rng = np.random.default_rng(7)
    # pooled chunk vectors sit close together: near duplicates around a few centres
    centres = rng.normal(size=(5, 32))
    vectors = np.repeat(centres, 300, axis=0) + rng.normal(scale=0.05, size=(1500, 32))
    ids = [f"doc{i % 3}:g{i % 2}:{i:05d}" for i in range(1500)]
    metas = [{"document": f"doc{i % 3}", "generation": f"g{i % 2}"} for i in range(1500)]
    for start in range(0, 1500, 500):
        col.add(ids=ids[start:start + 500], embeddings=vectors[start:start + 500].tolist(),
                metadatas=metas[start:start + 500])
    return col, ids, vectors, metas


def _brute(ids, vectors, query, k, keep=lambda i: True):
    unit = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    dist = 1.0 - unit @ (query / np.linalg.norm(query))
    return sorted((d, i) for i, d in zip(ids, dist, strict=True) if keep(i))[:k]


def test_every_chunk_is_found_by_its_own_vector(collection):
    col, ids, vectors, _ = collection
    search = ExactSearch()
    for n in range(0, 1500, 7):
        assert search.nearest(col, ids, vectors[n], 1)[0][0] == ids[n]


def test_the_nearest_are_those_numpy_finds_over_every_vector(collection):
    col, ids, vectors, _ = collection
    query = np.random.default_rng(1).normal(size=32)
    got = ExactSearch().nearest(col, ids, query, 40)
    want = _brute(ids, vectors, query, 40)
    assert [i for i, _ in got] == [i for _, i in want]
    assert [d for _, d in got] == pytest.approx([d for d, _ in want], abs=1e-5)


def test_only_the_ids_given_are_candidates(collection):
    col, ids, vectors, metas = collection
    where = {"$and": [{"document": {"$in": ["doc1"]}}, {"generation": {"$in": ["g0"]}}]}
    live = col.get(where=where, include=[])["ids"]  # what the store reads for a filter
    search = ExactSearch()
    got = search.nearest(col, live, vectors[4], 10)
    keep = {i for i, m in zip(ids, metas, strict=True)
            if m["document"] == "doc1" and m["generation"] == "g0"}
    assert [i for i, _ in got] == [i for _, i in _brute(ids, vectors, vectors[4], 10,
                                                            keep.__contains__)]
    assert search.nearest(col, ids, vectors[4], 1)[0][0] == ids[4]  # not the last ids' matrix
    assert search.nearest(col, [], vectors[4], 10) == []


def test_equal_distances_are_ordered_by_id_and_deleted_chunks_are_gone(collection):
    col, _, _, _ = collection
    same = [1.0] + [0.0] * 31
    col.add(ids=["z:twin", "a:twin"], embeddings=[same, same],
            metadatas=[{"document": "t", "generation": "g"}] * 2)
    search = ExactSearch()
    assert [i for i, _ in search.nearest(col, ["z:twin", "a:twin"], np.array(same), 2)] == [
        "a:twin", "z:twin"]
    col.delete(ids=["a:twin"])  # gone before its vector was cached: never returned
    assert [i for i, _ in ExactSearch().nearest(col, ["z:twin", "a:twin"], np.array(same),
                                                2)] == ["z:twin"]
