"""report.html: one self-contained page (inline CSS and SVG, nothing fetched) people can read."""

from __future__ import annotations

from html import escape
from typing import Any

from eval.baseline import Comparison
from eval.checks import CHECKS, ItemResult, failed_first
from eval.metrics import LABELS, RATES, fmt_rate, fmt_seconds, parts_line

_CSS = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem auto;
max-width:1200px;padding:0 1rem;color:#1b1b1b}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{border-bottom:1px solid #ddd;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f3f3}.num{text-align:right;white-space:nowrap}
.pass{color:#176b2c;font-weight:600}.fail{color:#b00020;font-weight:600}
.regressed{background:#fde8ea}.meta{color:#555}.verdict-fail{color:#b00020}
.verdict-ok{color:#176b2c}details summary{cursor:pointer;color:#0b4f9c}
blockquote{margin:.4rem 0;padding:.3rem .6rem;border-left:3px solid #bbb;background:#fafafa;
white-space:pre-wrap}code{font-size:.85rem}.answer{margin:.4rem 0 0;color:#333}
.charts{display:flex;flex-wrap:wrap;gap:2rem}
"""
_GREEN, _RED, _GREY = "#2e7d4f", "#c62828", "#9e9e9e"


# Report text quotes documents and answers: escaped, and the browser told to run and load
# nothing but the inline style, should anything slip through.
_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def bar_chart(title: str, bars: list[tuple[str, float | None, float | None]],
              width: int = 600) -> str:
    """Horizontal bars (label, rate, baseline rate); the baseline is a black tick."""
    label_w, bar_w, row_h = 290, width - 290 - 50, 26
    height = 30 + row_h * len(bars)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'role="img" aria-label="{escape(title)}">',
             f'<text x="0" y="16" font-size="14" font-weight="600">{escape(title)}</text>']
    for i, (label, value, before) in enumerate(bars):
        y = 28 + i * row_h
        parts.append(f'<text x="0" y="{y + 15}" font-size="12">{escape(label[:44])}</text>')
        parts.append(f'<rect x="{label_w}" y="{y + 3}" width="{bar_w}" height="16" '
                     f'fill="#eee"/>')
        if value is not None:
            color = _GREEN if value >= 0.8 else (_GREY if value >= 0.5 else _RED)
            parts.append(f'<rect x="{label_w}" y="{y + 3}" width="{bar_w * value:.1f}" '
                         f'height="16" fill="{color}"><title>{escape(label)}: '
                         f'{fmt_rate(value)}</title></rect>')
        if before is not None:
            x = label_w + bar_w * before
            parts.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{y}" y2="{y + 22}" '
                         f'stroke="#000" stroke-width="2"><title>baseline '
                         f'{fmt_rate(before)}</title></line>')
        parts.append(f'<text x="{label_w + bar_w + 6}" y="{y + 15}" font-size="12">'
                     f'{fmt_rate(value)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def calibration_chart(bins: list[dict[str, Any]], width: int = 600) -> str:
    """Answered items per confidence bin: the share right against the diagonal."""
    size, pad = 240, 40
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{size + 2 * pad}" '
             'role="img" aria-label="Calibration: confidence against accuracy">',
             '<text x="0" y="16" font-size="14" font-weight="600">Calibration (answered items)'
             '</text>',
             f'<line x1="{pad}" y1="{pad + size}" x2="{pad + size}" y2="{pad}" stroke="#999" '
             'stroke-dasharray="4"/>',
             f'<rect x="{pad}" y="{pad}" width="{size}" height="{size}" fill="none" '
             'stroke="#333"/>',
             f'<text x="{pad}" y="{pad + size + 16}" font-size="11">confidence 0 → 1</text>',
             f'<text x="{pad + size + 8}" y="{pad + 10}" font-size="11">share right</text>']
    for b in bins:
        if b["accuracy"] is None:
            continue
        x = pad + size * (b["low"] + b["high"]) / 2
        y = pad + size * (1 - b["accuracy"])
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{3 + min(9, b["n"] ** 0.5):.1f}" '
                     f'fill="{_GREEN}" fill-opacity="0.7"><title>{b["low"]:.1f}–{b["high"]:.1f}: '
                     f'{b["n"]} answered, {fmt_rate(b["accuracy"])} right</title></circle>')
    parts.append("</svg>")
    return "".join(parts)


def _summary_table(groups: dict[str, dict[str, Any]]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in
                   ["", "items", "passed", *(LABELS[r] for r in RATES), "median latency"])
    rows = []
    for name, s in groups.items():
        cells = [f"<td>{escape(name)}</td>", f'<td class="num">{s["n"]}</td>',
                 f'<td class="num">{s["passed"]}</td>',
                 *(f'<td class="num">{fmt_rate(s[r])}</td>' for r in RATES),
                 f'<td class="num">{fmt_seconds(s["latency_median"])}</td>']
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><tr>{head}</tr>{''.join(rows)}</table>"


def _item_row(r: ItemResult, regressed: bool) -> str:
    obs = r.observation
    status = ('<span class="pass">pass</span>' if r.passed else
              '<span class="fail">REGRESSED</span>' if regressed else
              '<span class="fail">fail</span>')
    checks = "<br>".join(
        f'{n}: <span class="{"pass" if c.passed else "fail"}">{"ok" if c.passed else "fail"}'
        f'</span> <span class="meta">{escape(c.detail)}</span>'
        for n, c in r.checks.items() if c.passed is not None)
    where = escape(r.item.document or "–") + (f", s. {r.item.page}" if r.item.page else "")
    answer = escape(obs.error or obs.answer or "(empty answer)")
    cited = "".join(
        f"<p><b>[{c.n}]</b> {escape(c.title or c.document or '')}"
        f"{f', s. {c.page}' if c.page is not None else ''}</p>"
        f"<blockquote>{escape(c.text)}</blockquote>" for c in obs.citations)
    short = obs.error or " ".join((obs.answer or "(empty answer)").split())
    short = short if len(short) <= 320 else short[:319] + "…"
    details = (f"<details{'' if r.passed else ' open'}><summary>full answer and "
               f"{len(obs.citations)} cited passage(s)</summary>"
               f"<blockquote>{answer}</blockquote>{cited}</details>")
    return (f'<tr class="{"regressed" if regressed else ""}"><td>{status}</td>'
            f"<td><code>{escape(r.item.id)}</code><br><span class='meta'>"
            f"{escape(r.item.kind)}</span></td><td>{where}</td>"
            f"<td>{escape(r.item.question)}<p class='answer'><b>Answer:</b> "
            f"{escape(short)}</p></td>"
            f"<td>{escape(' | '.join(r.item.expect) or 'abstention')}</td>"
            f"<td>{checks}{details}</td>"
            f'<td class="num">{fmt_seconds(obs.latency)}</td></tr>')


def render_html(run: dict[str, Any], results: list[ItemResult],
                comparison: Comparison | None = None) -> str:
    """The whole page."""
    s = run["summary"]
    overall = s["overall"]
    before = (run.get("baseline") or {}).get("metrics") or {}
    charts = [
        bar_chart("Overall", [(LABELS[r], overall[r], before.get(r)) for r in RATES]),
        bar_chart("Pass rate per document", [(d, g["pass"], None)
                                             for d, g in s["by_document"].items()]),
        bar_chart("Pass rate per kind", [(k, g["pass"], None) for k, g in s["by_kind"].items()]),
        calibration_chart(s.get("calibration", [])),
    ]
    verdict = ""
    if comparison is not None:
        cls = "verdict-fail" if comparison.failed else "verdict-ok"
        text = (f"{len(comparison.regressions)} regression(s), "
                f"{len(comparison.metric_drops)} metric drop(s), "
                f"{len(comparison.improvements)} improvement(s)")
        notes = "".join(f"<li>{escape(n)}</li>" for n in comparison.notes)
        drops = "".join(f"<li>{escape(m)}: {fmt_rate(b)} → {fmt_rate(n)}</li>"
                        for m, b, n in comparison.metric_drops)
        verdict = (f'<h2 class="{cls}">Against the baseline: '
                   f'{"FAILED" if comparison.failed else "passed"}</h2><p>{text}</p>'
                   f"<ul>{drops}{notes}</ul>")
    regressed = {r.item.id for r in comparison.regressions} if comparison else set()
    rows = "".join(_item_row(r, r.item.id in regressed) for r in failed_first(results, regressed))
    corpus = "".join(f"<tr><td>{escape(d)}</td><td><code>{escape(h[:16])}</code></td></tr>"
                     for d, h in sorted(run["corpus"].items()))
    return f"""<!DOCTYPE html>
<html lang="sv"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{_CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Rapportassistenten – utvärdering {escape(run['started'])}</title>
<style>{_CSS}</style></head><body>
<h1>Rapportassistenten: evaluation report</h1>
<p class="meta">{escape(run['started'])} · {run['duration']:.0f} s · backend
{escape(str(run['backend']))} · generator {escape(run['generator'] or '–')} · suite
<code>{escape(run['suite']['path'])}</code> ({run['suite']['items']} items) · k = {run['k']}</p>
<p><b>{overall['passed']}/{overall['n']} items pass</b> ({fmt_rate(overall['pass'])}); median
latency {fmt_seconds(overall['latency_median'])}, p95 {fmt_seconds(overall['latency_p95'])}.</p>
{f"<p>Two questions in one, {escape(parts_line(s))}.</p>" if s.get("parts") else ""}
{verdict}
<div class="charts">{''.join(charts)}</div>
<h2>Per document</h2>{_summary_table(s['by_document'])}
<h2>Per kind</h2>{_summary_table(s['by_kind'])}
<h2>Per language</h2>{_summary_table(s.get('by_lang', {}))}
<h2>Items (failed first)</h2>
<table><tr><th>result</th><th>item</th><th>document</th><th>question</th><th>expected</th>
<th>checks ({', '.join(CHECKS)})</th><th>latency</th></tr>{rows}</table>
<h2>Corpus measured</h2><table><tr><th>document</th><th>sha256</th></tr>{corpus}</table>
</body></html>
"""
