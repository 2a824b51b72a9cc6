"""memlib.attention, figures and diagrams (matplotlib).

Part of :mod:`memlib.attention`: import its names from there.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from memlib import _fonts
from memlib._checks import as_array, check_choice
from memlib._draw import arrow, box, canvas, phrase, place_labels
from memlib.attention._core import (
    DEMO_MEMORY,
    DEMO_PARAMS,
    KIND_NAMES,
    KINDS,
    _params_for,
    attention_read,
    hard_attention_read,
    weights_by_kind,
)

_fonts.install()  # Chinese text metrics in figures (see memlib._fonts)

__all__ = [
    "IMAGES",
    "plot_attention_plane",
    "draw_memory_network_structure",
    "plot_scoring_functions",
    "plot_soft_vs_hard",
]


# ----------------------------------------------------------------------------- diagrams


def draw_memory_network_structure() -> Figure:
    """The typical structure of a memory network (nndl section 8.5).

    Controller C (reads input x, emits output y), external memory
    M = [m_1, ..., m_N], read module r = R(M, q_r) and write module
    M <- W(M, q_w, a).  Words in Chinese; each box holds its name and, as a
    separate text, its formula (mathtext cannot hold Chinese).  Vectors are
    bold, matrices and functions italic, as in the text.  The canvas is the
    drawing (no margins): at 85% of a 700 px page the subscripts are 8.7 px.
    """
    fig, ax = canvas((6.4, 2.62), (-0.1, 9.3), (0.35, 4.2))
    named_boxes = (
        ((0.9, 1.7), 1.9, 1.2, "控制器", "$C$", "#fde2c8", 12),
        ((4.3, 3.0), 2.0, 0.9, "读模块", r"$\mathbf{r}=R(M, \mathbf{q}_r)$", "#d9f0d3", 10),
        ((4.3, 0.7), 2.0, 0.9, "写模块", r"$M \leftarrow W(M, \mathbf{q}_w, \mathbf{a})$",
         "#f6d5e5", 10),
    )
    for (x, y), w, h, name, formula, fc, size in named_boxes:
        box(ax, (x, y), w, h, fc=fc)
        ax.text(x + w / 2, y + 0.68 * h, name, ha="center", va="center", fontsize=size)
        ax.text(x + w / 2, y + 0.29 * h, formula, ha="center", va="center", fontsize=size)
    # external memory: N slots
    x0, y0, w, h = 7.7, 0.55, 1.4, 0.62
    labels = [r"$\mathbf{m}_1$", r"$\mathbf{m}_2$", r"$\vdots$", r"$\mathbf{m}_N$"]
    for i, lab in enumerate(labels):
        y = y0 + (len(labels) - 1 - i) * h
        ax.add_patch(Rectangle((x0, y), w, h, fc="#eeeeee", ec="#333", lw=1.0))
        ax.text(x0 + w / 2, y + h / 2, lab, ha="center", va="center", fontsize=11)
    top = (x0 + w / 2, y0 + len(labels) * h + 0.15)
    phrase(ax, ("外部记忆", "$M$"), top, transform=ax.transData, fontsize=11)
    arrow(ax, (-0.1, 2.3), (0.88, 2.3), r"$\mathbf{x}$", fontsize=11, offset=(-0.1, 0.17))
    arrow(ax, (1.85, 1.68), (1.85, 0.55))
    ax.text(2.05, 0.62, r"$\mathbf{y}$", fontsize=11)
    arrow(ax, (2.82, 2.6), (4.28, 3.25), r"$\mathbf{q}_r$", offset=(0.25, -0.24), fontsize=11)
    arrow(
        ax,
        (4.28, 3.7),
        (2.2, 2.92),
        r"$\mathbf{r}$",
        offset=(-0.1, 0.45),
        fontsize=11,
        connectionstyle="arc3,rad=0.25",
    )
    arrow(ax, (2.82, 1.95), (4.28, 1.15), r"$\mathbf{q}_w,\ \mathbf{a}$", offset=(-0.15, -0.32),
          fontsize=11)
    arrow(ax, (7.7, 3.0), (6.32, 3.45))
    arrow(ax, (6.32, 1.15), (7.7, 1.0))
    return fig


IMAGES = {"memory_network_structure": draw_memory_network_structure}


# ----------------------------------------------------------------------------- plots


def plot_scoring_functions(
    memory: object = DEMO_MEMORY,
    query: object = (1.0, 1.0),
    kinds: Sequence[str] = KINDS,
    params: Mapping[str, Mapping[str, object]] | None = None,
) -> Figure:
    """Attention weights alpha_n of several scoring functions on the same memory.

    One bar group per slot m_n, one bar per scoring function; parametric kinds
    take their parameters from ``params`` (default :data:`DEMO_PARAMS`).
    """
    mem = as_array(memory, "memory", ndim=2)
    weights = weights_by_kind(mem, query, kinds, params)
    n = mem.shape[0]
    width = 0.8 / len(weights)
    fig = Figure(figsize=(6.4, 2.8))
    ax = fig.subplots()
    for i, (kind, alpha) in enumerate(weights.items()):
        ax.bar(
            np.arange(n) + (i - (len(weights) - 1) / 2) * width,
            alpha,
            width,
            label=KIND_NAMES[kind],
        )
    ax.set_xticks(np.arange(n), [f"$\\mathbf{{m}}_{{{i + 1}}}$" for i in range(n)])
    ax.set_ylabel(r"$\alpha_n$")
    ax.set_ylim(0, 1)
    ax.legend(
        fontsize=8,
        ncol=min(len(weights), 5),
        loc="upper center",
        frameon=False,
        bbox_to_anchor=(0.5, 1.18),
    )
    fig.tight_layout()
    return fig


def plot_soft_vs_hard(
    memory: object = DEMO_MEMORY, query: object = (1.0, 1.0), kind: str = "dot", **params: object
) -> Figure:
    """Soft attention (softmax weights) next to hard attention (arg-max one-hot).

    Left: the weights alpha_n of both. Right: the memory points in the plane
    (first two components), the query, and the two read vectors.
    """
    mem = as_array(memory, "memory", ndim=2)
    q = as_array(query, "query", ndim=1)
    if not params and kind in DEMO_PARAMS:
        params = dict(DEMO_PARAMS[kind])
    r_soft, a_soft = attention_read(mem, q, kind, **params)
    r_hard, a_hard = hard_attention_read(mem, q, kind, **params)
    n = mem.shape[0]
    fig = Figure(figsize=(7.0, 2.9))
    ax1, ax2 = fig.subplots(1, 2)
    ax1.bar(np.arange(n) - 0.2, a_soft, 0.4, label="软性注意力", color="C0")
    ax1.bar(np.arange(n) + 0.2, a_hard, 0.4, label="硬性注意力", color="C3")
    ax1.set_xticks(np.arange(n), [f"$\\mathbf{{m}}_{{{i + 1}}}$" for i in range(n)])
    ax1.set_ylim(0, 1.05)
    ax1.set_ylabel(r"$\alpha_n$")
    ax1.legend(fontsize=8, frameon=False)
    if mem.shape[1] < 2:  # pragma: no cover - the book only uses 2-D memories here
        ax2.axis("off")
        fig.tight_layout()
        return fig
    sizes = 30 + 300 * a_soft
    ax2.scatter(mem[:, 0], mem[:, 1], s=sizes, c="C7", zorder=2)
    ax2.scatter(*q[:2], marker="*", s=140, c="k", zorder=3, label="查询")
    ax2.scatter(*r_soft[:2], marker="D", s=50, c="C0", zorder=3, label="软性读出")
    ax2.scatter(
        *r_hard[:2],
        marker="s",
        s=70,
        facecolors="none",
        edgecolors="C3",
        zorder=3,
        label="硬性读出",
    )
    ax2.axhline(0, color="#bbb", lw=0.6, zorder=0)
    ax2.axvline(0, color="#bbb", lw=0.6, zorder=0)
    ax2.set_aspect("equal", adjustable="datalim")
    ax2.margins(0.12)
    ax2.legend(fontsize=8, frameon=False, loc="center left", bbox_to_anchor=(1.02, 0.5))
    fig.tight_layout()
    # the slot labels on the final layout, inside the axes (never under the legend)
    marks = [(tuple(m[:2]), float(np.sqrt(s)) / 2) for m, s in zip(mem, sizes)]
    marks += [(tuple(q[:2]), 6.5), (tuple(r_soft[:2]), 4.0), (tuple(r_hard[:2]), 4.5)]
    labels = [(i, f"$\\mathbf{{m}}_{{{i + 1}}}$", 45.0, {}) for i in range(n)]
    place_labels(ax2, marks, labels)
    return fig


def plot_attention_plane(
    memory: object,
    query: object,
    kind: str = "dot",
    params: Mapping[str, Mapping[str, object]] | None = None,
    *,
    figsize: tuple[float, float] = (4.4, 2.3),
) -> Figure:
    """Frame figure: alpha bars and the 2-D plane with memory, q and r.

    Marker area of each memory point grows with its weight alpha_n; the star is
    the query q and the diamond the read vector r = sum_n alpha_n m_n.  The slot
    numbers sit outside their points, away from the origin, and the labels of q
    and r on the side of the segment q-r away from each other; each label moves
    round its marker when something else is in the way (:func:`memlib._draw.place_labels`).
    The default size is drawn 1:1 (4.4 in = 422 px wide) beside the frame's table
    on a 700 px page, so its smallest text (the subscripts) is 9 px.
    """
    mem = as_array(memory, "memory", ndim=2)
    if mem.shape[1] != 2:
        raise ValueError(f"memory must have 2 columns for a plane plot, got {mem.shape[1]}")
    q = as_array(query, "query", shape=(2,))
    kind = check_choice(kind, "kind", KINDS)
    r, alpha = attention_read(mem, q, kind, **_params_for(kind, params))
    n = mem.shape[0]
    fig = Figure(figsize=figsize)
    ax1, ax2 = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1, 1.05]})
    ax1.bar(np.arange(n), alpha, 0.7, color="C0")
    ax1.set_xticks(np.arange(n), [f"$\\mathbf{{m}}_{i + 1}$" for i in range(n)], fontsize=10)
    ax1.set_ylim(0, 1)
    ax1.set_yticks([0, 0.5, 1], ["0", "0.5", "1"], fontsize=9)
    ax1.set_ylabel(r"$\alpha_n$", fontsize=11, labelpad=2)
    sizes = 20 + 320 * alpha
    ax2.scatter(mem[:, 0], mem[:, 1], s=sizes, c="C0", alpha=0.8)
    ax2.axhline(0, color="#ccc", lw=0.6, zorder=0)
    ax2.axvline(0, color="#ccc", lw=0.6, zorder=0)
    ax2.scatter([q[0]], [q[1]], marker="*", s=160, c="k", zorder=3)
    ax2.scatter([r[0]], [r[1]], marker="D", s=50, c="C3", zorder=3)
    ax2.set_xlim(-2.8, 2.8)
    ax2.set_ylim(-2.8, 2.8)
    ax2.set_xticks([])
    ax2.set_yticks([])
    ax2.set_aspect("equal")
    ax2.spines[:].set_visible(True)
    ax2.spines[:].set_color("#999")
    fig.tight_layout(pad=0.3, w_pad=0.8)
    # labels last: they are placed on the final layout (distances in points)
    marks = [(tuple(m), float(np.sqrt(s)) / 2) for m, s in zip(mem, sizes)]
    marks += [(tuple(q), 7.0), (tuple(r), 4.0)]
    slot = {"fontsize": 10, "color": "#444"}
    labels = [(i, str(i + 1), _angle(m, (1.0, 0.0)), slot) for i, m in enumerate(mem)]
    labels += [
        (n, "$\\mathbf{q}$", _angle(q - r, (-1.0, 1.0)), {"fontsize": 12, "color": "k"}),
        (n + 1, "$\\mathbf{r}$", _angle(r - q, (1.0, -1.0)), {"fontsize": 12, "color": "C3"}),
    ]
    place_labels(ax2, marks, labels)
    return fig


def _angle(d: object, default: tuple[float, float]) -> float:
    """Direction of the vector ``d`` in degrees, or of ``default`` if ``d`` is about 0."""
    x, y = (float(v) for v in np.asarray(d, dtype=float)[:2])
    if np.hypot(x, y) < 1e-9:
        x, y = default
    return float(np.degrees(np.arctan2(y, x)))
