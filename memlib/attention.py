"""Content-based addressing: scoring functions, soft and hard attention reads.

A memory is an (N, D) array whose row n is the memory slot m_n; a query is a
(D,) vector or a batch of queries (Q, D).  Reading by content takes two steps
(nndl section 8.5):

1. the attention distribution  alpha_n = softmax_n( s(m_n, q) ),
2. the read vector            r = sum_n alpha_n m_n.

The key-value variant of the end-to-end memory network (Sukhbaatar et al.,
2015) scores keys a_n and averages values c_n: r = sum_n softmax(a_n^T q) c_n.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from memlib._checks import as_array, check_choice
from memlib._draw import arrow, box
from memlib.widgets import figure_to_svg, html_table, side_by_side

__all__ = [
    "DEMO_MEMORY",
    "DEMO_PARAMS",
    "GRID",
    "IMAGES",
    "KINDS",
    "attention_frame",
    "attention_read",
    "hard_attention_read",
    "key_value_read",
    "plot_attention_plane",
    "plot_memory_network_structure",
    "plot_scoring_functions",
    "plot_soft_vs_hard",
    "score",
    "softmax",
]

#: The scoring functions s(m, q) known to :func:`score`.
KINDS = ("dot", "scaled_dot", "cosine", "bilinear", "additive")

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


def _softmax(x: np.ndarray, axis: int = -1, *, overwrite: bool = False) -> np.ndarray:
    """Unchecked stable softmax; entries equal to -inf get weight 0.

    Computed in place, in ``x`` itself when ``overwrite`` (for score arrays
    the caller has just made) or else in one new array: at batch sizes the
    page faults of fresh temporaries cost more than the arithmetic.
    """
    top = np.max(x, axis=axis, keepdims=True)
    if overwrite:
        x -= top
        e = x
    else:
        e = x - top
    np.exp(e, out=e)
    e /= np.sum(e, axis=axis, keepdims=True)
    return e


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


# ----------------------------------------------------------------------------- diagrams


def plot_memory_network_structure() -> Figure:
    """The typical structure of a memory network (nndl section 8.5).

    Controller C (reads input x, emits output y), external memory
    M = [m_1, ..., m_N], read module r = R(M, q_r) and write module
    M = W(M, q_w, a).
    """
    fig = Figure(figsize=(7.2, 3.4))
    ax = fig.subplots()
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 4.6)
    ax.axis("off")
    box(ax, (0.9, 1.7), 1.9, 1.2, "controller\n$C$", fc="#fde2c8", fontsize=11)
    box(ax, (4.3, 3.0), 2.0, 0.9, "read\n$r=R(M, q_r)$", fc="#d9f0d3", fontsize=9.5)
    box(ax, (4.3, 0.7), 2.0, 0.9, "write\n$M=W(M, q_w, a)$", fc="#f6d5e5", fontsize=9.5)
    # external memory: N slots
    x0, y0, w, h = 7.7, 0.55, 1.4, 0.62
    labels = ["$m_1$", "$m_2$", "$\\vdots$", "$m_N$"]
    for i, lab in enumerate(labels):
        y = y0 + (len(labels) - 1 - i) * h
        ax.add_patch(Rectangle((x0, y), w, h, fc="#eeeeee", ec="#333", lw=1.0))
        ax.text(x0 + w / 2, y + h / 2, lab, ha="center", va="center", fontsize=10)
    ax.text(x0 + w / 2, y0 + len(labels) * h + 0.25, "memory $M$", ha="center", fontsize=10)
    arrow(ax, (0.0, 2.3), (0.88, 2.3), "$x$")
    arrow(ax, (1.85, 1.68), (1.85, 0.55))
    ax.text(2.05, 0.7, "$y$", fontsize=10)
    arrow(ax, (2.82, 2.6), (4.28, 3.25), "$q_r$", offset=(0.25, -0.22))
    arrow(ax, (4.28, 3.7), (2.2, 2.92), "$r$", offset=(-0.1, 0.45), connectionstyle="arc3,rad=0.25")
    arrow(ax, (2.82, 1.95), (4.28, 1.15), "$q_w,\\ a$", offset=(-0.1, -0.3))
    arrow(ax, (7.7, 3.0), (6.32, 3.45))
    arrow(ax, (6.32, 1.15), (7.7, 1.0))
    fig.tight_layout()
    return fig


IMAGES = {"memory_network_structure": plot_memory_network_structure}


# ----------------------------------------------------------------------------- plots


def _params_for(kind: str, params: Mapping[str, Mapping[str, object]] | None) -> dict:
    source = DEMO_PARAMS if params is None else params
    return dict(source.get(kind, {}))


#: Chinese names of the scoring functions (captions of the widget frames).
_KIND_ZH = {
    "dot": "点积打分",
    "scaled_dot": "缩放点积打分",
    "cosine": "余弦打分",
    "bilinear": "双线性打分",
    "additive": "加性打分",
}


def _kind_label(kind: str) -> str:
    """English label of a scoring function for legends and titles."""
    return kind.replace("_", " ")


def plot_scoring_functions(
    memory: object = DEMO_MEMORY,
    query: object = (1.0, 1.0),
    kinds: Sequence[str] = KINDS,
    params: Mapping[str, Mapping[str, object]] | None = None,
) -> Figure:
    """Attention weights alpha_n of several scoring functions on the same memory.

    One bar group per slot m_n, one bar per scoring function; parametric kinds
    take their parameters from ``params`` (default :data:`DEMO_PARAMS`).
    """
    mem = as_array(memory, "memory", ndim=2)
    kinds = [check_choice(k, "kinds", KINDS) for k in kinds]
    if not kinds:
        raise ValueError("kinds must name at least one scoring function")
    n = mem.shape[0]
    width = 0.8 / len(kinds)
    fig = Figure(figsize=(6.4, 2.8))
    ax = fig.subplots()
    for i, kind in enumerate(kinds):
        _, alpha = attention_read(mem, query, kind, **_params_for(kind, params))
        ax.bar(
            np.arange(n) + (i - (len(kinds) - 1) / 2) * width,
            alpha,
            width,
            label=_kind_label(kind),
        )
    ax.set_xticks(np.arange(n), [f"$m_{{{i + 1}}}$" for i in range(n)])
    ax.set_ylabel(r"$\alpha_n$")
    ax.set_ylim(0, 1)
    ax.legend(
        fontsize=8,
        ncol=min(len(kinds), 5),
        loc="upper center",
        frameon=False,
        bbox_to_anchor=(0.5, 1.18),
    )
    fig.tight_layout()
    return fig


def plot_soft_vs_hard(
    memory: object = DEMO_MEMORY, query: object = (1.0, 1.0), kind: str = "dot", **params: object
) -> Figure:
    """Soft attention (softmax weights) next to hard attention (arg-max one-hot).

    Left: the weights alpha_n of both. Right: the memory points in the plane
    (first two components), the query, and the two read vectors.
    """
    mem = as_array(memory, "memory", ndim=2)
    q = as_array(query, "query", ndim=1)
    if not params and kind in DEMO_PARAMS:
        params = dict(DEMO_PARAMS[kind])
    r_soft, a_soft = attention_read(mem, q, kind, **params)
    r_hard, a_hard = hard_attention_read(mem, q, kind, **params)
    n = mem.shape[0]
    fig = Figure(figsize=(7.0, 2.9))
    ax1, ax2 = fig.subplots(1, 2)
    ax1.bar(np.arange(n) - 0.2, a_soft, 0.4, label="soft", color="C0")
    ax1.bar(np.arange(n) + 0.2, a_hard, 0.4, label="hard", color="C3")
    ax1.set_xticks(np.arange(n), [f"$m_{{{i + 1}}}$" for i in range(n)])
    ax1.set_ylim(0, 1.05)
    ax1.set_ylabel(r"$\alpha_n$")
    ax1.legend(fontsize=8, frameon=False)
    if mem.shape[1] >= 2:
        ax2.scatter(mem[:, 0], mem[:, 1], s=30 + 300 * a_soft, c="C7", zorder=2)
        for i, m in enumerate(mem):
            ax2.annotate(f"$m_{{{i + 1}}}$", m[:2], xytext=(5, 4), textcoords="offset points")
        ax2.scatter(*q[:2], marker="*", s=140, c="k", zorder=3, label="$q$")
        ax2.scatter(*r_soft[:2], marker="D", s=50, c="C0", zorder=3, label="$r$ soft")
        ax2.scatter(
            *r_hard[:2],
            marker="s",
            s=70,
            facecolors="none",
            edgecolors="C3",
            zorder=3,
            label="$r$ hard",
        )
        ax2.axhline(0, color="#bbb", lw=0.6, zorder=0)
        ax2.axvline(0, color="#bbb", lw=0.6, zorder=0)
        ax2.set_aspect("equal", adjustable="datalim")
        ax2.legend(fontsize=8, frameon=False, loc="center left", bbox_to_anchor=(1.0, 0.5))
    else:  # pragma: no cover - the book only uses 2-D memories here
        ax2.axis("off")
    fig.tight_layout()
    return fig


def _label_offsets(q: np.ndarray, r: np.ndarray, dist: float = 13.0) -> tuple[tuple, tuple]:
    """Offsets (points) of the q and r labels, on opposite sides along r - q."""
    d = q - r
    norm = float(np.hypot(*d))
    u = d / norm if norm > 1e-9 else np.array([-0.7071, 0.7071])
    return tuple(dist * u), tuple(-dist * u)


def plot_attention_plane(
    memory: object,
    query: object,
    kind: str = "dot",
    params: Mapping[str, Mapping[str, object]] | None = None,
    *,
    figsize: tuple[float, float] = (6.4, 3.2),
) -> Figure:
    """Frame figure: alpha bars and the 2-D plane with memory, q and r.

    Marker area of each memory point grows with its weight alpha_n; the star is
    the query q and the diamond the read vector r = sum_n alpha_n m_n.  The
    labels of q and r sit on opposite sides of the segment q-r, so they never
    overlap; slot numbers sit outside the points, away from the origin.
    """
    mem = as_array(memory, "memory", ndim=2)
    if mem.shape[1] != 2:
        raise ValueError(f"memory must have 2 columns for a plane plot, got {mem.shape[1]}")
    q = as_array(query, "query", shape=(2,))
    kind = check_choice(kind, "kind", KINDS)
    r, alpha = attention_read(mem, q, kind, **_params_for(kind, params))
    n = mem.shape[0]
    fig = Figure(figsize=figsize)
    ax1, ax2 = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1, 1.05]})
    ax1.bar(np.arange(n), alpha, 0.7, color="C0")
    ax1.set_xticks(np.arange(n), [f"$m_{i + 1}$" for i in range(n)], fontsize=11)
    ax1.set_ylim(0, 1)
    ax1.set_yticks([0, 0.5, 1], ["0", "0.5", "1"], fontsize=10)
    ax1.set_ylabel(r"$\alpha_n$", fontsize=11)
    ax2.scatter(mem[:, 0], mem[:, 1], s=20 + 320 * alpha, c="C0", alpha=0.8)
    for i, m in enumerate(mem):
        out = m / max(float(np.hypot(*m)), 1e-9)
        ax2.annotate(
            str(i + 1),
            m,
            xytext=tuple(14 * out),
            textcoords="offset points",
            ha="center",
            va="center",
            fontsize=10,
            color="#444",
        )
    ax2.axhline(0, color="#ccc", lw=0.6, zorder=0)
    ax2.axvline(0, color="#ccc", lw=0.6, zorder=0)
    ax2.scatter([q[0]], [q[1]], marker="*", s=160, c="k", zorder=3)
    ax2.scatter([r[0]], [r[1]], marker="D", s=50, c="C3", zorder=3)
    q_off, r_off = _label_offsets(q, r)
    for point, text, off, color in ((q, "$q$", q_off, "k"), (r, "$r$", r_off, "C3")):
        ax2.annotate(
            text,
            point,
            xytext=off,
            textcoords="offset points",
            ha="center",
            va="center",
            fontsize=12,
            color=color,
        )
    ax2.set_xlim(-2.8, 2.8)
    ax2.set_ylim(-2.8, 2.8)
    ax2.set_xticks([])
    ax2.set_yticks([])
    ax2.set_aspect("equal")
    ax2.spines[:].set_visible(True)
    ax2.spines[:].set_color("#999")
    fig.tight_layout(pad=0.4)
    return fig


def attention_frame(
    x: float,
    y: float,
    kind: str = "dot",
    memory: object = DEMO_MEMORY,
    params: Mapping[str, Mapping[str, object]] | None = None,
) -> str:
    """Widget frame: query q = (x, y), scoring function ``kind`` -> HTML.

    The SVG of :func:`plot_attention_plane` next to (on narrow pages: above)
    a table of the scores s_n, weights alpha_n and the read vector r.  For ``kind="cosine"``
    at q = 0, where the score is undefined, the frame is a short message.
    """
    q = as_array([x, y], "query", shape=(2,))
    mem = as_array(memory, "memory", ndim=2)
    kind = check_choice(kind, "kind", KINDS)
    p = _params_for(kind, params)
    if kind == "cosine" and not np.any(q):
        return "<p>余弦打分在 q = (0, 0) 处没有定义：‖q‖ = 0，无法归一化。</p>"
    s = score(mem, q, kind, **p)
    r, alpha = attention_read(mem, q, kind, **p)
    fig = plot_attention_plane(mem, q, kind, params)
    rows = [[f"m{i + 1}", f"{s[i]:.2f}", f"{alpha[i]:.3f}"] for i in range(mem.shape[0])]
    rows.append(["r", f"({r[0]:.2f}, {r[1]:.2f})", ""])
    table = html_table(rows, header=["记忆槽", "得分 s", "权重 α"], caption=_KIND_ZH[kind])
    return side_by_side(figure_to_svg(fig), table, grow=(3, 1), basis="200px")
