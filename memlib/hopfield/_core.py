"""memlib.hopfield, the model: numpy only.

Part of :mod:`memlib.hopfield`: import its names from there.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations, permutations

import numpy as np

from memlib._bitmaps import parse_bitmap
from memlib._checks import (
    RngLike,
    as_array,
    as_rng,
    check_bool,
    check_choice,
    check_int,
    check_real,
)
from memlib._math import logsumexp, portable_matvec, portable_tanh
from memlib.attention import softmax

__all__ = [
    "APPLE",
    "async_energy_audit",
    "corrupt",
    "cycle_periods",
    "EnergyAudit",
    "ErrorCurve",
    "FRUIT_FEATURES",
    "hebbian_weights",
    "HopfieldNetwork",
    "largest_lyapunov",
    "letter_patterns",
    "letter_recall",
    "LETTER_SHAPE",
    "LetterRecall",
    "LETTERS",
    "MAX_ENUMERATE",
    "modern_hopfield_energy",
    "modern_hopfield_update",
    "modern_retrieval_curve",
    "ModernRetrieval",
    "one_step_error_curve",
    "one_step_error_rate",
    "one_step_error_theory",
    "one_step_local_fields",
    "OneStepErrors",
    "ORANGE",
    "orange_apple_network",
    "ORANGE_APPLE_ORDERS",
    "OVERLAP_NEAREST",
    "OVERLAP_OUTCOMES",
    "overlap_patterns",
    "overlap_recall",
    "OverlapRecall",
    "overlaps",
    "PhaseDemo",
    "random_tanh_weights",
    "RecallResult",
    "state_graph",
    "STATE_SETS",
    "StateGraph",
    "sync_energy_audit",
    "tanh_map_trajectory",
    "three_phase_demo",
    "TIE_RTOL",
    "TIE_RULES",
    "Trajectory",
    "two_neuron_oscillator",
]


#: The two state sets: name -> (low, high).
STATE_SETS: dict[str, tuple[int, int]] = {"bipolar": (-1, 1), "binary": (0, 1)}
#: Tie rules for a net input of exactly 0.
TIE_RULES = ("high", "low", "keep")
#: Relative tolerance under which a net input counts as exactly 0 (round-off).
TIE_RTOL = 1e-12
#: Largest network whose 2**N states are enumerated.
MAX_ENUMERATE = 20


# ---------------------------------------------------------------------------
# validation helpers
# ---------------------------------------------------------------------------


def _check_values(arr: np.ndarray, name: str, states: str) -> None:
    low, high = STATE_SETS[states]
    if not np.all((arr == low) | (arr == high)):
        raise ValueError(f"{name} must contain only {low} and {high} ({states} states)")


def _as_states(x: object, name: str, states: str, n: int | None = None, ndim=(1,)) -> np.ndarray:
    """Validate an array of network states; return it as float64."""
    arr = as_array(x, name, ndim=ndim)
    if n is not None and arr.shape[-1] != n:
        raise ValueError(
            f"{name} must have {n} entries per state (one per neuron), got shape {arr.shape}"
        )
    _check_values(arr, name, states)
    return arr


# ---------------------------------------------------------------------------
# learning rule
# ---------------------------------------------------------------------------


def hebbian_weights(
    patterns: object, states: str = "bipolar", normalize: bool = False
) -> np.ndarray:
    """Hebbian (outer-product) weights with a zero diagonal.

    Book equation: eq-86-fruit-w (section 8.6).

    .. math::  w_{ij} = c \\sum_{l=1}^{P} \\xi_i^{(l)} \\xi_j^{(l)} \\ (i \\ne j), \\quad w_{ii} = 0

    For ``states="bipolar"`` the patterns are ±1 and ``xi = x``.  For
    ``states="binary"`` the patterns are 0/1 and the rule uses their bipolar
    form ``xi = 2x - 1``, i.e. ``w_ij = sum_l (2x_i - 1)(2x_j - 1)``, as in the
    orange/apple example of the source notes.

    Parameters
    ----------
    patterns : array_like, shape (P, N)
        One pattern per row.
    states : {"bipolar", "binary"}
    normalize : bool, default False
        If True, ``c = 1/P`` (nndl's ``1/N`` with N = the number of patterns);
        otherwise ``c = 1``.  Hertz, Krogh & Palmer (1991) divide by the number
        of *neurons* instead; any positive factor leaves the dynamics unchanged
        when the biases are 0.

    Returns
    -------
    numpy.ndarray, shape (N, N)
        Symmetric weights with a zero diagonal.
    """
    states = check_choice(states, "states", tuple(STATE_SETS))
    normalize = check_bool(normalize, "normalize")
    x = _as_states(patterns, "patterns", states, ndim=2)
    if states == "binary":
        x = 2.0 * x - 1.0
    w = x.T @ x
    np.fill_diagonal(w, 0.0)
    if normalize:
        w /= x.shape[0]
    return w


# ---------------------------------------------------------------------------
# the discrete network
# ---------------------------------------------------------------------------


def _readonly(a: np.ndarray) -> np.ndarray:
    a = np.array(a)
    a.setflags(write=False)
    return a


@dataclass(frozen=True)
class Trajectory:
    """A run of a discrete Hopfield network.

    Attributes
    ----------
    states : numpy.ndarray, shape (T + 1, N), int
        Row 0 is the initial state; row t is the state after update t.  An
        asynchronous update changes (at most) one neuron; a synchronous update
        recomputes all neurons at once.
    energies : numpy.ndarray, shape (T + 1,)
        Energy of each row, ``E = -1/2 s^T W s - b^T s``.
    updated : numpy.ndarray, shape (T,), int
        The neuron updated at each step (0-based), or -1 for a synchronous step.
    mode : {"async", "sync"}
    converged : bool
        True when a whole asynchronous sweep, or one synchronous step, changed
        nothing: the last row is a fixed point.
    period : int or None
        Length (>= 2) of the cycle a synchronous run ended in, else None.
    """

    states: np.ndarray
    energies: np.ndarray
    updated: np.ndarray
    mode: str
    converged: bool
    period: int | None

    @property
    def steps(self) -> int:
        """T, the number of updates made."""
        return int(self.states.shape[0] - 1)

    @property
    def final(self) -> np.ndarray:
        """The last state."""
        return self.states[-1]


@dataclass(frozen=True)
class RecallResult:
    """How the runs of :meth:`HopfieldNetwork.recall` ended (``return_status=True``).

    For one state (N,) the per-row attributes are a plain bool or int.

    Attributes
    ----------
    states : numpy.ndarray, shape (B, N) or (N,), int
        The final states, the same as ``recall`` returns without
        ``return_status``.
    converged : numpy.ndarray, shape (B,), bool
        The final state is a fixed point: no neuron changes under its update
        rule (tie rule included).
    cycled : numpy.ndarray, shape (B,), bool
        The run came back to an earlier state without reaching a fixed point:
        it ended in a cycle and never settles; its ``states`` row is the point
        of the cycle reached at the last sweep or step.  Rows that are neither
        converged nor cycled were stopped by ``max_sweeps`` before their
        state repeated.
    period : numpy.ndarray, shape (B,), int
        Length of that cycle in synchronous steps (``mode="sync"``) or in
        sweeps (``mode="async"``; a period of 1 sweep then means some neurons
        changed and changed back within every sweep, possible only with
        asymmetric weights); 0 for rows that did not cycle.
    """

    states: np.ndarray
    converged: np.ndarray | bool
    cycled: np.ndarray | bool
    period: np.ndarray | int


class HopfieldNetwork:
    """A discrete Hopfield network (Hopfield 1982; nndl section 8.6).

    Update of neuron i (nndl, with the tie rule stated)::

        s_i <- high  if  net_i = sum_j w_ij s_j + b_i >= 0,   else low

    where (low, high) is (-1, +1) for ``states="bipolar"`` and (0, 1) for
    ``states="binary"``.  Ties (net input exactly 0) go *high* by default; this
    matters: in the orange/apple example the apple pattern is a fixed point
    only because of it.  ``tie="low"`` gives the strict rule (high only when
    net_i > 0) and ``tie="keep"`` leaves the neuron unchanged.  Net inputs
    within a relative ``TIE_RTOL`` of 0 count as ties (floating-point
    round-off).

    Parameters
    ----------
    weights : array_like, shape (N, N)
        Symmetric with a zero diagonal (``w_ij = w_ji``, ``w_ii = 0``).
    bias : array_like, shape (N,), optional
        Biases (thresholds with the opposite sign); zeros by default.
    states : {"bipolar", "binary"}
    allow_asymmetric : bool, default False, keyword-only
        Accept a non-symmetric W (e.g. to show oscillations).
    allow_self_connections : bool, default False, keyword-only
        Accept a non-zero diagonal (e.g. a non-negative definite W for the
        synchronous convergence theorem).
    tie : {"high", "low", "keep"}, default "high", keyword-only

    Raises
    ------
    ValueError
        If ``weights`` is not square, not symmetric, or has a non-zero diagonal
        (unless allowed), or ``bias`` has the wrong length.
    """

    def __init__(
        self,
        weights: object,
        bias: object | None = None,
        states: str = "bipolar",
        *,
        allow_asymmetric: bool = False,
        allow_self_connections: bool = False,
        tie: str = "high",
    ) -> None:
        self.states = check_choice(states, "states", tuple(STATE_SETS))
        self.tie = check_choice(tie, "tie", TIE_RULES)
        allow_asymmetric = check_bool(allow_asymmetric, "allow_asymmetric")
        allow_self_connections = check_bool(allow_self_connections, "allow_self_connections")
        w = as_array(weights, "weights", ndim=2)
        if w.shape[0] != w.shape[1]:
            raise ValueError(f"weights must be square, got shape {w.shape}")
        n = w.shape[0]
        scale = float(np.max(np.abs(w)))
        atol = 1e-12 * max(scale, 1e-300)
        if not allow_self_connections and np.any(np.abs(np.diag(w)) > atol):
            raise ValueError("weights must have a zero diagonal (no self-connections: w_ii = 0)")
        if not allow_asymmetric and not np.allclose(w, w.T, rtol=0.0, atol=atol):
            raise ValueError("weights must be symmetric (w_ij = w_ji)")
        if bias is None:
            b = np.zeros(n)
        else:
            b = as_array(bias, "bias", ndim=1)
            if b.shape != (n,):
                raise ValueError(f"bias must have shape ({n},), got {b.shape}")
        self.weights = _readonly(w)
        self.bias = _readonly(b)
        self.low, self.high = STATE_SETS[self.states]
        row_scale = float(np.max(np.abs(w).sum(axis=1) + np.abs(b)))
        self._tol = TIE_RTOL * row_scale

    @classmethod
    def from_patterns(
        cls, patterns: object, states: str = "bipolar", normalize: bool = False, **kwargs
    ) -> HopfieldNetwork:
        """A network storing ``patterns`` (P, N) with :func:`hebbian_weights`."""
        return cls(hebbian_weights(patterns, states, normalize), states=states, **kwargs)

    @property
    def n_neurons(self) -> int:
        return int(self.weights.shape[0])

    def __repr__(self) -> str:
        return (
            f"HopfieldNetwork(n_neurons={self.n_neurons}, states={self.states!r}, tie={self.tie!r})"
        )

    # -- basic quantities ---------------------------------------------------

    def _state(self, state: object, name: str = "state", batch: bool = False) -> np.ndarray:
        return _as_states(state, name, self.states, self.n_neurons, ndim=(1, 2) if batch else (1,))

    def _activate(self, net: np.ndarray, current: np.ndarray) -> np.ndarray:
        """The new value of each neuron given its net input (tie rule applied)."""
        tol = self._tol
        if self.tie == "high":
            return np.where(net >= -tol, self.high, self.low).astype(float)
        if self.tie == "low":
            return np.where(net > tol, self.high, self.low).astype(float)
        new = np.where(net > tol, self.high, self.low).astype(float)
        return np.where(np.abs(net) <= tol, current, new)

    def net_input(self, state: object) -> np.ndarray:
        """Net inputs ``net_i = sum_j w_ij s_j + b_i`` (state (N,) or batch (B, N))."""
        s = self._state(state, batch=True)
        return s @ self.weights.T + self.bias

    def energy(self, state: object) -> float | np.ndarray:
        """Energy ``E = -1/2 s^T W s - b^T s`` (Hopfield 1982; nndl).

        Book equation: eq-86-energy (section 8.6).

        A state of shape (N,) gives a float, a batch (B, N) gives shape (B,).
        """
        s = self._state(state, batch=True)
        e = -0.5 * np.einsum("...i,ij,...j->...", s, self.weights, s) - s @ self.bias
        return float(e) if s.ndim == 1 else e

    def update_neuron(self, state: object, i: int) -> np.ndarray:
        """The state after an asynchronous update of neuron ``i`` (0-based); a new array.

        Book equation: eq-86-update (section 8.6).
        """
        s = self._state(state).copy()
        i = check_int(i, "i", low=0, high=self.n_neurons - 1)
        net = self.weights[i] @ s + self.bias[i]
        s[i] = self._activate(np.array(net), np.array(s[i]))
        return s.astype(int)

    def sync_update(self, state: object) -> np.ndarray:
        """One synchronous update ``s <- f(W s + b)`` of a state (N,) or batch (B, N).

        Book equation: eq-86-sync (section 8.6).
        """
        s = self._state(state, batch=True)
        return self._activate(s @ self.weights.T + self.bias, s).astype(int)

    def is_fixed(self, state: object) -> bool | np.ndarray:
        """Whether no single-neuron update changes the state (state or batch)."""
        s = self._state(state, batch=True)
        fixed = np.all(self._activate(s @ self.weights.T + self.bias, s) == s, axis=-1)
        return bool(fixed) if s.ndim == 1 else fixed

    # -- dynamics -----------------------------------------------------------

    def _order(self, order: object | None) -> np.ndarray:
        n = self.n_neurons
        if order is None:
            return np.arange(n)
        arr = as_array(order, "order", ndim=1)
        if arr.shape != (n,) or not np.array_equal(np.sort(arr), np.arange(n)):
            raise ValueError(f"order must be a permutation of 0..{n - 1} (0-based), got {order!r}")
        return arr.astype(int)

    def run(
        self,
        state: object,
        mode: str = "async",
        order: object | None = None,
        max_steps: int | None = None,
    ) -> Trajectory:
        """Run the network from ``state`` and record every update.

        Asynchronous mode (``"async"``) updates one neuron per step, taking the
        neurons in ``order`` (0-based, default 0..N-1), sweep after sweep.  The
        run stops at the end of the first full sweep that changed nothing
        (its N rows are included, so ``T`` is a multiple of N) or after
        ``max_steps`` single-neuron updates (default 100 N).

        Synchronous mode (``"sync"``) applies ``s(t) = f(W s(t-1) + b)``.  It
        stops when a step changes nothing (converged; that step's row is
        included), when the state repeats an earlier one (``period`` is the
        cycle length; the repeated state is the last row), or after
        ``max_steps`` steps (default 1000).

        Returns
        -------
        Trajectory
        """
        mode = check_choice(mode, "mode", ("async", "sync"))
        s = self._state(state).copy()
        n = self.n_neurons
        if mode == "sync" and order is not None:
            raise ValueError("order applies only to mode='async'")
        if max_steps is None:
            max_steps = 100 * n if mode == "async" else 1000
        max_steps = check_int(max_steps, "max_steps", low=1)
        rows = [s.copy()]
        updated: list[int] = []
        converged = False
        period = None
        if mode == "async":
            seq = self._order(order)
            w, b = self.weights, self.bias
            changed = False
            for t in range(max_steps):
                i = int(seq[t % n])
                new = self._activate(np.array(w[i] @ s + b[i]), np.array(s[i]))
                if new != s[i]:
                    changed = True
                    s[i] = new
                rows.append(s.copy())
                updated.append(i)
                if (t + 1) % n == 0:
                    if not changed:
                        converged = True
                        break
                    changed = False
        else:
            seen = {s.tobytes(): 0}
            for t in range(max_steps):
                new = self._activate(s @ self.weights.T + self.bias, s)
                rows.append(new.copy())
                updated.append(-1)
                if np.array_equal(new, s):
                    converged = True
                    break
                key = new.tobytes()
                if key in seen:
                    period = t + 1 - seen[key]
                    break
                seen[key] = t + 1
                s = new
        states = np.array(rows).astype(int)
        return Trajectory(
            states=_readonly(states),
            energies=_readonly(self.energy(states)),
            updated=_readonly(np.array(updated, dtype=int)),
            mode=mode,
            converged=converged,
            period=period,
        )

    def recall(
        self,
        states: object,
        mode: str = "async",
        order: object | None = None,
        max_sweeps: int = 100,
        *,
        return_status: bool = False,
    ) -> np.ndarray | RecallResult:
        """Final states of many independent runs, vectorised over the batch.

        Each row of ``states`` (B, N) is run on its own, asynchronously in
        ``order`` (all rows update neuron ``order[k]`` together, which is the
        same as running them one by one) or synchronously, until nothing
        changes or ``max_sweeps`` sweeps/steps.  Rows that did not settle are
        returned as they are after the last sweep.

        A synchronous run need not settle: it can end in a cycle (e.g. the
        2-cycle of :func:`two_neuron_oscillator` from [1, 1]), and the row
        returned is then just the cycle's state after the last step.  Ask for
        ``return_status=True`` to learn which rows converged and which ended
        in a cycle.

        Parameters
        ----------
        states : array_like, shape (B, N) or (N,)
        mode : {"async", "sync"}
        order : array_like of int, shape (N,), optional
            Permutation of 0..N-1 (asynchronous mode only); 0..N-1 by default.
        max_sweeps : int >= 1, default 100
            Largest number of asynchronous sweeps or synchronous steps.
        return_status : bool, default False, keyword-only
            Return a :class:`RecallResult` (final states and, per row,
            whether the run converged or ended in a cycle) instead of the
            final states alone.

        Returns
        -------
        numpy.ndarray, shape (B, N) or (N,), int
            The final states (``return_status=False``).
        RecallResult
            With ``return_status=True``.

        Examples
        --------
        >>> net = two_neuron_oscillator()
        >>> r = net.recall([[1, 1], [1, -1]], mode="sync", return_status=True)
        >>> r.converged.tolist(), r.cycled.tolist(), r.period.tolist()
        ([False, True], [True, False], [2, 0])
        """
        mode = check_choice(mode, "mode", ("async", "sync"))
        return_status = check_bool(return_status, "return_status")
        s = self._state(states, "states", batch=True)
        single = s.ndim == 1
        s = np.atleast_2d(s).copy()
        max_sweeps = check_int(max_sweeps, "max_sweeps", low=1)
        if mode == "sync" and order is not None:
            raise ValueError("order applies only to mode='async'")
        seq = self._order(order) if mode == "async" else None
        # Cycle detection: the states after each sweep of the rows whose run has
        # not yet revisited a state (int8, one slice per sweep).  A row leaves
        # this history at its first repeat, whose distance back is the period.
        undecided = np.arange(s.shape[0])
        history = s.astype(np.int8)[None]
        repeat = np.zeros(s.shape[0], dtype=int)
        for _ in range(max_sweeps):
            before = s.copy()
            if mode == "async":
                for i in seq:
                    s[:, i] = self._activate(s @ self.weights[i] + self.bias[i], s[:, i])
            else:
                s = self._activate(s @ self.weights.T + self.bias, s)
            if return_status and undecided.size:
                now = s[undecided].astype(np.int8)
                match = np.all(history == now[None], axis=2)  # (T, rows)
                hit = match.any(axis=0)
                back = history.shape[0] - np.argmax(match, axis=0)
                repeat[undecided[hit]] = back[hit]
                undecided = undecided[~hit]
                history = np.concatenate([history[:, ~hit], now[None, ~hit]])
            if np.array_equal(before, s):
                break
        out = s.astype(int)
        if not return_status:
            return out[0] if single else out
        converged = np.all(self._activate(s @ self.weights.T + self.bias, s) == s, axis=1)
        cycled = (repeat > 0) & ~converged
        period = np.where(cycled, repeat, 0)
        if single:
            return RecallResult(
                states=_readonly(out[0]),
                converged=bool(converged[0]),
                cycled=bool(cycled[0]),
                period=int(period[0]),
            )
        return RecallResult(
            states=_readonly(out),
            converged=_readonly(converged),
            cycled=_readonly(cycled),
            period=_readonly(period),
        )

    def all_states(self) -> np.ndarray:
        """All 2**N states (N <= 20) in lexicographic order, low < high, neuron 0 first."""
        return _all_states(self.n_neurons, self.states)

    def fixed_points(self) -> np.ndarray:
        """All stable states, by enumeration of the 2**N states (vectorised).

        A state is stable when every neuron keeps its value under its update
        rule (tie rule included).

        Returns
        -------
        numpy.ndarray, shape (K, N), int
            In lexicographic order (low < high, neuron 0 first).

        Raises
        ------
        ValueError
            If N > 20 (2**N states would be too many).
        """
        n = self.n_neurons
        if n > MAX_ENUMERATE:
            raise ValueError(f"fixed_points enumerates 2**N states; N must be <= {MAX_ENUMERATE}")
        found = []
        chunk = 1 << 16
        for start in range(0, 1 << n, chunk):
            codes = np.arange(start, min(start + chunk, 1 << n))
            s = _codes_to_states(codes, n, self.states)
            found.append(s[self.is_fixed(s)])
        return np.concatenate(found).astype(int)


def _codes_to_states(codes: np.ndarray, n: int, states: str) -> np.ndarray:
    low, high = STATE_SETS[states]
    bits = (codes[:, None] >> np.arange(n - 1, -1, -1)) & 1
    return np.where(bits == 1, high, low).astype(float)


def _states_to_codes(s: np.ndarray, states: str) -> np.ndarray:
    high = STATE_SETS[states][1]
    bits = (np.asarray(s) == high).astype(np.int64)
    return bits @ (1 << np.arange(bits.shape[-1] - 1, -1, -1))


def _all_states(n: int, states: str) -> np.ndarray:
    if n > MAX_ENUMERATE:
        raise ValueError(f"N must be <= {MAX_ENUMERATE} to enumerate all 2**N states")
    return _codes_to_states(np.arange(1 << n), n, states).astype(int)


def two_neuron_oscillator() -> HopfieldNetwork:
    """Two bipolar neurons with ``w12 = w21 = -1``: synchronous runs from [1, 1] 2-cycle.

    W has eigenvalues +1 and -1, so it is not non-negative definite and the
    synchronous convergence theorem does not apply.
    """
    return HopfieldNetwork(np.array([[0.0, -1.0], [-1.0, 0.0]]))


@dataclass(frozen=True)
class EnergyAudit:
    """What random runs showed about the energy (theorems 1 and 2 of section 8.6).

    Built by :func:`async_energy_audit` and :func:`sync_energy_audit`.  The
    theorems say ``rises == 0`` and ``converged == runs``; the tie rule (net
    input 0 gives +1) says ``flat_upward == flat_changes``.
    """

    runs: int  # networks run, one run each
    converged: int  # runs that ended in a fixed point
    rises: int  # steps at which the energy went up
    changes: int  # steps that changed the state
    flat_changes: int  # of those, steps with energy change exactly 0
    flat_upward: int  # of those, steps whose flips are all -1 -> +1
    delta_e_mismatches: int  # async: changes with dE != -ds_i net_i (eq-86-delta-e)


def async_energy_audit(n_networks: int, rng: RngLike) -> EnergyAudit:
    """Theorem 1 tried on random symmetric networks: asynchronous runs only go downhill.

    Network k draws, in this order: its size ``N ~ U{3, ..., 10}``; integer
    weights ``a ~ U{-3, ..., 3}^(N x N)`` made symmetric with a zero diagonal
    (``W = triu(a, 1) + triu(a, 1)^T``); integer biases ``b ~ U{-2, ..., 2}^N``;
    a random bipolar start and a random update order.  Integer weights make
    ties (net input exactly 0) frequent, which exercises the tie rule.  Each
    state change is checked against ``dE = -ds_i net_i`` (eq-86-delta-e).
    """
    count = check_int(n_networks, "n_networks", low=1)
    rng = as_rng(rng)
    converged = rises = changes = flat = upward = mismatches = 0
    for _ in range(count):
        n = int(rng.integers(3, 11))
        a = rng.integers(-3, 4, size=(n, n)).astype(float)
        w = np.triu(a, 1) + np.triu(a, 1).T
        b = rng.integers(-2, 3, size=n).astype(float)
        net = HopfieldNetwork(w, b)
        run = net.run(rng.choice([-1, 1], size=n), order=rng.permutation(n))
        d_e = np.diff(run.energies)
        converged += bool(run.converged and net.is_fixed(run.final))
        rises += int(np.sum(d_e > 0))
        changed = np.flatnonzero(np.any(np.diff(run.states, axis=0) != 0, axis=1))
        if changed.size == 0:  # started at a fixed point
            continue
        i = run.updated[changed]
        d_s = run.states[changed + 1, i] - run.states[changed, i]
        net_i = net.net_input(run.states[changed])[np.arange(changed.size), i]
        changes += changed.size
        is_flat = d_e[changed] == 0
        flat += int(is_flat.sum())
        upward += int(np.sum(is_flat & (run.states[changed + 1, i] == 1)))
        mismatches += int(np.sum(~np.isclose(d_e[changed], -d_s * net_i)))
    return EnergyAudit(count, converged, rises, changes, flat, upward, mismatches)


def sync_energy_audit(n_networks: int, rng: RngLike) -> EnergyAudit:
    """Theorem 2 tried on random networks ``W = X^T X``: synchronous runs converge.

    Network k draws, in this order: ``N ~ U{2, ..., 11}`` and ``P ~ U{1, ..., 4}``;
    bipolar patterns ``X`` of shape (P, N); then a random bipolar start.  Its
    weights ``W = X^T X`` keep their self-connections, so W is non-negative
    definite, the condition of theorem 2; it runs synchronously (``mode="sync"``).
    A rise is an energy increase above 1e-12 (round-off); ``delta_e_mismatches``
    is 0 (the single-neuron identity does not apply to synchronous steps).
    """
    count = check_int(n_networks, "n_networks", low=1)
    rng = as_rng(rng)
    converged = rises = changes = flat = upward = 0
    for _ in range(count):
        n, p = int(rng.integers(2, 12)), int(rng.integers(1, 5))
        x = rng.choice([-1, 1], size=(p, n))
        net = HopfieldNetwork(x.T @ x, allow_self_connections=True)
        run = net.run(rng.choice([-1, 1], size=n), mode="sync")
        d_e = np.diff(run.energies)
        d_s = np.diff(run.states, axis=0)
        changed = np.any(d_s != 0, axis=1)
        is_flat = changed & (d_e == 0)
        converged += bool(run.converged)
        rises += int(np.sum(d_e > 1e-12))
        changes += int(changed.sum())
        flat += int(is_flat.sum())
        upward += sum(bool(np.all(step[step != 0] == 2)) for step in d_s[is_flat])
    return EnergyAudit(count, converged, rises, changes, flat, upward, 0)


def cycle_periods(n_networks: int, n_neurons: int, rng: RngLike) -> np.ndarray:
    """Periods of synchronous runs of random asymmetric networks (1 = fixed point).

    A network of N two-state neurons has 2**N states, and a synchronous
    update is a deterministic map of them, so within 2**N steps some state
    repeats and the run ends in a fixed point or a cycle: a finite discrete
    network cannot be chaotic.  This runs that experiment on random
    networks, one after the other; network k draws, in this order,

    * its weights ``rng.normal(size=(N, N))``, ``w_ij ~ N(0, 1)``, then sets
      the diagonal to 0 (the weights are not symmetric), zero biases;
    * its start ``rng.choice([-1, 1], size=N)`` (bipolar states, ties high);

    and is run with :meth:`HopfieldNetwork.run` (``mode="sync"``) until a
    state repeats.

    Parameters
    ----------
    n_networks : int >= 1
    n_neurons : int in [2, 20]
        N; a run may take up to 2**N steps.
    rng : numpy.random.Generator or int

    Returns
    -------
    numpy.ndarray of int, shape (n_networks,)
        The length of the cycle each run ended in: 1 for a fixed point, >= 2
        for a limit cycle.
    """
    count = check_int(n_networks, "n_networks", low=1)
    n = check_int(n_neurons, "n_neurons", low=2, high=MAX_ENUMERATE)
    rng = as_rng(rng)
    periods = np.empty(count, dtype=int)
    for k in range(count):
        w = rng.normal(size=(n, n))
        np.fill_diagonal(w, 0.0)
        net = HopfieldNetwork(w, allow_asymmetric=True)
        run = net.run(rng.choice([-1, 1], size=n), mode="sync", max_steps=1 << n)
        periods[k] = 1 if run.converged else run.period
    return periods


def overlaps(patterns: object, states: object) -> np.ndarray:
    """Overlaps ``m_mu = xi_mu . s / N`` of bipolar states with bipolar patterns.

    Parameters
    ----------
    patterns : array_like, shape (P, N)
    states : array_like, shape (N,) or (T, N)

    Returns
    -------
    numpy.ndarray, shape (P,) or (T, P)
    """
    x = _as_states(patterns, "patterns", "bipolar", ndim=2)
    s = _as_states(states, "states", "bipolar", x.shape[1], ndim=(1, 2))
    return s @ x.T / x.shape[1]


# ---------------------------------------------------------------------------
# energy landscape
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class StateGraph:
    """All states of a small network and the moves asynchronous updates make.

    Attributes
    ----------
    states : (S, N) int, S = 2**N, lexicographic order
    energies : (S,)
    edges : (M, 3) int
        Rows ``(src, dst, i)``: updating neuron ``i`` in state ``src`` flips it
        and gives state ``dst``.
    attractors : (A,) int
        Indices of the fixed points.
    reach : (S, A) bool
        ``reach[s, a]``: some sequence of asynchronous updates leads from
        state s to attractor a.
    basin : (S,) int
        Index into ``attractors`` of the attractor reached from each state by
        asynchronous sweeps in the order 0..N-1 (-1 if none is reached, which
        can happen only with asymmetric weights).
    """

    states: np.ndarray
    energies: np.ndarray
    edges: np.ndarray
    attractors: np.ndarray
    reach: np.ndarray
    basin: np.ndarray

    @property
    def ambiguous(self) -> np.ndarray:
        """(S,) bool: states from which different update orders reach different attractors."""
        return self.reach.sum(axis=1) > 1


def state_graph(net: HopfieldNetwork) -> StateGraph:
    """The energy landscape of ``net``: every state, every asynchronous move.

    Vectorised over all 2**N states and N neurons; N must be <= 12.
    """
    if not isinstance(net, HopfieldNetwork):
        raise TypeError(f"net must be a HopfieldNetwork, got {type(net).__name__}")
    n = net.n_neurons
    if n > 12:
        raise ValueError(f"state_graph draws all 2**N states; net must have N <= 12, got {n}")
    s = _codes_to_states(np.arange(1 << n), n, net.states)
    new = net._activate(s @ net.weights.T + net.bias, s)
    src, i = np.nonzero(new != s)
    dst = src ^ (1 << (n - 1 - i))
    edges = np.stack([src, dst, i], axis=1).astype(int)
    attractors = np.flatnonzero(~np.any(new != s, axis=1))
    reach = np.zeros((1 << n, attractors.size), dtype=bool)
    reach[attractors, np.arange(attractors.size)] = True
    for _ in range(1 << n):
        nxt = reach.copy()
        np.logical_or.at(nxt, src, reach[dst])
        if np.array_equal(nxt, reach):
            break
        reach = nxt
    final = _states_to_codes(net.recall(s), net.states)
    lookup = np.full(1 << n, -1)
    lookup[attractors] = np.arange(attractors.size)
    basin = lookup[final]
    return StateGraph(
        states=_readonly(s.astype(int)),
        energies=_readonly(net.energy(s)),
        edges=_readonly(edges),
        attractors=_readonly(attractors),
        reach=_readonly(reach),
        basin=_readonly(basin),
    )


# ---------------------------------------------------------------------------
# capacity
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class OneStepErrors:
    """Result of :func:`one_step_error_rate`.

    ``error_rate`` counts bits whose local field has the wrong sign (they flip
    under any tie rule); ``tie_rate`` counts bits whose local field is exactly
    0 (they flip under the ties-go-high rule only when the bit is -1:
    ``n_tie_flips``).
    """

    n_neurons: int
    n_patterns: int
    trials: int
    n_bits: int
    n_errors: int
    n_ties: int
    n_tie_flips: int

    @property
    def error_rate(self) -> float:
        return self.n_errors / self.n_bits

    @property
    def tie_rate(self) -> float:
        return self.n_ties / self.n_bits

    @property
    def flip_rate(self) -> float:
        """Fraction of bits that flip under the ties-go-high rule."""
        return (self.n_errors + self.n_tie_flips) / self.n_bits


def _local_fields(x: np.ndarray) -> np.ndarray:
    """h = (X X^T) X - P X for a stack of pattern matrices X (..., P, N)."""
    h = (x @ np.swapaxes(x, -1, -2)) @ x
    h -= x.shape[-2] * x
    return h


def one_step_local_fields(patterns: object) -> np.ndarray:
    """Local fields of every stored pattern in a zero-diagonal Hebbian network.

    Book equation: eq-86-crosstalk (section 8.6).

    .. math::  h_i^\\mu = \\sum_{j \\ne i} w_{ij} x_j^\\mu
               = ((X X^T) X)_{\\mu i} - P x_i^\\mu,
               \\quad w_{ij} = \\sum_\\nu x_i^\\nu x_j^\\nu \\ (i \\ne j)

    computed through the P x P Gram matrix, without the N x N weights.

    Parameters
    ----------
    patterns : array_like, shape (P, N) or (B, P, N)
        ±1 patterns (a stack of B independent sets allowed).

    Returns
    -------
    numpy.ndarray, same shape, float64 (exact integers)
    """
    x = as_array(patterns, "patterns", ndim=(2, 3))
    _check_values(x, "patterns", "bipolar")
    return _local_fields(x)


def one_step_error_rate(
    n_neurons: int, n_patterns: int, trials: int, rng: RngLike
) -> OneStepErrors:
    """Measured one-step bit error rate of a Hebbian network storing random patterns.

    For each trial, P random ±1 patterns X (P, N) are stored with zero-diagonal
    Hebbian weights and one synchronous update is applied to every stored
    pattern.  The local fields are computed without the N x N weight matrix:

    .. math::  h_i^\\mu = \\sum_{j \\ne i} w_{ij} x_j^\\mu = ((X X^T) X)_{\\mu i} - P x_i^\\mu

    a P x P Gram matrix then a P x N product (about 4 P^2 N operations instead
    of 4 P N^2).  All entries are integers; float32 is used while
    ``P * N < 2**24`` (every partial sum is then exact), float64 otherwise.
    Trials are batched.

    Bit ``i`` of pattern ``mu`` is an error when ``x_i^mu h_i^mu < 0`` and a tie
    when ``h_i^mu = 0``.

    Parameters
    ----------
    n_neurons : int >= 2
    n_patterns : int >= 1
    trials : int >= 1
    rng : numpy.random.Generator or int

    Returns
    -------
    OneStepErrors
    """
    n = check_int(n_neurons, "n_neurons", low=2)
    p = check_int(n_patterns, "n_patterns", low=1)
    trials = check_int(trials, "trials", low=1)
    rng = as_rng(rng)
    dtype = np.float32 if p * n < 2**24 else np.float64
    batch = max(1, min(trials, (1 << 22) // (p * n)))
    errors = ties = tie_flips = 0
    done = 0
    while done < trials:
        b = min(batch, trials - done)
        size = b * p * n
        bits = np.unpackbits(rng.integers(0, 256, size=-(-size // 8), dtype=np.uint8))
        x = bits[:size].reshape(b, p, n).astype(dtype)
        x *= 2
        x -= 1
        h = _local_fields(x)
        xh = x * h
        errors += int(np.count_nonzero(xh < 0))
        zero = h == 0
        ties += int(np.count_nonzero(zero))
        tie_flips += int(np.count_nonzero(zero & (x < 0)))
        done += b
    return OneStepErrors(
        n_neurons=n,
        n_patterns=p,
        trials=trials,
        n_bits=trials * p * n,
        n_errors=errors,
        n_ties=ties,
        n_tie_flips=tie_flips,
    )


def one_step_error_theory(
    n_neurons: object, n_patterns: object, zero_diagonal: bool = False
) -> float | np.ndarray:
    """Gaussian estimate of the one-step bit error rate (Hertz, Krogh & Palmer 1991).

    Book equation: eq-86-perror (section 8.6).

    .. math::  P_\\text{error} = \\tfrac12 \\operatorname{erfc}\\sqrt{N / (2P)}

    With ``zero_diagonal=True`` the refinement for w_ii = 0,
    ``1/2 erfc(sqrt((N - 1) / (2 (P - 1))))`` (exactly 0 for P = 1).
    Arguments may be numbers or arrays (broadcast).

    Parameters
    ----------
    n_neurons : float or array_like, >= 2
    n_patterns : float or array_like, >= 1
    zero_diagonal : bool, default False
    """
    zero_diagonal = check_bool(zero_diagonal, "zero_diagonal")
    n = as_array(n_neurons, "n_neurons")
    p = as_array(n_patterns, "n_patterns")
    if np.any(n < 2):
        raise ValueError("n_neurons must be >= 2")
    if np.any(p < 1):
        raise ValueError("n_patterns must be >= 1")
    n, p = np.broadcast_arrays(n, p)
    if zero_diagonal:
        with np.errstate(divide="ignore"):
            z = np.sqrt((n - 1) / (2 * (p - 1)))
    else:
        z = np.sqrt(n / (2 * p))
    out = 0.5 * np.vectorize(math.erfc, otypes=[float])(z)
    return float(out) if out.ndim == 0 else out


@dataclass(frozen=True)
class ErrorCurve:
    """Measured one-step error rates for several numbers of patterns."""

    n_neurons: int
    n_patterns: np.ndarray
    trials: np.ndarray
    error_rate: np.ndarray
    tie_rate: np.ndarray

    @property
    def load(self) -> np.ndarray:
        """alpha = P / N."""
        return self.n_patterns / self.n_neurons


def one_step_error_curve(
    n_neurons: int, n_patterns: object, min_bits: int, rng: RngLike
) -> ErrorCurve:
    """:func:`one_step_error_rate` for each P, with ``ceil(min_bits / (P N))`` trials."""
    n = check_int(n_neurons, "n_neurons", low=2)
    ps = as_array(n_patterns, "n_patterns", ndim=1)
    if np.any(ps < 1) or np.any(ps != np.round(ps)):
        raise ValueError("n_patterns must contain integers >= 1")
    min_bits = check_int(min_bits, "min_bits", low=1)
    rng = as_rng(rng)
    ps = ps.astype(int)
    trials = np.maximum(1, -(-min_bits // (ps * n)))
    results = [one_step_error_rate(n, int(p), int(t), rng) for p, t in zip(ps, trials)]
    return ErrorCurve(
        n_neurons=n,
        n_patterns=_readonly(ps),
        trials=_readonly(trials),
        error_rate=_readonly([r.error_rate for r in results]),
        tie_rate=_readonly([r.tie_rate for r in results]),
    )


# ---------------------------------------------------------------------------
# modern Hopfield network
# ---------------------------------------------------------------------------


def _modern_args(patterns: object, state: object, beta: object):
    x = as_array(patterns, "patterns", ndim=2)
    xi = as_array(state, "state", ndim=(1, 2))
    if xi.shape[-1] != x.shape[1]:
        raise ValueError(
            f"state must have {x.shape[1]} entries (the pattern dimension), got {xi.shape}"
        )
    beta = check_real(beta, "beta", low=0.0)
    if beta == 0.0:
        raise ValueError("beta must be > 0")
    return x, xi, beta


def modern_hopfield_update(patterns: object, state: object, beta: float) -> np.ndarray:
    """One update of the modern Hopfield network (Ramsauer et al. 2020).

    Book equation: eq-86-modern (section 8.6).

    .. math::  \\xi^\\text{new} = X^T \\operatorname{softmax}(\\beta X \\xi)

    with the stored patterns as the rows of X (P, D).  This is softmax
    attention with query xi and keys = values = the stored patterns; the
    softmax is the shared, max-shifted :func:`memlib.attention.softmax`.

    Parameters
    ----------
    patterns : array_like, shape (P, D)
    state : array_like, shape (D,) or (B, D)
    beta : float > 0
        Inverse temperature.

    Returns
    -------
    numpy.ndarray, same shape as ``state``
    """
    x, xi, beta = _modern_args(patterns, state, beta)
    return softmax(beta * (xi @ x.T), axis=-1) @ x


def modern_hopfield_energy(patterns: object, state: object, beta: float) -> float | np.ndarray:
    """Energy of the modern Hopfield network (Ramsauer et al. 2020).

    Book equation: eq-86-modern-energy (section 8.6).

    .. math::  E = -\\operatorname{lse}(\\beta, X\\xi) + \\tfrac12 \\xi^T\\xi
               + \\beta^{-1}\\log P + \\tfrac12 M^2

    with ``lse(beta, z) = beta^-1 log sum_l exp(beta z_l)`` and M the largest
    norm of a stored pattern.  A state (D,) gives a float, a batch (B, D) an
    array (B,).
    """
    x, xi, beta = _modern_args(patterns, state, beta)
    lse = logsumexp(beta * (xi @ x.T)) / beta
    m = float(np.max(np.linalg.norm(x, axis=1)))
    e = -lse + 0.5 * np.sum(xi * xi, axis=-1) + np.log(x.shape[0]) / beta + 0.5 * m * m
    return float(e) if xi.ndim == 1 else e


@dataclass(frozen=True)
class ModernRetrieval:
    """One-step retrieval of noisy patterns by the modern Hopfield update."""

    betas: np.ndarray
    exact: np.ndarray  # fraction with sign(output) == target
    similarity: np.ndarray  # mean cosine similarity of output and target


def modern_retrieval_curve(
    patterns: object, betas: object, noise: float, trials: int, rng: RngLike
) -> ModernRetrieval:
    """One modern Hopfield update from corrupted bipolar patterns, for each beta.

    Each stored pattern is corrupted ``trials`` times with :func:`corrupt`, one
    update :func:`modern_hopfield_update` is applied, and the output is
    compared with the pattern it came from.
    """
    x = _as_states(patterns, "patterns", "bipolar", ndim=2)
    bs = as_array(betas, "betas", ndim=1)
    if np.any(bs <= 0):
        raise ValueError("betas must be > 0")
    trials = check_int(trials, "trials", low=1)
    targets = np.repeat(x, trials, axis=0)
    probes = corrupt(targets, noise, rng)
    exact, sim = [], []
    for beta in bs:
        out = modern_hopfield_update(x, probes, float(beta))
        exact.append(np.mean(np.all(np.sign(out) == targets, axis=1)))
        cos = np.sum(out * targets, axis=1) / (
            np.linalg.norm(out, axis=1) * np.linalg.norm(targets, axis=1)
        )
        sim.append(np.mean(cos))
    return ModernRetrieval(_readonly(bs), _readonly(exact), _readonly(sim))


# ---------------------------------------------------------------------------
# noisy patterns and letters
# ---------------------------------------------------------------------------


def corrupt(patterns: object, noise: float, rng: RngLike, states: str = "bipolar") -> np.ndarray:
    """Flip exactly ``round(noise * N)`` randomly chosen bits of each pattern.

    Every pattern (row) gets the same number of flipped bits,
    ``k = round(noise * N)``, at k distinct positions drawn uniformly without
    replacement, independently for each row.  This differs from
    :func:`memlib.memory.make_cue`, which flips each bit independently with
    probability ``flip_prob`` (so the number of flips there is Binomial(N, flip_prob)).

    Parameters
    ----------
    patterns : array_like, shape (N,) or (B, N)
    noise : float in [0, 1]
        Fraction of the N bits of each pattern to flip; exactly
        ``round(noise * N)`` bits are flipped (Python rounding, half to even).
    rng : numpy.random.Generator or int
    states : {"bipolar", "binary"}

    Returns
    -------
    numpy.ndarray of int, same shape
    """
    states = check_choice(states, "states", tuple(STATE_SETS))
    x = _as_states(patterns, "patterns", states, ndim=(1, 2))
    noise = check_real(noise, "noise", low=0.0, high=1.0)
    rng = as_rng(rng)
    x2 = np.atleast_2d(x)
    k = int(round(noise * x2.shape[1]))
    keys = rng.random(x2.shape)
    flip = np.zeros(x2.shape, dtype=bool)
    idx = np.argsort(keys, axis=1)[:, :k]
    np.put_along_axis(flip, idx, True, axis=1)
    low, high = STATE_SETS[states]
    out = np.where(flip, low + high - x2, x2).astype(int)
    return out[0] if x.ndim == 1 else out


#: 7 x 7 letter bitmaps ("#" = +1, "." = -1), in the order they are stored.
LETTERS: dict[str, tuple[str, ...]] = {
    "T": ("#######", "...#...", "...#...", "...#...", "...#...", "...#...", "...#..."),
    "X": ("#.....#", ".#...#.", "..#.#..", "...#...", "..#.#..", ".#...#.", "#.....#"),
    "O": (".#####.", "#.....#", "#.....#", "#.....#", "#.....#", "#.....#", ".#####."),
    "L": ("#......", "#......", "#......", "#......", "#......", "#......", "#######"),
    "Z": ("#######", ".....#.", "....#..", "...#...", "..#....", ".#.....", "#######"),
    "H": ("#.....#", "#.....#", "#.....#", "#######", "#.....#", "#.....#", "#.....#"),
    "J": ("..#####", "....#..", "....#..", "....#..", "#...#..", "#...#..", ".###..."),
    "A": ("..###..", ".#...#.", "#.....#", "#######", "#.....#", "#.....#", "#.....#"),
    "E": ("#######", "#......", "#......", "#####..", "#......", "#......", "#######"),
    "C": (".#####.", "#......", "#......", "#......", "#......", "#......", ".#####."),
}
LETTER_SHAPE = (7, 7)


def letter_patterns(letters: str | Sequence[str] = "TXOLZHJAEC") -> np.ndarray:
    """Bipolar 7 x 7 letter bitmaps, flattened row by row: shape (P, 49)."""
    if isinstance(letters, str):
        letters = list(letters)
    if not letters:
        raise ValueError("letters must not be empty")
    for c in letters:
        if c not in LETTERS:
            raise ValueError(f"letters must be among {''.join(LETTERS)}, got {c!r}")
    return np.array([parse_bitmap(LETTERS[c], c, on=1, off=-1) for c in letters], dtype=int)


@dataclass(frozen=True)
class LetterRecall:
    """Recall of noisy letters as more letters are stored.

    ``rate[k - 1]`` is the fraction of noisy probes of the k stored letters
    that the network restored exactly; ``probes[k - 1]`` and
    ``recalled[k - 1]`` (k, 49) hold the first trial's probe and result.
    """

    letters: str
    noise: float
    rate: np.ndarray
    probes: tuple[np.ndarray, ...]
    recalled: tuple[np.ndarray, ...]


def letter_recall(
    letters: str = "TXOLZHJAEC", noise: float = 0.1, trials: int = 20, rng: RngLike = 0
) -> LetterRecall:
    """Store the first k letters (k = 1..len(letters)) and recall noisy copies.

    Each stored letter is corrupted ``trials`` times (:func:`corrupt`) and run
    asynchronously (order 0..N-1) to a fixed point with
    :meth:`HopfieldNetwork.recall`.
    """
    x = letter_patterns(letters)
    trials = check_int(trials, "trials", low=1)
    noise = check_real(noise, "noise", low=0.0, high=1.0)
    rng = as_rng(rng)
    rates, probes, recalled = [], [], []
    for k in range(1, x.shape[0] + 1):
        net = HopfieldNetwork.from_patterns(x[:k])
        targets = np.tile(x[:k], (trials, 1))
        noisy = corrupt(targets, noise, rng)
        out = net.recall(noisy)
        rates.append(np.mean(np.all(out == targets, axis=1)))
        probes.append(_readonly(noisy[:k]))
        recalled.append(_readonly(out[:k]))
    return LetterRecall(
        letters="".join(letters),
        noise=noise,
        rate=_readonly(rates),
        probes=tuple(probes),
        recalled=tuple(recalled),
    )


# ---------------------------------------------------------------------------
# the orange/apple example of the source notes
# ---------------------------------------------------------------------------

#: Features of the fruit example (1 / 0): round / oval, smooth / rough, < 200 g / > 200 g.
FRUIT_FEATURES = ("shape", "texture", "weight")
ORANGE = np.array([1, 0, 1])
APPLE = np.array([0, 1, 0])
ORANGE.setflags(write=False)
APPLE.setflags(write=False)
#: The update orders of the widget: the 6 asynchronous orders (0-based) and "sync".
ORANGE_APPLE_ORDERS: tuple[tuple[int, ...] | str, ...] = (
    *permutations(range(3)),
    "sync",
)


def orange_apple_network(tie: str = "high") -> HopfieldNetwork:
    """The three-neuron network storing orange [1, 0, 1] and apple [0, 1, 0].

    Binary states, weights from the bipolar forms (:func:`hebbian_weights`
    with ``states="binary"``), zero biases.
    """
    w = hebbian_weights(np.stack([ORANGE, APPLE]), states="binary")
    return HopfieldNetwork(w, states="binary", tie=tie)


# ---------------------------------------------------------------------------
# two stored patterns with a chosen overlap
# ---------------------------------------------------------------------------


def overlap_patterns(n_neurons: int, distance: int) -> np.ndarray:
    """Two bipolar patterns at Hamming distance ``distance``: shape (2, N).

    xi_1 alternates in blocks (+ + - - + + ...); xi_2 is xi_1 with the first
    ``distance`` neurons flipped, so the overlap is ``q = 1 - 2 d / N``.
    """
    n = check_int(n_neurons, "n_neurons", low=2)
    d = check_int(distance, "distance", low=0, high=n)
    xi1 = np.where((np.arange(n) // 2) % 2 == 0, 1, -1)
    xi2 = xi1.copy()
    xi2[:d] *= -1
    return np.stack([xi1, xi2])


#: Outcomes of a recall in the overlap demo; "-xi" are the reversed (spurious) states.
OVERLAP_OUTCOMES = ("xi1", "xi2", "-xi1", "-xi2", "other")
#: Which stored pattern a probe is nearer to (Hamming distance).
OVERLAP_NEAREST = ("xi1", "equal", "xi2")


@dataclass(frozen=True)
class OverlapRecall:
    """Recall from all probes near xi_1 in a network storing two overlapping patterns.

    The result of :func:`overlap_recall`.  The arrays are read-only.

    Attributes
    ----------
    patterns : numpy.ndarray, shape (2, N), int
        xi_1 and xi_2 of :func:`overlap_patterns`, at Hamming distance d, so
        their overlap is q = xi_1^T xi_2 / N = 1 - 2d/N.
    n_flips : int
        k: every probe is xi_1 with exactly k neurons flipped; there are
        C(N, k) probes.
    table : numpy.ndarray, shape (3, 5), int
        ``table[i, j]`` is the number of probes that are nearer (in Hamming
        distance) to the stored pattern ``OVERLAP_NEAREST[i]`` (xi1 / equal /
        xi2) and end in the state ``OVERLAP_OUTCOMES[j]`` (xi1, xi2, -xi1,
        -xi2 or another state).  Its entries sum to C(N, k).
    fixed_points : numpy.ndarray, shape (F, N), int
        All F fixed points of the network (:meth:`HopfieldNetwork.fixed_points`).
    labels : tuple of str, length F
        Which of :data:`OVERLAP_OUTCOMES` each fixed point is.
    energies : numpy.ndarray, shape (F,)
        Energy E = -1/2 s^T W s of each fixed point (the biases are zero).
    """

    patterns: np.ndarray
    n_flips: int
    table: np.ndarray
    fixed_points: np.ndarray
    labels: tuple[str, ...]
    energies: np.ndarray

    @property
    def counts(self) -> dict[str, int]:
        """Outcome -> number of probes ending there (the column sums of ``table``)."""
        return dict(zip(OVERLAP_OUTCOMES, self.table.sum(axis=0).tolist()))

    @property
    def n_probes(self) -> int:
        """C(N, k), the number of probes (the sum of ``table``)."""
        return int(self.table.sum())


def overlap_recall(n_neurons: int, distance: int, n_flips: int) -> OverlapRecall:
    """Recall from every probe at Hamming distance ``n_flips`` from xi_1.

    The network stores the two patterns of :func:`overlap_patterns` (Hebbian,
    zero diagonal, bipolar, ties high) and runs every such probe
    asynchronously (order 0..N-1) to a fixed point.  Each probe is also
    classified by the stored pattern it is nearer to, so the outcome can be
    compared with ideal nearest-pattern recall.

    Parameters
    ----------
    n_neurons : int
        N, from 2 to 14 (the fixed points are found by enumerating all states).
    distance : int
        d, the Hamming distance of the two patterns, 0 <= d <= N.
    n_flips : int
        k, the number of neurons of xi_1 each probe flips, 0 <= k <= N.

    Returns
    -------
    OverlapRecall
        The patterns, the table of outcomes by nearest pattern, and the fixed
        points with their labels and energies.

    Raises
    ------
    TypeError
        If an argument is not an int.
    ValueError
        If ``n_neurons`` is outside [2, 14] or ``distance``, ``n_flips``
        outside [0, N].
    """
    x = overlap_patterns(n_neurons, distance)
    n = x.shape[1]
    k = check_int(n_flips, "n_flips", low=0, high=n)
    if n > 14:
        raise ValueError(f"n_neurons must be <= 14 (all states are enumerated), got {n}")
    net = HopfieldNetwork.from_patterns(x)
    flips = np.array(list(combinations(range(n), k)), dtype=int).reshape(math.comb(n, k), k)
    probes = np.tile(x[0], (flips.shape[0], 1))
    np.put_along_axis(probes, flips, -np.take_along_axis(probes, flips, axis=1), axis=1)
    final = net.recall(probes)
    refs = np.stack([x[0], x[1], -x[0], -x[1]])

    def labels_of(states: np.ndarray) -> np.ndarray:
        match = np.all(states[:, None, :] == refs[None, :, :], axis=2)
        return np.where(match.any(axis=1), np.argmax(match, axis=1), len(refs))

    outcome = labels_of(final)
    dist = np.sum(probes[:, None, :] != x[None, :2, :], axis=2)
    nearest = 1 + np.sign(dist[:, 0] - dist[:, 1])  # 0: xi1, 1: equal, 2: xi2
    table = np.zeros((3, len(OVERLAP_OUTCOMES)), dtype=int)
    np.add.at(table, (nearest, outcome), 1)
    fixed = net.fixed_points()
    return OverlapRecall(
        patterns=_readonly(x),
        n_flips=k,
        table=_readonly(table),
        fixed_points=_readonly(fixed),
        labels=tuple(OVERLAP_OUTCOMES[i] for i in labels_of(fixed)) if len(fixed) else (),
        energies=_readonly(net.energy(fixed) if len(fixed) else np.zeros(0)),
    )


# ---------------------------------------------------------------------------
# continuous-valued network for chaos
# ---------------------------------------------------------------------------


def random_tanh_weights(n_units: int, rng: RngLike, symmetric: bool = False) -> np.ndarray:
    """Random Gaussian couplings ``W_ij ~ N(0, 1/N)`` (symmetrised if asked)."""
    n = check_int(n_units, "n_units", low=2)
    symmetric = check_bool(symmetric, "symmetric")
    w = as_rng(rng).normal(0.0, 1.0 / math.sqrt(n), size=(n, n))
    if symmetric:
        w = (w + w.T) / math.sqrt(2)
    return w


def tanh_map_trajectory(weights: object, gain: float, x0: object, steps: int) -> np.ndarray:
    """Iterate the discrete-time continuous-valued network ``x_{t+1} = tanh(g W x_t)``.

    With random asymmetric Gaussian W (:func:`random_tanh_weights`) and gain
    g well above 1 the map is chaotic for large N (cf. Sompolinsky, Crisanti
    & Sommers 1988 for the continuous-time analogue).

    A chaotic map amplifies the last bit of every step, so the product and
    the tanh are computed by :func:`memlib._math.portable_matvec` and
    :func:`memlib._math.portable_tanh`: the trajectory is the same, bit for
    bit, on every CPU, BLAS kernel and thread count.

    Returns
    -------
    numpy.ndarray, shape (steps + 1, N); row 0 is ``x0``.
    """
    w = as_array(weights, "weights", ndim=2)
    if w.shape[0] != w.shape[1]:
        raise ValueError(f"weights must be square, got shape {w.shape}")
    gain = check_real(gain, "gain", low=0.0)
    x = as_array(x0, "x0", shape=(w.shape[0],))
    steps = check_int(steps, "steps", low=0)
    out = np.empty((steps + 1, x.size))
    out[0] = x
    gw = gain * w
    for t in range(steps):
        out[t + 1] = portable_tanh(portable_matvec(gw, out[t]))
    return out


def largest_lyapunov(
    weights: object, gain: float, x0: object, steps: int = 1000, transient: int = 200
) -> float:
    """Largest Lyapunov exponent of ``x_{t+1} = tanh(g W x_t)`` (per step).

    Tangent vectors evolve by the Jacobian ``J_t = diag(1 - x_{t+1}^2) g W``;
    the exponent is the mean of ``log ||J_t v_t||`` over ``steps`` steps after
    ``transient`` steps, with v renormalised each step.  A positive value
    means nearby trajectories separate exponentially (chaos).  Computed in a
    fixed summation order, like :func:`tanh_map_trajectory`.
    """
    w = as_array(weights, "weights", ndim=2)
    steps = check_int(steps, "steps", low=1)
    transient = check_int(transient, "transient", low=0)
    traj = tanh_map_trajectory(w, gain, x0, transient + steps)
    gw = gain * w
    v = np.ones(w.shape[0]) / math.sqrt(w.shape[0])
    total = 0.0
    for t in range(transient, transient + steps):
        v = (1.0 - traj[t + 1] ** 2) * portable_matvec(gw, v)
        norm = math.sqrt(float((v * v).sum()))  # not BLAS: same bits everywhere
        if norm == 0.0:
            return -math.inf
        total += math.log(norm)
        v /= norm
    return total / steps


# ---------------------------------------------------------------------------
# the three phase pictures
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PhaseDemo:
    """Data of the three phase pictures (see :func:`three_phase_demo`)."""

    patterns: np.ndarray  # (3, N) bipolar patterns of the settling network
    settle: Trajectory  # async run of the Hebbian network from a noisy probe
    cycle: Trajectory  # sync run of the two-neuron oscillator from [1, 1]
    chaos: np.ndarray  # (401, 100) trajectory of the tanh map
    chaos_near: np.ndarray  # the same from a start 1e-8 away
    gain: float
    lyapunov: float


def three_phase_demo(rng: RngLike = 0, n_neurons: int = 64, gain: float = 3.0) -> PhaseDemo:
    """Simulations behind the three phase pictures: stable, limit cycle, chaos.

    * stable: a Hebbian network of ``n_neurons`` bipolar neurons storing 3
      random patterns, run asynchronously (random order) from a blend of
      patterns 1 and 2 (45% of the bits where they differ taken from pattern
      2) with 10% of the bits then flipped;
    * limit cycle: :func:`two_neuron_oscillator`, synchronous, from [1, 1];
    * chaos: the continuous-valued map ``x_{t+1} = tanh(g W x_t)`` with 100
      units and random asymmetric Gaussian W, 400 steps, started twice from
      points 1e-8 apart, with its largest Lyapunov exponent.
    """
    rng = as_rng(rng)
    n = check_int(n_neurons, "n_neurons", low=4)
    gain = check_real(gain, "gain", low=0.0)
    x = rng.choice([-1, 1], size=(3, n))
    net = HopfieldNetwork.from_patterns(x)
    differ = np.flatnonzero(x[0] != x[1])
    probe = x[0].copy()
    take = rng.permutation(differ)[: int(0.45 * differ.size)]
    probe[take] = x[1, take]
    probe = corrupt(probe, 0.1, rng)
    settle = net.run(probe, order=rng.permutation(n))
    cycle = two_neuron_oscillator().run([1, 1], mode="sync")
    w = random_tanh_weights(100, rng)
    x0 = rng.uniform(-1, 1, size=100)
    delta = np.zeros(100)
    delta[0] = 1e-8
    chaos = tanh_map_trajectory(w, gain, x0, 400)
    near = tanh_map_trajectory(w, gain, x0 + delta, 400)
    lyap = largest_lyapunov(w, gain, x0)
    return PhaseDemo(
        patterns=_readonly(x),
        settle=settle,
        cycle=cycle,
        chaos=_readonly(chaos),
        chaos_near=_readonly(near),
        gain=gain,
        lyapunov=lyap,
    )
