"""Build the independent question suites from the writers' files: pages found, dev/test split.

    uv run python -m eval.split            # eval/suites/source/*.jsonl -> dev, test, conv-*

The source files (eval/suites/source/) were written from the report texts alone by writers who
saw neither the code nor the other suites. Each item goes to `dev` or `test` by a hash of its id
and a fixed seed, before any tuning: rules, thresholds and weights are chosen on `dev` only;
`test` is run to report. The page of each answerable item is where its evidence quote stands.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import tomllib
from pathlib import Path

from assistant.language.numbers import mentions
from ingest.loaders import load_file

SEED = "rapportassistenten-2026-12-03"
SUITES = Path(__file__).parent / "suites"
CORPUS = Path(__file__).resolve().parent.parent / "corpus"
_SPACE = re.compile(r"\s+")
_HYPHEN = re.compile(r"(\w)- (\w)")


def split_of(item_id: str, seed: str = SEED) -> str:
    """`dev` or `test`, from a hash of the seed and the id (stable, about half each)."""
    digest = hashlib.sha256(f"{seed}:{item_id}".encode()).digest()
    return "dev" if digest[0] % 2 == 0 else "test"


def _flat(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def document_pages(corpus: Path) -> dict[str, list[tuple[int, str]]]:
    """Document id -> its pages (number, whitespace-flattened text), as the loader splits them."""
    catalogue = tomllib.loads((corpus / "documents.toml").read_text("utf-8"))["document"]
    return {e["id"]: [(p.number, _flat(p.text)) for p in load_file(corpus / e["file"]).pages]
            for e in catalogue}


def find_page(evidence: str, pages: list[tuple[int, str]]) -> int | None:
    """The page on which the evidence quote starts (its first 60 characters, then 30)."""
    quote = _flat(evidence)
    for size in (len(quote), 60, 30):
        probe = quote[:size]
        joined = _HYPHEN.sub(r"\1\2", probe)
        for number, text in pages:
            if probe and (probe in text or joined in _HYPHEN.sub(r"\1\2", text)):
                return number
    return None


def build(item: dict, pages: dict[str, list[tuple[int, str]]], problems: list[str]) -> dict:
    """One suite item from one source item: page added, the fact checked against the quote."""
    out = {k: v for k, v in item.items() if v not in (None, "", [])}
    out.setdefault("expect", [])
    document = item.get("document")
    if item.get("kind") == "unanswerable" or not item.get("expect"):
        out.update(kind="unanswerable", expect=[], document=None)
        return out
    page = find_page(item.get("evidence", ""), pages.get(str(document), []))
    if page is None:
        problems.append(f"{item['id']}: evidence not found in {document}")
    else:
        out["page"] = page
    joined = _HYPHEN.sub(r"\1\2", item.get("evidence", ""))
    if not any(mentions(joined, fact) or mentions(item.get("evidence", ""), fact)
               for fact in item["expect"]):
        problems.append(f"{item['id']}: the evidence does not state {item['expect']}")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--source", type=Path, default=SUITES / "source")
    parser.add_argument("--out", type=Path, default=SUITES)
    args = parser.parse_args(argv)
    pages = document_pages(CORPUS)
    problems: list[str] = []
    groups: dict[str, list[dict]] = {}
    for path in sorted(args.source.glob("*.jsonl")):
        for line in path.read_text("utf-8").splitlines():
            if not line.strip():
                continue
            raw = json.loads(line)
            if "parts" in raw:
                continue  # a compound set (c1, d1) is a suite of its own: compound-*.jsonl
            item = build(raw, pages, problems)
            item["split"] = split_of(item["id"])
            prefix = "conv-" if item.get("turns") else ""
            groups.setdefault(f"{prefix}{item['split']}", []).append(item)
    for name, items in sorted(groups.items()):
        target = args.out / f"{name}.jsonl"
        target.write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items),
                          "utf-8")
        unanswerable = sum(i["kind"] == "unanswerable" for i in items)
        english = sum(i.get("lang") == "en" for i in items)
        print(f"{target}: {len(items)} items, {unanswerable} unanswerable, {english} English")
    for problem in problems:
        print(f"check: {problem}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
