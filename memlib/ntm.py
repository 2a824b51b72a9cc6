"""Neural Turing machine (section 8.5.2): addressing, reading and writing memory.

The memory is an ``(N, M)`` array with one slot per row (rows are items): row
``n`` is the memory vector m_n.  Equation numbers refer to section 3 of Graves,
Wayne & Danihelka (2014), "Neural Turing Machines":

* (2)      read ``r = sum_n w(n) m_n``                                :func:`read`
* (3)-(4)  erase then add, ``m_n <- m_n (1 - w(n) e) + w(n) a``       :func:`write`
* (5)-(6)  content weights, softmax of ``beta * cosine(key, m_n)``    :func:`content_weights`
* (7)      interpolation gate ``g w_c + (1 - g) w_prev``              :func:`interpolate`
* (8)      circular convolution with a shift distribution ``s``       :func:`shift`
* (9)      sharpening ``w^gamma / sum w^gamma``                       :func:`sharpen`

:func:`address` runs (5)-(9) in order.  The nndl book writes the write rule with
the attention ``alpha_{t,n}`` for ``w_t(n)`` and calls the key the query ``q_t``.

An :class:`NTM` joins a controller (any callable; :class:`FeedforwardController`
is a small random tanh layer) to one read head and one write head.
:func:`copy_task` runs a hand-written controller program that copies a bit
sequence through memory: content addressing finds the start, shifts iterate.

Plot functions return figures (no CJK text); ``*_frame`` functions are the frame
builders of the book's kernel-free widgets.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import matplotlib
import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import PathPatch, Rectangle
from matplotlib.path import Path

from memlib._checks import RngLike, as_array, as_rng, check_distribution, check_int, check_real
from memlib._draw import arrow, box
from memlib.attention import score, softmax
from memlib.widgets import figure_to_svg

__all__ = [
    "cosine_similarity",
    "content_weights",
    "interpolate",
    "shift",
    "sharpen",
    "AddressingStages",
    "address_stages",
    "address",
    "read",
    "write",
    "HeadParams",
    "WriteHeadParams",
    "ControllerOutput",
    "NTMState",
    "NTMStep",
    "head_params_from_raw",
    "write_params_from_raw",
    "FeedforwardController",
    "NTM",
    "ntm_step",
    "CopyProgram",
    "CopyResult",
    "random_bits",
    "copy_task",
    "draw_ntm_structure",
    "plot_memory_write",
    "plot_addressing",
    "plot_copy_task",
    "plot_copy_step",
    "WRITE_DEMO_MEMORY",
    "WRITE_ATTENTIONS",
    "WRITE_ERASES",
    "WRITE_ADDS",
    "write_demo_frame",
    "ADDRESSING_SHIFTS",
    "addressing_example",
    "addressing_frame",
    "copy_task_frame",
    "IMAGES",
]

# --------------------------------------------------------------------------- helpers


def _softplus(x: np.ndarray) -> np.ndarray:
    return np.logaddexp(0.0, x)


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * x))


def _check_memory(memory: object, name: str = "memory") -> np.ndarray:
    return as_array(memory, name, ndim=2)


def _check_weighting(w: object, name: str, n: int) -> np.ndarray:
    """A distribution over ``n`` slots."""
    w = check_distribution(w, name, ndim=1)
    if w.shape[0] != n:
        raise ValueError(f"{name} must have length {n} (one weight per slot), got {w.shape[0]}")
    return w


def _check_vector(x: object, name: str, m: int) -> np.ndarray:
    x = as_array(x, name, ndim=1)
    if x.shape[0] != m:
        raise ValueError(f"{name} must have length {m} (the memory width), got {x.shape[0]}")
    return x


def _check_shift(s: object) -> np.ndarray:
    s = check_distribution(s, "s", ndim=1)
    if s.shape[0] % 2 != 1:
        raise ValueError(f"s must have odd length 2R+1 (offsets -R..R), got {s.shape[0]}")
    return s


# --------------------------------------------------------------------------- addressing


def cosine_similarity(memory: object, key: object) -> np.ndarray:
    """Cosine similarity of ``key`` with every memory row, eq. (6) of Graves et al. 2014.

    ``K[u, v] = u . v / (||u|| ||v||)``.  A thin wrapper of
    ``memlib.attention.score(memory, key, "cosine")`` that checks the NTM's
    shapes first and names the offending zero row.

    Parameters
    ----------
    memory : array_like, shape (N, M)
    key : array_like, shape (M,)

    Returns
    -------
    numpy.ndarray, shape (N,)

    Raises
    ------
    ValueError
        If the shapes do not fit, or ``key`` or a memory row is the zero vector
        (the cosine is undefined there).
    """
    memory = _check_memory(memory)
    key = _check_vector(key, "key", memory.shape[1])
    if not np.any(key):
        raise ValueError("key must not be the zero vector: its cosine similarity is undefined")
    zero = np.flatnonzero(~np.any(memory, axis=1))
    if zero.size:
        raise ValueError(
            f"memory row {int(zero[0])} is the zero vector: its cosine similarity is undefined"
        )
    return score(memory, key, "cosine")


def content_weights(memory: object, key: object, beta: float) -> np.ndarray:
    """Content-based addressing, eqs. (5)-(6) of Graves et al. 2014.

    ``w_c(n) = exp(beta K[key, m_n]) / sum_j exp(beta K[key, m_j])``, with K the
    cosine similarity (via :func:`memlib.attention.softmax` and
    :func:`memlib.attention.score`).  ``beta = 0`` gives the uniform weighting; a large
    ``beta`` concentrates the weight on the most similar rows.

    Parameters
    ----------
    memory : array_like, shape (N, M)
    key : array_like, shape (M,)
        Must not be zero (nndl calls it the query ``q_t``).
    beta : float
        Key strength, ``beta >= 0``.

    Returns
    -------
    numpy.ndarray, shape (N,)
        A distribution over the slots.

    Raises
    ------
    ValueError
        Shapes that do not fit, ``beta < 0``, a zero key or memory row.
    """
    beta = check_real(beta, "beta", low=0.0)
    return softmax(beta * cosine_similarity(memory, key))


def interpolate(w_content: object, w_prev: object, g: float) -> np.ndarray:
    """Interpolation gate, eq. (7) of Graves et al. 2014: ``g w_c + (1 - g) w_prev``.

    ``g = 1`` keeps only the content weighting, ``g = 0`` keeps the previous one.

    Raises
    ------
    ValueError
        If a weighting is not a distribution, the lengths differ, or ``g`` is
        outside ``[0, 1]``.
    """
    w_content = check_distribution(w_content, "w_content", ndim=1)
    w_prev = _check_weighting(w_prev, "w_prev", w_content.shape[0])
    g = check_real(g, "g", low=0.0, high=1.0)
    return g * w_content + (1.0 - g) * w_prev


def shift(w: object, s: object) -> np.ndarray:
    """Circular convolution with a shift distribution, eq. (8) of Graves et al. 2014.

    ``w~(i) = sum_j w(j) s(i - j)`` with indices mod N.  ``s`` has ``2R + 1``
    entries and ``s[k]`` is the weight of the offset ``k - R``; the offset +1
    moves weight from slot ``i`` to slot ``i + 1`` (and from the last slot to
    slot 0).

    Parameters
    ----------
    w : array_like, shape (N,)
        A distribution over the slots.
    s : array_like, shape (2R + 1,)
        A distribution over the offsets ``-R, ..., R``.  Offsets are taken mod N,
        so with ``2R + 1 > N`` several offsets land on the same slot.

    Returns
    -------
    numpy.ndarray, shape (N,)

    Raises
    ------
    ValueError
        If ``w`` or ``s`` is not a distribution, or ``s`` has an even length.
    """
    w = check_distribution(w, "w", ndim=1)
    n = w.shape[0]
    s = _check_shift(s)
    radius = (s.shape[0] - 1) // 2
    offsets = np.arange(-radius, radius + 1)
    # rolled[k, i] = w[(i - offset_k) mod N]: w rolled by offset_k
    rolled = w[(np.arange(n)[None, :] - offsets[:, None]) % n]
    return s @ rolled


def sharpen(w: object, gamma: float) -> np.ndarray:
    """Sharpening, eq. (9) of Graves et al. 2014: ``w(i)^gamma / sum_j w(j)^gamma``.

    ``gamma = 1`` changes nothing; a large ``gamma`` pushes the weighting
    towards its largest entries (computed as ``(w / max w)^gamma`` to avoid
    underflow).

    Raises
    ------
    ValueError
        If ``w`` is not a distribution or ``gamma < 1``.
    """
    w = check_distribution(w, "w", ndim=1)
    gamma = check_real(gamma, "gamma", low=1.0)
    p = (np.clip(w, 0.0, None) / w.max()) ** gamma
    return p / p.sum()


@dataclass(frozen=True, eq=False)
class AddressingStages:
    """Every weighting of one addressing pass (eqs. (5)-(9)), for plotting.

    Attributes
    ----------
    w_prev : the previous weighting
    content : eq. (5), ``w_c``
    gated : eq. (7), ``w_g``
    shifted : eq. (8), ``w~``
    final : eq. (9), the weighting used to read or write
    """

    w_prev: np.ndarray
    content: np.ndarray
    gated: np.ndarray
    shifted: np.ndarray
    final: np.ndarray

    def as_array(self) -> np.ndarray:
        """The four stages as rows of a ``(4, N)`` array (content ... final)."""
        return np.stack([self.content, self.gated, self.shifted, self.final])


def address_stages(
    memory: object,
    w_prev: object,
    key: object,
    beta: float,
    g: float,
    s: object,
    gamma: float,
) -> AddressingStages:
    """The NTM addressing pipeline, eqs. (5)-(9), keeping each stage.

    content (5)-(6) -> interpolation (7) -> shift (8) -> sharpening (9).

    Parameters
    ----------
    memory : array_like, shape (N, M)
    w_prev : array_like, shape (N,)
        The head's weighting at the previous step (a distribution).
    key : array_like, shape (M,)
    beta : float, >= 0
    g : float, in [0, 1]
    s : array_like, shape (2R + 1,), a distribution over offsets -R..R
    gamma : float, >= 1

    Raises
    ------
    ValueError
        For any argument outside the ranges above or of a shape that does not fit.
    """
    memory = _check_memory(memory)
    w_prev = _check_weighting(w_prev, "w_prev", memory.shape[0])
    s = _check_shift(s)
    check_real(g, "g", low=0.0, high=1.0)
    check_real(gamma, "gamma", low=1.0)
    w_c = content_weights(memory, key, beta)
    w_g = interpolate(w_c, w_prev, g)
    w_s = shift(w_g, s)
    w = sharpen(w_s, gamma)
    return AddressingStages(w_prev, w_c, w_g, w_s, w)


def address(
    memory: object,
    w_prev: object,
    key: object,
    beta: float,
    g: float,
    s: object,
    gamma: float,
) -> np.ndarray:
    """The NTM weighting of one head, eqs. (5)-(9) of Graves et al. 2014.

    See :func:`address_stages` (which also returns the intermediate weightings).
    """
    return address_stages(memory, w_prev, key, beta, g, s, gamma).final


# --------------------------------------------------------------------------- read / write


def read(memory: object, w: object) -> np.ndarray:
    """Read vector, eq. (2) of Graves et al. 2014: ``r = sum_n w(n) m_n``.

    The same soft-attention read as in section 8.5 (nndl: ``r = sum alpha_n m_n``).

    Parameters
    ----------
    memory : array_like, shape (N, M)
    w : array_like, shape (N,), a distribution over the slots

    Returns
    -------
    numpy.ndarray, shape (M,)
    """
    memory = _check_memory(memory)
    w = _check_weighting(w, "w", memory.shape[0])
    return w @ memory


def write(memory: object, w: object, erase: object, add: object) -> np.ndarray:
    """Erase then add, eqs. (3)-(4) of Graves et al. 2014 (nndl's write rule).

    ``m_{t+1,n} = m_{t,n} * (1 - w(n) e) + w(n) a`` (element-wise), for every
    slot n.  A slot with ``w(n) = 0`` is untouched; ``e = 1`` and ``w(n) = 1``
    replace slot n by ``a``.

    Parameters
    ----------
    memory : array_like, shape (N, M)
        Not modified.
    w : array_like, shape (N,)
        Write weighting: entries ``>= 0`` summing to at most 1 (a distribution,
        or zero for a head that does not write).
    erase : array_like, shape (M,)
        Erase vector ``e`` with entries in ``[0, 1]``.
    add : array_like, shape (M,)
        Add vector ``a``.

    Returns
    -------
    numpy.ndarray, shape (N, M)
        A new memory.

    Raises
    ------
    ValueError
        Shapes that do not fit, negative weights or weights summing to more
        than 1, erase entries outside ``[0, 1]``.
    """
    memory = _check_memory(memory)
    n, m = memory.shape
    w = as_array(w, "w", ndim=1)
    if w.shape[0] != n:
        raise ValueError(f"w must have length {n} (one weight per slot), got {w.shape[0]}")
    if np.any(w < 0) or w.sum() > 1 + 1e-6:
        raise ValueError("w must be non-negative and sum to at most 1")
    erase = _check_vector(erase, "erase", m)
    if np.any(erase < 0) or np.any(erase > 1):
        raise ValueError("erase must have entries in [0, 1]")
    add = _check_vector(add, "add", m)
    return memory * (1.0 - np.outer(w, erase)) + np.outer(w, add)


# --------------------------------------------------------------------------- heads and NTM


@dataclass(frozen=True, eq=False)
class HeadParams:
    """What the controller emits for one head at one step.

    Attributes
    ----------
    key : (M,) array, the key k_t (nndl's query q_t); not zero
    beta : key strength, >= 0
    g : interpolation gate in [0, 1]
    shift : distribution over offsets -R..R (odd length)
    gamma : sharpening exponent, >= 1
    """

    key: np.ndarray
    beta: float
    g: float
    shift: np.ndarray
    gamma: float

    def __post_init__(self) -> None:
        key = as_array(self.key, "key", ndim=1)
        if not np.any(key):
            raise ValueError("key must not be the zero vector")
        object.__setattr__(self, "key", key)
        object.__setattr__(self, "beta", check_real(self.beta, "beta", low=0.0))
        object.__setattr__(self, "g", check_real(self.g, "g", low=0.0, high=1.0))
        object.__setattr__(self, "shift", _check_shift(self.shift))
        object.__setattr__(self, "gamma", check_real(self.gamma, "gamma", low=1.0))

    def address(self, memory: object, w_prev: object) -> AddressingStages:
        """Run the addressing pipeline with these parameters."""
        return address_stages(memory, w_prev, self.key, self.beta, self.g, self.shift, self.gamma)


@dataclass(frozen=True, eq=False)
class WriteHeadParams(HeadParams):
    """Parameters of a write head: addressing plus the erase vector e_t and add vector a_t."""

    erase: np.ndarray
    add: np.ndarray

    def __post_init__(self) -> None:
        super().__post_init__()
        m = self.key.shape[0]
        erase = _check_vector(self.erase, "erase", m)
        if np.any(erase < 0) or np.any(erase > 1):
            raise ValueError("erase must have entries in [0, 1]")
        object.__setattr__(self, "erase", erase)
        object.__setattr__(self, "add", _check_vector(self.add, "add", m))


@dataclass(frozen=True, eq=False)
class ControllerOutput:
    """The controller's output at one step: its new state h_t and both heads' parameters."""

    h: np.ndarray
    read: HeadParams
    write: WriteHeadParams


@dataclass(frozen=True, eq=False)
class NTMState:
    """Everything carried from one step to the next.

    Attributes
    ----------
    memory : (N, M) memory M_t
    h : controller state h_{t-1}
    r : read vector r_{t-1}, shape (M,)
    w_read, w_write : the heads' weightings at the previous step, shape (N,)
    """

    memory: np.ndarray
    h: np.ndarray
    r: np.ndarray
    w_read: np.ndarray
    w_write: np.ndarray


@dataclass(frozen=True, eq=False)
class NTMStep:
    """Record of one NTM step (for plots and tests)."""

    x: np.ndarray
    controller: ControllerOutput
    read_stages: AddressingStages
    write_stages: AddressingStages
    memory_before: np.ndarray
    state: NTMState

    @property
    def r(self) -> np.ndarray:
        """The new read vector r_t."""
        return self.state.r


Controller = Callable[[np.ndarray, np.ndarray, np.ndarray], ControllerOutput]


def head_params_from_raw(raw: object, memory_width: int, shift_radius: int = 1) -> HeadParams:
    """Turn unconstrained controller outputs into head parameters (the usual activations).

    ``raw`` is split into ``[key (M), beta, g, s (2R+1), gamma]`` and mapped by
    key = tanh, beta = softplus, g = sigmoid, s = softmax, gamma = 1 + softplus.
    """
    m = check_int(memory_width, "memory_width", low=1)
    r = check_int(shift_radius, "shift_radius", low=0)
    size = m + 3 + 2 * r + 1
    raw = as_array(raw, "raw", shape=(size,))
    key = np.tanh(raw[:m])
    if not np.any(key):
        key = key + 1e-6  # tanh(0) = 0 exactly: keep the cosine defined
    return HeadParams(
        key=key,
        beta=float(_softplus(raw[m])),
        g=float(_sigmoid(raw[m + 1])),
        shift=softmax(raw[m + 2 : m + 3 + 2 * r]),
        gamma=1.0 + float(_softplus(raw[m + 3 + 2 * r])),
    )


def write_params_from_raw(raw: object, memory_width: int, shift_radius: int = 1) -> WriteHeadParams:
    """Like :func:`head_params_from_raw`, then erase e = sigmoid and add a = tanh (2M more)."""
    m = check_int(memory_width, "memory_width", low=1)
    r = check_int(shift_radius, "shift_radius", low=0)
    size = m + 3 + 2 * r + 1
    raw = as_array(raw, "raw", shape=(size + 2 * m,))
    head = head_params_from_raw(raw[:size], m, r)
    return WriteHeadParams(
        head.key,
        head.beta,
        head.g,
        head.shift,
        head.gamma,
        erase=_sigmoid(raw[size : size + m]),
        add=np.tanh(raw[size + m :]),
    )


class FeedforwardController:
    """A one-layer tanh controller with random weights (not trained).

    ``h_t = tanh(W [x_t; h_{t-1}; r_{t-1}] + b)``; two linear maps of ``h_t``
    give the raw parameters of the read head and of the write head, turned into
    head parameters by :func:`head_params_from_raw` / :func:`write_params_from_raw`.

    Parameters
    ----------
    input_size, memory_width, hidden_size : int
    shift_radius : int, default 1
    rng : Generator or int seed
    scale : float, default 0.5
        Standard deviation of the random weights.
    """

    def __init__(
        self,
        input_size: int,
        memory_width: int,
        hidden_size: int = 16,
        *,
        shift_radius: int = 1,
        rng: RngLike = 0,
        scale: float = 0.5,
    ) -> None:
        self.input_size = check_int(input_size, "input_size", low=1)
        self.memory_width = check_int(memory_width, "memory_width", low=1)
        self.hidden_size = check_int(hidden_size, "hidden_size", low=1)
        self.shift_radius = check_int(shift_radius, "shift_radius", low=0)
        scale = check_real(scale, "scale", low=0.0)
        gen = as_rng(rng)
        m, h = self.memory_width, self.hidden_size
        n_in = self.input_size + h + m
        n_head = m + 3 + 2 * self.shift_radius + 1
        self.W = gen.normal(0.0, scale, (h, n_in))
        self.b = np.zeros(h)
        self.W_read = gen.normal(0.0, scale, (n_head, h))
        self.W_write = gen.normal(0.0, scale, (n_head + 2 * m, h))

    def __call__(self, x: object, h_prev: object, r_prev: object) -> ControllerOutput:
        x = as_array(x, "x", shape=(self.input_size,))
        h_prev = as_array(h_prev, "h_prev", shape=(self.hidden_size,))
        r_prev = as_array(r_prev, "r_prev", shape=(self.memory_width,))
        h = np.tanh(self.W @ np.concatenate([x, h_prev, r_prev]) + self.b)
        return ControllerOutput(
            h=h,
            read=head_params_from_raw(self.W_read @ h, self.memory_width, self.shift_radius),
            write=write_params_from_raw(self.W_write @ h, self.memory_width, self.shift_radius),
        )


def ntm_step(controller: Controller, state: NTMState, x: object) -> NTMStep:
    """One NTM step: controller, then read from M_t, then write M_{t+1}.

    From ``x_t``, ``h_{t-1}`` and ``r_{t-1}`` the controller produces ``h_t`` and
    the heads' parameters (key/query, beta, g, s, gamma; for the write head also
    e_t and a_t).  Both heads address M_t (eqs. (5)-(9)); the read head gives
    ``r_t = read(M_t, w_read)`` (eq. (2)) and the write head gives
    ``M_{t+1} = write(M_t, w_write, e_t, a_t)`` (eqs. (3)-(4)), following the
    nndl book's order (Graves et al. let the read see the same step's write).
    """
    if not isinstance(state, NTMState):
        raise TypeError(f"state must be an NTMState, got {type(state).__name__}")
    x = as_array(x, "x", ndim=1)
    out = controller(x, state.h, state.r)
    if not isinstance(out, ControllerOutput):
        raise TypeError(f"controller must return a ControllerOutput, got {type(out).__name__}")
    read_stages = out.read.address(state.memory, state.w_read)
    write_stages = out.write.address(state.memory, state.w_write)
    r = read(state.memory, read_stages.final)
    memory = write(state.memory, write_stages.final, out.write.erase, out.write.add)
    new = NTMState(memory, out.h, r, read_stages.final, write_stages.final)
    return NTMStep(x, out, read_stages, write_stages, state.memory, new)


class NTM:
    """A neural Turing machine with one read head and one write head.

    Parameters
    ----------
    controller : callable
        ``controller(x_t, h_{t-1}, r_{t-1}) -> ControllerOutput``.
    n_slots, memory_width : int
        Memory shape (N, M).
    hidden_size : int
        Length of the controller state h.
    memory_init : float, default 1e-6
        Every memory entry starts at this constant (a zero row would leave the
        cosine similarity undefined).
    """

    def __init__(
        self,
        controller: Controller,
        n_slots: int,
        memory_width: int,
        hidden_size: int,
        *,
        memory_init: float = 1e-6,
    ) -> None:
        if not callable(controller):
            raise TypeError("controller must be callable")
        self.controller = controller
        self.n_slots = check_int(n_slots, "n_slots", low=1)
        self.memory_width = check_int(memory_width, "memory_width", low=1)
        self.hidden_size = check_int(hidden_size, "hidden_size", low=1)
        self.memory_init = check_real(memory_init, "memory_init")
        if self.memory_init == 0:
            raise ValueError("memory_init must not be 0 (zero rows have no cosine similarity)")

    def initial_state(self) -> NTMState:
        """Constant memory, h = 0, r = 0, both heads focused on slot 0.

        Every array is new; the two heads' weightings are separate arrays.
        """
        n, m = self.n_slots, self.memory_width
        w0 = np.zeros(n)
        w0[0] = 1.0
        return NTMState(
            np.full((n, m), self.memory_init),
            np.zeros(self.hidden_size),
            np.zeros(m),
            w0,
            w0.copy(),
        )

    def step(self, state: NTMState, x: object) -> NTMStep:
        """One step; see :func:`ntm_step`."""
        return ntm_step(self.controller, state, x)

    def run(self, xs: object, state: NTMState | None = None) -> list[NTMStep]:
        """Run over the rows of ``xs`` (one input vector per time step)."""
        xs = as_array(xs, "xs", ndim=2)
        state = self.initial_state() if state is None else state
        steps = []
        for x in xs:
            record = self.step(state, x)
            steps.append(record)
            state = record.state
        return steps


# --------------------------------------------------------------------------- copy task


class CopyProgram:
    """A hand-written (not learned) controller that copies a bit sequence.

    Inputs have ``width + 1`` channels: the bits and a delimiter channel that is 1
    on the step after the sequence.  Memory rows have ``width + 2`` channels: the
    bits, a *start* flag (1 only in the first slot written) and a *body* flag (1
    in every other written slot).  The controller state ``h = [reading, started]``.

    * Write phase (no delimiter yet): the write head stays for the first write,
      then shifts by +1 (g = 0, s = [0, 0, 1]); erase = 1, add = [bits, start, body].
      The read head is idle (g = 0, s = [0, 1, 0]).
    * Delimiter step: the read head jumps to the start by content addressing with
      the key ``start - body`` (g = 1, strength ``beta``, sharpening ``gamma``).
    * Read phase: the read head shifts by +1 each step (g = 0, s = [0, 0, 1]).
      The write head is idle: erase = 0, add = 0.
    """

    def __init__(self, width: int, *, beta: float = 100.0, gamma: float = 10.0) -> None:
        self.width = check_int(width, "width", low=1)
        self.beta = check_real(beta, "beta", low=0.0)
        self.gamma = check_real(gamma, "gamma", low=1.0)
        self.memory_width = self.width + 2
        self.marker_key = np.zeros(self.memory_width)
        self.marker_key[self.width] = 1.0  # start flag
        self.marker_key[self.width + 1] = -1.0  # body flag

    def __call__(self, x: object, h_prev: object, r_prev: object) -> ControllerOutput:
        b, m = self.width, self.memory_width
        x = as_array(x, "x", shape=(b + 1,))
        reading, started = (float(v) for v in as_array(h_prev, "h_prev", shape=(2,)))
        stay, plus = np.array([0.0, 1.0, 0.0]), np.array([0.0, 0.0, 1.0])
        key = self.marker_key
        idle_write = WriteHeadParams(key, 0.0, 0.0, stay, 1.0, erase=np.zeros(m), add=np.zeros(m))
        if x[b] > 0.5:  # delimiter: jump to the start by content
            read_head = HeadParams(key, self.beta, 1.0, stay, self.gamma)
            return ControllerOutput(np.array([1.0, started]), read_head, idle_write)
        if reading > 0.5:  # read phase: iterate by location
            read_head = HeadParams(key, 0.0, 0.0, plus, 1.0)
            return ControllerOutput(np.array([1.0, started]), read_head, idle_write)
        first = started < 0.5
        add = np.concatenate([x[:b], [1.0, 0.0] if first else [0.0, 1.0]])
        write_head = WriteHeadParams(
            key, 0.0, 0.0, stay if first else plus, 1.0, erase=np.ones(m), add=add
        )
        read_head = HeadParams(key, 0.0, 0.0, stay, 1.0)
        return ControllerOutput(np.array([0.0, 1.0]), read_head, write_head)


@dataclass(frozen=True, eq=False)
class CopyResult:
    """A run of the copy task.

    Attributes
    ----------
    bits : (T, B) input sequence (0/1)
    outputs : (T, B) bits read back (read vector thresholded at 0.5)
    reads : (T, B + 2) raw read vectors of the read phase
    inputs : (2T, B + 1) the NTM's input at every step (bits, delimiter)
    memories : (2T + 1, N, B + 2) memory before step 1, after step 1, ...
    w_read, w_write : (2T, N) the heads' weightings at every step
    steps : list of NTMStep
    """

    bits: np.ndarray
    outputs: np.ndarray
    reads: np.ndarray
    inputs: np.ndarray
    memories: np.ndarray
    w_read: np.ndarray
    w_write: np.ndarray
    steps: list[NTMStep]

    @property
    def length(self) -> int:
        return int(self.bits.shape[0])

    @property
    def correct(self) -> bool:
        return bool(np.array_equal(self.outputs, self.bits))


def random_bits(length: int, width: int, rng: RngLike) -> np.ndarray:
    """A random ``(length, width)`` sequence of 0/1 vectors (floats)."""
    length = check_int(length, "length", low=1)
    width = check_int(width, "width", low=1)
    return as_rng(rng).integers(0, 2, size=(length, width)).astype(float)


def _check_bits(bits: object) -> np.ndarray:
    bits = as_array(bits, "bits", ndim=2)
    if not np.all((bits == 0) | (bits == 1)):
        raise ValueError("bits must contain only 0 and 1")
    return bits


def copy_task(
    bits: object,
    *,
    n_slots: int | None = None,
    beta: float = 100.0,
    gamma: float = 10.0,
    memory_init: float = 1e-6,
) -> CopyResult:
    """Copy a bit sequence through memory with the hand-written :class:`CopyProgram`.

    Steps 1..T write the vectors to slots 0..T-1 (shift +1 between writes);
    step T+1 carries the delimiter and the read head jumps to slot 0 by content
    addressing the start flag; steps T+2..2T read slots 1..T-1 by shifting +1.

    Parameters
    ----------
    bits : array_like, shape (T, B)
        The sequence, 0/1 entries, one vector per row.
    n_slots : int, optional
        Memory slots N (default T + 2); must be at least T.
    beta, gamma : float
        Key strength and sharpening of the jump to the start.
    memory_init : float
        The constant the memory starts with.

    Raises
    ------
    ValueError
        If ``bits`` is not a 2-D 0/1 array or ``n_slots < T``.
    """
    bits = _check_bits(bits)
    t_len, width = bits.shape
    n_slots = t_len + 2 if n_slots is None else check_int(n_slots, "n_slots", low=t_len)
    program = CopyProgram(width, beta=beta, gamma=gamma)
    ntm = NTM(program, n_slots, program.memory_width, 2, memory_init=memory_init)
    inputs = np.zeros((2 * t_len, width + 1))
    inputs[:t_len, :width] = bits
    inputs[t_len, width] = 1.0
    steps = ntm.run(inputs)
    reads = np.array([s.r for s in steps[t_len:]])
    outputs = (reads[:, :width] > 0.5).astype(float)
    memories = np.array([steps[0].memory_before] + [s.state.memory for s in steps])
    return CopyResult(
        bits=bits,
        outputs=outputs,
        reads=reads,
        inputs=inputs,
        memories=memories,
        w_read=np.array([s.state.w_read for s in steps]),
        w_write=np.array([s.state.w_write for s in steps]),
        steps=steps,
    )


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
    box(ax, (1.2, 0.6), 1.9, 2.4, "controller", fc="#eef3fb", ec="#1f4e8c", **boxed)
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
    box(ax, (4.55, 2.15), 1.35, 0.7, "read head", fc="#e8f5e9", ec="#2e7d32", **boxed)
    box(ax, (4.55, 0.75), 1.35, 0.7, "write head", fc="#fbe3e3", ec="#c62828", **boxed)
    arrow(ax, (3.16, 2.5), (4.49, 2.5), r"$\mathbf{q}_t$", offset=(0.0, 0.05), **arrowed)
    arrow(
        ax,
        (3.16, 1.1),
        (4.49, 1.1),
        r"$\mathbf{q}_t,\ \mathbf{e}_t,\ \mathbf{a}_t$",
        offset=(0.0, 0.05),
        **arrowed,
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
    ax.text(
        x0 + n_cols * cw / 2,
        y0 + n_rows * ch + 0.12,
        r"memory $M_t$",
        ha="center",
        va="bottom",
        fontsize=10,
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
    arrow(ax, (7.44, 2.5), (5.96, 2.5), "read", offset=(0.0, 0.05), **arrowed)
    arrow(ax, (5.225, 2.91), (5.225, 3.75), **arrowed)
    ax.text(5.225, 3.82, r"$\mathbf{r}_t$", ha="center", va="bottom", fontsize=11)
    arrow(ax, (5.96, 1.1), (7.44, 1.1), "erase, add", offset=(0.0, 0.05), **arrowed)
    ax.text(
        x0 + n_cols * cw / 2,
        y0 - 0.12,
        r"$M_t \rightarrow M_{t+1}$",
        ha="center",
        va="top",
        fontsize=10,
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
    erase and add panels: the vectors e and a.  The "after erase" panel prints
    only the values the erase changed (the others are those of M_t).
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
        2, 4, width_ratios=[0.6, m, m, m], height_ratios=[1, n], wspace=0.1, hspace=0.3
    )
    ax_w = fig.add_subplot(grid[1, 0])
    _heat(ax_w, w[:, None], "", 0.0, 1.0)
    ax_w.set_xlabel(r"$\alpha$", fontsize=10)
    ax_w.set_yticks(range(n))
    ax_w.set_yticklabels([str(i + 1) for i in range(n)], fontsize=7)
    ax_w.tick_params(length=0)
    panels = (
        (memory, r"$M_t$", True),
        (erased, "after erase", erased != memory),
        (after, r"$M_{t+1}$ (after add)", True),
    )
    for k, (data, label, numbers) in enumerate(panels):
        ax = fig.add_subplot(grid[1, k + 1])
        _heat(ax, data, "", lo, hi, numbers=numbers)
        ax.set_xlabel(label, fontsize=10)
    _heat(fig.add_subplot(grid[0, 2]), e[None, :], "erase e", 0.0, 1.0)
    _heat(fig.add_subplot(grid[0, 3]), a[None, :], "add a", lo, hi)
    return fig


_STAGE_TITLES = (
    r"content $\alpha^c$",
    r"gated $\alpha^g$",
    r"shifted $\tilde\alpha$",
    r"sharpened $\alpha$",
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

    The previous weighting is drawn dashed in the gated panel.  Titles use the
    nndl notation alpha (Graves et al.'s w).
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
        ax.set_title(_STAGE_TITLES[k], fontsize=10)
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
    "all 0" when the copy is exact).  Bottom: the write and read weightings over
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
    axes[0, 0].set_title("input", fontsize=9)
    axes[0, 1].imshow(result.outputs.T, **kw)
    axes[0, 1].set_title("output", fontsize=9)
    axes[0, 2].imshow(
        np.abs(result.outputs - result.bits).T,
        cmap="Reds",
        vmin=0,
        vmax=1,
        aspect="auto",
        interpolation="nearest",
    )
    axes[0, 2].set_title("|output - input|", fontsize=9)
    if result.correct:  # an all-white panel would look broken: say why it is empty
        axes[0, 2].text(
            (t_len - 1) / 2,
            (width - 1) / 2,
            "all 0",
            ha="center",
            va="center",
            fontsize=9,
            color="#c62828",
        )
    for ax in axes[0]:
        ax.set_xticks(range(t_len))
        ax.set_xticklabels(range(1, t_len + 1), fontsize=7)
        ax.set_yticks([])
        ax.set_xlabel("t", fontsize=8)
    kw = dict(cmap="viridis", vmin=0, vmax=1, aspect="auto", interpolation="nearest")
    axes[1, 0].imshow(result.w_write.T, **kw)
    axes[1, 0].set_title("write weighting", fontsize=9)
    axes[1, 1].imshow(result.w_read.T, **kw)
    axes[1, 1].set_title("read weighting", fontsize=9)
    for ax in axes[1, :2]:
        ax.axvline(t_len - 0.5, color="white", lw=1, ls="--")
        ax.set_xticks(range(0, 2 * t_len, max(1, t_len // 3)))
        ax.set_xticklabels(
            [str(i + 1) for i in range(0, 2 * t_len, max(1, t_len // 3))], fontsize=7
        )
        ax.set_yticks(range(n))
        ax.set_yticklabels([str(i + 1) for i in range(n)], fontsize=6)
        ax.set_xlabel("step", fontsize=8)
    axes[1, 0].set_ylabel("slot", fontsize=8)
    axes[1, 2].imshow(
        result.memories[-1], cmap="Blues", vmin=0, vmax=1, aspect="auto", interpolation="nearest"
    )
    axes[1, 2].set_title("final memory", fontsize=9)
    axes[1, 2].set_xticks([width - 0.5], labels=[""])
    axes[1, 2].axvline(width - 0.5, color="#d62728", lw=1)
    axes[1, 2].set_yticks([])
    axes[1, 2].set_xlabel("bits | start, body", fontsize=8)
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
    ax_in.add_patch(Rectangle((t - 1.5, -0.5), 1, width + 1, fc="none", ec="#d62728", lw=2))
    ax_in.set_title("input (bits, delimiter)", fontsize=9)
    ax_out = fig.add_subplot(top[1])
    shown = np.full((width, t_len), np.nan)
    n_out = max(0, t - t_len)
    shown[:, :n_out] = result.outputs[:n_out].T
    ax_out.imshow(shown, cmap="Greys", vmin=0, vmax=1, aspect="auto", interpolation="nearest")
    ax_out.add_patch(Rectangle((-0.5, -0.5), t_len, width, fc="none", ec="#999999", lw=0.8))
    ax_out.set_title("output so far", fontsize=9)
    for ax in (ax_in, ax_out):
        ax.set_xticks([])
        ax.set_yticks([])
        for side in ax.spines.values():
            side.set_visible(False)
    ax_ww = fig.add_subplot(grid[1, 1])
    _heat(ax_ww, result.w_write[t - 1][:, None], "", 0, 1, numbers=False)
    ax_ww.set_xlabel("write w", fontsize=9)
    ax_m = fig.add_subplot(grid[1, 2])
    _heat(ax_m, memory, "", 0, 1, numbers=False, cmap="Blues")
    ax_m.axvline(width - 0.5, color="#d62728", lw=1)
    ax_m.set_xlabel("memory (bits | start, body)", fontsize=9)
    ax_wr = fig.add_subplot(grid[1, 3])
    _heat(ax_wr, result.w_read[t - 1][:, None], "", 0, 1, numbers=False)
    ax_wr.set_xlabel("read w", fontsize=9)
    ax_ww.set_yticks(range(n))
    ax_ww.set_yticklabels([str(i + 1) for i in range(n)], fontsize=6)
    ax_ww.tick_params(length=0)
    phase = "write" if t <= t_len else ("jump to start" if t == t_len + 1 else "read")
    fig.suptitle(f"step {t} of {2 * t_len}: {phase}", fontsize=10)
    return fig


# --------------------------------------------------------------------------- frame builders

#: Memory of the write demo: 5 slots of width 4.
WRITE_DEMO_MEMORY = np.array(
    [
        [0.2, 0.8, 0.1, 0.5],
        [0.9, 0.1, 0.4, 0.3],
        [0.5, 0.5, 0.9, 0.1],
        [0.1, 0.3, 0.6, 0.9],
        [0.7, 0.2, 0.2, 0.6],
    ]
)

#: Write weightings of the write demo (over 5 slots).
WRITE_ATTENTIONS: dict[str, np.ndarray] = {
    "slot 2": np.array([0.0, 1.0, 0.0, 0.0, 0.0]),
    "slots 2-4": np.array([0.0, 0.25, 0.5, 0.25, 0.0]),
    "uniform": np.full(5, 0.2),
}

#: Erase vectors of the write demo.
WRITE_ERASES: dict[str, np.ndarray] = {
    "none": np.zeros(4),
    "first half": np.array([1.0, 1.0, 0.0, 0.0]),
    "all": np.ones(4),
}

#: Add vectors of the write demo.
WRITE_ADDS: dict[str, np.ndarray] = {
    "zero": np.zeros(4),
    "[1, 0, 1, 0]": np.array([1.0, 0.0, 1.0, 0.0]),
    "[0, 1, 1, 1]": np.array([0.0, 1.0, 1.0, 1.0]),
}




def _preset(
    value: object, presets: dict[str, np.ndarray], name: str, size: int, scalar: bool = True
) -> np.ndarray:
    """A preset by name, a number repeated ``size`` times (if ``scalar``) or a vector."""
    if isinstance(value, str):
        if value not in presets:
            raise ValueError(f"{name} must be one of {sorted(presets)} or an array, got {value!r}")
        return presets[value]
    if isinstance(value, (int, float, np.number)) and not isinstance(value, bool):
        if not scalar:
            raise ValueError(
                f"{name} must be one of {sorted(presets)} or an array of {size} weights, "
                f"not a single number ({value!r})"
            )
        return np.full(size, float(value))
    return as_array(value, name, ndim=1)


def write_demo_frame(
    attention: object = "slot 2",
    erase: object = "all",
    add: object = "[1, 0, 1, 0]",
    memory: object | None = None,
) -> str:
    """Frame builder of the write demo: heatmaps before and after one write.

    Parameters
    ----------
    attention : str or array_like
        A preset name (:data:`WRITE_ATTENTIONS`) or a distribution over the N
        slots.  A single number is rejected (it is not a weighting).
    erase, add : str, float or array_like
        A preset name (:data:`WRITE_ERASES`, :data:`WRITE_ADDS`), a number
        (repeated over the M components) or a vector of length M.
    memory : array_like, optional
        Default :data:`WRITE_DEMO_MEMORY`.

    Returns
    -------
    str
        An inline SVG of :func:`plot_memory_write`.

    Raises
    ------
    ValueError
        An unknown preset name, a number for ``attention``, an attention that is
        not a distribution over the N slots, or vectors of the wrong length.
    """
    memory = WRITE_DEMO_MEMORY if memory is None else _check_memory(memory)
    n, m = memory.shape
    w = _check_weighting(
        _preset(attention, WRITE_ATTENTIONS, "attention", n, scalar=False), "attention", n
    )
    e = _preset(erase, WRITE_ERASES, "erase", m)
    a = _preset(add, WRITE_ADDS, "add", m)
    return figure_to_svg(plot_memory_write(memory, w, e, a))


#: Shift distributions of the addressing demo (offsets -1, 0, +1).
ADDRESSING_SHIFTS: dict[str, np.ndarray] = {
    "0": np.array([0.0, 1.0, 0.0]),
    "+1": np.array([0.0, 0.0, 1.0]),
    "soft +1": np.array([0.1, 0.2, 0.7]),
}


def addressing_example() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The addressing demo's memory (8 x 4), key and previous weighting.

    The key is closest to row 6 (slot index 5) and somewhat close to row 3; the
    previous weighting sits on slot 2 (index 1).
    """
    memory = np.array(
        [
            [1.0, 0.0, 0.0, 0.2],
            [0.0, 1.0, 0.0, 0.2],
            [0.6, 0.5, 0.6, 0.4],
            [0.0, 0.0, 1.0, 0.5],
            [0.3, 0.9, 0.1, 0.8],
            [0.9, 0.1, 0.9, 0.1],
            [0.1, 0.2, 0.1, 1.0],
            [0.5, 0.5, 0.5, 0.5],
        ]
    )
    key = np.array([1.0, 0.0, 1.0, 0.0])
    w_prev = np.zeros(8)
    w_prev[1] = 1.0
    return memory, key, w_prev


