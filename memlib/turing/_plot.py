"""memlib.turing, figures and diagrams (matplotlib).

Part of :mod:`memlib.turing`: import its names from there.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch, Polygon, Rectangle

from memlib import _fonts
from memlib.turing._core import (
    Configuration,
)

_fonts.install()  # Chinese text metrics in figures (see memlib._fonts)

__all__ = [
    "IMAGES",
    "draw_turing_machine",
    "plot_configuration",
    "plot_run",
]


# --------------------------------------------------------------------------- drawing

_CELL_COLOURS = {"1": "#9ecae1", "0": "#f7f7f7", "_": "#ffffff"}


def _draw_tape(ax, symbols: Sequence[str], lo: int, head: int, y: float = 0.0) -> None:
    """Cells ``lo, lo+1, ...`` as unit squares at height ``y`` with a head marker."""
    for i, s in enumerate(symbols):
        x = lo + i
        colour = _CELL_COLOURS.get(s, "#fde0c5")
        ax.add_patch(Rectangle((x - 0.5, y - 0.5), 1, 1, fc=colour, ec="#333333", lw=1))
        ax.text(x, y, s, ha="center", va="center", fontsize=11)
    hi = lo + len(symbols) - 1
    for x in (lo - 1, hi + 1):
        ax.text(x, y, "...", ha="center", va="center", fontsize=11, color="#666666")
    ax.add_patch(
        Polygon(
            [(head - 0.3, y - 1.05), (head + 0.3, y - 1.05), (head, y - 0.6)],
            closed=True,
            fc="#d62728",
            ec="none",
        )
    )


def plot_configuration(
    config: Configuration,
    *,
    window: tuple[int, int] | None = None,
    title: str | None = None,
) -> Figure:
    """Draw one configuration: the tape cells, the head (red triangle) and the state.

    Parameters
    ----------
    config : Configuration
    window : (int, int), optional
        Cells ``lo..hi`` to show; default: the non-blank span and head, plus a margin.
    title : str, optional
        Default: ``"第 k 步"`` (step k; the state ``q = ...`` is written under the head).
    """
    if not isinstance(config, Configuration):
        raise TypeError(f"config must be a Configuration, got {type(config).__name__}")
    lo, hi = window if window is not None else config.span()
    if window is None:
        lo, hi = lo - 1, hi + 1
    lo, hi = min(lo, config.head), max(hi, config.head)
    fig = Figure(figsize=(0.42 * (hi - lo + 3) + 0.6, 1.35))
    ax = fig.subplots()
    _draw_tape(ax, config.cells(lo, hi), lo, config.head)
    ax.text(config.head, -1.45, f"q = {config.state}", ha="center", va="center", fontsize=10)
    ax.set_xlim(lo - 1.6, hi + 1.6)
    ax.set_ylim(-1.8, 0.6)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(title if title is not None else f"第 {config.steps} 步", fontsize=10)
    return fig


def plot_run(configs: Sequence[Configuration], *, window: tuple[int, int] | None = None) -> Figure:
    """Space-time diagram of a run: one row per step, the head's cell outlined in red.

    Row ``k`` shows the tape *before* step ``k + 1`` (i.e. configuration ``k``);
    the state is written at the right of each row.
    """
    configs = list(configs)
    if not configs or not all(isinstance(c, Configuration) for c in configs):
        raise TypeError("configs must be a non-empty sequence of Configuration")
    if window is None:
        spans = np.array([c.span() for c in configs])
        lo, hi = int(spans[:, 0].min()), int(spans[:, 1].max())
    else:
        lo, hi = window
    n = len(configs)
    fig = Figure(figsize=(0.36 * (hi - lo + 1) + 1.4, 0.3 * n + 0.7))
    ax = fig.subplots()
    for k, c in enumerate(configs):
        for x, s in zip(range(lo, hi + 1), c.cells(lo, hi), strict=True):
            colour = _CELL_COLOURS.get(s, "#fde0c5")
            ax.add_patch(Rectangle((x - 0.5, k - 0.5), 1, 1, fc=colour, ec="#999999", lw=0.5))
            ax.text(x, k, s, ha="center", va="center", fontsize=8)
        ax.add_patch(Rectangle((c.head - 0.5, k - 0.5), 1, 1, fc="none", ec="#d62728", lw=2))
        ax.text(hi + 0.9, k, c.state, ha="left", va="center", fontsize=8)
    ax.set_xlim(lo - 0.6, hi + 1.8)
    ax.set_ylim(n - 0.5, -0.5)
    ax.set_xticks(range(lo, hi + 1))
    ax.set_yticks(range(n))
    ax.tick_params(labelsize=7, length=0)
    ax.set_xlabel("格子位置")
    ax.set_ylabel("步数")
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)
    ax.set_aspect("equal")
    return fig


def draw_turing_machine() -> Figure:
    """Structure diagram: an infinite tape, the read/write head and the controller.

    The controller box holds a small rule table (the busy beaver's) in the
    book's notation delta(q, s) = (s', d, q'); labels are Chinese.  The axes
    fill the figure and the figure has the aspect of the drawing, so no margin
    is wasted and the text stays legible when the page scales the image down.
    """
    xlim, ylim = (-4.45, 4.65), (-5.45, 1.15)
    scale = 0.56  # inches per data unit
    fig = Figure(figsize=(scale * (xlim[1] - xlim[0]), scale * (ylim[1] - ylim[0])))
    ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
    symbols = list("0011010")
    lo = -3
    _draw_tape(ax, symbols, lo, head=0, y=0.0)
    ax.text(lo + len(symbols) + 0.55, 0.72, "无限长的纸带", ha="right", fontsize=11)
    # head: box under the triangle
    ax.add_patch(
        FancyBboxPatch(
            (-0.75, -1.75), 1.5, 0.6, boxstyle="round,pad=0.05", fc="#fbe3e3", ec="#d62728"
        )
    )
    ax.text(0, -1.45, "读写头", ha="center", va="center", fontsize=10)
    ax.text(0.95, -1.45, "读 / 写 / 移动（L、R、N）", ha="left", va="center", fontsize=10)
    # controller
    cx, cy, w, h = -2.75, -5.3, 5.5, 2.45
    ax.add_patch(
        FancyBboxPatch((cx, cy), w, h, boxstyle="round,pad=0.08", fc="#eef3fb", ec="#1f4e8c")
    )
    ax.text(cx + 0.15, cy + h - 0.28, "控制器（状态 q = A）", fontsize=10, va="center")
    lines = [
        "规则表 δ(q, s) = (s′, d, q′)",
        "δ(A, 0) = (1, R, B)",
        "δ(A, 1) = (1, L, B)",
        "δ(B, 0) = (1, L, A)",
        "δ(B, 1) = (1, R, H)",
    ]
    for i, line in enumerate(lines):
        ax.text(
            cx + 0.35,
            cy + h - 0.75 - 0.39 * i,
            line,
            fontsize=9,
            va="center",
            color="#333333" if i else "#1f4e8c",
        )
    ax.annotate(
        "",
        xy=(0, -1.85),
        xytext=(0, cy + h + 0.1),
        arrowprops=dict(arrowstyle="<|-|>", color="#444444", lw=1.2),
    )
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_aspect("equal")
    ax.axis("off")
    return fig


#: Diagrams for ``images/`` (see :mod:`memlib.images`).
IMAGES: dict[str, Callable[[], Figure]] = {"turing_machine": draw_turing_machine}
