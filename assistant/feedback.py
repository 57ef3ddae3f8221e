"""Feedback on answers, kept as JSON Lines in the data directory so it can become eval items."""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from assistant.errors import InvalidFeedbackError, RateLimitedError
from assistant.models import Answer

RATINGS = ("up", "down")
MAX_COMMENT_CHARS = 2000
MAX_ENTRY_BYTES = 32_000  # a rating, the question, the answer, its quotes and a comment fit
MAX_FILE_MB = 100.0  # beyond this the file is not a feedback log but someone filling the disk


class FeedbackStore:
    """Appends one JSON object per rating to `path` (created on first use)."""

    def __init__(self, path: Path, per_minute: int = 30) -> None:
        self.path = Path(path)
        self.per_minute = per_minute
        self._lock = threading.Lock()
        self._recent: deque[float] = deque()  # when the entries of the last minute came

    def _admit(self, size: int) -> None:
        """Refuse an entry over the size cap, over the rate, or into a file grown too large."""
        if size > MAX_ENTRY_BYTES:
            raise InvalidFeedbackError(
                f"The feedback entry is {size} bytes; the limit is {MAX_ENTRY_BYTES}. "
                "Shorten the comment."
            )
        now = time.monotonic()
        while self._recent and now - self._recent[0] > 60:
            self._recent.popleft()
        if len(self._recent) >= self.per_minute:
            raise RateLimitedError(
                f"More than {self.per_minute} ratings in a minute (ASSISTANT_FEEDBACK_PER_MINUTE)"
                ": wait a minute and rate again."
            )
        if self.path.exists() and self.path.stat().st_size > MAX_FILE_MB * 1024 * 1024:
            raise InvalidFeedbackError(
                f"{self.path} has grown over {MAX_FILE_MB:.0f} MB: move it away (it is JSON "
                "Lines; turn it into eval items first) and rate again."
            )
        self._recent.append(now)

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
            self._admit(len(line.encode("utf-8")))
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
