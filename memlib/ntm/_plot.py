"""memlib.ntm, figures and diagrams (matplotlib).

Part of :mod:`memlib.ntm`: import its names from there.
"""

from __future__ import annotations

from collections.abc import Callable

import matplotlib
import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import PathPatch, Rectangle
from matplotlib.path import Path

from memlib import _fonts
from memlib._checks import check_int
from memlib._draw import arrow, box, phrase
from memlib.ntm._core import (
    AddressingStages,
    CopyResult,
    _check_memory,
    write,
)

_fonts.install()  # Chinese text metrics in figures (see memlib._fonts)

__all__ = [
    "IMAGES",
    "draw_ntm_structure",
    "plot_addressing",
    "plot_copy_step",
    "plot_copy_task",
    "plot_memory_write",
]


# --------------------------------------------------------------------------- figures


def draw_ntm_structure() -> Figure:
    """Structure diagram of a neural Turing machine.

    The controller takes x_t, h_{t-1} and r_{t-1}, emits h_t and, for the heads,
    the query/key q_t, the erase vector e_t and the add vector a_t; the read head
    reads r_t from the memory M_t, the write head turns M_t into M_{t+1}.
    """
    fig = Figure(figsize=(7.0, 3.3))
    ax = fig.subplots()
    # boxes with square-ish corners, grey arrows with labels above them
    boxed = {"pad": 0.06, "rounding": 0.06}
    arrowed = {"color": "#444444", "lw": 1.1, "head": 10, "label_va": "bottom"}
    # controller
    box(ax, (1.2, 0.6), 1.9, 2.4, "控制器", fc="#eef3fb", ec="#1f4e8c", **boxed)
    for y, lab in (
        (2.5, r"$\mathbf{x}_t$"),
        (1.8, r"$\mathbf{h}_{t-1}$"),
        (1.1, r"$\mathbf{r}_{t-1}$"),
    ):
        ax.text(0.0, y, lab, ha="left", va="center", fontsize=11)
        arrow(ax, (0.62, y), (1.14, y), **arrowed)
    arrow(ax, (2.15, 3.08), (2.15, 3.75), **arrowed)
    ax.text(2.15, 3.82, r"$\mathbf{h}_t$", ha="center", va="bottom", fontsize=11)
    # heads
    box(ax, (4.55, 2.15), 1.35, 0.7, "读头", fc="#e8f5e9", ec="#2e7d32", **boxed)
    box(ax, (4.55, 0.75), 1.35, 0.7, "写头", fc="#fbe3e3", ec="#c62828", **boxed)
    arrow(ax, (3.16, 2.5), (4.49, 2.5), r"$\mathbf{q}_t$", offset=(0.0, 0.05), **arrowed)
    arrow(ax, (3.16, 1.1), (4.49, 1.1), **arrowed)
    # one text per symbol: a single mathtext would list its glyphs by font, "qeattt"
    phrase(
        ax,
        (r"$\mathbf{q}_t$,", r"$\mathbf{e}_t$,", r"$\mathbf{a}_t$"),
        ((3.16 + 4.49) / 2, 1.15),
        transform=ax.transData,
    )
    # memory grid
    n_rows, n_cols, x0, y0, cw, ch = 6, 5, 7.5, 0.55, 0.34, 0.4
    shades = np.linspace(0.15, 0.75, n_rows * n_cols).reshape(n_rows, n_cols)
    shades = np.roll(shades, 3, axis=1)
    cmap = matplotlib.colormaps["Blues"]
    for i in range(n_rows):
        for j in range(n_cols):
            ax.add_patch(
                Rectangle(
                    (x0 + j * cw, y0 + (n_rows - 1 - i) * ch),
                    cw,
                    ch,
                    fc=cmap(shades[i, j] * 0.7),
                    ec="white",
                    lw=1,
                )
            )
    phrase(
        ax,
        ("外部记忆", r"$M_t$"),
        (x0 + n_cols * cw / 2, y0 + n_rows * ch + 0.12),
        transform=ax.transData,
    )
    ax.text(
        x0 + n_cols * cw + 0.1,
        y0 + (n_rows - 0.5) * ch,
        r"$\mathbf{m}_{1}$",
        ha="left",
        va="center",
        fontsize=9,
    )
    ax.text(
        x0 + n_cols * cw + 0.1,
        y0 + 0.5 * ch,
        r"$\mathbf{m}_{N}$",
        ha="left",
        va="center",
        fontsize=9,
    )
    # memory -> read head -> r_t ; write head -> memory
    arrow(ax, (7.44, 2.5), (5.96, 2.5), "读", offset=(0.0, 0.05), **arrowed)
    arrow(ax, (5.225, 2.91), (5.225, 3.75), **arrowed)
    ax.text(5.225, 3.82, r"$\mathbf{r}_t$", ha="center", va="bottom", fontsize=11)
    arrow(ax, (5.96, 1.1), (7.44, 1.1), "删除、增加", offset=(0.0, 0.05), **arrowed)
    phrase(
        ax,
        (r"$M_t$", "→", r"$M_{t+1}$"),
        (x0 + n_cols * cw / 2, y0 - 0.12),
        loc="upper center",
        transform=ax.transData,
    )
    ax.set_xlim(-0.1, 9.6)
    ax.set_ylim(-0.2, 4.3)
    ax.set_aspect("equal")
    ax.axis("off")
    return fig


