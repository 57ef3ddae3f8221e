"""Text cleanup for PDF-exported Swedish text. Pure functions."""

from __future__ import annotations

import re

# No-break, thin and other fixed-width spaces -> plain space (inside numbers: `10 000`).
_SPACES = re.compile(r"[\u00a0\u2007\u2009\u202f\u2002\u2003\u2004\u2005\u2006\u2008\u200a]")
_SOFT_HYPHEN = "\u00ad"
# `psy-\nkisk` -> `psykisk`; not `brukar-, patient-` nor `hälso- och` (space/comma follows).
_LINE_HYPHEN = re.compile(r"(\w)-[ \t]*\n[ \t]*(?!och\b|eller\b|samt\b|till\b)([a-zåäö])")


def normalise_spaces(text: str) -> str:
    """Unify odd spaces and drop soft hyphens; keep å, ä, ö and typographic dashes."""
    return _SPACES.sub(" ", text).replace(_SOFT_HYPHEN, "")


def join_hyphenated(text: str) -> str:
    """Join words split across line ends, keeping suspended compounds like `hälso- och`."""
    return _LINE_HYPHEN.sub(r"\1\2", text)


def paragraphs(text: str) -> list[str]:
    """Split a page into paragraphs, rejoining the lines inside each one."""
    text = join_hyphenated(normalise_spaces(text))
    out: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if lines:
            out.append(re.sub(r"[ \t]+", " ", " ".join(lines)))
    return out
