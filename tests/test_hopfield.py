"""Tests of memlib.hopfield (section 8.6).

Expected values are derived by hand (orange/apple example, two-neuron
oscillator), from published numbers (Hertz, Krogh & Palmer 1991: error rates of the Gaussian
capacity estimate), or by brute-force reference code written here.
"""

from __future__ import annotations

import dataclasses
import math
import re
from itertools import permutations, product

import numpy as np
import pytest
from figure_text import english_words, font_sizes
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.figure import Figure

from memlib import hopfield as hp
from memlib.hopfield import (
    APPLE,
    ORANGE,
    HopfieldNetwork,
    hebbian_weights,
    modern_hopfield_energy,
    modern_hopfield_update,
    one_step_error_rate,
    one_step_error_theory,
    orange_apple_frame,
    orange_apple_network,
)

FAST = settings(max_examples=50, deadline=None)


# ---------------------------------------------------------------------------
# helpers: brute-force references
# ---------------------------------------------------------------------------


def random_symmetric(rng: np.random.Generator, n: int, low: int = -3, high: int = 3):
    """Integer symmetric weights with zero diagonal (ties occur often)."""
    a = rng.integers(low, high + 1, size=(n, n)).astype(float)
    w = np.triu(a, 1)
    return w + w.T


def brute_update(w, b, s, i, low, high, tie="high"):
    """Update of neuron i written as a plain loop (the rule of nndl)."""
    net = sum(w[i][j] * s[j] for j in range(len(s))) + b[i]
    s = list(s)
    if net > 0:
        s[i] = high
    elif net < 0:
        s[i] = low
    else:
        s[i] = {"high": high, "low": low, "keep": s[i]}[tie]
    return s


def brute_energy(w, b, s):
    n = len(s)
    return -0.5 * sum(w[i][j] * s[i] * s[j] for i in range(n) for j in range(n)) - sum(
        b[i] * s[i] for i in range(n)
    )


# ---------------------------------------------------------------------------
# Hebbian weights
# ---------------------------------------------------------------------------


def test_hebbian_weights_of_the_fruit_example_match_the_source():
    # nndl example: w12 = (2*1-1)(2*0-1) + (2*0-1)(2*1-1) = -1 - 1 = -2, etc.
    w = hebbian_weights([[1, 0, 1], [0, 1, 0]], states="binary")
    np.testing.assert_array_equal(w, [[0, -2, 2], [-2, 0, -2], [2, -2, 0]])


