"""Retrieval: a question -> the passages most likely to answer it (dense + lexical, fused,
re-ranked)."""

from assistant.retrieval.base import Filters, Retriever
from assistant.retrieval.dense import DenseRetriever
from assistant.retrieval.hybrid import HybridRetriever
from assistant.retrieval.lexical import LexicalRetriever

__all__ = ["DenseRetriever", "Filters", "HybridRetriever", "LexicalRetriever", "Retriever"]
