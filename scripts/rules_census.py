"""Count the hand-written word lists and numeric constants in a package (README's census).

    uv run python scripts/rules_census.py assistant            # today
    git worktree add /tmp/old <commit> && uv run python scripts/rules_census.py /tmp/old/assistant

Counted in the modules that decide answers: language/, retrieval/, answer/ and the lexical
index (and their places before the restructure). A word list: a module-level table of words
(once, however it nests), a word collection inside a function, or a regular expression with
three or more `|` alternatives. A numeric constant: a float literal other than 0, 1 and the
powers of ten of unit scales. Fitted weights kept as data (weights.json) are not counted.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path


def _strings(node: ast.AST) -> int:
    return sum(isinstance(n, ast.Constant) and isinstance(n.value, str) for n in ast.walk(node))


def _words(node: ast.AST) -> int:
    """String constants of a collection that holds natural language: some have å/ä/ö/é or a
    space (feature names and JSON keys such as `sent_cov`, `id` are not word lists)."""
    split = {id(n.func.value): n.func.value.value.split() for n in ast.walk(node)
             if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
             and n.func.attr == "split" and not n.args
             and isinstance(n.func.value, ast.Constant) and isinstance(n.func.value.value, str)}
    found = [w for n in ast.walk(node)
             if isinstance(n, ast.Constant) and isinstance(n.value, str) and n.value.strip()
             for w in split.get(id(n), [n.value])]  # `"a an the".split()`: three words
    human = any(set(v) & set("åäöéÅÄÖ ") for v in found) or len(split) > 0
    return len(found) if human else 0


def word_lists(tree: ast.Module) -> int:
    """Module-level tables of words (one table, however it nests, counts once), word
    collections inside functions, and regular expressions of alternatives."""
    count = 0
    compiled = [n for n in ast.walk(tree) if isinstance(n, ast.Call)
                and isinstance(n.func, ast.Attribute) and n.func.attr == "compile" and n.args
                and _pattern(n.args[0]).count("|") >= 2]
    count += len(compiled)
    inside = {id(n) for c in compiled for n in ast.walk(c)}
    for node in tree.body:
        value = node.value if isinstance(node, ast.Assign | ast.AnnAssign) else None
        if value is not None and _words(value) >= 3 and not any(
                id(n) in inside for n in ast.walk(value)):
            count += 1
    for func in ast.walk(tree):
        if not isinstance(func, ast.FunctionDef):
            continue
        for node in ast.walk(func):
            if isinstance(node, ast.Set | ast.List | ast.Tuple | ast.Dict) and id(node) \
                    not in inside and _words(node) >= 3:
                count += 1
    return count


def _pattern(node: ast.AST) -> str:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.BinOp):
        return _pattern(node.left) + _pattern(node.right)
    if isinstance(node, ast.JoinedStr):
        return "".join(_pattern(v) for v in node.values)
    return ""


def numbers(tree: ast.AST) -> int:
    """Float literals other than 0, 1 and powers of ten (the unit scales of numbers.py)."""
    return sum(isinstance(n, ast.Constant) and isinstance(n.value, float)
               and n.value not in (0.0, 1.0) and not _power_of_ten(n.value)
               for n in ast.walk(tree))


def _power_of_ten(value: float) -> bool:
    import math

    return value > 0 and math.log10(value).is_integer()


DECIDING = ("language", "retrieval", "answer", "lexical.py", "question.py", "numbers.py",
            "glossary.py", "rerank.py", "retrieve.py", "fusion.py")


def main(folder: str) -> int:
    lists = consts = 0
    for path in sorted(Path(folder).rglob("*.py")):
        parts = path.relative_to(folder).parts
        if parts[0] not in DECIDING or path.name == "dictionary.py":
            continue  # dictionary.py: the hunspell reader, moved from ingest/
        tree = ast.parse(path.read_text("utf-8"))
        lists += word_lists(tree)
        consts += numbers(tree)
    print(f"{folder}: {lists} word lists, {consts} numeric constants")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "assistant"))