@FAST
@given(st.integers(1, 5), st.integers(2, 8), st.integers(0, 2**32 - 1))
def test_hebbian_weights_equal_a_sum_of_outer_products(p, n, seed):
    rng = np.random.default_rng(seed)
    x = rng.choice([-1, 1], size=(p, n))
    ref = np.zeros((n, n))
    for pattern in x:
        for i in range(n):
            for j in range(n):
                if i != j:
                    ref[i, j] += pattern[i] * pattern[j]
    np.testing.assert_array_equal(hebbian_weights(x), ref)
    np.testing.assert_allclose(hebbian_weights(x, normalize=True), ref / p)
    # the binary rule uses the bipolar form 2x - 1
    np.testing.assert_array_equal(hebbian_weights((x + 1) // 2, states="binary"), ref)


# ---------------------------------------------------------------------------
# the orange/apple example
# ---------------------------------------------------------------------------


def test_orange_apple_fixed_points_are_orange_and_apple():
    # By hand, net = W x for each of the 8 states (ties go high):
    # 000 -> 111, 001 -> 101, 010 -> 010 (net2 = 0: tie), 011 -> 100,
    # 100 -> 101, 101 -> 101, 110 -> 001, 111 -> 101.
    fixed = {tuple(s) for s in orange_apple_network().fixed_points()}
    assert fixed == {(1, 0, 1), (0, 1, 0)}


def test_apple_is_fixed_only_because_ties_go_high():
    # Under the strict rule (high only when net > 0): 000 -> 000 is fixed,
    # 010 -> 000 is not, 101 stays.
    strict = orange_apple_network(tie="low")
    assert {tuple(s) for s in strict.fixed_points()} == {(0, 0, 0), (1, 0, 1)}
    assert not strict.is_fixed(APPLE)
    assert orange_apple_network().is_fixed(APPLE)


def test_worked_trajectory_matches_the_hand_table():
    # order 2 -> 1 -> 3 (1-based) = (1, 0, 2); t=1: net2 = -2-2 = -4 -> x2 = 0;
    # t=2: net1 = -2*0 + 2*1 = 2 -> 1; t=3: net3 = 2*1 - 2*0 = 2 -> 1;
    # the second sweep changes nothing, so the run stops after t = 6.
    tr = orange_apple_network().run([1, 1, 1], order=(1, 0, 2))
    expected = [[1, 1, 1]] + [[1, 0, 1]] * 6
    np.testing.assert_array_equal(tr.states, expected)
    # E = -1/2 x^T W x: E(111) = -(w12 + w13 + w23) = 2, E(101) = -w13 = -2
    np.testing.assert_array_equal(tr.energies, [2] + [-2] * 6)
    np.testing.assert_array_equal(tr.updated, [1, 0, 2, 1, 0, 2])
    assert tr.converged and tr.period is None and tr.steps == 6
    np.testing.assert_array_equal(tr.final, ORANGE)


def test_net_input_and_update_neuron_of_the_example():
    net = orange_apple_network()
    np.testing.assert_array_equal(net.net_input([1, 1, 1]), [0, -4, 0])
    np.testing.assert_array_equal(net.update_neuron([1, 1, 1], 1), [1, 0, 1])
    np.testing.assert_array_equal(net.sync_update([1, 1, 1]), [1, 0, 1])


def test_orange_apple_frame_shows_the_worked_numbers():
    html = orange_apple_frame((1, 1, 1), (1, 0, 2), 3)
    assert html.count("<tr>") == 1 + 4  # header + t = 0..3
    assert "w₂₁·x₁ + w₂₃·x₃ = (-2)·1 + (-2)·1 = -4" in html
    assert "w₁₂·x₂ + w₁₃·x₃ = (-2)·0 + 2·1 = 2" in html
    assert "：橘子；是不动点；" in html
    assert "异步更新，次序 x₂→x₁→x₃</caption>" in html
    assert "<th>x₁</th><th>x₂</th><th>x₃</th>" in html and "<td>x₂</td>" in html
    assert "<td>-2</td>" in html  # energy after the first update


def test_orange_apple_frame_names_neurons_as_the_prose_does():
    # x₁ and w₁₂ with subscripts, never "x1" or "w12" (the prose writes $x_1$, $w_{12}$)
    for order in hp.ORANGE_APPLE_ORDERS:
        html = orange_apple_frame((1, 0, 0), order, 6)
        assert not re.search(r"[xw]\d", html), order


def test_orange_apple_frame_caption_stays_on_one_line():
    # at t = 0 the table is narrow; its caption must not wrap into two lines
    html = orange_apple_frame((0, 1, 0), (1, 2, 0), 0)
    assert '<caption style="white-space:nowrap">初态 [0, 1, 0]，异步更新，次序 x₂→x₃→x₁<' in html


def test_orange_apple_frame_sync_and_step_zero():
    html = orange_apple_frame((0, 0, 0), "sync", 1)
    # sync from 000: all nets are 0, ties go high -> 111, E(111) = 2
    assert "<td>1</td><td>全\u2060部</td>" in html  # all neurons, one unbreakable word
    assert "x(1) = [1 1 1]：既不是橘子也不是苹果；不是不动点；E = 2" in html
    html0 = orange_apple_frame((0, 1, 0), (0, 1, 2), 0)
    assert html0.count("<tr>") == 2 and "：苹果；是不动点；" in html0


def test_every_combination_of_the_widget_fits_the_frame_budget():
    from memlib.widgets import MAX_FRAMES

    assert 8 * len(hp.ORANGE_APPLE_ORDERS) * 7 <= MAX_FRAMES
    for order in hp.ORANGE_APPLE_ORDERS:
        assert len(orange_apple_frame((1, 0, 0), order, 6)) < 6000


@pytest.mark.parametrize(
    ("kwargs", "exc"),
    [
        (dict(start=(1, 2, 1), order=(0, 1, 2), step=1), ValueError),
        (dict(start=(1, 1), order=(0, 1, 2), step=1), ValueError),
        (dict(start=(1, 1, 1), order=(0, 0, 2), step=1), ValueError),
        (dict(start=(1, 1, 1), order="random", step=1), ValueError),
        (dict(start=(1, 1, 1), order=(0, 1, 2), step=7), ValueError),
        (dict(start=(1, 1, 1), order=(0, 1, 2), step=1.5), TypeError),
    ],
)
def test_orange_apple_frame_rejects_bad_input(kwargs, exc):
    with pytest.raises(exc):
        orange_apple_frame(**kwargs)


# ---------------------------------------------------------------------------
# dynamics: energy, convergence, cycles
# ---------------------------------------------------------------------------


@FAST
@given(
    st.integers(2, 9),
    st.sampled_from(["bipolar", "binary"]),
    st.sampled_from(["high", "low", "keep"]),
    st.integers(0, 2**32 - 1),
)
def test_async_energy_never_rises_and_run_ends_at_a_fixed_point(n, states, tie, seed):
    rng = np.random.default_rng(seed)
    w = random_symmetric(rng, n)
    b = rng.integers(-2, 3, size=n).astype(float)
    net = HopfieldNetwork(w, b, states=states, tie=tie)
    low, high = hp.STATE_SETS[states]
    s0 = rng.choice([low, high], size=n)
    tr = net.run(s0, order=rng.permutation(n))
    assert np.all(np.diff(tr.energies) <= 1e-12)
    assert tr.converged and tr.steps % n == 0
    assert net.is_fixed(tr.final)
    # lexicographic argument: every change lowers E, or keeps E and turns a
    # neuron on (ties high) / off (ties low); with "keep" E strictly drops
    for t in range(tr.steps):
        a, c = tr.states[t], tr.states[t + 1]
        if np.array_equal(a, c):
            continue
        d_e = tr.energies[t + 1] - tr.energies[t]
        i = tr.updated[t]
        if d_e == 0:
            assert tie != "keep"
            assert c[i] == (high if tie == "high" else low)
        else:
            assert d_e < 0


@FAST
@given(st.integers(2, 7), st.integers(0, 2**32 - 1))
def test_single_updates_match_the_brute_force_rule(n, seed):
    rng = np.random.default_rng(seed)
    w = random_symmetric(rng, n)
    b = rng.integers(-2, 3, size=n).astype(float)
    s = rng.choice([-1, 1], size=n)
    for tie in ("high", "low", "keep"):
        net = HopfieldNetwork(w, b, tie=tie)
        for i in range(n):
            np.testing.assert_array_equal(
                net.update_neuron(s, i), brute_update(w, b, s, i, -1, 1, tie)
            )
    assert HopfieldNetwork(w, b).energy(s) == pytest.approx(brute_energy(w, b, s))


def test_energy_accepts_a_batch():
    rng = np.random.default_rng(0)
    w = random_symmetric(rng, 5)
    net = HopfieldNetwork(w)
    s = rng.choice([-1, 1], size=(4, 5))
    e = net.energy(s)
    assert e.shape == (4,)
    np.testing.assert_allclose(e, [brute_energy(w, np.zeros(5), row) for row in s])


@FAST
@given(st.integers(0, 2**32 - 1))
def test_stored_patterns_are_fixed_points_when_few(seed):
    rng = np.random.default_rng(seed)
    x = rng.choice([-1, 1], size=(4, 200))
    net = HopfieldNetwork.from_patterns(x)
    assert np.all(net.is_fixed(x))
    np.testing.assert_array_equal(net.recall(x), x)


def test_sync_two_neuron_oscillator_has_period_two():
    net = hp.two_neuron_oscillator()
    tr = net.run([1, 1], mode="sync")
    # net = W s = [-1, -1] -> [-1, -1]; then [1, 1] again
    np.testing.assert_array_equal(tr.states, [[1, 1], [-1, -1], [1, 1]])
    assert tr.period == 2 and not tr.converged
    assert np.linalg.eigvalsh(net.weights).min() == pytest.approx(-1)
    tr2 = net.run([1, -1], mode="sync")
    assert tr2.converged and tr2.period is None
    np.testing.assert_array_equal(tr2.states, [[1, -1], [1, -1]])


@FAST
@given(st.integers(2, 8), st.integers(1, 4), st.integers(0, 2**32 - 1))
def test_sync_with_non_negative_definite_weights_converges(n, p, seed):
    # Theorem 2: W = X^T X (self-connections kept) is non-negative definite
    rng = np.random.default_rng(seed)
    x = rng.choice([-1, 1], size=(p, n))
    net = HopfieldNetwork(x.T @ x, allow_self_connections=True)
    tr = net.run(rng.choice([-1, 1], size=n), mode="sync")
    assert tr.converged and tr.period is None
    assert np.all(np.diff(tr.energies) <= 1e-12)


def test_options_after_states_are_keyword_only():
    w = np.array([[0.0, 1.0], [-1.0, 0.0]])
    with pytest.raises(TypeError):
        HopfieldNetwork(w, None, "bipolar", True)  # allow_asymmetric given positionally
    net = HopfieldNetwork(w, None, "bipolar", allow_asymmetric=True)
    np.testing.assert_array_equal(net.weights, w)


def test_async_with_asymmetric_weights_can_fail_to_converge():
    # a "rotating" 3-neuron net: each neuron copies -(previous neuron)
    w = np.array([[0, 0, -1], [-1, 0, 0], [0, -1, 0]], dtype=float)
    net = HopfieldNetwork(w, allow_asymmetric=True, tie="keep")
    tr = net.run([1, 1, -1], max_steps=30)
    assert not tr.converged and tr.steps == 30


@FAST
@given(st.integers(2, 7), st.sampled_from(["bipolar", "binary"]), st.integers(0, 2**32 - 1))
def test_fixed_points_equal_brute_force_enumeration(n, states, seed):
    rng = np.random.default_rng(seed)
    w = random_symmetric(rng, n)
    net = HopfieldNetwork(w, states=states)
    low, high = hp.STATE_SETS[states]
    expected = [
        list(s)
        for s in product([low, high], repeat=n)
        if all(brute_update(w, np.zeros(n), s, i, low, high) == list(s) for i in range(n))
    ]
    got = net.fixed_points()
    assert got.tolist() == expected  # lexicographic order, low before high


def test_recall_equals_running_each_row():
    rng = np.random.default_rng(3)
    x = rng.choice([-1, 1], size=(3, 30))
    net = HopfieldNetwork.from_patterns(x)
    probes = hp.corrupt(np.repeat(x, 4, axis=0), 0.2, rng)
    order = rng.permutation(30)
    finals = net.recall(probes, order=order)
    for probe, final in zip(probes, finals):
        np.testing.assert_array_equal(net.run(probe, order=order).final, final)
    np.testing.assert_array_equal(net.recall(probes[0], order=order), finals[0])
    sync = net.recall(probes, mode="sync", max_sweeps=50)
    for probe, final in zip(probes, sync):
        np.testing.assert_array_equal(net.run(probe, mode="sync", max_steps=50).final, final)


def test_sync_recall_tells_which_rows_ended_in_a_two_cycle():
    # The oscillator (w12 = w21 = -1) from [1, 1]: net = [-1, -1] -> [-1, -1],
    # then net = [1, 1] -> [1, 1]: a 2-cycle.  From [1, -1]: net = [1, -1],
    # the state itself: a fixed point.  From [-1, 1] likewise.
    net = hp.two_neuron_oscillator()
    probes = [[1, 1], [1, -1], [-1, -1], [-1, 1]]
    plain = net.recall(probes, mode="sync", max_sweeps=7)
    r = net.recall(probes, mode="sync", max_sweeps=7, return_status=True)
    assert isinstance(r, hp.RecallResult)
    assert r.cycled.tolist() == [True, False, True, False]
    assert r.converged.tolist() == [False, True, False, True]
    assert r.period.tolist() == [2, 0, 2, 0]
    # the states are those of the plain call: after 7 (odd) steps the cycling
    # rows are at the other point of their cycle
    np.testing.assert_array_equal(r.states, plain)
    np.testing.assert_array_equal(plain, [[-1, -1], [1, -1], [1, 1], [-1, 1]])
    one = net.recall([1, 1], mode="sync", return_status=True)
    assert one.cycled is True and one.converged is False and one.period == 2
    np.testing.assert_array_equal(one.states, [1, 1])  # 100 steps: even
    with pytest.raises(ValueError):
        r.states[0, 0] = 0


def test_recall_status_of_a_rotating_network_found_by_hand():
    # s1 <- -s3, s2 <- -s1, s3 <- -s2 (ties keep).  Synchronously s <- -P s with
    # P a cyclic shift: (-P)^3 = -I and (-P)^6 = I, so a state has period 6,
    # except the two with P s = s, [-1, -1, -1] and [1, 1, 1], which alternate
    # (period 2).  Asynchronously in the order 0, 1, 2 a sweep gives [-s3, s3, -s3], then
    # [s3, -s3, s3]: period 2 sweeps, from every state.
    w = np.array([[0, 0, -1], [-1, 0, 0], [0, -1, 0]], dtype=float)
    net = HopfieldNetwork(w, allow_asymmetric=True, tie="keep")
    starts = np.array(list(product([-1, 1], repeat=3)))
    sync = net.recall(starts, mode="sync", return_status=True)
    assert sync.cycled.all() and not sync.converged.any()
    assert sync.period.tolist() == [2] + [6] * 6 + [2]  # starts in lexicographic order
    asyn = net.recall(starts, return_status=True)
    assert asyn.cycled.all() and asyn.period.tolist() == [2] * 8
    # 5 steps show the 2-cycles but no repeat of the 6-cycles: neither
    # converged nor cycled there
    short = net.recall(starts, mode="sync", max_sweeps=5, return_status=True)
    assert not short.converged.any()
    assert short.cycled.tolist() == [True] + [False] * 6 + [True]
    assert short.period.tolist() == [2] + [0] * 6 + [2]


@FAST
@given(st.integers(2, 7), st.booleans(), st.integers(0, 2**32 - 1))
def test_recall_status_agrees_with_single_runs(n, symmetric, seed):
    # Trajectory finds cycles on its own (a dict of the states seen)
    rng = np.random.default_rng(seed)
    w = random_symmetric(rng, n) if symmetric else rng.integers(-3, 4, size=(n, n)).astype(float)
    np.fill_diagonal(w, 0.0)
    net = HopfieldNetwork(w, allow_asymmetric=not symmetric)
    starts = rng.choice([-1, 1], size=(6, n))
    r = net.recall(starts, mode="sync", max_sweeps=2**n + 1, return_status=True)
    np.testing.assert_array_equal(r.states, net.recall(starts, mode="sync", max_sweeps=2**n + 1))
    for k, s0 in enumerate(starts):
        tr = net.run(s0, mode="sync", max_steps=2**n + 1)
        assert r.converged[k] == tr.converged
        assert r.cycled[k] == (tr.period is not None)
        assert r.period[k] == (tr.period or 0)
        if symmetric:  # Goles et al. (1985): symmetric W, sync: period 1 or 2
            assert r.period[k] in (0, 2)


def test_cycle_periods_equal_a_plain_python_replay():
    # Replay the documented draws and iterate sgn(W s) (ties high) by hand.
    n_networks, n = 40, 6
    rng = np.random.default_rng(7)
    expected = []
    for _ in range(n_networks):
        w = rng.normal(size=(n, n))
        np.fill_diagonal(w, 0.0)
        s = tuple(int(v) for v in rng.choice([-1, 1], size=n))
        seen = {}
        t = 0
        while s not in seen:
            seen[s] = t
            s = tuple(1 if sum(w[i, j] * s[j] for j in range(n)) >= 0 else -1 for i in range(n))
            t += 1
        expected.append(t - seen[s])
    got = hp.cycle_periods(n_networks, n, np.random.default_rng(7))
    assert got.tolist() == expected
    assert got.dtype.kind == "i" and got.min() >= 1
    assert (got > 1).any() and (got == 1).any()  # both endings occur
    np.testing.assert_array_equal(hp.cycle_periods(n_networks, n, 7), got)  # int seed


def test_trajectory_is_frozen_and_read_only():
    tr = orange_apple_network().run([1, 1, 1])
    with pytest.raises(dataclasses.FrozenInstanceError):
        tr.converged = False
    with pytest.raises(ValueError):
        tr.states[0, 0] = 0


def test_overlaps():
    x = np.array([[1, 1, -1, -1], [1, -1, 1, -1]])
    np.testing.assert_allclose(hp.overlaps(x, [1, 1, -1, 1]), [0.5, -0.5])


# ---------------------------------------------------------------------------
# energy landscape
# ---------------------------------------------------------------------------


def test_state_graph_edges_are_the_async_moves():
    rng = np.random.default_rng(5)
    w = random_symmetric(rng, 4)
    net = HopfieldNetwork(w)
    g = hp.state_graph(net)
    assert g.states.shape == (16, 4)
    expected = set()
    for k, s in enumerate(g.states):
        for i in range(4):
            new = brute_update(w, np.zeros(4), s, i, -1, 1)
            if new != list(s):
                dst = [tuple(r) for r in g.states.tolist()].index(tuple(new))
                expected.add((k, dst, i))
    assert {tuple(e) for e in g.edges.tolist()} == expected
    np.testing.assert_array_equal(g.states[g.attractors], net.fixed_points())
    np.testing.assert_allclose(g.energies, net.energy(g.states))
    # basin: the attractor reached with order 0..N-1
    for k, s in enumerate(g.states):
        final = net.run(s).final
        assert g.basin[k] >= 0
        np.testing.assert_array_equal(g.states[g.attractors[g.basin[k]]], final)
        assert g.reach[k, g.basin[k]]


def test_state_graph_reach_by_brute_force_search():
    x = np.array([[1, 1, 1, -1, -1], [-1, 1, -1, 1, -1]])
    net = HopfieldNetwork.from_patterns(x)
    g = hp.state_graph(net)
    succ = {}
    for src, dst, _ in g.edges.tolist():
        succ.setdefault(src, set()).add(dst)
    att = set(g.attractors.tolist())
    for k in range(32):
        seen, todo = set(), [k]
        while todo:
            v = todo.pop()
            if v not in seen:
                seen.add(v)
                todo.extend(succ.get(v, ()))
        reached = sorted(seen & att)
        assert np.flatnonzero(g.reach[k]).tolist() == [
            g.attractors.tolist().index(a) for a in reached
        ]


# ---------------------------------------------------------------------------
# overlap demo
# ---------------------------------------------------------------------------


def test_overlap_patterns_have_the_requested_distance():
    for d in range(11):
        x = hp.overlap_patterns(10, d)
        assert np.sum(x[0] != x[1]) == d


def test_overlap_recall_with_patterns_one_bit_apart():
    # xi2 = xi1 with bit 0 flipped.  The field on bit 0 is
    # xi_0 (N - 2 - N q) = 0 with N q = 8: a tie, which goes high (+1).
    # xi1_0 = +1 keeps it, xi2_0 = -1 does not: xi1 and -xi2 are fixed,
    # xi2 and -xi1 are not.
    r = hp.overlap_recall(10, 1, 2)
    labels = set(r.labels)
    assert {"xi1", "-xi2"} <= labels and "xi2" not in labels and "-xi1" not in labels
    assert sum(r.counts.values()) == math.comb(10, 2)


def test_overlap_recall_table_rows_by_nearest_pattern():
    # d = 2, k = 3: a probe flips j of the 2 differing bits and 3 - j others;
    # its distance to xi2 is 2 + 3 - 2j.  Nearer xi2 (j = 2): C(2,2) C(8,1) = 8;
    # equal (j = 1): C(2,1) C(8,2) = 56; nearer xi1 (j = 0): C(8,3) = 56.
    r = hp.overlap_recall(10, 2, 3)
    assert r.table.sum(axis=1).tolist() == [56, 56, 8]
    assert r.table.sum() == 120
    assert list(r.counts) == list(hp.OVERLAP_OUTCOMES)


@pytest.mark.parametrize("n, d, k", [(10, 2, 3), (10, 1, 2), (8, 4, 1), (12, 5, 4), (6, 0, 2)])
def test_overlap_recall_counts_every_probe_once(n, d, k):
    r = hp.overlap_recall(n, d, k)
    assert isinstance(r, hp.OverlapRecall)
    assert r.n_flips == k
    np.testing.assert_array_equal(r.patterns, hp.overlap_patterns(n, d))
    assert r.table.shape == (len(hp.OVERLAP_NEAREST), len(hp.OVERLAP_OUTCOMES))
    # one probe per choice of k flipped neurons, each counted once
    assert sum(r.counts.values()) == r.n_probes == math.comb(n, k)
    assert list(r.counts.values()) == r.table.sum(axis=0).tolist()


def test_overlap_recall_fixed_points_are_labelled_and_have_their_energy():
    r = hp.overlap_recall(10, 3, 2)
    x = r.patterns
    net = hp.HopfieldNetwork.from_patterns(x)
    refs = {"xi1": x[0], "xi2": x[1], "-xi1": -x[0], "-xi2": -x[1]}
    assert isinstance(r.labels, tuple)
    assert len(r.labels) == len(r.fixed_points) == len(r.energies) > 0
    for s, label, energy in zip(r.fixed_points, r.labels, r.energies):
        # a fixed point: every neuron already has the sign of its net input (ties high)
        np.testing.assert_array_equal(np.where(net.weights @ s >= 0, 1, -1), s)
        if label == "other":
            assert not any(np.array_equal(s, ref) for ref in refs.values())
        else:
            np.testing.assert_array_equal(s, refs[label])
        assert energy == pytest.approx(-0.5 * s @ net.weights @ s)


def test_overlap_recall_without_flips_probes_xi1_itself():
    # k = 0: the single probe is xi1, nearer to xi1 (d = 3 > 0) and stable there
    r = hp.overlap_recall(10, 3, 0)
    assert r.n_probes == 1
    assert r.table[0].tolist() == [1, 0, 0, 0, 0]
    assert "xi1" in r.labels


def test_overlap_recall_is_frozen_and_read_only():
    r = hp.overlap_recall(10, 2, 1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.table = None
    for arr in (r.patterns, r.table, r.fixed_points, r.energies):
        with pytest.raises(ValueError, match="read-only"):
            arr[0] = 0


@pytest.mark.parametrize(
    "args, error, name",
    [
        ((10, 3, 11), ValueError, "n_flips"),
        ((10, 3, -1), ValueError, "n_flips"),
        ((10, 11, 1), ValueError, "distance"),
        ((1, 0, 0), ValueError, "n_neurons"),
        ((10, 3, 1.5), TypeError, "n_flips"),
        ((10.0, 3, 1), TypeError, "n_neurons"),
    ],
)
def test_overlap_recall_bad_input(args, error, name):
    with pytest.raises(error, match=name):
        hp.overlap_recall(*args)


def test_overlap_frame_contains_counts():
    html = hp.overlap_frame(3, 1)
    assert "重叠度 q = 0.40；" in html  # q = 1 - 2 * 3 / 10
    assert "<th>不动点</th><th>对应模式</th><th>E</th>" in html
    assert "共 10 个" in html  # C(10, 1) probes
    # d = 3, k = 1: the 3 probes flipped at a differing bit are at distance 2
    # from xi2 and 1 from xi1, so all 10 are nearer xi1: row "离 ξ₁ 更近" sums to 10
    assert "<td>离 ξ₁ 更近</td>" in html and "<td>10</td></tr><tr><td>一样近</td>" in html
    # q = 1 - 2 * 2 / 12 = 2/3, written with two decimals
    assert "重叠度 q = 0.67；" in hp.overlap_frame(2, 3, n_neurons=12)
    with pytest.raises(ValueError):
        hp.overlap_frame(11, 1)
    with pytest.raises(ValueError):
        hp.overlap_recall(16, 1, 1)


# ---------------------------------------------------------------------------
# capacity
# ---------------------------------------------------------------------------


@FAST
@given(st.integers(1, 6), st.integers(2, 12), st.integers(0, 2**32 - 1))
def test_fast_local_fields_equal_brute_force(p, n, seed):
    rng = np.random.default_rng(seed)
    x = rng.choice([-1, 1], size=(p, n))
    w = x.T @ x
    np.fill_diagonal(w, 0)
    np.testing.assert_array_equal(hp.one_step_local_fields(x), x @ w)
    stack = rng.choice([-1, 1], size=(3, p, n))
    brute = np.stack([xi @ (xi.T @ xi - p * np.eye(n)) for xi in stack])
    np.testing.assert_array_equal(hp.one_step_local_fields(stack), brute)


def test_one_step_counts_equal_brute_force_network_updates():
    # the same random patterns through the public network class
    n, p, trials = 12, 4, 30
    res = one_step_error_rate(n, p, trials, np.random.default_rng(11))
    assert res.n_bits == n * p * trials
    # re-generate the patterns the way the function documents (unpackbits of bytes)
    rng = np.random.default_rng(11)
    size = trials * p * n
    bits = np.unpackbits(rng.integers(0, 256, size=-(-size // 8), dtype=np.uint8))
    xs = bits[:size].reshape(trials, p, n).astype(int) * 2 - 1
    errors = ties = tie_flips = 0
    for x in xs:
        net = HopfieldNetwork.from_patterns(x)
        h = net.net_input(x)
        errors += np.sum(x * h < 0)
        ties += np.sum(h == 0)
        flipped = net.sync_update(x) != x
        tie_flips += np.sum(flipped & (h == 0))
    assert (res.n_errors, res.n_ties, res.n_tie_flips) == (errors, ties, tie_flips)
    assert res.flip_rate == pytest.approx((errors + tie_flips) / res.n_bits)


def test_measured_error_rate_agrees_with_theory_at_n_1000():
    # P odd and N even: the crosstalk never equals -(N-1), so there are no ties
    res = one_step_error_rate(1000, 151, 12, 2024)
    assert res.n_ties == 0
    theory = one_step_error_theory(1000, 151)
    assert abs(res.error_rate - theory) / theory < 0.1
    # and the exact law: crosstalk = sum of M = (P-1)(N-1) independent ±1
    # terms; an error when it is < -(N-1), i.e. K < (M - N + 1) / 2 with
    # K ~ Binomial(M, 1/2).
    m, cut = 150 * 999, (150 * 999 - 999) / 2
    k = np.arange(int(math.ceil(cut)) - 4000, int(math.ceil(cut)))
    logp = np.array(
        [math.lgamma(m + 1) - math.lgamma(i + 1) - math.lgamma(m - i + 1) for i in k]
    ) - m * math.log(2)
    exact = float(np.sum(np.exp(logp)))
    assert abs(res.error_rate - exact) / exact < 0.06


def test_ties_appear_only_for_even_p_with_even_n():
    assert one_step_error_rate(20, 5, 50, 0).n_ties == 0
    res = one_step_error_rate(20, 4, 50, 0)
    assert res.n_ties > 0 and 0 < res.n_tie_flips < res.n_ties


@pytest.mark.parametrize(
    ("p_error", "alpha"), [(0.001, 0.105), (0.0036, 0.138), (0.01, 0.185), (0.05, 0.37)]
)
def test_theory_matches_published_values(p_error, alpha):
    # Hertz, Krogh & Palmer (1991), Table 2.1
    assert one_step_error_theory(1000, alpha * 1000) == pytest.approx(p_error, rel=0.08)


def test_theory_variants_and_broadcasting():
    assert one_step_error_theory(100, 1, zero_diagonal=True) == 0.0
    ref = 0.5 * math.erfc(math.sqrt(99 / (2 * 9)))
    assert one_step_error_theory(100, 10, zero_diagonal=True) == pytest.approx(ref)
    out = one_step_error_theory(1000, [100, 200])
    assert out.shape == (2,) and out[0] < out[1]


def test_error_curve_trials():
    c = hp.one_step_error_curve(100, [5, 10], 2500, 0)
    np.testing.assert_array_equal(c.trials, [5, 3])
    np.testing.assert_allclose(c.load, [0.05, 0.1])


# ---------------------------------------------------------------------------
# modern Hopfield network
# ---------------------------------------------------------------------------


@FAST
@given(st.integers(1, 6), st.integers(1, 6), st.floats(0.05, 20), st.integers(0, 2**32 - 1))
def test_modern_update_is_the_attention_formula(p, d, beta, seed):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(p, d))
    xi = rng.normal(size=d)
    scores = [beta * sum(x[m, k] * xi[k] for k in range(d)) for m in range(p)]
    top = max(scores)
    weights = [math.exp(s - top) for s in scores]
    total = sum(weights)
    expected = sum((w / total) * x[m] for m, w in enumerate(weights))
    np.testing.assert_allclose(modern_hopfield_update(x, xi, beta), expected, atol=1e-12)
    batch = rng.normal(size=(3, d))
    out = modern_hopfield_update(x, batch, beta)
    for row, o in zip(batch, out):
        np.testing.assert_allclose(modern_hopfield_update(x, row, beta), o)


@FAST
@given(st.integers(1, 6), st.integers(1, 6), st.floats(0.05, 20), st.integers(0, 2**32 - 1))
def test_modern_energy_formula_and_descent(p, d, beta, seed):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(p, d))
    xi = rng.normal(size=d)
    lse = math.log(sum(math.exp(beta * float(x[m] @ xi)) for m in range(p))) / beta
    big_m = max(math.sqrt(float(r @ r)) for r in x)
    ref = -lse + 0.5 * float(xi @ xi) + math.log(p) / beta + 0.5 * big_m**2
    assert modern_hopfield_energy(x, xi, beta) == pytest.approx(ref, rel=1e-9, abs=1e-9)
    # Ramsauer et al.: the update never increases the energy, and E >= 0
    new = modern_hopfield_update(x, xi, beta)
    assert modern_hopfield_energy(x, new, beta) <= modern_hopfield_energy(x, xi, beta) + 1e-9
    assert modern_hopfield_energy(x, xi, beta) >= -1e-9


def test_modern_update_is_stable_for_huge_scores_and_picks_nearest_at_large_beta():
    x = np.array([[1.0, 0.0], [0.0, 1.0]]) * 1000
    out = modern_hopfield_update(x, [1.0, 0.5], 1.0)  # scores 1000 and 500: no overflow
    np.testing.assert_allclose(out, [1000.0, 0.0], atol=1e-200)
    e = modern_hopfield_energy(x, np.array([[1.0, 0.5], [0.2, 0.1]]), 1.0)
    assert e.shape == (2,) and np.all(np.isfinite(e))


def test_modern_retrieval_curve_improves_with_beta():
    r = hp.modern_retrieval_curve(hp.letter_patterns(), [0.001, 10.0], 0.1, 5, 0)
    assert r.exact[0] == 0.0 and r.exact[1] > 0.9
    assert r.similarity[1] > r.similarity[0]


# ---------------------------------------------------------------------------
# letters and noise
# ---------------------------------------------------------------------------


def test_letters_and_corrupt():
    x = hp.letter_patterns("TO")
    assert x.shape == (2, 49) and set(np.unique(x)) == {-1, 1}
    assert x[0, :7].tolist() == [1] * 7  # the bar of the T
    noisy = hp.corrupt(np.repeat(x, 10, axis=0), 0.1, 0)
    assert np.all(np.sum(noisy != np.repeat(x, 10, axis=0), axis=1) == 5)
    np.testing.assert_array_equal(noisy, hp.corrupt(np.repeat(x, 10, axis=0), 0.1, 0))
    b = hp.corrupt([0, 1, 0, 1], 0.5, 1, states="binary")
    assert set(b.tolist()) <= {0, 1} and np.sum(b != [0, 1, 0, 1]) == 2


@FAST
@given(
    st.integers(1, 30),
    st.integers(1, 4),
    st.floats(0.0, 1.0),
    st.sampled_from(["bipolar", "binary"]),
    st.integers(0, 2**32 - 1),
)
def test_corrupt_flips_exactly_round_noise_n_bits_in_every_row(n, b, noise, states, seed):
    rng = np.random.default_rng(seed)
    low, high = hp.STATE_SETS[states]
    x = rng.choice([low, high], size=(b, n))
    out = hp.corrupt(x, noise, seed, states=states)
    assert set(np.unique(out)) <= {low, high}
    # the docstring's promise: exactly round(noise * N) flips per row, not a random number
    assert np.all(np.sum(out != x, axis=1) == round(noise * n))


def test_letter_recall_one_letter_always_recalled():
    r = hp.letter_recall("TXO", noise=0.1, trials=5, rng=0)
    assert r.rate.shape == (3,) and r.rate[0] == 1.0
    assert r.probes[2].shape == (3, 49)


# ---------------------------------------------------------------------------
# chaos
# ---------------------------------------------------------------------------


def test_tanh_map_iterates():
    rng = np.random.default_rng(0)
    w = hp.random_tanh_weights(5, rng)
    x0 = rng.uniform(-1, 1, 5)
    traj = hp.tanh_map_trajectory(w, 2.0, x0, 3)
    x = x0
    for t in range(3):
        x = np.tanh(2.0 * w @ x)
        np.testing.assert_allclose(traj[t + 1], x)


@FAST
@given(st.integers(0, 2**32 - 1), st.floats(0.1, 5))
def test_lyapunov_is_below_the_contraction_bound(seed, gain):
    # |J v| <= g ||W||_2 |v| because tanh' <= 1
    rng = np.random.default_rng(seed)
    w = hp.random_tanh_weights(20, rng)
    lam = hp.largest_lyapunov(w, gain, rng.uniform(-1, 1, 20), steps=100, transient=10)
    assert lam <= math.log(gain * np.linalg.norm(w, 2)) + 1e-9


def test_asymmetric_network_is_chaotic_symmetric_is_not():
    rng = np.random.default_rng(1)
    w = hp.random_tanh_weights(100, rng)
    ws = hp.random_tanh_weights(100, rng, symmetric=True)
    np.testing.assert_allclose(ws, ws.T)
    x0 = rng.uniform(-1, 1, 100)
    assert hp.largest_lyapunov(w, 3.0, x0) > 0.1
    assert hp.largest_lyapunov(ws, 3.0, x0) < 0


def test_three_phase_demo():
    d = hp.three_phase_demo()
    assert d.settle.converged and np.all(np.diff(d.settle.energies) <= 0)
    assert d.cycle.period == 2
    assert d.lyapunov > 0


# ---------------------------------------------------------------------------
# plots
# ---------------------------------------------------------------------------


def test_three_phase_figure_draws_the_true_cycle_and_names_the_chaos_curves():
    d = hp.three_phase_demo()
    fig = hp.plot_three_phases(d)
    by_label = {ax.get_ylabel(): ax for ax in fig.axes}
    # the two-neuron oscillator from (1, 1): both neurons are +1, -1, +1, ... together
    expected = np.array([1, -1] * 4)
    for k in (1, 2):
        ax = by_label[f"$s_{k}$"]
        ys = [line.get_ydata() for line in ax.get_lines()]
        assert ys and all(np.array_equal(y, expected) for y in ys)  # true values, not scaled
    chaos = by_label["$x_1$"]
    labels = [t.get_text() for t in chaos.get_legend().get_texts()]
    assert labels[0] == "x₁(t)" and "x(0) + 10⁻⁸e₁" in labels[1]


def test_state_graph_tick_labels_are_the_attractors_signs():
    x = np.array([[1, 1, 1, -1, -1], [-1, 1, -1, 1, -1]])
    g = hp.state_graph(HopfieldNetwork.from_patterns(x))
    fig = hp.plot_state_graph(g)
    ax = fig.axes[0]
    labels = {t.get_text() for t in ax.get_xticklabels()}
    m = "\u2212"
    expected = {
        " ".join("+" if v > 0 else m for v in s) for s in (x[0], x[1], -x[0], -x[1])
    }
    assert labels == expected


def _text_sizes_on_page(fig: Figure, page_px: float) -> tuple[float, list[float]]:
    """Natural width (px) of a figure's SVG and its text sizes (px) on a page so wide.

    The SVG is measured in pt (1 pt = 4/3 px) and is shrunk, never enlarged,
    to the page width; its text sizes are given in the same user units.
    """
    from memlib.html import figure_to_svg

    svg = figure_to_svg(fig, width=None)
    width_px = float(re.search(r'<svg[^>]* width="([\d.]+)pt"', svg).group(1)) * 4 / 3
    scale = min(1.0, page_px / width_px)
    sizes = [v * 4 / 3 * scale for v in font_sizes(svg)]
    return width_px, sizes


def test_three_phase_figure_text_is_readable_at_page_width():
    # the book's text column is about 700 px wide: every text, also the
    # subscripts of $m_1$ and the legends, must be at least 8 px there
    width_px, sizes = _text_sizes_on_page(hp.plot_three_phases(hp.three_phase_demo()), 700)
    assert width_px < 760 and sizes and min(sizes) >= 8


def _distance_to_line(point, a, b) -> float:
    a, b, point = (np.asarray(v, dtype=float) for v in (a, b, point))
    d = b - a
    return abs(d[0] * (point - a)[1] - d[1] * (point - a)[0]) / np.linalg.norm(d)


def test_four_neuron_diagonal_labels_sit_on_their_own_line():
    fig = hp.draw_four_neurons()
    at = {t.get_text(): np.array(t.get_position()) for t in fig.axes[0].texts}
    s = {k: np.array(at[f"$s_{k}$"]) for k in (1, 2, 3, 4)}
    for (i, j), (k, m) in (((1, 3), (2, 4)), ((2, 4), (1, 3))):
        p = at[f"$w_{{{i}{j}}}$"]
        assert _distance_to_line(p, s[i], s[j]) < 0.05  # on its own diagonal
        assert _distance_to_line(p, s[k], s[m]) > 0.3  # clear of the other one
        # about a third of the way from a node, not at the crossing
        t = np.dot(p - s[i], s[j] - s[i]) / np.dot(s[j] - s[i], s[j] - s[i])
        assert 0.2 < min(t, 1 - t) < 0.4
    assert np.linalg.norm(at["$w_{13}$"] - at["$w_{24}$"]) > 0.3


def test_modern_retrieval_y_label_names_the_plotted_quantities():
    x = np.array([[1, 1, 1, -1, -1], [-1, 1, -1, 1, -1]])
    ax = hp.plot_modern_retrieval(hp.modern_retrieval_curve(x, [0.1, 1.0], 0.2, 2, 0)).axes[0]
    # two curves: the fraction recovered exactly and the mean cosine similarity
    assert ax.get_ylabel() == "一次更新后的比例或相似度"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "完全恢复（取符号后）",
        "余弦相似度（平均）",
    ]


def test_letter_recall_frames_every_bitmap():
    fig = hp.plot_letter_recall(hp.letter_recall("TXOL", trials=2), ks=(2, 4))
    bitmaps = [ax for ax in fig.axes if ax.get_images()]
    probes = [ax for ax in bitmaps if ax.get_title() == "探针"]
    assert len(bitmaps) == 2 * (2 + 4) and probes  # k = 2: 2 columns, k = 4: 4
    for ax in bitmaps:
        assert all(sp.get_visible() for sp in ax.spines.values())
    # probes in light grey, recalled letters in green or red
    grey = {tuple(sp.get_edgecolor()) for ax in bitmaps[::2] for sp in ax.spines.values()}
    assert len(grey) == 1 and min(grey.pop()[:3]) > 0.6


def test_plot_functions_return_figures():
    d = hp.three_phase_demo()
    x = np.array([[1, 1, 1, -1, -1], [-1, 1, -1, 1, -1]])
    g = hp.state_graph(HopfieldNetwork.from_patterns(x))
    figs = [
        hp.plot_three_phases(d),
        hp.plot_chaos(d),
        hp.plot_state_graph(g, highlight=x),
        hp.plot_capacity(hp.one_step_error_curve(200, [10, 40], 1000, 0)),
        hp.plot_letter_recall(hp.letter_recall("TXOL", trials=2), ks=(2, 4)),
        hp.plot_modern_retrieval(hp.modern_retrieval_curve(x, [0.1, 1.0], 0.2, 2, 0)),
        hp.plot_bitmaps(hp.letter_patterns("TX"), titles=["T", "X"]),
        *(draw() for draw in hp.IMAGES.values()),
    ]
    assert all(isinstance(f, Figure) for f in figs)
    assert set(hp.IMAGES) == {"hopfield_four_neurons", "hopfield_orange_apple"}




def test_figures_and_frames_of_the_chapter_speak_chinese():
    from memlib.html import figure_to_svg

    d = hp.three_phase_demo()
    x = np.array([[1, 1, 1, -1, -1], [-1, 1, -1, 1, -1]])
    g = hp.state_graph(HopfieldNetwork.from_patterns(x))
    figs = {
        "three_phases": hp.plot_three_phases(d),
        "chaos": hp.plot_chaos(d),
        "state_graph": hp.plot_state_graph(g, highlight=x),
        "capacity": hp.plot_capacity(hp.one_step_error_curve(200, [10, 40], 1000, 0)),
        "letters": hp.plot_letter_recall(hp.letter_recall("TXOL", trials=2), ks=(2, 4)),
        "modern": hp.plot_modern_retrieval(hp.modern_retrieval_curve(x, [0.1, 1.0], 0.2, 2, 0)),
        "bitmaps": hp.plot_bitmaps(hp.letter_patterns("TX")),
        **{name: draw() for name, draw in hp.IMAGES.items()},
    }
    svgs = {name: figure_to_svg(fig) for name, fig in figs.items()}
    assert "吸引子" in svgs["state_graph"] and "外形" in svgs["hopfield_orange_apple"]
    frames = {
        f"orange_apple {start} {order}": orange_apple_frame(start, order, 6)
        for start in product((0, 1), repeat=3)
        for order in hp.ORANGE_APPLE_ORDERS
    }
    for dist, k in product(range(1, 6), (1, 2, 3)):
        frames[f"overlap {dist} {k}"] = hp.overlap_frame(dist, k)
    frames["overlap 12"] = hp.overlap_frame(2, 3, n_neurons=12)
    frames["orange_apple 0"] = orange_apple_frame((0, 1, 0), (0, 1, 2), 0)
    found = {name: english_words(text) for name, text in {**svgs, **frames}.items()}
    assert {name: words for name, words in found.items() if words} == {}
    assert "energy" in english_words("<svg><text>energy E</text></svg>")  # the check works


@pytest.mark.parametrize(
    "call",
    [
        lambda: hp.plot_three_phases(None),
        lambda: hp.plot_chaos("x"),
        lambda: hp.plot_state_graph(None),
        lambda: hp.plot_capacity([1, 2]),
        lambda: hp.plot_letter_recall(None),
        lambda: hp.plot_modern_retrieval(None),
        lambda: hp.state_graph(np.zeros((3, 3))),
    ],
)
def test_plot_functions_reject_wrong_types(call):
    with pytest.raises(TypeError):
        call()


# ---------------------------------------------------------------------------
# bad input
# ---------------------------------------------------------------------------

W3 = np.array([[0, 1, -1], [1, 0, 2], [-1, 2, 0]], dtype=float)


@pytest.mark.parametrize(
    ("call", "exc", "word"),
    [
        (lambda: hebbian_weights([1, -1, 1]), ValueError, "patterns"),
        (lambda: hebbian_weights([[1, 0, 1]]), ValueError, "patterns"),
        (lambda: hebbian_weights([[1, 2, 1]], states="binary"), ValueError, "patterns"),
        (lambda: hebbian_weights([[1, -1]], states="ternary"), ValueError, "states"),
        (lambda: hebbian_weights([[1, -1]], normalize=1), TypeError, "normalize"),
        (lambda: hebbian_weights("abc"), TypeError, "patterns"),
        (lambda: HopfieldNetwork(np.zeros((2, 3))), ValueError, "square"),
        (lambda: HopfieldNetwork([[0, 1], [2, 0]]), ValueError, "symmetric"),
        (lambda: HopfieldNetwork([[1, 0], [0, 0]]), ValueError, "diagonal"),
        (lambda: HopfieldNetwork(W3, bias=[0, 0]), ValueError, "bias"),
        (lambda: HopfieldNetwork(W3, states="spin"), ValueError, "states"),
        (lambda: HopfieldNetwork(W3, tie="random"), ValueError, "tie"),
        (lambda: HopfieldNetwork(W3, allow_asymmetric="yes"), TypeError, "allow_asymmetric"),
        (lambda: HopfieldNetwork([[0, np.nan], [np.nan, 0]]), ValueError, "weights"),
        (lambda: HopfieldNetwork(W3).energy([1, 1]), ValueError, "state"),
        (lambda: HopfieldNetwork(W3).energy([1, 0, 1]), ValueError, "state"),
        (lambda: HopfieldNetwork(W3, states="binary").energy([1, -1, 1]), ValueError, "state"),
        (lambda: HopfieldNetwork(W3).run([1, 1, 1], mode="parallel"), ValueError, "mode"),
        (lambda: HopfieldNetwork(W3).run([1, 1, 1], order=[0, 1]), ValueError, "order"),
        (lambda: HopfieldNetwork(W3).run([1, 1, 1], order=[1, 2, 3]), ValueError, "order"),
        (lambda: HopfieldNetwork(W3).run([1, 1, 1], "sync", [0, 1, 2]), ValueError, "order"),
        (lambda: HopfieldNetwork(W3).run([1, 1, 1], max_steps=0), ValueError, "max_steps"),
        (lambda: HopfieldNetwork(W3).run([1, 1, 1], max_steps=2.0), TypeError, "max_steps"),
        (lambda: HopfieldNetwork(W3).update_neuron([1, 1, 1], 3), ValueError, "i"),
        (lambda: HopfieldNetwork(W3).recall([[1, 1, 1]], max_sweeps=0), ValueError, "max_sweeps"),
        (
            lambda: HopfieldNetwork(W3).recall([[1, 1, 1]], return_status=1),
            TypeError,
            "return_status",
        ),
        (lambda: hp.cycle_periods(0, 8, 0), ValueError, "n_networks"),
        (lambda: hp.cycle_periods(3, 21, 0), ValueError, "n_neurons"),
        (lambda: hp.cycle_periods(3, 8, None), TypeError, "rng"),
        (lambda: HopfieldNetwork(np.zeros((21, 21))).fixed_points(), ValueError, "20"),
        (lambda: hp.state_graph(HopfieldNetwork(np.zeros((13, 13)))), ValueError, "net"),
        (lambda: one_step_error_rate(1, 2, 1, 0), ValueError, "n_neurons"),
        (lambda: one_step_error_rate(10, 0, 1, 0), ValueError, "n_patterns"),
        (lambda: one_step_error_rate(10, 2, 0, 0), ValueError, "trials"),
        (lambda: one_step_error_rate(10, 2, 1, None), TypeError, "rng"),
        (lambda: one_step_error_theory(1, 2), ValueError, "n_neurons"),
        (lambda: one_step_error_theory(10, 0.5), ValueError, "n_patterns"),
        (lambda: one_step_error_theory(10, 2, zero_diagonal=None), TypeError, "zero_diagonal"),
        (lambda: hp.one_step_error_curve(10, [1.5], 10, 0), ValueError, "n_patterns"),
        (lambda: hp.one_step_local_fields([[1, 0]]), ValueError, "patterns"),
        (lambda: modern_hopfield_update([[1.0, 2.0]], [1.0], 1.0), ValueError, "state"),
        (lambda: modern_hopfield_update([[1.0, 2.0]], [1.0, 2.0], 0.0), ValueError, "beta"),
        (lambda: modern_hopfield_update([[1.0, 2.0]], [1.0, 2.0], "1"), TypeError, "beta"),
        (lambda: modern_hopfield_energy([1.0, 2.0], [1.0, 2.0], 1.0), ValueError, "patterns"),
        (lambda: hp.modern_retrieval_curve([[1, -1]], [0.0], 0.1, 1, 0), ValueError, "betas"),
        (lambda: hp.corrupt([1, -1], 1.5, 0), ValueError, "noise"),
        (lambda: hp.corrupt([1, 0], 0.5, 0), ValueError, "patterns"),
        (lambda: hp.letter_patterns("TQ"), ValueError, "letters"),
        (lambda: hp.letter_patterns(""), ValueError, "letters"),
        (lambda: hp.overlap_patterns(10, 11), ValueError, "distance"),
        (lambda: hp.overlaps([[1, -1]], [1, -1, 1]), ValueError, "states"),
        (lambda: hp.tanh_map_trajectory(np.zeros((2, 3)), 1.0, [0, 0], 3), ValueError, "square"),
        (lambda: hp.tanh_map_trajectory(np.eye(2), 1.0, [0, 0, 0], 3), ValueError, "x0"),
        (lambda: hp.tanh_map_trajectory(np.eye(2), -1.0, [0, 0], 3), ValueError, "gain"),
        (lambda: hp.random_tanh_weights(1, 0), ValueError, "n_units"),
        (lambda: hp.largest_lyapunov(np.eye(2), 1.0, [0, 0], steps=0), ValueError, "steps"),
        (lambda: hp.plot_bitmaps(hp.letter_patterns("T"), shape=(5, 5)), ValueError, "shape"),
        (lambda: hp.plot_bitmaps(hp.letter_patterns("T"), titles=["a", "b"]), ValueError, "titles"),
        (
            lambda: hp.plot_letter_recall(hp.letter_recall("TX", trials=1), ks=(3,)),
            ValueError,
            "ks",
        ),
    ],
)
def test_bad_input_raises(call, exc, word):
    with pytest.raises(exc, match=word):
        call()


def test_widget_orders_are_the_six_permutations_and_sync():
    orders = list(hp.ORANGE_APPLE_ORDERS)
    assert orders[-1] == "sync"
    assert sorted(orders[:-1]) == sorted(permutations(range(3)))


def _replay_async_audit(n_networks, seed):
    """The audit written as the plain loop the chapter used to run."""
    rng = np.random.default_rng(seed)
    changes = flat = 0
    for _ in range(n_networks):
        n = int(rng.integers(3, 11))
        a = rng.integers(-3, 4, size=(n, n)).astype(float)
        w = np.triu(a, 1) + np.triu(a, 1).T
        b = rng.integers(-2, 3, size=n).astype(float)
        net = hp.HopfieldNetwork(w, b)
        tr = net.run(rng.choice([-1, 1], size=n), order=rng.permutation(n))
        d_e = np.diff(tr.energies)
        assert np.all(d_e <= 0)
        for t in range(len(d_e)):
            i = tr.updated[t]
            if tr.states[t + 1, i] != tr.states[t, i]:
                ds = tr.states[t + 1, i] - tr.states[t, i]
                assert np.isclose(d_e[t], -ds * net.net_input(tr.states[t])[i])
                changes += 1
                flat += d_e[t] == 0
    return changes, flat


def test_async_energy_audit_counts_what_a_plain_loop_counts():
    audit = hp.async_energy_audit(60, rng=7)
    assert (audit.changes, audit.flat_changes) == _replay_async_audit(60, 7)
    assert audit.runs == audit.converged == 60
    assert audit.rises == 0 and audit.delta_e_mismatches == 0
    assert 0 < audit.flat_changes == audit.flat_upward  # ties happen, and go -1 -> +1


def test_sync_energy_audit_on_non_negative_definite_weights():
    audit = hp.sync_energy_audit(80, rng=3)
    assert audit.runs == audit.converged == 80 and audit.rises == 0
    assert audit.flat_upward == audit.flat_changes and audit.delta_e_mismatches == 0
    assert audit.changes > 0


def test_energy_audits_reject_bad_input():
    for audit in (hp.async_energy_audit, hp.sync_energy_audit):
        with pytest.raises(ValueError, match="n_networks"):
            audit(0, rng=0)
        with pytest.raises(TypeError, match="n_networks"):
            audit(2.0, rng=0)