#: Diagrams for ``images/`` (see :mod:`memlib.images`).
IMAGES: dict[str, Callable[[], Figure]] = {"ntm_structure": draw_ntm_structure}


def _heat(
    ax,
    a: np.ndarray,
    title: str,
    vmin: float,
    vmax: float,
    numbers: bool | np.ndarray = True,
    cmap: str = "viridis",
) -> None:
    """Heatmap of ``a``; ``numbers`` (a bool or a boolean mask like ``a``) says where
    to print the values."""
    ax.imshow(a, vmin=vmin, vmax=vmax, cmap=cmap, aspect="auto", interpolation="nearest")
    show = np.broadcast_to(np.asarray(numbers, dtype=bool), a.shape)
    if show.any():
        mid = (vmin + vmax) / 2
        for (i, j), v in np.ndenumerate(a):
            if not show[i, j]:
                continue
            ax.text(
                j,
                i,
                f"{v:.2f}",
                ha="center",
                va="center",
                fontsize=7,
                color="black" if v > mid else "white",
            )
    ax.set_title(title, fontsize=10)
    ax.set_xticks([])
    ax.set_yticks([])
    for side in ax.spines.values():
        side.set_visible(False)


def plot_memory_write(memory: object, w: object, erase: object, add: object) -> Figure:
    """Memory heatmaps before a write, after the erase (3) and after the add (4).

    Left: the write weighting (nndl's alpha, one value per slot).  Above the
    erase and add panels: the vectors e and a.  The panels are labelled under
    them, in Chinese: before the write (M_t), after the erase, after the add
    (M_{t+1}).  The "after erase" panel prints only the values the erase changed
    (the others are those of M_t).
    """
    memory = _check_memory(memory)
    erased = write(memory, w, erase, np.zeros(memory.shape[1]))
    after = write(memory, w, erase, add)
    w = np.asarray(w, float)
    e = np.asarray(erase, float)
    a = np.asarray(add, float)
    n, m = memory.shape
    lo = min(0.0, float(memory.min()), float(after.min()), float(a.min()))
    hi = max(1.0, float(memory.max()), float(after.max()), float(a.max()))
    fig = Figure(figsize=(6.0, 0.3 * n + 1.2))
    grid = fig.add_gridspec(
        2, 4, width_ratios=[1.2, m, m, m], height_ratios=[1, n], wspace=0.1, hspace=0.3
    )
    ax_w = fig.add_subplot(grid[1, 0])
    _heat(ax_w, w[:, None], "", 0.0, 1.0)
    ax_w.set_xlabel(r"$\alpha$", fontsize=10)
    ax_w.set_yticks(range(n))
    ax_w.set_yticklabels([str(i + 1) for i in range(n)], fontsize=7)
    ax_w.tick_params(length=0)
    panels = (
        (memory, ("写之前", r"$M_t$"), True),
        (erased, ("删除之后",), erased != memory),
        (after, ("增加之后", r"$M_{t+1}$"), True),
    )
    for k, (data, label, numbers) in enumerate(panels):
        ax = fig.add_subplot(grid[1, k + 1])
        _heat(ax, data, "", lo, hi, numbers=numbers)
        phrase(ax, label, (0.5, 0.0), loc="upper center", gap=4)
    for col, vector, words, symbol, vmin, vmax in (
        (2, e, "删除向量", r"$\mathbf{e}$", 0.0, 1.0),
        (3, a, "增加向量", r"$\mathbf{a}$", lo, hi),
    ):
        ax = fig.add_subplot(grid[0, col])
        _heat(ax, vector[None, :], "", vmin, vmax)
        phrase(ax, (words, symbol), (0.5, 1.0), gap=3)
    return fig


#: Panel titles of :func:`plot_addressing`: the stage's name and its symbol.
_STAGE_TITLES = (
    ("内容寻址", r"$\alpha^c$"),
    ("插值", r"$\alpha^g$"),
    ("循环移位", r"$\tilde\alpha$"),
    ("锐化", r"$\alpha$"),
)


