"""memlib.memn2n, figures and diagrams (matplotlib).

Part of :mod:`memlib.memn2n`: import its names from there.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Circle, FancyArrowPatch, Rectangle

from memlib import _fonts, babi
from memlib._checks import as_array, check_int
from memlib._draw import arrow, box, canvas, place_labels
from memlib.memn2n._core import (
    TOY_KEYS,
    TOY_QUERY,
    TOY_VALUES,
    MemN2N,
    attention_table,
    multi_hop_read,
)

_fonts.install()  # Chinese text metrics in figures (see memlib._fonts)

_SUPERSCRIPT = str.maketrans("0123456789+()", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁽⁾")


def _sup(k: int) -> str:
    """``(k)`` in superscript characters, for plain-text labels beside Chinese."""
    return f"({k})".translate(_SUPERSCRIPT)

__all__ = [
    "IMAGES",
    "plot_hop_attention",
    "draw_key_value_attention",
    "draw_multi_hop",
    "plot_toy_hop",
]


def plot_toy_hop(
    hop: int,
    keys: object = TOY_KEYS,
    values: object = TOY_VALUES,
    query: object = TOY_QUERY,
    hops: int = 3,
    *,
    figsize: tuple[float, float] = (6.6, 2.5),
) -> Figure:
    """One hop of a 2-D multi-hop read: alpha^(k) bars and the plane.

    The plane shows keys a_n (circles, area grows with alpha_n), values c_n
    (squares), the query q^(k) (star), the read vector r^(k) (diamond) and the
    next query q^(k+1) = r^(k) + q^(k) (arrow from q^(k)).  Labels are Chinese,
    the legend names each marker (键 aₙ, 值 cₙ, 查询 q⁽ᵏ⁾, ...); the slot numbers
    of keys and values sit beside their markers where nothing else is
    (:func:`memlib._draw.place_labels`).  The default size is drawn about 1:1
    on a 700 px page (the demo frame puts its table below the figure), so the
    smallest text is 9 px.
    """
    hops = check_int(hops, "hops", low=1)
    hop = check_int(hop, "hop", low=1, high=hops)
    a = as_array(keys, "keys", ndim=2)
    c = as_array(values, "values", ndim=2)
    if a.shape[1] != 2:
        raise ValueError(f"keys must have 2 columns for a plane plot, got {a.shape[1]}")
    rec = multi_hop_read(a, c, query, hops)[hop - 1]
    q_next = rec.query + rec.read
    n = a.shape[0]
    fig = Figure(figsize=figsize)
    ax1, ax2 = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1, 1.45]})
    ax1.bar(np.arange(n), rec.alpha, 0.7, color="C0")
    ax1.set_xticks(np.arange(n), [str(i + 1) for i in range(n)])
    ax1.set_xlabel("槽位")
    ax1.set_ylim(0, 1)
    ax1.set_yticks([0, 0.5, 1], ["0", "0.5", "1"])
    ax1.set_title(f"$\\alpha^{{({hop})}}$", fontsize=11)
    key_sizes = 15 + 200 * rec.alpha
    ax2.scatter(a[:, 0], a[:, 1], s=key_sizes, c="C0", label="键 aₙ")
    ax2.scatter(c[:, 0], c[:, 1], marker="s", s=22, c="C2", label="值 cₙ")
    ax2.scatter(*rec.query, marker="*", s=110, c="k", zorder=3, label=f"查询 q{_sup(hop)}")
    ax2.scatter(*rec.read, marker="D", s=35, c="C3", zorder=3, label=f"读出 r{_sup(hop)}")
    ax2.add_patch(
        FancyArrowPatch(
            tuple(rec.query),
            tuple(q_next),
            arrowstyle="-|>",
            mutation_scale=10,
            color="#555",
            lw=1.0,
            ls="--",
        )
    )
    ax2.scatter(
        *q_next,
        marker="*",
        s=60,
        facecolors="none",
        edgecolors="k",
        zorder=3,
        label=f"下一跳查询 q{_sup(hop + 1)}",
    )
    ax2.axhline(0, color="#ccc", lw=0.6, zorder=0)
    ax2.axvline(0, color="#ccc", lw=0.6, zorder=0)
    ax2.set_aspect("equal", adjustable="datalim")
    ax2.legend(
        fontsize=9,
        frameon=False,
        loc="center left",
        bbox_to_anchor=(1.0, 0.5),
        handletextpad=0.3,
        borderaxespad=0.3,
    )
    fig.tight_layout(pad=0.3, w_pad=1.0)
    # slot numbers last, on the final layout: beside each marker, clear of the others
    marks = [(tuple(p), float(np.sqrt(s)) / 2) for p, s in zip(a, key_sizes)]
    marks += [(tuple(p), 2.6) for p in c]
    marks += [(tuple(rec.query), 6.0), (tuple(rec.read), 3.5), (tuple(q_next), 4.5)]
    labels = [(i, str(i + 1), 45.0, {"fontsize": 9, "color": "C0"}) for i in range(n)]
    labels += [(n + i, str(i + 1), 45.0, {"fontsize": 9, "color": "C2"}) for i in range(n)]
    place_labels(ax2, marks, labels, gap=1.0)
    return fig


def plot_hop_attention(model: MemN2N, story: babi.Story, question: int = -1) -> Figure:
    """Heat map of the attention of every hop over the sentences before a question.

    Rows are sentences (supporting facts marked with ★), columns hops (第 k 跳).
    """
    sentences, att, support = attention_table(model, story, question)
    n = len(sentences)
    fig = Figure(figsize=(3.2 + 0.9 * att.shape[0], 0.6 + 0.27 * max(n, 1)))
    ax = fig.subplots()
    ax.imshow(att.T, cmap="Blues", vmin=0, vmax=1, aspect="auto")
    ax.set_yticks(
        np.arange(n),
        [s + (" ★" if i in support else "") for i, s in enumerate(sentences)],
        fontsize=8,
    )
    ax.set_xticks(
        np.arange(att.shape[0]), [f"第 {k + 1} 跳" for k in range(att.shape[0])], fontsize=8
    )
    ax.xaxis.tick_top()
    ax.set_xlabel("★ 支持事实", fontsize=8)
    for k in range(att.shape[0]):
        for i in range(n):
            ax.text(
                k,
                i,
                f"{att[k, i]:.2f}",
                ha="center",
                va="center",
                fontsize=7,
                color="white" if att[k, i] > 0.6 else "black",
            )
    ax.spines[:].set_visible(False)
    ax.tick_params(length=0)
    fig.tight_layout()
    return fig


# ----------------------------------------------------------------------------- diagrams


def draw_key_value_attention() -> Figure:
    """Key-value attention: r = sum_n softmax(a_n^T q) c_n (nndl section 8.5.1).

    Keys a_1..a_N are scored against the query q, the softmax gives alpha, and
    the values c_1..c_N are averaged with these weights.  Vectors are bold,
    the matrices A and C italic, as in the text.  The canvas is the drawing:
    at 85% of a 700 px page the subscripts are 9.5 px.
    """
    fig, ax = canvas((5.85, 2.6), (0.2, 9.65), (0.35, 4.55))
    labels = ["1", "2", "\\cdots", "N"]
    for i, lab in enumerate(labels):
        x = 2.6 + i * 0.95
        for y, name, colour in ((2.9, "a", "#dbe9f6"), (0.5, "c", "#d9f0d3")):  # key, value
            ax.add_patch(Rectangle((x, y), 0.8, 0.6, fc=colour, ec="#333", lw=1.0))
            text = f"$\\mathbf{{{name}}}_{{{lab}}}$" if lab != "\\cdots" else "$\\cdots$"
            ax.text(x + 0.4, y + 0.3, text, ha="center", va="center")
        if lab != "\\cdots":
            arrow(ax, (x + 0.4, 2.9), (x + 0.4, 2.3), head=11, lw=1.1)
            ax.text(x + 0.4, 2.0, f"$\\alpha_{{{lab}}}$", ha="center", va="center")
            arrow(ax, (x + 0.4, 1.72), (x + 0.4, 1.1), head=11, lw=1.1)
    for y, word, name in ((3.2, "键", "$A$"), (0.8, "值", "$C$")):  # two texts: no CJK in math
        ax.text(1.22, y, word, ha="right", va="center")
        ax.text(1.3, y, name, ha="left", va="center")
    ax.text(1.2, 2.0, "softmax", ha="center", va="center")
    box(ax, (0.3, 3.85), 1.0, 0.5, "$\\mathbf{q}$", fc="#fde2c8", lw=1.1, rounding=0.06)
    ax.text(1.45, 4.16, "查询", ha="left", va="bottom")
    ax.plot([1.32, 6.1], [4.1, 4.1], color="#333", lw=1.1)
    for i, lab in enumerate(labels):
        if lab != "\\cdots":
            arrow(ax, (3.0 + i * 0.95, 4.1), (3.0 + i * 0.95, 3.5), head=11, lw=1.1)
    ax.text(7.45, 3.65, "打分", ha="center")
    ax.text(7.45, 3.2, "$s_n = \\mathbf{a}_n^{\\top} \\mathbf{q}$", ha="center")
    box(
        ax,
        (7.5, 0.45),
        2.05,
        0.7,
        "$\\mathbf{r}=\\sum_n \\alpha_n \\mathbf{c}_n$",
        fc="#f6d5e5",
        lw=1.1,
        rounding=0.06,
    )
    arrow(ax, (6.4, 0.8), (7.48, 0.8), head=11, lw=1.1)
    ax.text(8.52, 1.3, "读出", ha="center")
    return fig


def draw_multi_hop(hops: int = 3) -> Figure:
    """Multi-hop reading (Sukhbaatar et al., 2015, Fig. 1b; nndl section 8.5.1).

    The question q is embedded by B into the first query q^(1) = u^1 = B q;
    each hop reads r^(k) = sum_n softmax((a_n^(k))^T q^(k)) c_n^(k) from the
    memory of the sentences {x_i} and passes q^(k+1) = r^(k) + q^(k) on; after
    the last hop the answer is a_hat = softmax(W q^(K+1)).  The vectors q^(k),
    r^(k) and a_hat are bold, the question q, the sentences x_i and the
    matrices italic, as in the text.  0.6 inch per unit in both directions and
    no margins: at 95% of a 700 px page the superscripts are 8.4 px.
    """
    hops = check_int(hops, "hops", low=1, high=5)
    step = 2.1  # horizontal distance between hops
    x_b = 1.45  # the embedding box B
    width = x_b + 0.75 + step * hops + 3.97
    y_lo, y_hi = 0.3, 4.45
    fig, ax = canvas((width * 0.6, (y_hi - y_lo) * 0.6), (0.05, width), (y_lo, y_hi))
    size = 10
    style = {"lw": 1.1, "rounding": 0.06, "fontsize": size}
    # Chinese words and math are separate texts (mathtext has no CJK font)
    box(ax, (0.1, 0.4), 1.0, 0.7, "", fc="#fde2c8", **style)
    ax.text(0.6, 0.9, "问题", ha="center", va="center", fontsize=size)
    ax.text(0.6, 0.6, "$q$", ha="center", va="center", fontsize=size)
    arrow(ax, (1.12, 0.75), (x_b - 0.02, 0.75), head=11, lw=1.1)
    box(ax, (x_b, 0.45), 0.55, 0.6, "$B$", fc="#f6d5e5", lw=1.1, rounding=0.06, fontsize=11)
    centre = x_b + 1.3 + (step * (hops - 1) + 1.4) / 2  # above the middle of the hops
    ax.text(centre - 0.02, 4.12, "句子", ha="right", fontsize=size)
    ax.text(centre + 0.02, 4.12, "$\\{x_i\\}$", ha="left", fontsize=size)
    x_prev = x_b + 0.57
    for k in range(1, hops + 1):
        x = x_b + 0.75 + step * (k - 1) + 0.55
        box(ax, (x, 2.0), 1.4, 1.5, "", **style)
        ax.text(x + 0.7, 3.14, f"第 {k} 跳", ha="center", va="center", fontsize=size)
        ax.text(
            x + 0.7, 2.74, f"$A^{{({k})}},\\ C^{{({k})}}$", ha="center", va="center", fontsize=size
        )
        ax.text(
            x + 0.7, 2.34, f"$\\mathbf{{r}}^{{({k})}}$", ha="center", va="center", fontsize=size
        )
        arrow(ax, (x + 0.7, 3.95), (x + 0.7, 3.52), head=11, lw=1.1)
        # query line along the bottom: q^(k) feeds hop k and the sum node
        circle_x = x + 1.4
        arrow(ax, (x_prev, 0.75), (circle_x - 0.17, 0.75), head=11, lw=1.1)
        ax.text(
            (x_prev + x + 0.3) / 2, 0.93, f"$\\mathbf{{q}}^{{({k})}}$", ha="center", fontsize=size
        )
        arrow(ax, (x + 0.3, 0.75), (x + 0.3, 1.98), head=11, lw=1.1)
        ax.add_patch(Circle((circle_x, 0.75), 0.17, fc="white", ec="#333", lw=1.1))
        ax.text(circle_x, 0.75, "+", ha="center", va="center", fontsize=size)
        arrow(ax, (x + 1.15, 1.98), (circle_x, 0.92), head=11, lw=1.1)
        x_prev = circle_x + 0.17
    xw = x_prev + 0.55
    arrow(ax, (x_prev, 0.75), (xw - 0.02, 0.75), head=11, lw=1.1)
    ax.text(
        (x_prev + xw) / 2, 0.93, f"$\\mathbf{{q}}^{{({hops + 1})}}$", ha="center", fontsize=size
    )
    box(ax, (xw, 0.45), 0.55, 0.6, "$W$", fc="#f6d5e5", lw=1.1, rounding=0.06, fontsize=11)
    xs = xw + 0.85
    arrow(ax, (xw + 0.57, 0.75), (xs - 0.02, 0.75), head=11, lw=1.1)
    box(ax, (xs, 0.45), 1.2, 0.6, "softmax", fc="#e8e8e8", **style)
    xa = xs + 1.5
    arrow(ax, (xs + 1.22, 0.75), (xa - 0.02, 0.75), head=11, lw=1.1)
    box(ax, (xa, 0.4), 1.0, 0.7, "", fc="#fde2c8", **style)
    ax.text(xa + 0.5, 0.9, "答案", ha="center", va="center", fontsize=size)
    ax.text(xa + 0.5, 0.6, "$\\hat{\\mathbf{a}}$", ha="center", va="center", fontsize=size)
    return fig


IMAGES = {
    "key_value_attention": draw_key_value_attention,
    "memn2n_multi_hop": draw_multi_hop,
}
