"""Which sentences of a text are English, so that a screen reader reads them with an English
voice (WCAG 3.1.2, language of parts). The page is Swedish; only English runs get `lang="en"`.

Answers to English questions mix the two ("The documents say (quoted in Swedish): På ..."),
and a few reports quote English sources, so the language is decided per sentence, with the
project's one language test (`assistant.language.question.is_english`).
"""

from __future__ import annotations

import html
import re

from assistant.language.question import is_english

PAGE_LANG = "sv"
# A sentence ends at . ! ? : or ; followed by space; the space is kept with the sentence.
_SENTENCE = re.compile(r"(?<=[.!?:;])(\s+)")
_WORD = re.compile(r"[^\W\d_]+")
# Shorter sentences ("Scrutiny:", "[1]", "A.") have too few words to tell the language by;
# they take the language of the sentence before (or, at the start, of the first one after).
MIN_WORDS = 3


def runs(text: str) -> list[tuple[str, str]]:
    """`text` as runs of consecutive sentences in one language: [(lang, text)], nothing lost."""
    parts = _SENTENCE.split(text)
    sentences = ["".join(parts[i:i + 2]) for i in range(0, len(parts), 2)]
    langs: list[str | None] = [
        ("en" if is_english(s) else "sv") if len(_WORD.findall(s)) >= MIN_WORDS else None
        for s in sentences
    ]
    known = [lang for lang in langs if lang]
    current = known[0] if known else PAGE_LANG
    out: list[tuple[str, str]] = []
    for sentence, lang in zip(sentences, langs, strict=True):
        current = lang or current
        if out and out[-1][0] == current:
            out[-1] = (current, out[-1][1] + sentence)
        else:
            out.append((current, sentence))
    return [(lang, s) for lang, s in out if s]


def span(lang: str, inner_html: str) -> str:
    """`inner_html` marked with its language when it is not the page's; trailing space outside."""
    if lang == PAGE_LANG:
        return inner_html
    body = inner_html.rstrip()
    return f"<span lang='{lang}'>{body}</span>{inner_html[len(body):]}"


def tag(text: str) -> str:
    """Plain `text` as HTML, its English sentences in `<span lang='en'>`."""
    return "".join(span(lang, html.escape(run, quote=False)) for lang, run in runs(text))
