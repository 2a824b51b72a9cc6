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
)
from memlib.html import html_table

__all__ = [
    "orange_apple_frame",
    "overlap_frame",
]


def _paren(v: float) -> str:
    return f"({_fmt(v)})" if v < 0 else _fmt(v)


def _net_text(net: HopfieldNetwork, s: np.ndarray, i: int) -> str:
    """'w21*x1 + w23*x3 = (-2)*1 + (-2)*1 = -4' (1-based names)."""
    js = [j for j in range(net.n_neurons) if j != i]
    names = " + ".join(f"w{i + 1}{j + 1}·x{j + 1}" for j in js)
    nums = " + ".join(f"{_paren(net.weights[i, j])}·{_fmt(s[j])}" for j in js)
    total = float(net.weights[i] @ s + net.bias[i])
    return f"{names} = {nums} = {_fmt(total)}"


def _fruit_name(s: np.ndarray) -> str:
    if np.array_equal(s, ORANGE):
        return "orange"
    if np.array_equal(s, APPLE):
        return "apple"
    return "neither"


def orange_apple_frame(start: object, order: object, step: int) -> str:
    """Widget frame: the orange/apple network run from ``start`` up to time ``step``.

    An HTML table with one row per time t = 0..step: the neuron(s) updated,
    each net input written out (1-based names, as in the book), the state
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
    rows = [["0", "-", "initial state", *map(str, s), _fmt(net.energy(s))]]
    highlight = []
    for t in range(1, step + 1):
        if seq is None:
            new = net.sync_update(s)
            who = "all"
            text = "; ".join(_net_text(net, s, i) for i in range(3))
        else:
            i = int(seq[(t - 1) % 3])
            new = net.update_neuron(s, i)
            who = f"x{i + 1}"
            text = _net_text(net, s, i)
        highlight += [(t, 3 + j) for j in np.flatnonzero(new != s)]
        s = new
        rows.append([str(t), who, text, *map(str, s), _fmt(net.energy(s))])
    label = "sync" if seq is None else "→".join(f"x{i + 1}" for i in seq)
    table = html_table(
        rows,
        header=["t", "update", "net input", "x1", "x2", "x3", "E"],
        caption=f"start {list(map(int, np.asarray(start)))}, order {label}",
        highlight=highlight,
    )
    stable = "a fixed point" if net.is_fixed(s) else "not a fixed point"
    verdict = (
        f"<p>x({step}) = [{' '.join(map(str, s))}]: {_fruit_name(s)}; "
        f"{stable}; E = {_fmt(net.energy(s))}</p>"
    )
    return table + verdict


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
    x = r["patterns"]
    n = x.shape[1]
    q = 1 - 2 * distance / n
    table = r["table"]
    total = int(table.sum())
    head = (
        f"<p>xi1 = {_squares(x[0])}, xi2 = {_squares(x[1])}: d = {distance}, "
        f"overlap q = {q:g}; {total} probes = xi1 with {n_flips} bit(s) flipped</p>"
    )
    names = ["nearer xi1", "equally near", "nearer xi2"]
    rows = [[names[i], *table[i].tolist(), int(table[i].sum())] for i in range(3)]
    rows.append(["all", *table.sum(axis=0).tolist(), total])
    wrong = [(0, c + 1) for c in range(1, 5) if table[0, c]]
    wrong += [(2, c + 1) for c in (0, 2, 3, 4) if table[2, c]]
    outcome = html_table(
        rows,
        header=["probe \\ final", *OVERLAP_OUTCOMES, "total"],
        caption="recall outcome",
        highlight=wrong,
    )
    fixed = html_table(
        [
            [_squares(s), lab, _fmt(e)]
            for s, lab, e in zip(r["fixed_points"], r["labels"], r["energies"])
        ],
        header=["fixed point", "is", "E"],
        caption=f"{len(r['labels'])} fixed points",
    )
    return head + '<div style="display:flex;flex-wrap:wrap;gap:1em">' + outcome + fixed + "</div>"
