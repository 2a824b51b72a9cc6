"""memlib.memory, the model: numpy only.

Part of :mod:`memlib.memory`: import its names from there.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from memlib._checks import RngLike, as_array, as_rng, check_choice, check_int, check_real
from memlib.attention import score

__all__ = [
    "GLYPHS",
    "LookupResult",
    "address_lookup",
    "content_lookup",
    "glyph_memory",
    "leaky_trace",
    "make_cue",
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
