"""memlib.memory, the model: numpy only.

Part of :mod:`memlib.memory`: import its names from there.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from memlib._bitmaps import parse_bitmap
from memlib._checks import RngLike, as_array, as_rng, check_choice, check_int, check_real
from memlib.attention import score

__all__ = [
    "address_lookup",
    "content_lookup",
    "content_lookup_accuracy",
    "GLYPH_LABELS",
    "glyph_memory",
    "GLYPHS",
    "leaky_trace",
    "LookupResult",
    "make_cue",
    "settling_time",
    "SIMILARITIES",
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

#: Names of the glyphs shown to the reader (figures, frames, prose): the code
#: keeps the identifiers of :data:`GLYPHS`.
GLYPH_LABELS: dict[str, str] = {"plus": "加号", "cross": "叉号", "ring": "圆环", "bars": "横条"}

SIMILARITIES = ("cosine", "dot", "neg_distance")


def glyph_memory(names: Sequence[str] | None = None) -> tuple[np.ndarray, list[str]]:
    """The glyphs as a memory: an (N, 49) array of 0/1 rows and their names."""
    names = list(GLYPHS) if names is None else list(names)
    if not names:
        raise ValueError("names must not be empty")
    for n in names:
        check_choice(n, "names", tuple(GLYPHS))
    return np.array([parse_bitmap(GLYPHS[n], n, on=1.0, off=0.0) for n in names]), names


def address_lookup(memory: object, index: int) -> np.ndarray:
    """Read the item stored at ``index``: r = m_index (address-based access).

    Book equation: eq-84-address (section 8.4).

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

    Book equation: eq-84-content (section 8.4).

    ``kind`` is "cosine" (m_nᵀq / (‖m_n‖‖q‖)) or "dot" (m_nᵀq), the scoring
    functions of :func:`memlib.attention.score`, or "neg_distance"
    (−‖m_n − q‖).  Returns an (N,) array.
    """
    memory = as_array(memory, "memory", ndim=2)
    cue = as_array(cue, "cue", shape=(memory.shape[1],))
    kind = check_choice(kind, "kind", SIMILARITIES)
    return _scores(memory, cue[None, :], kind)[0]


def _scores(memory: np.ndarray, cues: np.ndarray, kind: str) -> np.ndarray:
    """Similarities of a batch of cues (Q, D) to every item: a (Q, N) array.

    Row q is computed exactly as :func:`similarity` computes it for one cue, so
    a batch of lookups breaks ties exactly as one lookup at a time does.
    """
    if kind == "neg_distance":
        return -np.linalg.norm(memory[None, :, :] - cues[:, None, :], axis=2)
    return score(memory, cues, kind)


@dataclass(frozen=True)
class LookupResult:
    """Outcome of a content lookup: the winning index, its item and all scores."""

    index: int
    item: np.ndarray
    scores: np.ndarray


def content_lookup(memory: object, cue: object, kind: str = "cosine") -> LookupResult:
    """Content-based access: return the stored item most similar to the cue.

    Book equation: eq-84-content (section 8.4).

    Implements n* = argmax_n s(m_n, q), r = m_{n*} (ties go to the lowest n).
    """
    memory = as_array(memory, "memory", ndim=2)
    scores = similarity(memory, cue, kind)
    best = int(np.argmax(scores))
    return LookupResult(best, memory[best].copy(), scores)


def make_cue(item: object, flip_prob: float, rng: RngLike, *, hide: float = 0.0) -> np.ndarray:
    """A damaged copy of a 0/1 item: flip each bit with probability ``flip_prob``
    and then blank (set to 0) each entry with probability ``hide`` (a partial cue).

    Bit d is flipped when the d-th of D uniform draws from ``rng`` is below
    ``flip_prob``, so the number of flipped bits is random, Binomial(D,
    flip_prob); compare :func:`memlib.hopfield.corrupt`, which flips exactly
    round(noise * N) bits.
    """
    item = as_array(item, "item", ndim=1)
    if not np.all((item == 0) | (item == 1)):
        raise ValueError("item must contain only 0 and 1")
    flip_prob = check_real(flip_prob, "flip_prob", low=0.0, high=1.0)
    hide = check_real(hide, "hide", low=0.0, high=1.0)
    rng = as_rng(rng)
    flips = rng.random(item.shape) < flip_prob
    cue = np.where(flips, 1.0 - item, item)
    hidden = rng.random(item.shape) < hide
    return np.where(hidden, 0.0, cue)


def content_lookup_accuracy(
    memory: object,
    flip_probs: object,
    trials: int,
    rng: RngLike,
    kind: str = "cosine",
) -> np.ndarray:
    """Fraction of content lookups that find their item, for each flip probability.

    For every flip probability p, every stored item m_i and every trial t, a
    cue is made by flipping each bit of m_i with probability p (as in
    :func:`make_cue`) and looked up by content (:func:`content_lookup`).  The
    result for p is the fraction of the N * ``trials`` lookups with n* = i.

    Trial t draws one vector u_t of D uniform numbers (the t-th draw of
    ``rng``), and the cue of item i at probability p flips the bits with
    u_t < p, as ``make_cue`` does: all items and probabilities share the
    trial's draws (common random numbers), so a larger p flips a superset of
    the bits a smaller one flips.

    Parameters
    ----------
    memory : array_like, shape (N, D)
        Stored 0/1 items, one per row.
    flip_probs : array_like, shape (P,)
        Per-bit flip probabilities, each in [0, 1].
    trials : int
        Cues per item and probability, >= 1.
    rng : numpy.random.Generator or int seed
    kind : {"cosine", "dot", "neg_distance"}, default "cosine"
        Similarity of the lookup (see :func:`similarity`).

    Returns
    -------
    numpy.ndarray, shape (P,)
        Accuracy for each flip probability, in [0, 1].

    Raises
    ------
    TypeError
        Non-numeric ``memory`` or ``flip_probs``, a non-integer ``trials``, or
        an ``rng`` that is neither an int nor a Generator.
    ValueError
        ``memory`` not 2-D or not 0/1, ``flip_probs`` not 1-D or outside
        [0, 1], ``trials`` < 1, an unknown ``kind``, or (with
        ``kind="cosine"``) a cue that is all zeros.
    """
    memory = as_array(memory, "memory", ndim=2)
    if not np.all((memory == 0) | (memory == 1)):
        raise ValueError("memory must contain only 0 and 1")
    probs = as_array(flip_probs, "flip_probs", ndim=1)
    if np.any((probs < 0) | (probs > 1)):
        raise ValueError(f"flip_probs must lie in [0, 1], got {probs.tolist()}")
    trials = check_int(trials, "trials", low=1)
    kind = check_choice(kind, "kind", SIMILARITIES)
    n, d = memory.shape
    draws = as_rng(rng).random((trials, d))
    target = np.tile(np.arange(n), trials)  # cue row t * N + i belongs to item i
    accuracy = np.empty(probs.size)
    for k, p in enumerate(probs):
        flips = draws[:, None, :] < p  # (trials, 1, D): shared by every item
        cues = np.where(flips, 1.0 - memory[None, :, :], memory[None, :, :])
        scores = _scores(memory, cues.reshape(trials * n, d), kind)
        accuracy[k] = np.mean(np.argmax(scores, axis=1) == target)
    return accuracy


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

    Book equations: eq-84-hidden, eq-84-weight (section 8.4).

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