def _bars(ax, x: np.ndarray, heights: np.ndarray, width: float, colour: str) -> None:
    """A bar chart drawn as one compound path (one SVG element instead of one per bar)."""
    verts, codes = [(0.0, 0.0)], [Path.MOVETO]
    for xi, hi in zip(x, heights, strict=True):
        left, right = xi - width / 2, xi + width / 2
        verts += [(left, 0.0), (right, 0.0), (right, hi), (left, hi), (left, 0.0)]
        codes += [Path.MOVETO, Path.LINETO, Path.LINETO, Path.LINETO, Path.CLOSEPOLY]
    ax.add_patch(PathPatch(Path(verts, codes), fc=colour, ec="none"))


def plot_addressing(stages: AddressingStages) -> Figure:
    """Bar plots of the four addressing stages (content, gated, shifted, sharpened).

    The previous weighting is drawn dashed in the gated panel.  Titles name the
    stage in Chinese with the nndl notation alpha (Graves et al.'s w).
    """
    if not isinstance(stages, AddressingStages):
        raise TypeError(f"stages must be AddressingStages, got {type(stages).__name__}")
    data = stages.as_array()
    n = data.shape[1]
    slots = np.arange(1, n + 1)
    fig = Figure(figsize=(6.4, 2.1))
    axes = fig.subplots(1, 4, sharey=True)
    colours = ("#4c72b0", "#8172b2", "#dd8452", "#c44e52")
    for k, ax in enumerate(axes):
        _bars(ax, slots, data[k], 0.75, colours[k])
        if k == 1:
            ax.step(slots, stages.w_prev, where="mid", color="#444444", lw=1.0, ls="--")
        phrase(ax, _STAGE_TITLES[k], (0.5, 1.0), gap=4)
        ax.set_xlim(0.4, n + 0.6)
        ax.set_xticks(slots if n <= 8 else slots[::2])
        ax.tick_params(axis="x", labelsize=9, bottom=False, pad=2)
        ax.tick_params(axis="y", labelsize=9, length=2, left=k == 0)
        ax.set_ylim(0, 1.02)
        ax.set_yticks([0, 0.5, 1])
    fig.subplots_adjust(left=0.065, right=0.995, bottom=0.12, top=0.87, wspace=0.08)
    return fig


