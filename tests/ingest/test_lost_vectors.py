"""A deleted embedding cache does not quietly degrade answers: the answerer embeds the missing
sentence vectors on the first question, stores them, and answers as before."""

from __future__ import annotations

import shutil

from assistant.language.sentences import sentences
from assistant.wiring import Components
from ingest.chunking import Chunker
from ingest.pipeline import ingest
from tests.conftest import make_settings

QUESTION = "Hur mycket pengar kan Försäkringskassan bevilja 2009?"


def test_answers_survive_a_deleted_cache(tmp_path, small_corpus, caplog):
    settings = make_settings(tmp_path, cache_dir=tmp_path / "cache")
    first = Components(settings)
    assert ingest([small_corpus], first.indexer(Chunker(settings.chunk_size))).ok
    before = first.service.ask(QUESTION)
    assert "9 500 000" in before.text and before.citations
    first.embedding_cache.close()

    shutil.rmtree(tmp_path / "cache")  # an operator clears "the cache"
    again = Components(settings)
    texts = sorted({s for t in again.store.get_all()[1] for s in sentences(t)})
    assert not again.embedding_cache.get_many(texts)
    caplog.set_level("WARNING", logger="assistant.index.shared_vectors")
    after = again.service.ask(QUESTION)
    assert "missing from the store" in caplog.text  # the operator is told why it is slow
    assert (after.text, after.confidence) == (before.text, before.confidence)
    cited = sentences(after.citations[0].passage.text)
    assert set(again.embedding_cache.get_many(cited)) == set(cited)  # stored again
