"""memlib.hopfield, frame builders and demo data of the kernel-free demos.

Part of :mod:`memlib.hopfield`: import its names from there.
"""

from __future__ import annotations

import numpy as np

from memlib._checks import check_choice, check_int
from memlib.hopfield._core import (
    APPLE,
    ORANGE,
    OVERLAP_OUTCOMES,
    HopfieldNetwork,
    _as_states,
    orange_apple_network,
    overlap_recall,
)
from memlib.hopfield._plot import (
    _fmt,
    _subscripted,
)
from memlib.html import html_table

__all__ = [
    "orange_apple_frame",
    "overlap_frame",
]


def _paren(v: float) -> str:
    return f"({_fmt(v)})" if v < 0 else _fmt(v)


def _x(i: int) -> str:
    """'x₁' for the 0-based neuron index 0: the book's 1-based name, subscripted."""
    return _subscripted("x", i + 1)


def _net_text(net: HopfieldNetwork, s: np.ndarray, i: int) -> str:
    """'w₂₁·x₁ + w₂₃·x₃ = (-2)·1 + (-2)·1 = -4' (1-based names, as in the prose)."""
    js = [j for j in range(net.n_neurons) if j != i]
    names = " + ".join(f"{_subscripted('w', 10 * (i + 1) + j + 1)}·{_x(j)}" for j in js)
    nums = " + ".join(f"{_paren(net.weights[i, j])}·{_fmt(s[j])}" for j in js)
    total = float(net.weights[i] @ s + net.bias[i])
    return f"{names} = {nums} = {_fmt(total)}"


def _unbroken(word: str) -> str:
    """A Chinese word the browser will not break inside a narrow table column.

    Browsers may break a line between any two Chinese characters; a WORD
    JOINER (U+2060, invisible) between them forbids it.
    """
    return "\u2060".join(word)


def _fruit_name(s: np.ndarray) -> str:
    if np.array_equal(s, ORANGE):
        return "橘子"
    if np.array_equal(s, APPLE):
        return "苹果"
    return "既不是橘子也不是苹果"


def orange_apple_frame(start: object, order: object, step: int) -> str:
    """Widget frame: the orange/apple network run from ``start`` up to time ``step``.

    An HTML table with one row per time t = 0..step: the neuron(s) updated,
    each net input written out (1-based names with Unicode subscripts, x₁ and
    w₁₂ as in the book), the state
    x(t) and the energy E = -1/2 x^T W x, followed by a one-line verdict.

    Parameters
    ----------
    start : array_like of 0/1, shape (3,)
    order : tuple of int or "sync"
        A permutation of (0, 1, 2) (0-based asynchronous order, one neuron per
        time step, repeated sweep after sweep) or ``"sync"``.
    step : int in [0, 6]
    """
    net = orange_apple_network()
    s = _as_states(start, "start", "binary", 3).astype(int)
    step = check_int(step, "step", low=0, high=6)
    if isinstance(order, str):
        check_choice(order, "order", ("sync",))
        seq = None
    else:
        seq = net._order(order)
    rows = [["0", "-", "初态", *map(str, s), _fmt(net.energy(s))]]
    highlight = []
    for t in range(1, step + 1):
        if seq is None:
            new = net.sync_update(s)
            who = _unbroken("全部")
            text = "; ".join(_net_text(net, s, i) for i in range(3))
        else:
            i = int(seq[(t - 1) % 3])
            new = net.update_neuron(s, i)
            who = _x(i)
            text = _net_text(net, s, i)
        highlight += [(t, 3 + j) for j in np.flatnonzero(new != s)]
        s = new
        rows.append([str(t), who, text, *map(str, s), _fmt(net.energy(s))])
    if seq is None:
        label = "同步更新"
    else:
        label = "异步更新，次序 " + "→".join(_x(i) for i in seq)
    table = html_table(
        rows,
        header=["t", _unbroken("更新"), "净输入", *map(_x, range(3)), "E"],
        caption=f"初态 {list(map(int, np.asarray(start)))}，{label}",
        highlight=highlight,
    )
    # One line: a narrow table (t = 0) would otherwise wrap its caption.
    table = table.replace("<caption>", '<caption style="white-space:nowrap">', 1)
    stable = "是不动点" if net.is_fixed(s) else "不是不动点"
    verdict = (
        f"<p>x({step}) = [{' '.join(map(str, s))}]：{_fruit_name(s)}；"
        f"{stable}；E = {_fmt(net.energy(s))}</p>"
    )
    return table + verdict


#: How the outcomes of :data:`OVERLAP_OUTCOMES` are written in the frames.
_OUTCOME_NAMES = {"xi1": "ξ₁", "xi2": "ξ₂", "-xi1": "−ξ₁", "-xi2": "−ξ₂", "other": "其他"}


def _squares(s: np.ndarray) -> str:
    return "".join("■" if v > 0 else "□" for v in s)


def overlap_frame(distance: int, n_flips: int, n_neurons: int = 10) -> str:
    """Widget frame: two stored patterns with overlap q = 1 - 2d/N, and recall.

    Two HTML tables: the outcomes of recall from all probes with ``n_flips``
    bits of xi_1 flipped, split by the stored pattern each probe is nearer to
    (cells where the network did not return the nearer pattern are
    highlighted), and the list of fixed points (■ = +1, □ = -1) with their
    energies.  See :func:`overlap_recall`.
    """
    r = overlap_recall(n_neurons, distance, n_flips)
    x = r.patterns
    n = x.shape[1]
    q = 1 - 2 * distance / n
    table = r.table
    total = r.n_probes
    head = (
        f"<p>ξ₁ = {_squares(x[0])}，ξ₂ = {_squares(x[1])}：d = {distance}，"
        f"重叠度 q = {q:.2f}；探针：把 ξ₁ 任意翻转 {n_flips} 位，共 {total} 个</p>"
    )
    names = ["离 ξ₁ 更近", "一样近", "离 ξ₂ 更近"]
    rows = [[names[i], *table[i].tolist(), int(table[i].sum())] for i in range(3)]
    rows.append(["合计", *table.sum(axis=0).tolist(), total])
    wrong = [(0, c + 1) for c in range(1, 5) if table[0, c]]
    wrong += [(2, c + 1) for c in (0, 2, 3, 4) if table[2, c]]
    outcome = html_table(
        rows,
        header=["探针 \\ 终态", *(_OUTCOME_NAMES[o] for o in OVERLAP_OUTCOMES), "合计"],
        caption="回忆结果",
        highlight=wrong,
    )
    fixed = html_table(
        [
            [_squares(s), _OUTCOME_NAMES[lab], _fmt(e)]
            for s, lab, e in zip(r.fixed_points, r.labels, r.energies)
        ],
        header=["不动点", "对应模式", "E"],
        caption=f"{len(r.labels)} 个不动点",
    )
    return head + '<div style="display:flex;flex-wrap:wrap;gap:1em">' + outcome + fixed + "</div>"
