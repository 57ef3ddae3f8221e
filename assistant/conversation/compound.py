"""Two questions in one: `Hur mycket pengar fördelade Socialstyrelsen 2008–2011, och hur mycket
förbrukades?` is answered as its two parts, the second read as a follow-up of the first (the
conversation's resolver gives it the first part's topic and years), and the two answers are
joined with their citations numbered once.
"""

from __future__ import annotations

import re
from dataclasses import replace

from assistant.answer import NO_SUPPORT, NO_SUPPORT_EN
from assistant.conversation.cues import fold
from assistant.language.profile import figures
from assistant.models import Answer, Citation

# `, och hur`, ` samt vilka`, `, and in how many`: a conjunction that opens a second question
# (a preposition may stand before its question word).
_SECOND = re.compile(r"(?:,\s*|\s+)(?:och|samt|and)\s+(?:(?:i|pa|for|av|med|till|in|at|for|of"
                     r"|from|with|by|to)\s+)?(?=(?:hur|vad|vilk\w*|nar|vem|var|how|what|which"
                     r"|when|who|where)\b)")
_MIN_WORDS = 4  # the first part must be a question of its own, not `vilka kommuner`
_MARKER = re.compile(r"\[(\d+)\]")


def split_compound(question: str) -> tuple[str, ...]:
    """The question's parts: one (most questions) or two. The second keeps its conjunction
    (`och hur mycket förbrukades?`): it is read as a follow-up of the first."""
    text = question.strip()
    for m in _SECOND.finditer(fold(text)):
        first, second = text[:m.start()].strip(" ,"), text[m.start():].strip(" ,")
        if len(first.split()) >= _MIN_WORDS and len(second.split()) >= 3:
            return f"{first.rstrip('?')}?", second
    return (text,)


def without_conjunction(part: str) -> str:
    """`och hur mycket förbrukades – …?` -> `Hur mycket förbrukades – …?`: the conjunction
    joined the two questions; the second, asked alone, does without it."""
    rest = re.sub(r"^(?:och|samt|and)\s+", "", part.strip(), flags=re.IGNORECASE)
    return rest[:1].upper() + rest[1:]


def quoted(part: str) -> str:
    """How a refusal note quotes a part: `och hur mycket förbrukades?` -> `hur mycket
    förbrukades?` (in `Om ”hur mycket förbrukades?”: Jag hittar inget stöd …`)."""
    asked = without_conjunction(part)
    return f"{asked[:1].lower()}{asked[1:]}"


def combine(question: str, parts: tuple[str, ...], answers: list[Answer], english: bool
            ) -> Answer:
    """One answer from the parts' answers: each part's text, its citations renumbered (a
    passage cited by both keeps one number); a part without support says so. Grounded when a
    part is; its confidence is the least sure part's."""
    if not any(a.grounded for a in answers):
        return replace(answers[0], question=question, text=NO_SUPPORT_EN if english
                       else NO_SUPPORT, confidence=_least(answers))
    numbers: dict[str, int] = {}
    citations: list[Citation] = []
    texts: list[str] = []
    for n, (part, answer) in enumerate(zip(parts, answers, strict=True)):
        repeated = any(answer.text == a.text for a in answers[:n] if a.grounded)
        if not answer.grounded or (repeated and len(figures(_MARKER.sub(" ", answer.text))) == 1):
            # the two parts ask two things: a statement of one figure that answered the first
            # (`Totalt träffade vi 157 personer`) does not answer the second (`och hur många av
            # dem var landstingsanställda?`) as well
            texts.append(f"As for “{quoted(part)}”: {NO_SUPPORT_EN}" if english
                         else f"Om ”{quoted(part)}”: {NO_SUPPORT}")
            continue
        if repeated:
            continue  # an earlier part's answer again: the same sentence answers both
        mapping: dict[int, int] = {}
        for c in answer.citations:
            n = numbers.setdefault(c.passage.id, len(numbers) + 1)
            mapping[c.n] = n
            if n > len(citations):
                citations.append(replace(c, n=n))
            elif c.quote and c.quote not in citations[n - 1].quote:
                citations[n - 1] = replace(citations[n - 1],
                                           quote=f"{citations[n - 1].quote} {c.quote}".strip())
        texts.append(_renumber(answer.text, mapping))
    first = next(a for a in answers if a.grounded)
    return replace(first, question=question, text=" ".join(texts), citations=citations,
                   grounded=True, related=[], confidence=_least(answers))


def _renumber(text: str, mapping: dict[int, int]) -> str:
    """`[1]` -> `[3]`: an answer's markers in the numbering of the joined answer."""
    return _MARKER.sub(lambda m: f"[{mapping.get(int(m.group(1)), int(m.group(1)))}]", text)


def _least(answers: list[Answer]) -> float | None:
    known = [a.confidence for a in answers if a.confidence is not None]
    return min(known) if known else None
