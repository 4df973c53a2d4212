"""Charts of the survey's evolution as SVG, written by hand so that the bytes are stable.

Two shapes: stacked bars (papers per year, stacked by section or by venue) and small
multiples (one row of bars per section, on one shared scale). A :class:`Theme` gives
the text and grid colours: ``LIGHT`` and ``DARK`` for files shown as images (the
README's ``<picture>``), ``PAGE`` for an SVG inlined in the page, which follows the
page's colours through ``currentColor``. Every label is escaped as XML text.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from ..transforms.evolution import Series

# Okabe and Ito's colour-blind-safe palette, without its yellow (too pale on white) and black,
# then three of Paul Tol's muted colours, so that a venue chart's nine series stay distinct.
PALETTE = ("#E69F00", "#56B4E9", "#009E73", "#0072B2", "#D55E00", "#CC79A7", "#999999",
           "#882255", "#332288", "#44AA99")
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"


@dataclass(frozen=True)
class Theme:
    text: str
    grid: str
    gap: str  # the thin line between stacked segments


LIGHT = Theme("#1f2328", "#d0d7de", "#ffffff")
DARK = Theme("#e6edf3", "#3d444d", "#0d1117")
PAGE = Theme("currentColor", "currentColor", "Canvas")


def color(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


def _step(top: int) -> int:
    """A round tick step that gives at most about five ticks up to ``top``."""
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000):
        if top / step <= 5:
            return step
    return 10 ** len(str(top))


def _open(width: int, height: int, title: str, desc: str, ident: str, theme: Theme) -> list[str]:
    grid_opacity = ' stroke-opacity="0.3"' if theme is PAGE else ""
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-labelledby="{ident}-title {ident}-desc" '
        f'font-family="{escape(FONT)}" font-size="12">',
        f'<title id="{ident}-title">{escape(title)}</title>',
        f'<desc id="{ident}-desc">{escape(desc)}</desc>',
        f'<g class="grid" stroke="{theme.grid}"{grid_opacity} stroke-width="1">',
    ]


def _legend(series: tuple[Series, ...], x: int, y: int, theme: Theme) -> list[str]:
    out = ['<g class="legend">']
    for i, s in enumerate(series):
        top = y + 18 * i
        out.append(f'<rect x="{x}" y="{top}" width="12" height="12" fill="{color(i)}"/>')
        out.append(f'<text x="{x + 18}" y="{top + 10}" fill="{theme.text}">{escape(s.label)} ({s.total})</text>')
    out.append("</g>")
    return out


def stacked_bars(years: tuple[int, ...], series: tuple[Series, ...], *, title: str, desc: str,
                 ident: str, theme: Theme = LIGHT, width: int = 720) -> str:
    """Bars per year, each stacked from the series' counts, with a legend below."""
    left, right, top_margin, plot_height = 44, 12, 30, 220
    totals = [sum(s.counts[i] for s in series) for i in range(len(years))]
    peak = max(totals, default=0) or 1
    step = _step(peak)
    ceiling = -(-peak // step) * step
    band = (width - left - right) / max(len(years), 1)
    bottom = top_margin + plot_height
    scale = plot_height / ceiling
    height = bottom + 30 + 18 * len(series) + 8
    out = _open(width, height, title, desc, ident, theme)
    for tick in range(0, ceiling + 1, step):
        y = bottom - tick * scale
        out.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}"/>')
    out.append("</g>")
    out.append(f'<text x="{left}" y="18" fill="{theme.text}" font-weight="bold">{escape(title)}</text>')
    out.append(f'<g class="axis" fill="{theme.text}" text-anchor="end">')
    for tick in range(0, ceiling + 1, step):
        out.append(f'<text x="{left - 6}" y="{bottom - tick * scale + 4:.1f}">{tick}</text>')
    out.append('</g><g class="axis" text-anchor="middle" fill="' + theme.text + '">')
    label_every = 1 if band >= 34 else 2
    for i, year in enumerate(years):
        if i % label_every == 0 or i == len(years) - 1:
            out.append(f'<text x="{left + band * (i + 0.5):.1f}" y="{bottom + 16}">{year}</text>')
    out.append('</g><g class="bars" stroke="' + theme.gap + '" stroke-width="0.5">')
    bar = band * 0.72
    for i, year in enumerate(years):
        base = 0
        x = left + band * i + (band - bar) / 2
        for k, s in enumerate(series):
            count = s.counts[i]
            if not count:
                continue
            y = bottom - (base + count) * scale
            out.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{count * scale:.1f}" '
                       f'fill="{color(k)}"><title>{year}: {count}</title></rect>')
            base += count
        if totals[i]:
            out.append(f'<text x="{x + bar / 2:.1f}" y="{bottom - base * scale - 4:.1f}" stroke="none" '
                       f'fill="{theme.text}" text-anchor="middle" font-size="10">{totals[i]}</text>')
    out.append("</g>")
    out += _legend(series, left, bottom + 30, theme)
    out.append("</svg>")
    return "\n".join(out) + "\n"


def small_multiples(years: tuple[int, ...], series: tuple[Series, ...], *, title: str, desc: str,
                    ident: str, theme: Theme = LIGHT, width: int = 720) -> str:
    """One row of bars per series, all on the scale of the largest count."""
    left, right, row_height, label_height = 44, 12, 44, 16
    peak = max((c for s in series for c in s.counts), default=0) or 1
    band = (width - left - right) / max(len(years), 1)
    bar = band * 0.72
    rows_top = 30
    step = row_height + label_height + 8
    height = rows_top + step * len(series) + 22
    out = _open(width, height, title, desc, ident, theme)
    for r in range(len(series)):
        base = rows_top + step * r + label_height + row_height
        out.append(f'<line x1="{left}" y1="{base}" x2="{width - right}" y2="{base}"/>')
    out.append("</g>")
    out.append(f'<text x="{left}" y="18" fill="{theme.text}" font-weight="bold">{escape(title)}</text>')
    for r, s in enumerate(series):
        top = rows_top + step * r
        base = top + label_height + row_height
        out.append(f'<text x="{left}" y="{top + 12}" fill="{theme.text}">{escape(s.label)} ({s.total})</text>')
        out.append(f'<g fill="{color(r)}">')
        for i, count in enumerate(s.counts):
            if not count:
                continue
            h = row_height * count / peak
            x = left + band * i + (band - bar) / 2
            out.append(f'<rect x="{x:.1f}" y="{base - h:.1f}" width="{bar:.1f}" height="{h:.1f}">'
                       f'<title>{years[i]}: {count}</title></rect>')
        out.append("</g>")
        best = max(range(len(s.counts)), key=lambda i: (s.counts[i], -i), default=None)
        if best is not None and s.counts[best]:
            out.append(f'<text x="{left - 6}" y="{base - row_height * s.counts[best] / peak + 4:.1f}" '
                       f'fill="{theme.text}" text-anchor="end" font-size="10">{s.counts[best]}</text>')
    out.append(f'<g class="axis" text-anchor="middle" fill="{theme.text}">')
    last = rows_top + step * len(series) - 8
    label_every = 1 if band >= 34 else 2
    for i, year in enumerate(years):
        if i % label_every == 0 or i == len(years) - 1:
            out.append(f'<text x="{left + band * (i + 0.5):.1f}" y="{last + 16}">{year}</text>')
    out.append("</g>")
    out.append("</svg>")
    return "\n".join(out) + "\n"