def addressing_frame(
    beta: float = 5.0, g: float = 1.0, s: object = "+1", gamma: float = 1.0
) -> str:
    """Frame builder of the addressing demo: the four stages for given beta, g, s, gamma.

    Uses :func:`addressing_example`; ``s`` is a name in :data:`ADDRESSING_SHIFTS`
    or a distribution over the offsets.

    Returns
    -------
    str
        An inline SVG of :func:`plot_addressing`.
    """
    memory, key, w_prev = addressing_example()
    s = _preset(s, ADDRESSING_SHIFTS, "s", 3) if isinstance(s, str) else s
    stages = address_stages(memory, w_prev, key, beta, g, s, gamma)
    return figure_to_svg(plot_addressing(stages))


@lru_cache(maxsize=8)
def _cached_copy_task(bits: tuple[tuple[float, ...], ...], n_slots: int | None) -> CopyResult:
    """:func:`copy_task` memoised on a hashable copy of the bits (for frame builders)."""
    return copy_task(np.array(bits, dtype=float), n_slots=n_slots)


def copy_task_frame(t: int, bits: object, n_slots: int | None = None) -> str:
    """Frame builder of the copy-task stepper: :func:`plot_copy_step` at step ``t``.

    The copy task runs once per ``(bits, n_slots)``: the result is cached, so
    the 2T frames of a stepper share one run.

    Parameters
    ----------
    t : int
        Step, 1..2T.
    bits : array_like, shape (T, B)
        0/1 entries.
    n_slots : int, optional
        As in :func:`copy_task`.

    Raises
    ------
    ValueError
        Bad ``bits`` or ``n_slots`` (see :func:`copy_task`), ``t`` outside 1..2T.
    """
    bits = _check_bits(bits)
    if n_slots is not None:
        n_slots = check_int(n_slots, "n_slots", low=bits.shape[0])
    result = _cached_copy_task(tuple(map(tuple, bits.tolist())), n_slots)
    return figure_to_svg(plot_copy_step(result, t))
