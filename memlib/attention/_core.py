"""memlib.attention, the model: numpy only.

Part of :mod:`memlib.attention`: import its names from there.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np

from memlib._checks import as_array, check_choice
from memlib._math import softmax as _softmax

__all__ = [
    "DEMO_MEMORY",
    "DEMO_PARAMS",
    "GRID",
    "KINDS",
    "KIND_NAMES",
    "attention_read",
    "hard_attention_read",
    "key_value_read",
    "score",
    "softmax",
    "weights_by_kind",
]


#: The scoring functions s(m, q) known to :func:`score`.
KINDS = ("dot", "scaled_dot", "cosine", "bilinear", "additive")

#: Chinese names of the scoring functions, as the book writes them (legends,
#: table rows and the demo's menu).
KIND_NAMES = {
    "dot": "点积",
    "scaled_dot": "缩放点积",
    "cosine": "余弦",
    "bilinear": "双线性",
    "additive": "加性",
}

#: Parameters each scoring function needs.
_PARAMS: dict[str, tuple[str, ...]] = {
    "dot": (),
    "scaled_dot": (),
    "cosine": (),
    "bilinear": ("W",),
    "additive": ("W", "U", "v"),
}

#: Five 2-D memory slots used by the book's figures and demos (rows are m_n).
DEMO_MEMORY = np.array(
    [[2.0, 0.5], [0.5, 1.8], [-1.6, 1.0], [-1.0, -1.5], [1.4, -1.4]],
)

#: Fixed parameters of the parametric scoring functions for 2-D demos.
DEMO_PARAMS: dict[str, dict[str, np.ndarray]] = {
    "bilinear": {"W": np.array([[1.0, 0.6], [-0.4, 1.2]])},
    "additive": {
        "W": np.array([[1.2, 0.0], [0.0, 1.2], [0.8, -0.8]]),
        "U": np.array([[1.5, 0.0], [0.0, 1.5], [0.6, 0.6]]),
        "v": np.array([1.0, 1.0, 0.5]),
    },
}

#: Query positions of the kernel-free demo (a 5 x 5 grid in the plane).
GRID = (-2.0, -1.0, 0.0, 1.0, 2.0)


# ----------------------------------------------------------------------------- maths


def softmax(x: object, axis: int = -1) -> np.ndarray:
    """Softmax along ``axis``: softmax(x)_i = exp(x_i - max x) / sum_j exp(x_j - max x).

    Book equation: eq-85-alpha (section 8.5).

    Subtracting the maximum leaves the result unchanged (softmax is invariant to
    adding a constant) and prevents overflow, so scores of 1e4 are fine.

    Raises
    ------
    TypeError
        If ``x`` is not numeric or ``axis`` is not an int.
    ValueError
        If ``x`` is empty, contains NaN/inf, or ``axis`` is out of range.
    """
    arr = as_array(x, "x")
    if isinstance(axis, bool) or not isinstance(axis, (int, np.integer)):
        raise TypeError(f"axis must be an int, got {type(axis).__name__}")
    if arr.ndim == 0:
        raise ValueError("x must have at least one dimension, got a scalar")
    if not -arr.ndim <= axis < arr.ndim:
        raise ValueError(f"axis must be in [{-arr.ndim}, {arr.ndim - 1}], got {axis}")
    return _softmax(arr, axis)


def _check_memory_query(
    memory: object, query: object, memory_name: str = "memory"
) -> tuple[np.ndarray, np.ndarray]:
    mem = as_array(memory, memory_name, ndim=2)
    q = as_array(query, "query", ndim=(1, 2))
    return mem, q


def _check_params(kind: str, params: Mapping[str, object], d_mem: int, d_q: int) -> dict:
    kind = check_choice(kind, "kind", KINDS)
    needed = _PARAMS[kind]
    extra = sorted(set(params) - set(needed))
    if extra:
        raise TypeError(f"score kind {kind!r} takes no parameter(s) {', '.join(extra)}")
    missing = [p for p in needed if p not in params]
    if missing:
        raise TypeError(f"score kind {kind!r} needs parameter(s) {', '.join(missing)}")
    out = {}
    if kind == "bilinear":
        out["W"] = as_array(params["W"], "W", shape=(d_mem, d_q))
    elif kind == "additive":
        W = as_array(params["W"], "W", ndim=2)
        h = W.shape[0]
        out["W"] = as_array(W, "W", shape=(h, d_mem))
        out["U"] = as_array(params["U"], "U", shape=(h, d_q))
        out["v"] = as_array(params["v"], "v", shape=(h,))
    return out


def score(memory: object, query: object, kind: str = "dot", **params: object) -> np.ndarray:
    """Attention scores s(m_n, q) of every memory slot for one or many queries.

    Book equation: eq-85-scores (section 8.5).

    ==========  ==========================================  =============
    kind        s(m_n, q)                                   parameters
    ==========  ==========================================  =============
    dot         m_n^T q                                     --
    scaled_dot  m_n^T q / sqrt(D)                           --
    cosine      m_n^T q / (||m_n|| ||q||)                   --
    bilinear    m_n^T W q                                   W (D, D_q)
    additive    v^T tanh(W m_n + U q)                       W (H, D), U (H, D_q), v (H,)
    ==========  ==========================================  =============

    Parameters
    ----------
    memory : array_like, shape (N, D)
        Row n is the slot m_n.
    query : array_like, shape (D_q,) or (Q, D_q)
        One query or a batch (D_q = D except for bilinear and additive).
    kind : str, default "dot"
    **params
        The parameters of the kind (see the table).

    Returns
    -------
    numpy.ndarray, shape (N,) or (Q, N)

    Raises
    ------
    TypeError
        Non-numeric input, missing or unexpected parameters.
    ValueError
        Unknown ``kind``, empty or non-finite arrays, mismatched shapes, or a
        zero vector with ``kind="cosine"``.
    """
    mem, q = _check_memory_query(memory, query)
    kind = check_choice(kind, "kind", KINDS)
    single = q.ndim == 1
    qb = q[None, :] if single else q
    d_mem, d_q = mem.shape[1], qb.shape[1]
    p = _check_params(kind, params, d_mem, d_q)
    if kind in ("dot", "scaled_dot", "cosine") and d_q != d_mem:
        raise ValueError(f"query must have {d_mem} components like the rows of memory, got {d_q}")
    if kind == "dot":
        s = qb @ mem.T
    elif kind == "scaled_dot":
        s = qb @ mem.T / math.sqrt(d_mem)
    elif kind == "cosine":
        m_norm = np.linalg.norm(mem, axis=1)
        q_norm = np.linalg.norm(qb, axis=1)
        if np.any(m_norm == 0):
            raise ValueError("memory has a zero row: cosine score is undefined")
        if np.any(q_norm == 0):
            raise ValueError("query is a zero vector: cosine score is undefined")
        s = (qb @ mem.T) / q_norm[:, None] / m_norm[None, :]
    elif kind == "bilinear":
        s = qb @ (mem @ p["W"]).T
    else:  # additive: v^T tanh(W m_n + U q), shape (Q, N, H)
        hidden = np.tanh((mem @ p["W"].T)[None, :, :] + (qb @ p["U"].T)[:, None, :])
        s = hidden @ p["v"]
    return s[0] if single else s


def attention_read(
    memory: object, query: object, kind: str = "dot", **params: object
) -> tuple[np.ndarray, np.ndarray]:
    """Soft attention read: alpha_n = softmax(s(m_n, q)), r = sum_n alpha_n m_n.

    Book equations: eq-85-alpha, eq-85-read (section 8.5).

    nndl section 8.5, the read module R(M, q_r).

    Parameters
    ----------
    memory : array_like, shape (N, D)
    query : array_like, shape (D_q,) or (Q, D_q)
    kind, **params
        The scoring function, see :func:`score`.

    Returns
    -------
    r : numpy.ndarray, shape (D,) or (Q, D)
        The read vector(s).
    alpha : numpy.ndarray, shape (N,) or (Q, N)
        The attention distribution(s).
    """
    mem = as_array(memory, "memory", ndim=2)
    alpha = _softmax(score(mem, query, kind, **params), overwrite=True)
    return alpha @ mem, alpha


def hard_attention_read(
    memory: object, query: object, kind: str = "dot", **params: object
) -> tuple[np.ndarray, np.ndarray]:
    """Hard attention read: alpha = one-hot of argmax_n s(m_n, q); r = m_argmax.

    Book equation: eq-85-hard (section 8.5).

    Ties go to the first (lowest-index) slot.  Same arguments and returns as
    :func:`attention_read`.
    """
    mem = as_array(memory, "memory", ndim=2)
    s = score(mem, query, kind, **params)
    best = np.argmax(s, axis=-1)
    alpha = np.zeros_like(s)
    np.put_along_axis(alpha, np.asarray(best)[..., None], 1.0, axis=-1)
    return mem[best], alpha


def key_value_read(keys: object, values: object, query: object) -> tuple[np.ndarray, np.ndarray]:
    """Key-value attention read: r = sum_n softmax(a_n^T q) c_n.

    Book equation: eq-851-kv (section 8.5.1).

    The read of the end-to-end memory network (Sukhbaatar et al., 2015; nndl
    section 8.5.1): keys a_n are matched with the query, values c_n are averaged.

    Parameters
    ----------
    keys : array_like, shape (N, D)
        Row n is a_n.
    values : array_like, shape (N, D_v)
        Row n is c_n.
    query : array_like, shape (D,) or (Q, D)

    Returns
    -------
    r : numpy.ndarray, shape (D_v,) or (Q, D_v)
    alpha : numpy.ndarray, shape (N,) or (Q, N)
    """
    a = as_array(keys, "keys", ndim=2)
    c = as_array(values, "values", ndim=2)
    q = as_array(query, "query", ndim=(1, 2))
    if c.shape[0] != a.shape[0]:
        raise ValueError(f"values must have one row per key ({a.shape[0]}), got {c.shape[0]} rows")
    if q.shape[-1] != a.shape[1]:
        raise ValueError(f"query must have {a.shape[1]} components like keys, got {q.shape[-1]}")
    alpha = _softmax(q @ a.T, overwrite=True)
    return alpha @ c, alpha


def _params_for(kind: str, params: Mapping[str, Mapping[str, object]] | None) -> dict:
    """The parameters of ``kind`` in ``params`` (default :data:`DEMO_PARAMS`), or none."""
    source = DEMO_PARAMS if params is None else params
    return dict(source.get(kind, {}))


def weights_by_kind(
    memory: object,
    query: object,
    kinds: Sequence[str] = KINDS,
    params: Mapping[str, Mapping[str, object]] | None = None,
) -> dict[str, np.ndarray]:
    """The attention distribution of each scoring function on the same memory.

    alpha_n = softmax_n(s(m_n, q)) for every ``kind`` in ``kinds``, as
    :func:`attention_read` computes it; the parametric kinds take their
    parameters from ``params`` (kind -> parameters, default
    :data:`DEMO_PARAMS`), the others need none.

    Parameters
    ----------
    memory : array_like, shape (N, D)
    query : array_like, shape (D_q,) or (Q, D_q)
    kinds : sequence of str, default :data:`KINDS`
    params : mapping of str to mapping, optional

    Returns
    -------
    dict of str to numpy.ndarray
        kind -> alpha of shape (N,) or (Q, N), in the order of ``kinds``.

    Raises
    ------
    TypeError
        If ``kinds`` is a str, or as :func:`score` (e.g. a parametric kind
        without its parameters in ``params``).
    ValueError
        If ``kinds`` is empty or names an unknown kind, or as :func:`score`.
    """
    if isinstance(kinds, str):
        raise TypeError(f"kinds must be a sequence of kind names, got the str {kinds!r}")
    kinds = [check_choice(k, "kinds", KINDS) for k in kinds]
    if not kinds:
        raise ValueError("kinds must name at least one scoring function")
    mem = as_array(memory, "memory", ndim=2)
    return {k: attention_read(mem, query, k, **_params_for(k, params))[1] for k in kinds}
