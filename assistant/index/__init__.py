"""The index: the chunk store (Chroma), the lexical BM25 index and the embedder that fills them."""
