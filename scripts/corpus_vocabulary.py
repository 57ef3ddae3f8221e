"""The corpus's Swedish content words, most frequent first: the list that
assistant/language/en_sv.tsv translates (one lemma a line, seen at least `--min` times).

    uv run python scripts/corpus_vocabulary.py [--corpus corpus] [--min 2] > vocabulary.txt

Words are lower-cased and lemmatised with simplemma; words that occur only capitalised (names)
and stop words are left out; hyphenated line breaks are joined first. To extend the domain
lexicon after adding documents: run this, translate the lemmas that en_sv.tsv lacks (one line
each: `swedish<TAB>english, english, ...`), and append them.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

import simplemma

ROOT = Path(__file__).absolute().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.language.lexicon import STOPWORDS  # noqa: E402

_WORD = re.compile(r"[A-Za-zÅÄÖåäöé]+")


def vocabulary(texts: list[str], minimum: int) -> list[str]:
    counts: Counter[str] = Counter()
    for text in texts:
        text = re.sub(r"-\s*\n\s*", "", text)
        for word in _WORD.findall(text):
            low = word.lower()
            if len(low) < 3 or low in STOPWORDS:
                continue
            if word[0].isupper() and low not in text:
                continue  # seen only capitalised here: a name
            counts[simplemma.lemmatize(low, lang="sv")] += 1
    return [w for w, n in counts.most_common() if n >= minimum]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    parser.add_argument("--min", type=int, default=2)
    args = parser.parse_args(argv)
    texts = [p.read_text("utf-8") for p in sorted(args.corpus.glob("*.txt"))]
    print("\n".join(vocabulary(texts, args.min)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
