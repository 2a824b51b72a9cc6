"""HTML fragments of figures and frames: inline SVG, tables, rows.

:func:`figure_to_svg` turns a matplotlib figure into a compact, byte-stable
inline ``<svg>``; :func:`html_table` and :func:`side_by_side` build the tables
and layouts of the demo frames.  The module needs the standard library only
(matplotlib is imported when a figure is converted).
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["figure_to_svg", "fixed", "html_table", "side_by_side"]


_SVG_START = re.compile(r"^.*?(?=<svg)", re.S)
_SVG_METADATA = re.compile(r"\s*<metadata>.*?</metadata>", re.S)
_SVG_COMMENT = re.compile(r"\s*<!--.*?-->", re.S)
_SVG_LONG_NUMBER = re.compile(r"-?\d+\.\d{4,}")
_SVG_INDENT = re.compile(r"[ \t]*\n\s*")


def figure_to_svg(fig: Figure, *, close: bool = True, width: str | None = "100%") -> str:
    """Render a matplotlib figure as an inline ``<svg>`` element, byte-stable.

    Text stays text (``svg.fonttype: none``), measured with the same metrics on
    every machine and drawn by the reader's browser with a CJK-capable font list
    (see :mod:`memlib._fonts`).  The date metadata is dropped and ids are salted
    with a constant, so the same figure always gives the same bytes.  The XML prolog and DOCTYPE are
    removed so the result can be embedded in HTML, and the text is compacted
    for pages that embed many frames: no metadata block, comments or
    indentation, and numbers with more than 3 decimals written with 5
    significant digits (0.01 pt on a figure a few hundred pt wide; glyph
    scales such as 0.015625 keep their digits).  The drawing is unchanged.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    close : bool, default True
        Close the figure afterwards (frame builders create many figures).
    width : str or None, default "100%"
        CSS max-width of the SVG; height scales with it.
    """
    import matplotlib
    import matplotlib.pyplot as plt
    from matplotlib.figure import Figure

    from memlib import _fonts

    if not isinstance(fig, Figure):
        raise TypeError(f"fig must be a matplotlib Figure, got {type(fig).__name__}")
    _fonts.install()
    buf = io.StringIO()
    with matplotlib.rc_context({"svg.hashsalt": "memlib", "svg.fonttype": "none"}):
        fig.savefig(buf, format="svg", metadata={"Date": None})
    if close:
        plt.close(fig)
    svg = _fonts.css_font_family(_SVG_START.sub("", buf.getvalue(), count=1).strip())
    svg = _SVG_METADATA.sub("", svg)
    svg = _SVG_COMMENT.sub("", svg)
    svg = _SVG_LONG_NUMBER.sub(lambda m: f"{float(m.group(0)):.5g}", svg)
    svg = _SVG_INDENT.sub("\n", svg)
    if width is not None:
        svg = svg.replace("<svg ", f'<svg style="max-width:{width};height:auto" ', 1)
    return svg


def fixed(x: float, digits: int = 2) -> str:
    """``x`` with ``digits`` decimals for a table cell; a value that rounds to zero is
    "0.00", never "-0.00"."""
    text = f"{x:.{digits}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text


def html_table(
    rows: Iterable[Sequence[object]],
    header: Sequence[object] | None = None,
    *,
    caption: str | None = None,
    highlight: Iterable[tuple[int, int]] = (),
) -> str:
    """A small HTML table; every cell is escaped.

    Parameters
    ----------
    rows : iterable of sequences
        Table body, one sequence of cells per row.
    header : sequence, optional
        Column headings.
    caption : str, optional
    highlight : iterable of (row, column)
        Body cells drawn with a highlighted background.
    """
    marked = set(highlight)
    parts = ['<table class="memlib-table">']
    if caption:
        parts.append(f"<caption>{html.escape(caption)}</caption>")
    if header is not None:
        cells = "".join(f"<th>{html.escape(str(h))}</th>" for h in header)
        parts.append(f"<thead><tr>{cells}</tr></thead>")
    parts.append("<tbody>")
    for r, row in enumerate(rows):
        cells = "".join(
            (
                f'<td style="background:#ffe9a8">{html.escape(str(v))}</td>'
                if (r, c) in marked
                else f"<td>{html.escape(str(v))}</td>"
            )
            for c, v in enumerate(row)
        )
        parts.append(f"<tr>{cells}</tr>")
    parts.append("</tbody></table>")
    return "".join(parts)


def side_by_side(
    *parts: str, gap: str = "1em", grow: Sequence[int] | None = None, basis: str = "300px"
) -> str:
    """Place HTML fragments (SVGs, tables) in one row that wraps on narrow screens.

    Parameters
    ----------
    *parts : str
        The fragments, left to right.
    gap : str, default "1em"
        CSS gap between them.
    grow : sequence of int, optional
        Relative widths (CSS flex-grow), e.g. ``(3, 1)`` for a wide figure
        beside a narrow table; equal by default.
    basis : str, default "300px"
        Width below which a part wraps onto the next line.
    """
    grow = [1] * len(parts) if grow is None else list(grow)
    if len(grow) != len(parts) or any(not isinstance(g, int) or g < 1 for g in grow):
        raise ValueError(f"grow must give a positive int for each of the {len(parts)} parts")
    cells = "".join(
        f'<div style="flex:{g} 1 {basis};min-width:0">{p}</div>' for g, p in zip(grow, parts)
    )
    style = f"display:flex;flex-wrap:wrap;gap:{gap};align-items:flex-start"
    return f'<div style="{style}">{cells}</div>'
