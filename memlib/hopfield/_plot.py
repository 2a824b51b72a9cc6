"""memlib.hopfield, figures and diagrams (matplotlib).

Part of :mod:`memlib.hopfield`: import its names from there.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from itertools import combinations

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Circle, FancyArrowPatch

from memlib import _fonts
from memlib._checks import as_array, check_int
from memlib.hopfield._core import (
    FRUIT_FEATURES,
    LETTER_SHAPE,
    ErrorCurve,
    LetterRecall,
    ModernRetrieval,
    PhaseDemo,
    StateGraph,
    _as_states,
    _states_to_codes,
    letter_patterns,
    one_step_error_theory,
    orange_apple_network,
    overlaps,
)

_fonts.install()  # Chinese text metrics in figures (see memlib._fonts)

__all__ = [
    "plot_bitmaps",
    "plot_capacity",
    "plot_chaos",
    "draw_four_neurons",
    "plot_letter_recall",
    "plot_modern_retrieval",
    "draw_orange_apple",
    "plot_state_graph",
    "plot_three_phases",
]


_BLUE, _ORANGE, _GREEN, _RED, _GREY = "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#888888"
_LIGHT_GREY = "#bbbbbb"


def _state_label(s: np.ndarray, sep: str = "") -> str:
    """'+-+' for a state; a real minus sign (U+2212), so the signs are equally wide."""
    return sep.join("+" if v > 0 else ("\u2212" if v < 0 else "0") for v in s)


_SUBSCRIPT_DIGITS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
#: Chinese names of the orange/apple features (FRUIT_FEATURES), as in the book's table.
_FEATURE_NAMES = {"shape": "外形", "texture": "质地", "weight": "重量"}


def _subscripted(name: str, k: int) -> str:
    """'s₁₂': a symbol with a Unicode subscript, for labels that also hold Chinese.

    matplotlib's mathtext has no font fallback, so one text cannot mix
    Chinese with ``$s_{12}$``; Unicode subscript digits are plain text.
    """
    return f"{name}{str(k).translate(_SUBSCRIPT_DIGITS)}"


def _fmt(v: float) -> str:
    v = float(v)
    return str(int(v)) if v == int(v) else f"{v:g}"


def plot_three_phases(demo: PhaseDemo) -> Figure:
    """Figure: the three phase pictures, state space (top) and time (bottom).

    (a) stable: overlaps (m1, m2) of a settling discrete network, and its
    energy E (left axis) with the overlap m1 (right axis); (b) limit cycle:
    the two-neuron synchronous 2-cycle, with s_1(t) and s_2(t) drawn at their
    true values on two small stacked axes; (c) chaos: two coordinates of the
    tanh map at steps 20..219 (dots), and x_1(t) from two starts 1e-8 apart
    along e_1.
    """
    if not isinstance(demo, PhaseDemo):
        raise TypeError(f"demo must be a PhaseDemo, got {type(demo).__name__}")
    # Drawn near the page width (about 7 in), so that its text is not scaled down.
    fig = Figure(figsize=(7.2, 5.4), layout="constrained")
    fig.get_layout_engine().set(wspace=0.04)
    gs = fig.add_gridspec(2, 3, width_ratios=[0.95, 0.8, 1.3])  # (c) needs room for its legend
    # (a) stable
    m = overlaps(demo.patterns, demo.settle.states)
    a = fig.add_subplot(gs[0, 0])
    a.plot(m[:, 0], m[:, 1], "-", color=_BLUE, lw=1)
    a.plot(m[0, 0], m[0, 1], "o", color=_GREY, label="初态")
    a.plot(m[-1, 0], m[-1, 1], "*", color=_RED, ms=12, label="吸引子")
    a.set(xlabel="$m_1$", ylabel="$m_2$", title="(a) 稳定", xlim=(-1.05, 1.05), ylim=(-1.05, 1.05))
    a.legend(loc="lower left", fontsize=8)
    b = fig.add_subplot(gs[1, 0])
    b.plot(demo.settle.energies, color=_BLUE)
    b.set_xlabel("单神经元更新次数 t")
    b.set_ylabel("能量 E", color=_BLUE)
    b2 = b.twinx()
    b2.plot(m[:, 0], color=_ORANGE)
    b2.set_ylabel("$m_1$", color=_ORANGE, labelpad=2)
    b2.spines["right"].set_visible(True)
    b2.set_ylim(-1.05, 1.05)
    # (b) limit cycle
    c = fig.add_subplot(gs[0, 1])
    s = demo.cycle.states
    for t in range(len(s) - 1):
        c.add_patch(
            FancyArrowPatch(
                s[t],
                s[t + 1],
                arrowstyle="-|>",
                mutation_scale=14,
                color=_BLUE,
                connectionstyle=f"arc3,rad={0.3}",
            )
        )
    grid = np.array([[1, 1], [1, -1], [-1, 1], [-1, -1]])
    c.plot(grid[:, 0], grid[:, 1], "o", color=_GREY)
    c.plot(s[:-1, 0], s[:-1, 1], "o", color=_BLUE, ms=9)
    c.set(
        xlabel="$s_1$",
        ylabel="$s_2$",
        title="(b) 极限环",
        xlim=(-1.6, 1.6),
        ylim=(-1.6, 1.6),
        xticks=[-1, 1],
        yticks=[-1, 1],
    )
    reps = np.vstack([s[:-1]] * 4)
    t = np.arange(len(reps))
    d1, d2 = gs[1, 1].subgridspec(2, 1, hspace=0.05).subplots(sharex=True)
    for k, (d, colour) in enumerate(((d1, _BLUE), (d2, _ORANGE))):
        d.step(t, reps[:, k], where="post", color=colour)
        d.plot(t, reps[:, k], "o", color=colour, ms=4)
        d.set(ylabel=f"$s_{k + 1}$", yticks=[-1, 1], ylim=(-1.4, 1.4))
    d1.tick_params(labelbottom=False)
    d2.set_xlabel("同步更新次数 t")
    # (c) chaos
    e = fig.add_subplot(gs[0, 2])
    e.plot(demo.chaos[20:220, 0], demo.chaos[20:220, 1], ".", color=_BLUE, ms=3)
    e.set(xlabel="$x_1$", ylabel="$x_2$", title=f"(c) 混沌：tanh 映射，g = {demo.gain:g}")
    f = fig.add_subplot(gs[1, 2])
    # Plain Unicode labels: mathtext writes all italic letters of a label as one
    # run of SVG glyphs ("xtxxe"), which reads as a word to text checks.
    f.plot(demo.chaos[:120, 0], color=_BLUE, lw=1, label="x₁(t)")
    f.plot(
        demo.chaos_near[:120, 0],
        color=_RED,
        lw=1,
        ls="--",
        label="x₁′(t)：从 x(0) + 10⁻⁸e₁ 出发",
    )
    f.set(xlabel="时间步 t", ylabel="$x_1$", ylim=(-1.1, 2.0), yticks=[-1, 0, 1])
    f.legend(loc="upper center", fontsize=8, frameon=False, borderaxespad=0.2, handlelength=1.6)
    return fig


def plot_chaos(demo: PhaseDemo) -> Figure:
    """Figure: distance between the two chaotic trajectories (log scale) vs time."""
    if not isinstance(demo, PhaseDemo):
        raise TypeError(f"demo must be a PhaseDemo, got {type(demo).__name__}")
    dist = np.linalg.norm(demo.chaos - demo.chaos_near, axis=1)
    fig = Figure(figsize=(5.5, 3.0), layout="constrained")
    ax = fig.subplots()
    t = np.arange(len(dist))
    ax.semilogy(t, dist, color=_BLUE, label="‖x(t) − x′(t)‖")  # plain text, see plot_three_phases
    ax.semilogy(
        t,
        1e-8 * np.exp(demo.lyapunov * t),
        color=_GREY,
        ls="--",
        label=rf"$10^{{-8}} e^{{\lambda t}}$, $\lambda$={demo.lyapunov:.2f}",
    )
    ax.set(xlabel="时间步 t", ylabel="两条轨迹的距离", ylim=(1e-9, 1e2))
    ax.legend(fontsize=8)
    return fig


def plot_state_graph(graph: StateGraph, highlight: object | None = None) -> Figure:
    """Figure: every state of a small network by energy, with asynchronous moves.

    y: energy.  x: each attractor (star) has a column; every other state sits
    at the mean column of the attractors it can reach, so a state that can
    fall into two valleys lies between them (open circle).  States sharing a
    spot are spread sideways.  Arrows are the single-neuron flips an
    asynchronous update can make; colours mark the attractor reached with the
    order 0..N-1.  ``highlight`` (K, N): states ringed in black (e.g. the
    stored patterns).
    """
    if not isinstance(graph, StateGraph):
        raise TypeError(f"graph must be a StateGraph, got {type(graph).__name__}")
    s, e = graph.states, graph.energies
    n_att = len(graph.attractors)
    reach = graph.reach.astype(float)
    count = reach.sum(axis=1)
    centre = np.where(count > 0, reach @ np.arange(n_att) / np.maximum(count, 1), -1.0)
    xpos = centre.copy()
    keys = np.round(np.stack([e, centre], axis=1), 9)
    _, group = np.unique(keys, axis=0, return_inverse=True)
    group = group.ravel()
    for g in np.unique(group):
        idx = np.flatnonzero(group == g)
        if len(idx) > 1:
            xpos[idx] += np.linspace(-0.3, 0.3, len(idx))
    fig = Figure(figsize=(7.5, 4.6), layout="constrained")
    ax = fig.subplots()
    ax.tick_params(labelsize=11)
    palette = [_BLUE, _ORANGE, _GREEN, _RED, "#9467bd", "#8c564b", "#e377c2", "#17becf"]
    colours = [palette[b % len(palette)] if b >= 0 else _GREY for b in graph.basin]
    for src, dst, _ in graph.edges:
        ax.add_patch(
            FancyArrowPatch(
                (xpos[src], e[src]),
                (xpos[dst], e[dst]),
                arrowstyle="-|>",
                mutation_scale=9,
                color=colours[src],
                alpha=0.4,
                lw=0.9,
                shrinkA=5,
                shrinkB=5,
            )
        )
    amb = graph.ambiguous
    ax.scatter(xpos[~amb], e[~amb], c=[c for c, a in zip(colours, amb) if not a], s=36, zorder=3)
    ax.scatter(
        xpos[amb],
        e[amb],
        facecolors="white",
        edgecolors=[c for c, a in zip(colours, amb) if a],
        s=36,
        linewidths=1.3,
        zorder=3,
    )
    att = graph.attractors
    ax.scatter(
        xpos[att],
        e[att],
        c=[colours[a] for a in att],
        marker="*",
        s=240,
        zorder=4,
        edgecolors="k",
        linewidths=0.6,
    )
    if highlight is not None:
        hs = as_array(highlight, "highlight", ndim=2)
        codes = _states_to_codes(hs, "bipolar" if s.min() < 0 else "binary")
        ax.scatter(
            xpos[codes],
            e[codes],
            s=420,
            facecolors="none",
            edgecolors="k",
            zorder=5,
            linewidths=1.0,
        )
    ax.set_xticks(
        np.arange(n_att),
        [_state_label(s[a], sep=" ") for a in att],
        family="monospace",
        fontsize=13,
        fontweight="bold",
    )
    first, last = _subscripted("s", 1), _subscripted("s", s.shape[1])
    ax.set_xlabel(f"吸引子（{first}, …, {last} 的符号）", fontsize=12)
    ax.set_ylabel("能量 E", fontsize=12)
    ax.set_xlim(-0.6, n_att - 0.4)
    return fig


def plot_capacity(curve: ErrorCurve) -> Figure:
    """Figure: measured one-step error rate vs P/N with the Gaussian theory.

    Marks alpha = 0.138 (Amit, Gutfreund & Sompolinsky 1985) and McEliece et
    al.'s P = N / (2 ln N).
    """
    if not isinstance(curve, ErrorCurve):
        raise TypeError(f"curve must be an ErrorCurve, got {type(curve).__name__}")
    n = curve.n_neurons
    fig = Figure(figsize=(6.4, 3.6), layout="constrained")
    ax = fig.subplots()
    p = np.linspace(1, curve.n_patterns.max(), 300)
    ax.semilogy(p / n, one_step_error_theory(n, p), color=_GREY, label="理论值")
    ax.semilogy(
        p / n,
        one_step_error_theory(n, p, zero_diagonal=True),
        color=_GREY,
        ls=":",
        label="理论值（wᵢᵢ = 0 修正）",
    )
    ok = curve.error_rate > 0
    ax.semilogy(curve.load[ok], curve.error_rate[ok], "o", ms=4, color=_BLUE, label="实测")
    ax.axvline(0.138, color=_RED, ls="--", lw=1)
    ax.text(0.138, 0.2, r" $\alpha_c=0.138$", color=_RED, fontsize=8)
    mc = 1 / (2 * math.log(n))
    ax.axvline(mc, color=_GREEN, ls="--", lw=1)
    ax.text(mc, 0.2, r"$1/(2\ln N)$ ", color=_GREEN, fontsize=8, ha="right")
    ax.set(
        xlabel="负载 α = P/N",
        ylabel="单步误码率",
        ylim=(1e-5, 0.5),
        title=f"N = {n}",
    )
    ax.legend(fontsize=8, loc="lower right")
    return fig


def _bitmap(ax, v: np.ndarray, colour: str | None = None, width: float = 2) -> None:
    """A bitmap in ``ax``; ``colour``: a frame of that colour and line ``width``."""
    ax.imshow(np.asarray(v).reshape(LETTER_SHAPE), cmap="Greys", vmin=-1, vmax=1)
    ax.set_xticks([])
    ax.set_yticks([])
    if colour is not None:
        for sp in ax.spines.values():
            sp.set_visible(True)
            sp.set_color(colour)
            sp.set_linewidth(width)


def plot_letter_recall(result: LetterRecall, ks: Sequence[int] = (4, 6, 8)) -> Figure:
    """Figure: left, probes and recalled letters for k stored letters; right, the rate.

    Row k shows, for the first (up to 4) stored letters, the noisy probe and
    the state the network settled in (green frame: exact recall, red: wrong;
    the probes have a light grey frame, so white pixels at the edge show).
    """
    if not isinstance(result, LetterRecall):
        raise TypeError(f"result must be a LetterRecall, got {type(result).__name__}")
    ks = [check_int(k, "ks", low=1, high=len(result.letters)) for k in ks]
    targets = letter_patterns(result.letters)
    cols = min(4, max(ks))
    fig = Figure(figsize=(9.5, 0.95 * len(ks) + 1.0), layout="constrained")
    left, right = fig.subfigures(1, 2, width_ratios=[1.5, 1])
    axes = left.subplots(len(ks), 2 * cols, squeeze=False)
    for r, k in enumerate(ks):
        for c in range(cols):
            if c >= k:
                axes[r, 2 * c].axis("off")
                axes[r, 2 * c + 1].axis("off")
                continue
            ok = np.array_equal(result.recalled[k - 1][c], targets[c])
            _bitmap(axes[r, 2 * c], result.probes[k - 1][c], _LIGHT_GREY, width=1)
            _bitmap(axes[r, 2 * c + 1], result.recalled[k - 1][c], _GREEN if ok else _RED)
            if r == 0:
                axes[r, 2 * c].set_title("探针", fontsize=8)
                axes[r, 2 * c + 1].set_title("回忆结果", fontsize=8)
        axes[r, 0].set_ylabel(f"k={k}", rotation=0, labelpad=14)
    ax = right.subplots()
    k = np.arange(1, len(result.rate) + 1)
    ax.plot(k, result.rate, "o-", color=_BLUE)
    ax.axvline(0.138 * targets.shape[1], color=_RED, ls="--", lw=1)
    ax.text(0.138 * targets.shape[1], 0.9, " 0.138 N", color=_RED, fontsize=8)
    ax.set(
        xlabel="存储的字母数 k（下：新存入的字母）",
        ylabel="完全恢复的比例",
        ylim=(-0.05, 1.05),
        title=f"噪声 {result.noise:.0%}",
    )
    ax.set_xticks(k, [f"{i}\n{c}" for i, c in zip(k, result.letters)])
    return fig


def plot_bitmaps(
    states: object, titles: Sequence[str] | None = None, shape: Sequence[int] = LETTER_SHAPE
) -> Figure:
    """Figure: a row of bipolar states drawn as small bitmaps (+1 black, -1 white)."""
    x = _as_states(states, "states", "bipolar", ndim=2)
    shape = tuple(check_int(v, "shape", low=1) for v in shape)
    if len(shape) != 2 or shape[0] * shape[1] != x.shape[1]:
        raise ValueError(f"shape must be 2 numbers whose product is {x.shape[1]}, got {shape}")
    if titles is not None and len(titles) != x.shape[0]:
        raise ValueError(f"titles must have {x.shape[0]} entries, got {len(titles)}")
    fig = Figure(figsize=(1.3 * x.shape[0] + 0.2, 1.6), layout="constrained")
    axes = np.atleast_1d(fig.subplots(1, x.shape[0]))
    for k, (ax, v) in enumerate(zip(axes, x)):
        ax.imshow(v.reshape(shape), cmap="Greys", vmin=-1, vmax=1)
        ax.set_xticks([])
        ax.set_yticks([])
        if titles is not None:
            ax.set_title(titles[k], fontsize=9)
    return fig


def plot_modern_retrieval(result: ModernRetrieval) -> Figure:
    """Figure: one-step retrieval by the modern Hopfield update vs beta (log scale)."""
    if not isinstance(result, ModernRetrieval):
        raise TypeError(f"result must be a ModernRetrieval, got {type(result).__name__}")
    fig = Figure(figsize=(6.0, 3.2), layout="constrained")
    ax = fig.subplots()
    ax.semilogx(result.betas, result.exact, "o-", color=_BLUE, label="完全恢复（取符号后）")
    ax.semilogx(result.betas, result.similarity, "s--", color=_ORANGE, label="余弦相似度（平均）")
    ax.set(xlabel="逆温度 β", ylabel="一次更新后的比例或相似度", ylim=(-0.05, 1.05))
    ax.legend(fontsize=8)
    return fig


def _draw_network(
    ax,
    pos: np.ndarray,
    names: Sequence[str],
    weights: dict | None,
    io_arrows: bool,
    *,
    r: float = 0.16,
    name_size: float = 11,
    weight_size: float = 10,
    offset: float = 0.12,
    label_at: dict | None = None,
) -> None:
    """Nodes at ``pos``, a two-headed arrow for every pair, weight labels beside them.

    A weight label sits at ``offset`` from its edge i-j, at the middle of the
    edge or, for pairs in ``label_at`` ({(i, j): (fraction, side)}), at that
    fraction of the way from node i, on the left (side 1) or right (side -1)
    of the direction i -> j, or on the edge itself (side 0; its white box
    interrupts the line, so the label belongs to that line only).
    """
    label_at = {} if label_at is None else label_at
    n = len(pos)
    for i, j in combinations(range(n), 2):
        p, q = pos[i], pos[j]
        u = (q - p) / np.linalg.norm(q - p)
        ax.add_patch(
            FancyArrowPatch(
                p + r * u, q - r * u, arrowstyle="<|-|>", mutation_scale=11, color="#555555", lw=1.2
            )
        )
        if weights is not None:
            fraction, side = label_at.get((i, j), (0.5, 1))
            at = p + fraction * (q - p)
            normal = np.array([-u[1], u[0]]) * offset * side
            ax.text(
                *(at + normal),
                weights[(i, j)],
                ha="center",
                va="center",
                fontsize=weight_size,
                bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none"),
            )
    for i, (x, y) in enumerate(pos):
        ax.add_patch(Circle((x, y), r, fc="#dbe9f6", ec=_BLUE, lw=1.5, zorder=3))
        ax.text(x, y, names[i], ha="center", va="center", fontsize=name_size, zorder=4)
        if io_arrows:
            out = np.array([x, y]) / np.linalg.norm([x, y])
            ax.add_patch(
                FancyArrowPatch(
                    (x, y) + out * (r + 0.02),
                    (x, y) + out * (r + 0.32),
                    arrowstyle="-|>",
                    mutation_scale=11,
                    color=_GREEN,
                )
            )
    ax.set_aspect("equal")
    ax.axis("off")


def draw_four_neurons() -> Figure:
    """Diagram: a Hopfield network of four neurons, every pair coupled by w_ij = w_ji.

    No self-connections; each neuron is both input and output (green arrows).
    The labels of the two crossing diagonals sit on their own line, a third
    of the way from s_1 and s_2, clear of the other line.
    """
    fig = Figure(figsize=(4.2, 4.0), layout="constrained")
    ax = fig.subplots()
    pos = np.array([[-0.7, 0.7], [0.7, 0.7], [0.7, -0.7], [-0.7, -0.7]])
    names = [f"$s_{i + 1}$" for i in range(4)]
    w = {(i, j): f"$w_{{{i + 1}{j + 1}}}$" for i, j in combinations(range(4), 2)}
    diagonals = {(0, 2): (1 / 3, 0), (1, 3): (1 / 3, 0)}  # on the line
    _draw_network(ax, pos, names, w, io_arrows=True, label_at=diagonals)
    ax.set(xlim=(-1.3, 1.3), ylim=(-1.3, 1.3))
    return fig


def draw_orange_apple() -> Figure:
    """Diagram: the three-neuron orange/apple network with its Hebbian weights."""
    net = orange_apple_network()
    fig = Figure(figsize=(4.6, 3.8), layout="constrained")
    ax = fig.subplots()
    pos = np.array([[0.0, 0.75], [-0.8, -0.5], [0.8, -0.5]])
    names = [f"$x_{i + 1}$" for i in range(3)]
    w = {(i, j): f"${_fmt(net.weights[i, j])}$" for i, j in combinations(range(3), 2)}
    _draw_network(
        ax, pos, names, w, io_arrows=False, r=0.2, name_size=17, weight_size=16, offset=0.17
    )
    for k, ((x, y), feat) in enumerate(zip(pos, FRUIT_FEATURES)):
        dy, va = (0.25, "bottom") if k == 0 else (-0.25, "top")
        ax.text(x, y + dy, _FEATURE_NAMES[feat], ha="center", va=va, fontsize=14, color="#333333")
    ax.set(xlim=(-1.25, 1.25), ylim=(-0.98, 1.22))
    return fig


#: Diagrams of this chapter for ``images/`` (see memlib.images).
IMAGES = {
    "hopfield_four_neurons": draw_four_neurons,
    "hopfield_orange_apple": draw_orange_apple,
}
