"""Section 8.4: memory in the brain, seen through code.

Two ways to find a stored item — by *address* (its index, as in a computer's
RAM) and by *content* (the stored item most similar to a cue, as in
associative memory) — and the two *time scales* of memory in a network: a
hidden state that follows its input within a few steps (short-term memory)
and a weight that drifts over hundreds of steps (long-term memory).

Convention: a memory is an (N, D) array whose row n is the item m_n.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from memlib._checks import RngLike, as_array, as_rng, check_choice, check_int, check_real
from memlib._draw import arrow, box
from memlib.attention import score
from memlib.widgets import figure_to_svg, html_table, side_by_side

__all__ = [
    "GLYPHS",
    "LookupResult",
    "address_lookup",
    "content_lookup",
    "glyph_memory",
    "leaky_trace",
    "lookup_frame",
    "make_cue",
    "plot_lookup",
    "plot_timescales",
    "settling_time",
    "similarity",
    "switching_stream",
]

#: Four 7x7 glyphs used as stored items (``#`` = 1, ``.`` = 0).
GLYPHS: dict[str, tuple[str, ...]] = {
    "plus": ("...#...", "...#...", "...#...", "#######", "...#...", "...#...", "...#..."),
    "cross": ("#.....#", ".#...#.", "..#.#..", "...#...", "..#.#..", ".#...#.", "#.....#"),
    "ring": ("..###..", ".#...#.", "#.....#", "#.....#", "#.....#", ".#...#.", "..###.."),
    "bars": ("#######", ".......", ".......", "#######", ".......", ".......", "#######"),
}

SIMILARITIES = ("cosine", "dot", "neg_distance")


def glyph_memory(names: Sequence[str] | None = None) -> tuple[np.ndarray, list[str]]:
    """The glyphs as a memory: an (N, 49) array of 0/1 rows and their names."""
    names = list(GLYPHS) if names is None else list(names)
    if not names:
        raise ValueError("names must not be empty")
    for n in names:
        check_choice(n, "names", tuple(GLYPHS))
    rows = [[1.0 if ch == "#" else 0.0 for line in GLYPHS[n] for ch in line] for n in names]
    return np.array(rows), names


def address_lookup(memory: object, index: int) -> np.ndarray:
    """Read the item stored at ``index``: r = m_index (address-based access).

    Raises
    ------
    ValueError
        If ``index`` is outside ``[0, N - 1]``: an address must be exact.
    """
    memory = as_array(memory, "memory", ndim=2)
    index = check_int(index, "index", low=0, high=memory.shape[0] - 1)
    return memory[index].copy()


def similarity(memory: object, cue: object, kind: str = "cosine") -> np.ndarray:
    """Similarity s(m_n, q) of the cue q to every stored item m_n.

    ``kind`` is "cosine" (m_nᵀq / (‖m_n‖‖q‖)) or "dot" (m_nᵀq), the scoring
    functions of :func:`memlib.attention.score`, or "neg_distance"
    (−‖m_n − q‖).  Returns an (N,) array.
    """
    memory = as_array(memory, "memory", ndim=2)
    cue = as_array(cue, "cue", shape=(memory.shape[1],))
    kind = check_choice(kind, "kind", SIMILARITIES)
    if kind == "neg_distance":
        return -np.linalg.norm(memory - cue, axis=1)
    return score(memory, cue, kind)


@dataclass(frozen=True)
class LookupResult:
    """Outcome of a content lookup: the winning index, its item and all scores."""

    index: int
    item: np.ndarray
    scores: np.ndarray


def content_lookup(memory: object, cue: object, kind: str = "cosine") -> LookupResult:
    """Content-based access: return the stored item most similar to the cue.

    Implements n* = argmax_n s(m_n, q), r = m_{n*} (ties go to the lowest n).
    """
    memory = as_array(memory, "memory", ndim=2)
    scores = similarity(memory, cue, kind)
    best = int(np.argmax(scores))
    return LookupResult(best, memory[best].copy(), scores)


def make_cue(item: object, noise: float, rng: RngLike, *, hide: float = 0.0) -> np.ndarray:
    """A damaged copy of a 0/1 item: flip each bit with probability ``noise``
    and then blank (set to 0) each entry with probability ``hide`` (a partial cue).

    The number of flipped bits is random (binomial); compare
    :func:`memlib.hopfield.corrupt`, which flips exactly round(noise * N) bits.
    """
    item = as_array(item, "item", ndim=1)
    if not np.all((item == 0) | (item == 1)):
        raise ValueError("item must contain only 0 and 1")
    noise = check_real(noise, "noise", low=0.0, high=1.0)
    hide = check_real(hide, "hide", low=0.0, high=1.0)
    rng = as_rng(rng)
    flips = rng.random(item.shape) < noise
    cue = np.where(flips, 1.0 - item, item)
    hidden = rng.random(item.shape) < hide
    return np.where(hidden, 0.0, cue)


def plot_lookup(
    memory: object, names: Sequence[str], cue: object, kind: str = "cosine"
) -> Figure:
    """Figure: the cue, the stored glyphs with their similarity, and the winner."""
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
    titles = ["cue q"] + [f"{name}: {s:.2f}" for name, s in zip(names, result.scores)]
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
    axes[1].set_xlabel(f"s = {kind}", fontsize=10)
    return fig


def lookup_frame(item: int, noise: float, rng: RngLike = 0, kind: str = "cosine") -> str:
    """Widget frame: a noisy cue of glyph ``item`` looked up by content.

    Returns HTML with the figure of :func:`plot_lookup` and a two-row table
    comparing address lookup (exact index needed) with content lookup.
    """
    memory, names = glyph_memory()
    item = check_int(item, "item", low=0, high=len(names) - 1)
    cue = make_cue(memory[item], noise, rng)
    result = content_lookup(memory, cue, kind)
    bits = int(np.sum(cue != memory[item]))
    ok = "✓" if result.index == item else "✗"
    table = html_table(
        [
            ["address", f"index {item}", names[item], "✓"],
            ["content", f"cue ({bits} bits changed)", names[result.index], ok],
        ],
        header=["lookup", "given", "returns", "correct"],
    )
    return side_by_side(figure_to_svg(plot_lookup(memory, names, cue, kind)), table)


def switching_stream(
    n_steps: int, period: int, low: float = 0.0, high: float = 1.0
) -> np.ndarray:
    """An input stream x_t that switches between ``low`` and ``high`` every ``period`` steps."""
    n_steps = check_int(n_steps, "n_steps", low=1)
    period = check_int(period, "period", low=1)
    t = np.arange(n_steps)
    return np.where((t // period) % 2 == 0, high, low).astype(float)


def leaky_trace(stream: object, rate: float, start: float = 0.0) -> np.ndarray:
    """Exponential trace y_t = y_{t-1} + rate (x_t − y_{t-1}), y_0 = start.

    With a large ``rate`` this is a hidden state that forgets quickly
    (short-term memory); with a small one it is a weight learned by the delta
    rule, w_t = w_{t-1} + η (x_t − w_{t-1}), that changes slowly (long-term
    memory).  Returns an array of length T + 1 whose entry 0 is ``start``.
    The closed form is y_t = (1 − rate)^t start + Σ_k rate (1 − rate)^{t−k} x_k.
    """
    stream = as_array(stream, "stream", ndim=1)
    rate = check_real(rate, "rate", low=0.0, high=1.0)
    start = check_real(start, "start")
    out = np.empty(stream.size + 1)
    out[0] = start
    decay = 1.0 - rate
    y = start
    for t, x in enumerate(stream, start=1):
        y = decay * y + rate * x
        out[t] = y
    return out


def settling_time(rate: float, fraction: float = 1 - np.exp(-1)) -> float:
    """Steps a leaky trace needs to cover ``fraction`` of a step change.

    Solves 1 − (1 − rate)^t = fraction: t = log(1 − fraction) / log(1 − rate).
    The default fraction 1 − 1/e gives the time constant.
    """
    rate = check_real(rate, "rate", low=0.0, high=1.0)
    fraction = check_real(fraction, "fraction", low=0.0, high=1.0)
    if rate == 0.0 or fraction == 1.0:
        return float("inf")
    if rate == 1.0:
        return 1.0 if fraction > 0 else 0.0
    return float(np.log1p(-fraction) / np.log1p(-rate))


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
    ax.step(t[1:], stream, where="post", color="#bbbbbb", lw=1.2, label="input $x_t$")
    ax.plot(t, fast, color="#2471a3", lw=1.6, label=f"hidden state $h_t$ (rate {fast_rate:g})")
    ax.plot(t, slow, color="#c0392b", lw=2.0, label=f"weight $w_t$ (rate {slow_rate:g})")
    ax.set_xlabel("time step t")
    ax.set_ylabel("value")
    ax.set_ylim(-0.05, 1.15)
    ax.legend(loc="upper right", fontsize=8, ncol=3, frameon=False)
    return fig


def _draw_memory_analogy() -> Figure:
    """Diagram: register (LSTM cell) and RAM (external memory) next to a controller."""
    fig = Figure(figsize=(7, 2.6))
    ax = fig.subplots()
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 4)
    ax.axis("off")
    box = dict(boxstyle="round,pad=0.4", fc="#eaf2f8", ec="#2471a3")
    ax.text(1.6, 2.0, "controller\n(RNN / LSTM)", ha="center", va="center", bbox=box)
    ax.text(
        1.6, 0.6, "register: $c_t$, $h_t$", ha="center", va="center", fontsize=9,
        bbox=dict(boxstyle="round,pad=0.3", fc="#fdebd0", ec="#ca6f1e"),
    )
    ax.annotate(
        "", xy=(1.6, 0.9), xytext=(1.6, 1.45), arrowprops=dict(arrowstyle="<->", color="#ca6f1e")
    )
    for n in range(6):
        ax.add_patch(Rectangle((6.0, 0.4 + 0.5 * n), 2.6, 0.45, fc="#fef9e7", ec="#7d6608"))
        ax.text(7.3, 0.62 + 0.5 * n, f"$m_{n + 1}$", ha="center", va="center", fontsize=9)
    ax.text(7.3, 3.65, "external memory M (RAM)", ha="center", fontsize=9)
    ax.annotate("", xy=(5.9, 2.3), xytext=(2.9, 2.3), arrowprops=dict(arrowstyle="->"))
    ax.annotate("", xy=(2.9, 1.7), xytext=(5.9, 1.7), arrowprops=dict(arrowstyle="->"))
    ax.text(4.4, 2.45, "write $W(M, q_w, a)$", ha="center", fontsize=9)
    ax.text(4.4, 1.35, "read $r = R(M, q_r)$", ha="center", fontsize=9)
    return fig


def _draw_book_map() -> Figure:
    """Diagram: how sections 8.4-8.6 build on each other (the book's map)."""
    fig = Figure(figsize=(8.6, 3.6))
    ax = fig.subplots()
    ax.set_xlim(0, 11)
    ax.set_ylim(0, 4.7)
    ax.axis("off")
    blue, green, orange = "#dbe9f6", "#d9f0d3", "#fdebd0"
    kw = {"fontsize": 8.5}
    box(ax, (0.05, 1.75), 2.55, 1.4, "8.4 memory in the brain\n\nlong- and short-term,\n"
        "working, associative", fc="#eeeeee", **kw)
    box(ax, (3.5, 3.0), 3.0, 1.4, "8.5 memory-augmented\nnetworks\n\ncontroller + memory M,\n"
        "read by attention", fc=blue, **kw)
    box(ax, (7.5, 3.55), 3.4, 0.95, "8.5.1 end-to-end memory network\nkeys / values, hops",
        fc=blue, **kw)
    box(ax, (7.5, 2.35), 3.4, 0.95, "8.5.2 neural Turing machine\nerase / add, addressing",
        fc=blue, **kw)
    box(ax, (3.5, 0.3), 3.0, 1.4, "8.6 Hopfield network\n\nmemory in the weights,\n"
        "recall by dynamics", fc=green, **kw)
    box(ax, (7.5, 0.45), 3.4, 1.1, "beyond the source\ncapacity, modern Hopfield", fc=orange, **kw)
    arrow(ax, (2.65, 2.85), (3.45, 3.55), "working memory", offset=(-0.5, 0.3), fontsize=8)
    arrow(ax, (2.65, 2.05), (3.45, 1.2), "associative memory", offset=(-0.55, -0.3), fontsize=8)
    arrow(ax, (6.55, 3.95), (7.45, 4.0))
    arrow(ax, (6.55, 3.4), (7.45, 2.85))
    arrow(ax, (6.55, 1.0), (7.45, 1.0))
    arrow(ax, (7.45, 1.45), (5.6, 2.95), "modern Hopfield\n= attention", offset=(-0.85, -0.08),
          fontsize=8, ls="--")
    return fig


IMAGES = {"memory_register_ram": _draw_memory_analogy, "book_map": _draw_book_map}
