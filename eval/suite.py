"""Evaluation suites: JSONL files of questions with the facts a correct answer must state.

One item per line:
    {"id": "kompetens-fordelat", "question": "...", "expect": ["428,5 miljoner kronor"],
     "document": "socialstyrelsen-kompetenssatsning-2008-2011", "page": 1, "kind": "amount"}

`expect` is an any-of list: the answer passes when it states one of the facts (numbers compared
by value, see assistant.language.numbers). Unanswerable items have `kind: "unanswerable"`, an empty
`expect` and no document: the right answer is an abstention with no citations.

The independent suites (dev, test, conv-dev, conv-test; built by `python -m eval.split`) add
`evidence` (the quote that states the fact), `lang`, `style`, `split`; conversation items add
`turns` (the earlier questions, asked first in the same conversation), `standalone` (what the
last question means alone), `turn_expect` and `type` (year, region, pronoun, switch, ...).
Two questions in one (eval/suites/compound-test.jsonl) add `expect_each`: the facts of each
part, every part to be answered (`[]`: a part the reports do not answer, to be refused), and
`parts` (each part as its writer asked it alone).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from pathlib import Path

from assistant.errors import SuiteError

DEFAULT_SUITE = Path(__file__).parent / "suites" / "core.jsonl"
UNANSWERABLE = "unanswerable"
_KEYS = {"id", "question", "expect", "document", "page", "kind", "note", "evidence", "lang",
         "style", "split", "turns", "standalone", "turn_expect", "type", "expect_each", "parts"}


@dataclass(frozen=True)
class Item:
    """One question of a suite."""

    id: str
    question: str
    expect: tuple[str, ...]
    kind: str
    document: str | None = None
    page: int | None = None
    lang: str = "sv"
    turns: tuple[str, ...] = ()  # earlier questions of the same conversation, asked first
    type: str = ""  # of a conversation's last turn: year, region, pronoun, switch, ...
    split: str = ""  # dev or test (independent suites)
    # two questions in one: the facts of each part, all to be stated; () = that part the
    # reports do not answer, and the answer must say so
    expect_each: tuple[tuple[str, ...], ...] = ()
    standalone: str = ""  # a conversation's last question as its writer would ask it alone

    @property
    def answerable(self) -> bool:
        return self.kind != UNANSWERABLE


def parse_item(data: object, where: str) -> Item:
    """One item from its JSON object, or a SuiteError naming the line and the field."""
    if not isinstance(data, dict):
        raise SuiteError(f"{where}: expected a JSON object, got {type(data).__name__}")
    unknown = set(data) - _KEYS
    if unknown:
        raise SuiteError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}; "
                         f"use {', '.join(sorted(_KEYS))}")
    for key in ("id", "question", "kind"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            raise SuiteError(f"{where}: field '{key}' must be a non-empty string")
    expect = data.get("expect", [])
    if isinstance(expect, str):
        expect = [expect]
    if not isinstance(expect, list) or not all(isinstance(f, str) and f.strip() for f in expect):
        raise SuiteError(f"{where}: 'expect' must be a list of non-empty strings (facts)")
    kind = data["kind"].strip()
    if kind == UNANSWERABLE and expect:
        raise SuiteError(f"{where}: an unanswerable item expects no facts; empty 'expect'")
    if kind != UNANSWERABLE and not expect:
        raise SuiteError(f"{where}: 'expect' is empty; list the facts a correct answer states, "
                         f"or set kind to '{UNANSWERABLE}'")
    page = data.get("page")
    if page is not None and (not isinstance(page, int) or isinstance(page, bool) or page < 1):
        raise SuiteError(f"{where}: 'page' must be a whole number from 1, got {page!r}")
    document = data.get("document")
    if document is not None and (not isinstance(document, str) or not document.strip()):
        raise SuiteError(f"{where}: 'document' must be a document id (see corpus/documents.toml)")
    turns = data.get("turns", [])
    if not isinstance(turns, list) or not all(isinstance(t, str) and t.strip() for t in turns):
        raise SuiteError(f"{where}: 'turns' must be a list of the earlier questions (strings)")
    standalone = data.get("standalone", "")
    if not isinstance(standalone, str):
        raise SuiteError(f"{where}: 'standalone' must be the last question asked alone (a string)")
    each = data.get("expect_each", [])
    if not isinstance(each, list) or not all(
            isinstance(part, list) and all(isinstance(f, str) and f.strip() for f in part)
            for part in each):
        raise SuiteError(f"{where}: 'expect_each' must be a list of fact lists, one per part "
                         "of the question ([] for a part the reports do not answer)")
    return Item(id=data["id"].strip(), question=data["question"].strip(),
                expect=tuple(f.strip() for f in expect), kind=kind,
                document=document.strip() if document else None, page=page,
                lang=str(data.get("lang") or "sv"), turns=tuple(t.strip() for t in turns),
                type=str(data.get("type") or ""), split=str(data.get("split") or ""),
                expect_each=tuple(tuple(f.strip() for f in part) for part in each),
                standalone=standalone.strip())


def load_suite(path: Path | None = None) -> list[Item]:
    """Every item of a JSONL suite; a SuiteError says which line is wrong and how."""
    path = Path(path or DEFAULT_SUITE)
    if not path.is_file():
        raise SuiteError(f"Suite file not found: {path}; pass --suite eval/suites/core.jsonl")
    items: list[Item] = []
    seen: set[str] = set()
    for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("//"):
            continue
        where = f"{path}:{number}"
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise SuiteError(f"{where}: not valid JSON ({exc.msg} at column {exc.colno})") from None
        item = parse_item(data, where)
        if item.id in seen:
            raise SuiteError(f"{where}: duplicate id '{item.id}'; ids must be unique")
        seen.add(item.id)
        items.append(item)
    if not items:
        raise SuiteError(f"{path} holds no items; write one JSON object per line")
    return items


def asked_alone(items: list[Item]) -> list[Item]:
    """Each conversation's last question as its writer's `standalone` version, without the
    turns before it (items without one unchanged): what the answerer does when the follow-up
    is resolved perfectly, against which the resolver is measured."""
    return [replace(i, question=i.standalone, turns=()) if i.turns and i.standalone else i
            for i in items]


def suite_hash(path: Path | None = None) -> str:
    """A short content hash of the suite file, recorded with results and baselines."""
    return hashlib.sha256(Path(path or DEFAULT_SUITE).read_bytes()).hexdigest()[:16]
