"""memlib.ntm, the model: numpy only.

Part of :mod:`memlib.ntm`: import its names from there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from memlib._checks import RngLike, as_array, as_rng, check_distribution, check_int, check_real
from memlib._math import sigmoid, softplus
from memlib.attention import softmax

__all__ = [
    "address",
    "address_path",
    "address_stages",
    "addressing_example",
    "ADDRESSING_SHIFTS",
    "AddressingStages",
    "content_weights",
    "Controller",
    "ControllerOutput",
    "copy_task",
    "CopyProgram",
    "CopyResult",
    "COSINE_EPS",
    "cosine_similarity",
    "FeedforwardController",
    "head_params_from_raw",
    "HeadParams",
    "interpolate",
    "NTM",
    "ntm_step",
    "NTMState",
    "NTMStep",
    "random_bits",
    "read",
    "sharpen",
    "shift",
    "write",
    "WRITE_ADDS",
    "WRITE_ATTENTIONS",
    "WRITE_DEMO_MEMORY",
    "WRITE_ERASES",
    "write_params_from_raw",
    "WriteHeadParams",
]


# --------------------------------------------------------------------------- helpers


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

#: The epsilon of :func:`cosine_similarity`: ``u . v / max(||u|| ||v||, COSINE_EPS)``.
COSINE_EPS = 1e-16


def cosine_similarity(memory: object, key: object) -> np.ndarray:
    """Cosine similarity of ``key`` with every memory row, eq. (6) of Graves et al. 2014.

    Book equation: eq-852-content (section 8.5.2).

    The book's cosine (eq-852-content, ``cos(u, v) = u . v / (||u|| ||v||)``)
    with :data:`COSINE_EPS` in the denominator::

        K[u, v] = u . v / max(||u|| ||v||, COSINE_EPS)

    so a zero memory row or a zero key has cosine 0 instead of 0/0, as in the
    paper's implementations (e.g. pytorch-ntm's ``F.cosine_similarity`` with a
    small ``eps``).  A zero row is a legitimate state: a write with erase 1 and
    add 0 leaves one.  For rows and keys with ``||u|| ||v|| >= COSINE_EPS`` (every
    vector of a normal size) the value is the exact cosine, the same as
    ``memlib.attention.score(memory, key, "cosine")``; ``|K| <= 1`` (up to rounding).

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
        If the shapes do not fit, or ``memory`` or ``key`` holds NaN or infinity.
    """
    memory = _check_memory(memory)
    key = _check_vector(key, "key", memory.shape[1])
    norms = np.linalg.norm(memory, axis=1) * np.linalg.norm(key)
    return (memory @ key) / np.maximum(norms, COSINE_EPS)


def content_weights(memory: object, key: object, beta: float) -> np.ndarray:
    """Content-based addressing, eqs. (5)-(6) of Graves et al. 2014.

    Book equation: eq-852-content (section 8.5.2).

    ``w_c(n) = exp(beta K[key, m_n]) / sum_j exp(beta K[key, m_j])``, with K the
    cosine similarity of :func:`cosine_similarity` (a zero row or key counts as
    cosine 0) and :func:`memlib.attention.softmax`.  ``beta = 0`` gives the
    uniform weighting; a large ``beta`` concentrates the weight on the most
    similar rows.

    Parameters
    ----------
    memory : array_like, shape (N, M)
    key : array_like, shape (M,)
        nndl calls it the query ``q_t``.  A zero key gives the uniform weighting.
    beta : float
        Key strength, ``beta >= 0``.

    Returns
    -------
    numpy.ndarray, shape (N,)
        A distribution over the slots.

    Raises
    ------
    ValueError
        Shapes that do not fit, ``beta < 0``, NaN or infinite entries.
    """
    beta = check_real(beta, "beta", low=0.0)
    return softmax(beta * cosine_similarity(memory, key))


def interpolate(w_content: object, w_prev: object, g: float) -> np.ndarray:
    """Interpolation gate, eq. (7) of Graves et al. 2014: ``g w_c + (1 - g) w_prev``.

    Book equation: eq-852-gate (section 8.5.2).

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

    Book equation: eq-852-shift (section 8.5.2).

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

    Book equation: eq-852-sharpen (section 8.5.2).

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


def address_path(
    memory: object,
    w_prev: object,
    keys: object,
    beta: float,
    g: float,
    s: object,
    gamma: float,
) -> np.ndarray:
    """Address ``len(keys)`` times in a row over a fixed memory: the path of a head.

    Step k runs :func:`address` with the key ``keys[k - 1]``, the weighting of
    step k - 1 (``w_prev`` at step 1) and the same ``beta, g, s, gamma``.  With
    ``g = 0`` the keys are ignored and the head only moves by the shift ``s``.

    Parameters
    ----------
    memory : array_like, shape (N, M)
    w_prev : array_like, shape (N,)
        The weighting before the first step (a distribution).
    keys : array_like, shape (K, M)
        One key per step, K >= 1.
    beta, g, s, gamma
        As in :func:`address`.

    Returns
    -------
    numpy.ndarray, shape (K, N)
        Row k - 1 is the weighting after step k.

    Raises
    ------
    ValueError
        As :func:`address`, or ``keys`` not of shape (K, M).
    """
    memory = _check_memory(memory)
    w = _check_weighting(w_prev, "w_prev", memory.shape[0])
    keys = as_array(keys, "keys", shape=(None, memory.shape[1]))
    path = np.empty((keys.shape[0], memory.shape[0]))
    for k, key in enumerate(keys):
        w = address(memory, w, key, beta, g, s, gamma)
        path[k] = w
    return path


# --------------------------------------------------------------------------- read / write


def read(memory: object, w: object) -> np.ndarray:
    """Read vector, eq. (2) of Graves et al. 2014: ``r = sum_n w(n) m_n``.

    Book equation: eq-852-read (section 8.5.2).

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

    Book equation: eq-852-write (section 8.5.2).

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
    key : (M,) array, the key k_t (nndl's query q_t)
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
        object.__setattr__(self, "key", as_array(self.key, "key", ndim=1))
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
        key = key + 1e-6  # tanh(0) = 0 exactly: a tiny all-equal key (zero would mean uniform)
    return HeadParams(
        key=key,
        beta=float(softplus(raw[m])),
        g=float(sigmoid(raw[m + 1])),
        shift=softmax(raw[m + 2 : m + 3 + 2 * r]),
        gamma=1.0 + float(softplus(raw[m + 3 + 2 * r])),
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
        erase=sigmoid(raw[size : size + m]),
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
        Every memory entry starts at this constant (0 is allowed: a zero row
        has cosine similarity 0, see :func:`cosine_similarity`).
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
