"""memlib.memory, figures and diagrams (matplotlib).

Part of :mod:`memlib.memory`: import its names from there.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch, Rectangle

from memlib import _fonts
from memlib._checks import as_array
from memlib._draw import arrow, box, canvas
from memlib.memory._core import (
    content_lookup,
    leaky_trace,
)

#: Names of the similarity kinds shown under the lookup figure.
_KIND_LABELS = {"cosine": "余弦相似度", "dot": "点积", "neg_distance": "负欧氏距离"}

_fonts.install()  # Chinese text metrics in figures (see memlib._fonts)

__all__ = [
    "draw_book_map",
    "draw_memory_analogy",
    "plot_lookup",
    "plot_timescales",
]


def plot_lookup(
    memory: object, names: Sequence[str], cue: object, kind: str = "cosine"
) -> Figure:
    """Figure: the cue, the stored glyphs with their similarity, and the winner.

    ``names`` are the labels shown above the items (the book passes the
    Chinese names of :data:`GLYPH_LABELS`).
    """
    memory = as_array(memory, "memory", ndim=2)
    side = int(round(np.sqrt(memory.shape[1])))
    if side * side != memory.shape[1]:
        raise ValueError("memory rows must be square images to plot them")
    result = content_lookup(memory, cue, kind)
    n = memory.shape[0]
    if len(names) != n:
        raise ValueError(f"names must name the {n} rows of memory, got {len(names)} names")
    fig = Figure(figsize=(1.3 * (n + 1), 2.0))
    axes = fig.subplots(1, n + 1, gridspec_kw={"wspace": 0.25})
    images = [np.asarray(cue, dtype=float)] + list(memory)
    titles = ["线索 q"] + [f"{name} {s:.2f}" for name, s in zip(names, result.scores)]
    for i, (ax, img, title) in enumerate(zip(axes, images, titles)):
        ax.imshow(img.reshape(side, side), cmap="Greys", vmin=0, vmax=1)
        ax.set_xticks([])
        ax.set_yticks([])
        winner = i - 1 == result.index
        ax.set_title(title, fontsize=11, color="#c0392b" if winner else "black")
        for spine in ax.spines.values():
            spine.set_visible(True)
            spine.set_color("#c0392b" if winner else "#999999")
            spine.set_linewidth(2.5 if winner else 0.8)
    axes[1].set_xlabel(f"s：{_KIND_LABELS[kind]}", fontsize=10)
    return fig


def plot_timescales(
    stream: object, fast_rate: float, slow_rate: float
) -> Figure:
    """Figure: one input stream, a fast hidden state and a slow weight."""
    stream = as_array(stream, "stream", ndim=1)
    fast = leaky_trace(stream, fast_rate)
    slow = leaky_trace(stream, slow_rate)
    t = np.arange(stream.size + 1)
    fig = Figure(figsize=(7, 3))
    ax = fig.subplots()
    # Chinese and $math$ cannot share a text: symbols in plain Unicode (xₜ = x_t)
    ax.step(t[1:], stream, where="post", color="#bbbbbb", lw=1.2, label="输入 xₜ")
    ax.plot(t, fast, color="#2471a3", lw=1.6, label=f"隐状态 hₜ（λ = {fast_rate:g}）")
    ax.plot(t, slow, color="#c0392b", lw=2.0, label=f"权重 wₜ（η = {slow_rate:g}）")
    ax.set_xlabel("时间步 t")
    ax.set_ylabel("取值")
    ax.set_ylim(-0.05, 1.15)
    ax.legend(loc="upper right", fontsize=8, ncol=3, frameon=False)
    return fig


def draw_memory_analogy() -> Figure:
    """Diagram: register (LSTM cell) and RAM (external memory) next to a controller.

    Vectors are bold (c_t, h_t, m_n, q_w, a, r, q_r), matrices and functions
    italic (M, W, R), as in the text.  The canvas is cropped to the drawing, so
    at 85% of a 700 px page its smallest text (the subscripts) is about 9.7 px.
    """
    fig, ax = canvas((5.7, 2.35), (0.4, 8.7), (0.25, 3.95))
    box = dict(boxstyle="round,pad=0.4", fc="#eaf2f8", ec="#2471a3")
    ax.text(1.6, 2.0, "控制器\n（RNN / LSTM）", ha="center", va="center", bbox=box)
    # a Chinese word and $math$ cannot share a text: the register's label is two texts
    # in one box, the word left of the centre line and the symbols right of it
    ax.add_patch(
        FancyBboxPatch(
            (0.6, 0.45), 2.0, 0.3, boxstyle="round,pad=0.08", fc="#fdebd0", ec="#ca6f1e"
        )
    )
    ax.text(1.58, 0.6, "寄存器", ha="right", va="center", fontsize=10)
    ax.text(1.68, 0.6, r"$\mathbf{c}_t$, $\mathbf{h}_t$", ha="left", va="center", fontsize=10)
    ax.annotate(
        "", xy=(1.6, 0.9), xytext=(1.6, 1.45), arrowprops=dict(arrowstyle="<->", color="#ca6f1e")
    )
    for n in range(6):
        ax.add_patch(Rectangle((6.0, 0.4 + 0.5 * n), 2.6, 0.45, fc="#fef9e7", ec="#7d6608"))
        ax.text(
            7.3, 0.62 + 0.5 * n, f"$\\mathbf{{m}}_{n + 1}$", ha="center", va="center", fontsize=10
        )
    ax.text(7.3, 3.65, "外部记忆 M（RAM）", ha="center", fontsize=10)
    ax.annotate("", xy=(5.9, 2.3), xytext=(2.9, 2.3), arrowprops=dict(arrowstyle="->"))
    ax.annotate("", xy=(2.9, 1.7), xytext=(5.9, 1.7), arrowprops=dict(arrowstyle="->"))
    # each arrow: its operation in words next to the formula
    ax.text(4.4, 2.75, "写操作", ha="center", fontsize=10)
    ax.text(4.4, 2.42, r"$W(M, \mathbf{q}_w, \mathbf{a})$", ha="center", fontsize=10)
    ax.text(4.4, 1.35, r"$\mathbf{r} = R(M, \mathbf{q}_r)$", ha="center", fontsize=10)
    ax.text(4.4, 1.02, "读操作", ha="center", fontsize=10)
    return fig


def draw_book_map() -> Figure:
    """Diagram: how sections 8.4-8.6 build on each other (the book's map).

    The canvas is the drawing (no margins), so the text is 12 px at 95% of a
    700 px page.
    """
    fig, ax = canvas((6.7, 2.63), (-0.02, 11.0), (0.22, 4.6))
    blue, green, orange = "#dbe9f6", "#d9f0d3", "#fdebd0"
    kw = {"fontsize": 9}
    box(ax, (0.05, 1.75), 2.55, 1.4, "8.4 人脑中的记忆\n\n长期、短期、\n工作与联想记忆",
        fc="#eeeeee", **kw)
    box(ax, (3.5, 3.0), 3.0, 1.4, "8.5 记忆增强神经网络\n\n控制器 + 外部记忆 M，\n"
        "用注意力读取", fc=blue, **kw)
    box(ax, (7.5, 3.55), 3.4, 0.95, "8.5.1 端到端记忆网络\n键值对记忆、多跳读取", fc=blue, **kw)
    box(ax, (7.5, 2.35), 3.4, 0.95, "8.5.2 神经图灵机\n删除与增加、寻址", fc=blue, **kw)
    box(ax, (3.5, 0.3), 3.0, 1.4, "8.6 Hopfield 网络\n\n记忆存进权重，\n靠动力学回想",
        fc=green, **kw)
    box(ax, (7.5, 0.45), 3.4, 1.1, "超出原书\n存储容量、现代 Hopfield 网络", fc=orange, **kw)
    arrow(ax, (2.65, 2.85), (3.45, 3.55), "工作记忆", offset=(-0.5, 0.3), fontsize=9)
    arrow(ax, (2.65, 2.05), (3.45, 1.2), "联想记忆", offset=(-0.55, -0.3), fontsize=9)
    arrow(ax, (6.55, 3.95), (7.45, 4.0))
    arrow(ax, (6.55, 3.4), (7.45, 2.85))
    arrow(ax, (6.55, 1.0), (7.45, 1.0))
    arrow(ax, (7.45, 1.45), (5.6, 2.95), "现代 Hopfield\n= 注意力", offset=(-0.95, -0.08),
          fontsize=9, ls="--")
    return fig


IMAGES = {"memory_register_ram": draw_memory_analogy, "book_map": draw_book_map}
