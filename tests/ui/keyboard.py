"""Keyboard-only helpers for the browser tests: move the focus with Tab alone, describe it."""

from __future__ import annotations

from playwright.sync_api import Page

MAX_STOPS = 80  # more Tab presses than the page has focusable elements

# What the focused element is, as a test can match it: tag, id, name, text and enclosing id.
_FOCUSED = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const s = getComputedStyle(e);
  return {tag: e.tagName.toLowerCase(), id: e.id, role: e.getAttribute("role") || "",
          name: e.getAttribute("aria-label") || "", text: (e.innerText || "").trim(),
          within: (e.parentElement && e.parentElement.closest("[id]") || {}).id || "",
          cls: e.className && e.className.baseVal === undefined ? e.className : "",
          outline: s.outlineStyle === "none" ? 0 : parseFloat(s.outlineWidth)};
}"""


def focused(page: Page) -> dict | None:
    """The focused element (see _FOCUSED), or None when the focus is on no element."""
    return page.evaluate(_FOCUSED)


def describe(stop: dict | None) -> str:
    if stop is None:
        return "(nothing)"
    label = stop["name"] or stop["text"][:40]
    return f"<{stop['tag']} id={stop['id']!r} within={stop['within']!r}> {label!r}"


def tab_to(page: Page, wanted, *, back: bool = False) -> dict:
    """Press Tab (Shift+Tab when `back`) until `wanted(stop)` holds for the focused element.

    Fails, listing the stops passed, when it does not within MAX_STOPS presses: the element
    is unreachable by keyboard or the focus is trapped.
    """
    passed = []
    for _ in range(MAX_STOPS):
        page.keyboard.press("Shift+Tab" if back else "Tab")
        stop = focused(page)
        passed.append(describe(stop))
        if stop is not None and wanted(stop):
            assert stop["outline"] >= 2, f"no visible focus indicator on {describe(stop)}"
            return stop
    raise AssertionError("not reached by keyboard; focus went:\n" + "\n".join(passed))
