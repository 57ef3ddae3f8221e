"""Feedback on answers, kept as JSON Lines in the data directory so it can become eval items."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from assistant.errors import InvalidFeedbackError
from assistant.models import Answer

RATINGS = ("up", "down")
MAX_COMMENT_CHARS = 2000


class FeedbackStore:
    """Appends one JSON object per rating to `path` (created on first use)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()

    def add(
        self,
        answer: Answer,
        rating: str,
        comment: str = "",
        corpus_version: dict[str, str] | None = None,
        documents: tuple[str, ...] = (),
    ) -> dict[str, Any]:
        """Store a rating ("up" or "down") of `answer`; returns the stored record."""
        if rating not in RATINGS:
            raise InvalidFeedbackError(f"rating must be 'up' or 'down', got {rating!r}.")
        comment = (comment or "").strip()
        if len(comment) > MAX_COMMENT_CHARS:
            raise InvalidFeedbackError(
                f"The comment is {len(comment)} characters; the limit is {MAX_COMMENT_CHARS}. "
                "Shorten it."
            )
        record = {
            "timestamp": datetime.now(UTC).isoformat(timespec="seconds"),
            "question": answer.question,
            "answer": answer.text,
            "citations": [
                {
                    "n": c.n,
                    "document": c.passage.document,
                    "title": c.passage.title,
                    "page": c.passage.page,
                    "passage_id": c.passage.id,
                    "quote": c.quote,
                }
                for c in answer.citations
            ],
            "grounded": answer.grounded,
            "generator": answer.generator,
            "documents": list(documents),
            "rating": rating,
            "comment": comment,
            "corpus_version": dict(corpus_version or {}),
        }
        line = json.dumps(record, ensure_ascii=False) + "\n"
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as fh:
                fh.write(line)
        return record

    def read(self) -> list[dict[str, Any]]:
        """Every stored record, oldest first; a damaged line is reported with its number."""
        if not self.path.exists():
            return []
        records = []
        with self.path.open(encoding="utf-8") as fh:
            for number, line in enumerate(fh, start=1):
                if not line.strip():
                    continue
                try:
                    records.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise InvalidFeedbackError(
                        f"{self.path}, line {number}: not valid JSON ({exc.msg}); "
                        "fix or remove that line."
                    ) from exc
        return records