def plot_copy_task(result: CopyResult) -> Figure:
    """Summary of a copy-task run.

    Top: input sequence, output (bits x time) and their difference (marked
    "全为 0", all 0, when the copy is exact).  Bottom: the write and read weightings over
    all 2T steps (slot x time) and the final memory.
    """
    if not isinstance(result, CopyResult):
        raise TypeError(f"result must be a CopyResult, got {type(result).__name__}")
    t_len, width = result.bits.shape
    n = result.w_read.shape[1]
    fig = Figure(figsize=(6.8, 3.6))
    axes = fig.subplots(2, 3, gridspec_kw=dict(height_ratios=[width, n], hspace=0.75, wspace=0.3))
    kw = dict(cmap="Greys", vmin=0, vmax=1, aspect="auto", interpolation="nearest")
    axes[0, 0].imshow(result.bits.T, **kw)
    axes[0, 0].set_title("输入", fontsize=9)
    axes[0, 1].imshow(result.outputs.T, **kw)
    axes[0, 1].set_title("输出", fontsize=9)
    axes[0, 2].imshow(
        np.abs(result.outputs - result.bits).T,
        cmap="Reds",
        vmin=0,
        vmax=1,
        aspect="auto",
        interpolation="nearest",
    )
    axes[0, 2].set_title("|输出 − 输入|", fontsize=9)
    if result.correct:  # an all-white panel would look broken: say why it is empty
        axes[0, 2].text(
            (t_len - 1) / 2,
            (width - 1) / 2,
            "全为 0",
            ha="center",
            va="center",
            fontsize=9,
            color="#c62828",
        )
    for ax in axes[0]:
        ax.set_xticks(range(t_len))
        ax.set_xticklabels(range(1, t_len + 1), fontsize=7)
        ax.set_yticks([])
        ax.set_xlabel("时刻 t", fontsize=8)
    kw = dict(cmap="viridis", vmin=0, vmax=1, aspect="auto", interpolation="nearest")
    axes[1, 0].imshow(result.w_write.T, **kw)
    axes[1, 0].set_title("写头的注意力", fontsize=9)
    axes[1, 1].imshow(result.w_read.T, **kw)
    axes[1, 1].set_title("读头的注意力", fontsize=9)
    for ax in axes[1, :2]:
        ax.axvline(t_len - 0.5, color="white", lw=1, ls="--")
        ax.set_xticks(range(0, 2 * t_len, max(1, t_len // 3)))
        ax.set_xticklabels(
            [str(i + 1) for i in range(0, 2 * t_len, max(1, t_len // 3))], fontsize=7
        )
        ax.set_yticks(range(n))
        ax.set_yticklabels([str(i + 1) for i in range(n)], fontsize=6)
        ax.set_xlabel("时刻 t", fontsize=8)
    axes[1, 0].set_ylabel("格", fontsize=8)
    axes[1, 2].imshow(
        result.memories[-1], cmap="Blues", vmin=0, vmax=1, aspect="auto", interpolation="nearest"
    )
    axes[1, 2].set_title("最终的记忆", fontsize=9)
    axes[1, 2].set_xticks([width - 0.5], labels=[""])
    axes[1, 2].axvline(width - 0.5, color="#d62728", lw=1)
    axes[1, 2].set_yticks([])
    axes[1, 2].set_xlabel("数据位 | 起点、正文", fontsize=8)
    return fig


def plot_copy_step(result: CopyResult, t: int) -> Figure:
    """One step of a copy-task run: memory after step t and both heads' weightings.

    ``t`` runs from 1 to 2T.  Top: all inputs (step t framed) and the outputs
    read so far.  Bottom: the write weighting, the memory after step t and the
    read weighting.
    """
    if not isinstance(result, CopyResult):
        raise TypeError(f"result must be a CopyResult, got {type(result).__name__}")
    t = check_int(t, "t", low=1, high=2 * result.length)
    t_len, width = result.bits.shape
    memory = result.memories[t]
    n, m = memory.shape
    fig = Figure(figsize=(6.4, 0.2 * n + 0.2 * width + 1.2))
    grid = fig.add_gridspec(
        2,
        4,
        width_ratios=[1, 1, m, 1],
        height_ratios=[width + 1, n],
        wspace=0.15,
        hspace=0.3,
    )
    top = grid[0, :].subgridspec(1, 2, width_ratios=[2 * t_len, t_len], wspace=0.15)
    ax_in = fig.add_subplot(top[0])
    ax_in.imshow(
        result.inputs.T, cmap="Greys", vmin=0, vmax=1, aspect="auto", interpolation="nearest"
    )
    # a light outline like the output panel's, so the current-time box sits in a frame
    ax_in.add_patch(Rectangle((-0.5, -0.5), 2 * t_len, width + 1, fc="none", ec="#999999", lw=0.8))
    ax_in.add_patch(Rectangle((t - 1.5, -0.5), 1, width + 1, fc="none", ec="#d62728", lw=2))
    ax_in.set_title("输入（数据位、分隔符）", fontsize=9)
    ax_out = fig.add_subplot(top[1])
    shown = np.full((width, t_len), np.nan)
    n_out = max(0, t - t_len)
    shown[:, :n_out] = result.outputs[:n_out].T
    ax_out.imshow(shown, cmap="Greys", vmin=0, vmax=1, aspect="auto", interpolation="nearest")
    ax_out.add_patch(Rectangle((-0.5, -0.5), t_len, width, fc="none", ec="#999999", lw=0.8))
    ax_out.set_title("目前的输出", fontsize=9)
    for ax in (ax_in, ax_out):
        ax.set_xticks([])
        ax.set_yticks([])
        for side in ax.spines.values():
            side.set_visible(False)
    ax_ww = fig.add_subplot(grid[1, 1])
    _heat(ax_ww, result.w_write[t - 1][:, None], "", 0, 1, numbers=False)
    ax_ww.set_xlabel("写头的\n注意力", fontsize=9)
    ax_m = fig.add_subplot(grid[1, 2])
    _heat(ax_m, memory, "", 0, 1, numbers=False, cmap="Blues")
    ax_m.axvline(width - 0.5, color="#d62728", lw=1)
    ax_m.set_xlabel("记忆（数据位 | 起点、正文）", fontsize=9)
    ax_wr = fig.add_subplot(grid[1, 3])
    _heat(ax_wr, result.w_read[t - 1][:, None], "", 0, 1, numbers=False)
    ax_wr.set_xlabel("读头的\n注意力", fontsize=9)
    ax_ww.set_yticks(range(n))
    ax_ww.set_yticklabels([str(i + 1) for i in range(n)], fontsize=6)
    ax_ww.tick_params(length=0)
    phase = "写入" if t <= t_len else ("跳回起点" if t == t_len + 1 else "读出")
    fig.suptitle(f"时刻 {t} / {2 * t_len}：{phase}", fontsize=10)
    return fig
