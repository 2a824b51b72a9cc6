"""Tests of memlib.ntm: addressing (eqs. 5-9), read (2), write (3-4), NTM step, copy task."""

from __future__ import annotations

import math
import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from figure_text import english_words  # noqa: E402  (tests/figure_text.py)
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402

from memlib import ntm  # noqa: E402
from memlib.html import figure_to_svg  # noqa: E402
from memlib.ntm import _frames as ntm_frames  # noqa: E402  (private cache)

# --------------------------------------------------------------------------- references
# Loop implementations written directly from the equations of Graves et al. 2014.


def ref_content(memory, key, beta):
    n = len(memory)
    sims = []
    for i in range(n):
        dot = sum(key[j] * memory[i][j] for j in range(len(key)))
        nk = math.sqrt(sum(k * k for k in key))
        nm = math.sqrt(sum(v * v for v in memory[i]))
        sims.append(dot / (nk * nm))
    ex = [math.exp(beta * s) for s in sims]
    return np.array([e / sum(ex) for e in ex])


def ref_shift(w, s):
    # eq. (8): w~(i) = sum_j w(j) s(i - j), s indexed by offset -R..R, indices mod N
    n, r = len(w), (len(s) - 1) // 2
    out = np.zeros(n)
    for i in range(n):
        for j in range(n):
            for k, offset in enumerate(range(-r, r + 1)):
                if (i - j - offset) % n == 0:
                    out[i] += w[j] * s[k]
    return out


def ref_write(memory, w, e, a):
    out = np.array(memory, dtype=float)
    for n in range(out.shape[0]):
        for j in range(out.shape[1]):
            out[n, j] = memory[n][j] * (1 - w[n] * e[j]) + w[n] * a[j]
    return out


# --------------------------------------------------------------------------- strategies


@st.composite
def setups(draw):
    """Random memory (no zero row), key, previous weighting and addressing parameters."""
    seed = draw(st.integers(0, 2**31 - 1))
    n = draw(st.integers(3, 10))
    m = draw(st.integers(1, 6))
    rng = np.random.default_rng(seed)
    memory = rng.normal(size=(n, m))
    memory[np.linalg.norm(memory, axis=1) < 1e-3] += 1.0
    key = rng.normal(size=m)
    if np.linalg.norm(key) < 1e-3:
        key += 1.0
    w_prev = rng.dirichlet(np.ones(n))
    r = draw(st.integers(0, n))  # 2R + 1 may exceed N: offsets wrap
    s = rng.dirichlet(np.ones(2 * r + 1))
    beta = draw(st.floats(0, 50))
    g = draw(st.floats(0, 1))
    gamma = draw(st.floats(1, 30))
    return memory, w_prev, key, beta, g, s, gamma


def _is_distribution(w, n):
    return w.shape == (n,) and np.all(w >= 0) and abs(w.sum() - 1) < 1e-9


# --------------------------------------------------------------------------- content


def test_content_weights_by_hand():
    memory = np.array([[1.0, 0.0], [0.0, 2.0], [3.0, 3.0]])
    key = np.array([2.0, 0.0])
    # cosines: 1, 0, 1/sqrt(2); beta = 1
    e = np.exp([1.0, 0.0, 1 / math.sqrt(2)])
    np.testing.assert_allclose(ntm.content_weights(memory, key, 1.0), e / e.sum())
    np.testing.assert_allclose(ntm.cosine_similarity(memory, key), [1, 0, 1 / math.sqrt(2)])


@settings(max_examples=50, deadline=None)
@given(setups())
def test_content_weights_match_reference(setup):
    memory, _, key, beta, *_ = setup
    np.testing.assert_allclose(
        ntm.content_weights(memory, key, beta), ref_content(memory, key, beta), atol=1e-12
    )


@settings(max_examples=50, deadline=None)
@given(setups(), st.floats(1e-3, 1e3))
def test_content_weights_ignore_key_scale(setup, c):
    memory, _, key, beta, *_ = setup
    np.testing.assert_allclose(
        ntm.content_weights(memory, c * key, beta),
        ntm.content_weights(memory, key, beta),
        atol=1e-12,
    )


def test_beta_zero_is_uniform_and_large_beta_picks_best():
    memory, key, _ = ntm.addressing_example()
    np.testing.assert_allclose(ntm.content_weights(memory, key, 0.0), np.full(8, 1 / 8))
    best = np.argmax(ntm.cosine_similarity(memory, key))
    assert ntm.content_weights(memory, key, 500.0)[best] > 0.999


def test_identical_rows_get_identical_content_weight():
    # content alone cannot tell two copies of the same vector apart
    memory = np.array([[1.0, 0.0, 1.0], [0.0, 1.0, 0.0], [1.0, 0.0, 1.0]])
    for beta in (1.0, 10.0, 1000.0):
        w = ntm.content_weights(memory, [1.0, 0.0, 1.0], beta)
        assert w[0] == pytest.approx(w[2])


# --------------------------------------------------------------------------- zero rows, eps


def test_zero_memory_row_has_cosine_zero_and_finite_weights():
    # a legitimate state: erase = 1, add = 0 on a one-hot weighting zeroes a row
    memory = ntm.write(np.ones((3, 2)), [0.0, 1.0, 0.0], np.ones(2), np.zeros(2))
    np.testing.assert_array_equal(memory[1], [0.0, 0.0])
    cos = ntm.cosine_similarity(memory, [1.0, 0.0])
    np.testing.assert_allclose(cos, [1 / math.sqrt(2), 0.0, 1 / math.sqrt(2)])
    assert cos[1] == 0.0
    for beta in (0.0, 1.0, 100.0):
        w = ntm.content_weights(memory, [1.0, 0.0], beta)
        assert np.all(np.isfinite(w)) and _is_distribution(w, 3)
    e = np.exp([1 / math.sqrt(2), 0.0, 1 / math.sqrt(2)])
    np.testing.assert_allclose(ntm.content_weights(memory, [1.0, 0.0], 1.0), e / e.sum())


def test_zero_key_gives_cosine_zero_and_uniform_weights():
    memory = np.array([[1.0, 2.0], [0.0, 0.0], [-3.0, 1.0]])
    np.testing.assert_array_equal(ntm.cosine_similarity(memory, [0.0, 0.0]), np.zeros(3))
    np.testing.assert_allclose(ntm.content_weights(memory, [0.0, 0.0], 50.0), np.full(3, 1 / 3))
    head = ntm.HeadParams([0.0, 0.0], 5.0, 1.0, [0.0, 1.0, 0.0], 1.0)  # a controller may emit it
    np.testing.assert_allclose(head.address(memory, [1.0, 0.0, 0.0]).final, np.full(3, 1 / 3))


def test_cosine_uses_eps_in_the_denominator():
    # u . v / max(||u|| ||v||, eps): exact for normal vectors, bounded for tiny ones
    assert ntm.COSINE_EPS == 1e-16
    tiny = np.array([[1e-9, 0.0], [3e-7, 4e-7]])
    key = np.array([1e-9, 0.0])
    # ||row 0|| ||key|| = 1e-18 < eps: cosine 1e-18 / 1e-16; row 1 is above eps: exact
    np.testing.assert_allclose(ntm.cosine_similarity(tiny, key), [1e-2, 0.6])
    rng = np.random.default_rng(5)
    for _ in range(20):
        memory, key = rng.normal(size=(6, 3)), rng.normal(size=3)
        cos = ntm.cosine_similarity(memory, key)
        ref = memory @ key / np.linalg.norm(memory, axis=1) / np.linalg.norm(key)
        np.testing.assert_allclose(cos, ref, rtol=1e-14, atol=1e-15)
        assert np.all(np.abs(cos) <= 1 + 1e-15)


class _EraseAll:
    """A controller that wipes one slot per step (erase 1, add 0) and reads by content."""

    def __init__(self, m: int) -> None:
        self.m = m

    def __call__(self, x, h_prev, r_prev):
        key = np.ones(self.m)
        plus = np.array([0.0, 0.0, 1.0])
        read = ntm.HeadParams(key, 10.0, 1.0, np.array([0.0, 1.0, 0.0]), 1.0)
        write = ntm.WriteHeadParams(
            key, 10.0, 0.0, plus, 1.0, erase=np.ones(self.m), add=np.zeros(self.m)
        )
        return ntm.ControllerOutput(np.asarray(h_prev, float), read, write)


def test_ntm_steps_after_an_erase_all_write_run():
    machine = ntm.NTM(_EraseAll(3), 4, 3, 1, memory_init=1.0)
    steps = machine.run(np.zeros((4, 1)))  # step 1 zeroes slot 2, later steps see zero rows
    assert len(steps) == 4
    np.testing.assert_array_equal(steps[0].state.memory[1], np.zeros(3))
    np.testing.assert_array_equal(steps[-1].state.memory, np.zeros((4, 3)))
    for rec in steps:
        for w in (rec.state.w_read, rec.state.w_write, *rec.read_stages.as_array()):
            assert np.all(np.isfinite(w)) and _is_distribution(w, 4)
        assert np.all(np.isfinite(rec.r))
    # step 2 reads by content with slot 2 zero: weight e^0 there, e^10 on the three others
    w = np.exp([10.0, 0.0, 10.0, 10.0])
    np.testing.assert_allclose(steps[1].state.w_read, w / w.sum())
    # zero memory from the start works too
    assert ntm.copy_task(ntm.random_bits(4, 3, 0), memory_init=0.0).correct


# --------------------------------------------------------------------------- head path


def test_address_path_repeats_address():
    rng = np.random.default_rng(7)
    memory, keys = rng.normal(size=(5, 3)), rng.normal(size=(4, 3))
    w0 = rng.dirichlet(np.ones(5))
    s = np.array([0.2, 0.5, 0.3])
    path = ntm.address_path(memory, w0, keys, 3.0, 0.6, s, 2.0)
    assert path.shape == (4, 5)
    w = w0
    for k, key in enumerate(keys):
        w = ntm.address(memory, w, key, 3.0, 0.6, s, 2.0)
        np.testing.assert_array_equal(path[k], w)


def test_address_path_with_gate_zero_moves_one_slot_per_step_whatever_the_key():
    rng = np.random.default_rng(8)
    n = 7
    memory, keys = rng.normal(size=(n, 4)), rng.normal(size=(n, 4))
    path = ntm.address_path(memory, np.eye(n)[2], keys, 5.0, 0.0, [0, 0, 1.0], 1.0)
    np.testing.assert_array_equal(path, np.roll(np.eye(n), 3, axis=1))  # slot 3, 4, ..., 7, 1, 2, 3


# --------------------------------------------------------------------------- location


def test_interpolate_endpoints_and_midpoint():
    wc, wp = np.array([0.7, 0.2, 0.1]), np.array([0.0, 0.0, 1.0])
    np.testing.assert_allclose(ntm.interpolate(wc, wp, 1.0), wc)
    np.testing.assert_allclose(ntm.interpolate(wc, wp, 0.0), wp)
    np.testing.assert_allclose(ntm.interpolate(wc, wp, 0.5), [0.35, 0.1, 0.55])


def test_shift_plus_one_moves_slot_i_to_i_plus_one():
    w = np.array([0.5, 0.3, 0.2, 0.0, 0.0])
    plus = [0.0, 0.0, 1.0]
    np.testing.assert_allclose(ntm.shift(w, plus), [0.0, 0.5, 0.3, 0.2, 0.0])
    np.testing.assert_allclose(ntm.shift([0, 0, 0, 0, 1.0], plus), [1.0, 0, 0, 0, 0])  # wraps
    np.testing.assert_allclose(ntm.shift(w, [1.0, 0.0, 0.0]), [0.3, 0.2, 0.0, 0.0, 0.5])
    np.testing.assert_allclose(ntm.shift(w, [0.0, 1.0, 0.0]), w)
    # offset +2 with R = 2
    np.testing.assert_allclose(ntm.shift(w, [0, 0, 0, 0, 1.0]), [0.0, 0.0, 0.5, 0.3, 0.2])


def test_soft_shift_by_hand():
    w = np.array([1.0, 0.0, 0.0, 0.0])
    np.testing.assert_allclose(ntm.shift(w, [0.1, 0.2, 0.7]), [0.2, 0.7, 0.0, 0.1])


@settings(max_examples=50, deadline=None)
@given(setups())
def test_shift_matches_reference(setup):
    _, w_prev, _, _, _, s, _ = setup
    np.testing.assert_allclose(ntm.shift(w_prev, s), ref_shift(w_prev, s), atol=1e-12)


@settings(max_examples=50, deadline=None)
@given(setups())
def test_shift_plus_then_minus_is_identity(setup):
    _, w_prev, *_ = setup
    back = ntm.shift(ntm.shift(w_prev, [0, 0, 1.0]), [1.0, 0, 0])
    np.testing.assert_allclose(back, w_prev, atol=1e-15)


@settings(max_examples=50, deadline=None)
@given(setups())
def test_sharpen_gamma_one_is_identity_and_matches_reference(setup):
    _, w_prev, _, _, _, _, gamma = setup
    np.testing.assert_allclose(ntm.sharpen(w_prev, 1.0), w_prev, atol=1e-12)
    ref = w_prev**gamma / np.sum(w_prev**gamma)
    np.testing.assert_allclose(ntm.sharpen(w_prev, gamma), ref, atol=1e-9)


def test_sharpen_large_gamma_concentrates_without_underflow():
    w = np.array([1e-200, 0.6, 0.4 - 1e-200])
    out = ntm.sharpen(w, 1000.0)
    assert out[1] == pytest.approx(1.0) and np.isfinite(out).all()


@settings(max_examples=50, deadline=None)
@given(setups())
def test_every_stage_is_a_distribution(setup):
    memory, w_prev, key, beta, g, s, gamma = setup
    n = memory.shape[0]
    stages = ntm.address_stages(memory, w_prev, key, beta, g, s, gamma)
    for w in (stages.content, stages.gated, stages.shifted, stages.final):
        assert _is_distribution(w, n)
    np.testing.assert_array_equal(ntm.address(memory, w_prev, key, beta, g, s, gamma), stages.final)
    # the pipeline is the composition of the four functions
    wc = ref_content(memory, key, beta)
    ws = ref_shift(g * wc + (1 - g) * w_prev, s)
    np.testing.assert_allclose(stages.shifted, ws, atol=1e-10)
    assert stages.as_array().shape == (4, n)


# --------------------------------------------------------------------------- read / write


def test_read_by_hand():
    memory = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    np.testing.assert_allclose(ntm.read(memory, [0.5, 0.5, 0.0]), [2.0, 3.0])
    np.testing.assert_allclose(ntm.read(memory, [0.0, 0.0, 1.0]), [5.0, 6.0])


def test_write_by_hand():
    memory = np.array([[1.0, 1.0], [2.0, 2.0]])
    out = ntm.write(memory, [0.5, 0.5], [1.0, 0.0], [4.0, 0.0])
    # row 0: [1*(1-0.5) + 2, 1*(1-0) + 0] = [2.5, 1];  row 1: [2*0.5 + 2, 2]
    np.testing.assert_allclose(out, [[2.5, 1.0], [3.0, 2.0]])


@settings(max_examples=50, deadline=None)
@given(setups(), st.integers(0, 2**31 - 1))
def test_write_matches_reference_and_never_mutates(setup, seed):
    memory, w_prev, *_ = setup
    rng = np.random.default_rng(seed)
    e = rng.uniform(size=memory.shape[1])
    a = rng.normal(size=memory.shape[1])
    before = memory.copy()
    out = ntm.write(memory, w_prev, e, a)
    np.testing.assert_array_equal(memory, before)
    assert out is not memory
    np.testing.assert_allclose(out, ref_write(memory, w_prev, e, a), atol=1e-12)


@settings(max_examples=50, deadline=None)
@given(setups(), st.integers(0, 2**31 - 1))
def test_write_with_zero_weight_or_zero_vectors_changes_nothing(setup, seed):
    memory, w_prev, *_ = setup
    n, m = memory.shape
    rng = np.random.default_rng(seed)
    e, a = rng.uniform(size=m), rng.normal(size=m)
    np.testing.assert_array_equal(ntm.write(memory, np.zeros(n), e, a), memory)
    np.testing.assert_array_equal(ntm.write(memory, w_prev, np.zeros(m), np.zeros(m)), memory)


@settings(max_examples=50, deadline=None)
@given(setups(), st.integers(0, 2**31 - 1))
def test_full_erase_with_one_hot_weight_replaces_the_slot(setup, seed):
    memory, *_ = setup
    n, m = memory.shape
    rng = np.random.default_rng(seed)
    slot = int(rng.integers(n))
    w = np.zeros(n)
    w[slot] = 1.0
    a = rng.normal(size=m)
    out = ntm.write(memory, w, np.ones(m), a)
    np.testing.assert_array_equal(out[slot], a)
    others = np.arange(n) != slot
    np.testing.assert_array_equal(out[others], memory[others])


def test_write_then_read_one_hot_returns_add_vector():
    memory = np.ones((4, 3))
    w = np.array([0.0, 0.0, 1.0, 0.0])
    a = np.array([0.0, 1.0, 0.0])
    np.testing.assert_array_equal(ntm.read(ntm.write(memory, w, np.ones(3), a), w), a)


# --------------------------------------------------------------------------- NTM


def test_head_params_from_raw_apply_the_usual_activations():
    m, r = 2, 1
    raw = np.array([0.3, -0.4, 1.5, -2.0, 0.1, 0.2, 0.3, 0.7])
    h = ntm.head_params_from_raw(raw, m, r)
    np.testing.assert_allclose(h.key, np.tanh([0.3, -0.4]))
    assert h.beta == pytest.approx(math.log1p(math.exp(1.5)))
    assert h.g == pytest.approx(1 / (1 + math.exp(2.0)))
    ex = np.exp([0.1, 0.2, 0.3])
    np.testing.assert_allclose(h.shift, ex / ex.sum())
    assert h.gamma == pytest.approx(1 + math.log1p(math.exp(0.7)))
    wr = ntm.write_params_from_raw(np.concatenate([raw, [0.0, 2.0, -1.0, 0.5]]), m, r)
    np.testing.assert_allclose(wr.erase, [0.5, 1 / (1 + math.exp(-2.0))])
    np.testing.assert_allclose(wr.add, np.tanh([-1.0, 0.5]))
    with pytest.raises(ValueError, match="raw"):
        ntm.head_params_from_raw(raw[:-1], m, r)


def test_ntm_step_joins_controller_read_and_write():
    controller = ntm.FeedforwardController(3, 4, 8, rng=1)
    machine = ntm.NTM(controller, 6, 4, 8)
    state = machine.initial_state()
    xs = np.random.default_rng(2).normal(size=(5, 3))
    steps = machine.run(xs)
    assert len(steps) == 5
    for rec in steps:
        out = rec.controller
        assert np.all(np.abs(out.h) < 1)
        assert 0 <= out.read.g <= 1 and out.read.beta >= 0 and out.read.gamma >= 1
        assert np.all((out.write.erase > 0) & (out.write.erase < 1))
        for w in (rec.state.w_read, rec.state.w_write):
            assert _is_distribution(w, 6)
        # read from M_t, write M_{t+1}
        np.testing.assert_allclose(rec.r, rec.state.w_read @ rec.memory_before)
        np.testing.assert_allclose(
            rec.state.memory,
            ref_write(rec.memory_before, rec.state.w_write, out.write.erase, out.write.add),
        )
        # the controller sees x_t, h_{t-1}, r_{t-1}
        np.testing.assert_allclose(out.h, controller(rec.x, state.h, state.r).h)
        state = rec.state
    # same seed, same run; different seed, different run
    again = ntm.NTM(ntm.FeedforwardController(3, 4, 8, rng=1), 6, 4, 8).run(xs)
    np.testing.assert_array_equal(again[-1].state.memory, steps[-1].state.memory)
    other = ntm.NTM(ntm.FeedforwardController(3, 4, 8, rng=3), 6, 4, 8).run(xs)
    assert not np.allclose(other[-1].state.memory, steps[-1].state.memory)


def test_initial_state():
    s = ntm.NTM(ntm.FeedforwardController(2, 3, 4, rng=0), 5, 3, 4).initial_state()
    np.testing.assert_array_equal(s.memory, np.full((5, 3), 1e-6))
    np.testing.assert_array_equal(s.w_read, [1, 0, 0, 0, 0])
    np.testing.assert_array_equal(s.w_write, [1, 0, 0, 0, 0])
    assert s.h.shape == (4,) and s.r.shape == (3,)
    # the two heads do not share one array: changing one leaves the other alone
    assert not np.shares_memory(s.w_read, s.w_write)
    s.w_read[:] = [0, 1, 0, 0, 0]
    np.testing.assert_array_equal(s.w_write, [1, 0, 0, 0, 0])


def test_content_weights_agree_with_the_attention_module():
    from memlib import attention

    memory, key, _ = ntm.addressing_example()
    np.testing.assert_allclose(
        ntm.cosine_similarity(memory, key), attention.score(memory, key, "cosine")
    )
    np.testing.assert_allclose(
        ntm.content_weights(memory, key, 7.0),
        attention.softmax(7.0 * attention.score(memory, key, "cosine")),
    )


# --------------------------------------------------------------------------- copy task


@pytest.mark.parametrize(
    ("seed", "length", "width"),
    [(0, 1, 1), (1, 5, 8), (2, 10, 3), (3, 20, 8), (6, 4, 20), (4, 7, 2), (5, 12, 1)],
)
def test_copy_task_output_equals_input(seed, length, width):
    bits = ntm.random_bits(length, width, seed)
    result = ntm.copy_task(bits)
    np.testing.assert_array_equal(result.outputs, bits)
    assert result.correct
    # the raw read vectors are (almost exactly) the stored rows
    np.testing.assert_allclose(result.reads[:, :width], bits, atol=1e-9)


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 2**31 - 1), st.integers(1, 12), st.integers(1, 8), st.integers(0, 3))
def test_copy_task_property(seed, length, width, extra):
    bits = ntm.random_bits(length, width, seed)
    result = ntm.copy_task(bits, n_slots=length + extra)
    np.testing.assert_array_equal(result.outputs, bits)


def test_copy_task_hard_sequences():
    # repeated vectors, all-zero vectors and an all-ones start vector
    bits = np.array([[1, 1, 1], [0, 0, 0], [1, 1, 1], [0, 0, 0], [1, 0, 1], [1, 1, 1]], float)
    result = ntm.copy_task(bits, n_slots=6)  # memory exactly as long as the sequence
    np.testing.assert_array_equal(result.outputs, bits)


def test_copy_task_head_positions():
    bits = ntm.random_bits(5, 4, 7)
    result = ntm.copy_task(bits, n_slots=8)
    t_len = 5
    assert result.memories.shape == (11, 8, 6)
    assert result.w_write.shape == result.w_read.shape == (10, 8)
    for t in range(t_len):  # write phase: step t+1 writes slot t
        assert np.argmax(result.w_write[t]) == t
        assert result.w_write[t, t] == pytest.approx(1.0)
    for k in range(t_len):  # read phase: step T+1+k reads slot k
        assert result.w_read[t_len + k, k] == pytest.approx(1.0, abs=1e-9)
    stored = result.memories[-1]
    np.testing.assert_array_equal(stored[:t_len, :4], bits)
    np.testing.assert_array_equal(stored[:t_len, 4], [1, 0, 0, 0, 0])  # start flag
    np.testing.assert_array_equal(stored[:t_len, 5], [0, 1, 1, 1, 1])  # body flag
    np.testing.assert_array_equal(stored[t_len:], np.full((3, 6), 1e-6))  # untouched
    # the write head does not change memory in the read phase
    np.testing.assert_array_equal(result.memories[t_len], result.memories[-1])


def test_random_bits():
    b = ntm.random_bits(50, 4, 0)
    assert b.shape == (50, 4) and set(np.unique(b)) == {0.0, 1.0}
    np.testing.assert_array_equal(b, ntm.random_bits(50, 4, np.random.default_rng(0)))


# --------------------------------------------------------------------------- bad input


MEM = np.eye(3)
W = np.array([0.2, 0.3, 0.5])


@pytest.mark.parametrize(
    ("call", "word"),
    [
        (lambda: ntm.content_weights(np.ones(3), [1, 0, 0], 1.0), "memory"),
        (lambda: ntm.content_weights(MEM, [1, 0], 1.0), "key"),
        (lambda: ntm.content_weights(MEM, [1, np.nan, 0], 1.0), "key"),
        (lambda: ntm.content_weights([[1, 0], [0, np.nan]], [1, 0], 1.0), "memory"),
        (lambda: ntm.cosine_similarity([[1, 0], [np.inf, 0]], [1, 0]), "memory"),
        (lambda: ntm.cosine_similarity(MEM, [[1, 0, 0]]), "key"),
        (lambda: ntm.content_weights(MEM, [1, 0, 0], -0.1), "beta"),
        (lambda: ntm.interpolate(W, W, 1.5), "g"),
        (lambda: ntm.interpolate(W, W, -0.1), "g"),
        (lambda: ntm.interpolate([0.5, 0.6, 0.0], W, 0.5), "w_content"),
        (lambda: ntm.interpolate(W, [0.5, 0.5], 0.5), "w_prev"),
        (lambda: ntm.shift(W, [0.5, 0.5]), "s"),
        (lambda: ntm.shift(W, [0.5, 0.6, 0.1]), "s"),
        (lambda: ntm.shift(W, [-0.5, 1.0, 0.5]), "s"),
        (lambda: ntm.shift([0.5, 0.6, 0.1], [0, 1.0, 0]), "w"),
        (lambda: ntm.sharpen(W, 0.5), "gamma"),
        (lambda: ntm.sharpen([0.5, 0.0, 0.0], 2.0), "w"),
        (lambda: ntm.address(MEM, [1.0, 0.0], [1, 0, 0], 1.0, 0.5, [0, 1.0, 0], 1.0), "w_prev"),
        (lambda: ntm.address(MEM, W, [1, 0, 0], 1.0, 0.5, [0, 1.0, 0], 0.9), "gamma"),
        (lambda: ntm.address(MEM, W, [1, 0, 0], 1.0, 2.0, [0, 1.0, 0], 1.0), "g"),
        (lambda: ntm.address(MEM, W, [1, 0, 0], 1.0, 0.5, [0.5, 0.5, 0.5], 1.0), "s"),
        (lambda: ntm.read(MEM, [0.5, 0.5, 0.5]), "w"),
        (lambda: ntm.read(MEM, [0.5, 0.5]), "w"),
        (lambda: ntm.write(MEM, [0.5, 0.5], [0, 0, 0], [0, 0, 0]), "w"),
        (lambda: ntm.write(MEM, [-0.1, 0.5, 0.6], [0, 0, 0], [0, 0, 0]), "w"),
        (lambda: ntm.write(MEM, [0.6, 0.6, 0.0], [0, 0, 0], [0, 0, 0]), "w"),
        (lambda: ntm.write(MEM, W, [0, 1.5, 0], [0, 0, 0]), "erase"),
        (lambda: ntm.write(MEM, W, [0, -0.5, 0], [0, 0, 0]), "erase"),
        (lambda: ntm.write(MEM, W, [0, 0], [0, 0, 0]), "erase"),
        (lambda: ntm.write(MEM, W, [0, 0, 0], [0, 0]), "add"),
        (lambda: ntm.write(MEM, W, [0, 0, 0], [0, np.nan, 0]), "add"),
        (lambda: ntm.HeadParams([np.nan, 0], 1.0, 0.5, [0, 1.0, 0], 1.0), "key"),
        (lambda: ntm.HeadParams([[1, 0]], 1.0, 0.5, [0, 1.0, 0], 1.0), "key"),
        (lambda: ntm.HeadParams([1, 0], -1.0, 0.5, [0, 1.0, 0], 1.0), "beta"),
        (lambda: ntm.HeadParams([1, 0], 1.0, 1.5, [0, 1.0, 0], 1.0), "g"),
        (lambda: ntm.HeadParams([1, 0], 1.0, 0.5, [0.5, 0.5], 1.0), "s"),
        (lambda: ntm.HeadParams([1, 0], 1.0, 0.5, [0, 1.0, 0], 0.0), "gamma"),
        (lambda: ntm.WriteHeadParams([1, 0], 1.0, 0.5, [0, 1.0, 0], 1.0, [2, 0], [0, 0]), "erase"),
        (lambda: ntm.WriteHeadParams([1, 0], 1.0, 0.5, [0, 1.0, 0], 1.0, [1, 0], [0]), "add"),
        (lambda: ntm.copy_task([[0, 1], [2, 0]]), "bits"),
        (lambda: ntm.copy_task([0, 1, 1]), "bits"),
        (lambda: ntm.copy_task([[0, 1], [1, 0], [1, 1]], n_slots=2), "n_slots"),
        (lambda: ntm.random_bits(0, 3, 0), "length"),
        (lambda: ntm.NTM(lambda *a: None, 4, 3, 2, memory_init=np.nan), "memory_init"),
        (lambda: ntm.address_path(MEM, W, [1, 0, 0], 1.0, 0.0, [0, 0, 1.0], 1.0), "keys"),
        (lambda: ntm.address_path(MEM, W, [[1, 0]], 1.0, 0.0, [0, 0, 1.0], 1.0), "keys"),
        (lambda: ntm.address_path(MEM, W, np.zeros((0, 3)), 1.0, 0.0, [0, 0, 1.0], 1.0), "keys"),
        (
            lambda: ntm.address_path(MEM, [1.0, 0.0], [[1, 0, 0]], 1.0, 0.0, [0, 0, 1.0], 1.0),
            "w_prev",
        ),
        (lambda: ntm.write_demo_frame(attention="nowhere"), "attention"),
        (lambda: ntm.write_demo_frame(erase=[0.5, 0.5]), "erase"),
        (lambda: ntm.write_demo_frame(attention=0.2), "attention"),
        (lambda: ntm.write_demo_frame(attention=[0.5, 0.5, 0.5, 0.0, 0.0]), "attention"),
        (lambda: ntm.write_demo_frame(attention=[0.5, 0.5]), "attention"),
        (lambda: ntm.copy_task_frame(1, [[1, 0], [2, 0]]), "bits"),
        (lambda: ntm.copy_task_frame(1, [[1, 0], [0, 1]], n_slots=1), "n_slots"),
        (lambda: ntm.addressing_frame(s="+7"), "s"),
        (lambda: ntm.addressing_frame(beta=-1.0), "beta"),
        (lambda: ntm.copy_task_frame(0, [[1, 0]]), "t"),
        (lambda: ntm.copy_task_frame(3, [[1, 0]]), "t"),
    ],
)
def test_bad_input_raises_value_error(call, word):
    with pytest.raises(ValueError, match=word):
        call()


@pytest.mark.parametrize(
    ("call", "word"),
    [
        (lambda: ntm.content_weights("memory", [1, 0, 0], 1.0), "memory"),
        (lambda: ntm.content_weights(MEM, [1, 0, 0], "big"), "beta"),
        (lambda: ntm.random_bits(3, 3, None), "rng"),
        (lambda: ntm.NTM("not callable", 4, 3, 2), "controller"),
        (lambda: ntm.ntm_step(lambda *a: None, "state", [0.0]), "state"),
        (lambda: ntm.plot_addressing([0.5, 0.5]), "stages"),
        (lambda: ntm.plot_copy_task(None), "result"),
    ],
)
def test_bad_input_raises_type_error(call, word):
    with pytest.raises(TypeError, match=word):
        call()


def test_controller_must_return_controller_output():
    machine = ntm.NTM(lambda x, h, r: (h, r), 4, 3, 2)
    with pytest.raises(TypeError, match="ControllerOutput"):
        machine.step(machine.initial_state(), [1.0])


# --------------------------------------------------------------------------- figures, frames


def test_plots_return_figures():
    memory, key, w_prev = ntm.addressing_example()
    stages = ntm.address_stages(memory, w_prev, key, 5.0, 0.5, [0.1, 0.2, 0.7], 2.0)
    result = ntm.copy_task(ntm.random_bits(4, 3, 0))
    figs = [
        ntm.IMAGES["ntm_structure"](),
        ntm.plot_memory_write(
            ntm.WRITE_DEMO_MEMORY,
            ntm.WRITE_ATTENTIONS["slot 2"],
            ntm.WRITE_ERASES["all"],
            ntm.WRITE_ADDS["zero"],
        ),
        ntm.plot_addressing(stages),
        ntm.plot_copy_task(result),
        ntm.plot_copy_step(result, 1),
        ntm.plot_copy_step(result, 8),
    ]
    for fig in figs:
        assert isinstance(fig, Figure)
        plt.close(fig)


def test_frame_builders_return_html():
    for frame in (
        ntm.write_demo_frame(),
        ntm.write_demo_frame("uniform", 0.5, [0.0, 1.0, 0.0, 1.0]),
        ntm.addressing_frame(),
        ntm.addressing_frame(beta=0.0, g=0.0, s=[0.0, 1.0, 0.0], gamma=3.0),
        ntm.copy_task_frame(3, [[1, 0], [0, 1]]),
    ):
        assert isinstance(frame, str) and frame.startswith("<svg")
    # different choices give different frames
    assert ntm.write_demo_frame(erase="none") != ntm.write_demo_frame(erase="all")
    assert ntm.addressing_frame(g=0.0) != ntm.addressing_frame(g=1.0)


def test_figures_and_frames_are_in_chinese():
    # every figure and demo frame of section 8.5.2: no English words (names and symbols stay)
    memory, key, w_prev = ntm.addressing_example()
    stages = ntm.address_stages(memory, w_prev, key, 5.0, 1.0, [0.1, 0.2, 0.7], 3.0)
    good = ntm.copy_task(ntm.random_bits(6, 5, 3), n_slots=8)
    bad = ntm.copy_task(ntm.random_bits(6, 5, 3), n_slots=6, beta=0.1)
    fragments = [
        figure_to_svg(ntm.draw_ntm_structure()),
        figure_to_svg(ntm.plot_addressing(stages)),
        figure_to_svg(ntm.plot_copy_task(good)),
        figure_to_svg(ntm.plot_copy_task(bad)),
        ntm.write_demo_frame("slots 2-4", 0.35, -0.5),
        *(
            ntm.write_demo_frame(a, e, "zero")
            for a in ntm.WRITE_ATTENTIONS
            for e in ntm.WRITE_ERASES
        ),
        *(ntm.addressing_frame(5.0, 0.5, s, 3.0) for s in ntm.ADDRESSING_SHIFTS),
        *(ntm.copy_task_frame(t, good.bits, n_slots=8) for t in (1, 6, 7, 8, 12)),
    ]
    for fragment in fragments:
        assert english_words(fragment) == []
        assert re.search(r"[\u4e00-\u9fff]", fragment), "a figure without a Chinese word"


def test_copy_task_frame_runs_the_task_once(monkeypatch):
    calls = []
    real = ntm.copy_task

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(ntm_frames, "copy_task", counting)
    ntm_frames._cached_copy_task.cache_clear()
    bits = [[1.0, 0.0, 1.0], [0.0, 1.0, 1.0], [1.0, 1.0, 0.0]]
    frames = [ntm.copy_task_frame(t, bits, n_slots=5) for t in range(1, 7)]
    assert len(calls) == 1 and len(set(frames)) == 6
    ntm.copy_task_frame(1, np.array(bits), n_slots=4)  # other n_slots: a new run
    assert len(calls) == 2
    ntm_frames._cached_copy_task.cache_clear()


def test_plot_addressing_draws_the_stages():
    memory, key, w_prev = ntm.addressing_example()
    stages = ntm.address_stages(memory, w_prev, key, 5.0, 0.5, [0.1, 0.2, 0.7], 2.0)
    fig = ntm.plot_addressing(stages)
    expected = [stages.content, stages.gated, stages.shifted, stages.final]
    for ax, w in zip(fig.axes, expected, strict=True):
        # one compound path: a move to the origin, then 5 vertices per bar
        bars = ax.patches[0].get_path().vertices[1:].reshape(8, 5, 2)
        np.testing.assert_allclose(bars[:, 2, 1], w)  # bar tops
        centres = (bars[:, 0, 0] + bars[:, 1, 0]) / 2  # bottom-left and bottom-right corners
        np.testing.assert_allclose(centres, np.arange(1, 9), atol=1e-12)
    plt.close(fig)


def test_plot_copy_task_notes_an_exact_copy():
    bits = ntm.random_bits(6, 5, 3)
    good = ntm.plot_copy_task(ntm.copy_task(bits, n_slots=6))
    bad_result = ntm.copy_task(bits, n_slots=6, beta=0.1)
    assert not bad_result.correct  # too weak a key: the jump to the start misses
    bad = ntm.plot_copy_task(bad_result)
    assert [t.get_text() for t in good.axes[2].texts] == ["全为 0"]
    assert len(bad.axes[2].texts) == 0
    plt.close(good)
    plt.close(bad)


def test_write_plot_prints_only_erased_values_after_erase():
    w = ntm.WRITE_ATTENTIONS["slots 2-4"]  # 3 slots with weight > 0
    e = ntm.WRITE_ERASES["first half"]  # 2 components erased
    fig = ntm.plot_memory_write(ntm.WRITE_DEMO_MEMORY, w, e, ntm.WRITE_ADDS["zero"])
    # the panels carry their Chinese labels; the erase panel prints only what changed
    panels = {_label_of(ax): ax for ax in fig.axes}
    assert set(panels) >= {"写之前 $M_t$", "删除之后", "增加之后 $M_{t+1}$"}
    assert len(panels["删除之后"].texts) == 3 * 2
    assert len(panels["写之前 $M_t$"].texts) == 5 * 4
    assert len(panels["增加之后 $M_{t+1}$"].texts) == 5 * 4
    plt.close(fig)


def test_write_plot_weights_fit_in_their_column():
    # the alpha column prints one value per slot ("0.25"): each must fit inside it
    w = ntm.WRITE_ATTENTIONS["slots 2-4"]
    fig = ntm.plot_memory_write(
        ntm.WRITE_DEMO_MEMORY, w, ntm.WRITE_ERASES["first half"], ntm.WRITE_ADDS["zero"]
    )
    renderer = FigureCanvasAgg(fig).get_renderer()
    ax_w = fig.axes[0]
    assert [t.get_text() for t in ax_w.texts] == [f"{v:.2f}" for v in w]
    column = ax_w.get_window_extent(renderer)
    for text in ax_w.texts:
        box = text.get_window_extent(renderer)
        assert column.x0 < box.x0 and box.x1 < column.x1, text.get_text()
    plt.close(fig)


def test_copy_plots_frame_the_inputs_and_name_the_time_axis():
    result = ntm.copy_task(ntm.random_bits(4, 3, 0), n_slots=5)
    t_len, width = result.bits.shape
    fig = ntm.plot_copy_step(result, 2)
    ax_in = fig.axes[0]
    assert ax_in.get_title() == "输入（数据位、分隔符）"
    # a grey outline around all 2T inputs (B bits + the delimiter), and the red box of step 2
    boxes = [
        (p.get_xy(), p.get_width(), p.get_height())
        for p in ax_in.patches
        if isinstance(p, Rectangle)
    ]
    assert ((-0.5, -0.5), 2 * t_len, width + 1) in boxes
    assert ((0.5, -0.5), 1, width + 1) in boxes
    plt.close(fig)
    fig = ntm.plot_copy_task(result)
    # both rows run over time: inputs and outputs on top, the weightings below
    assert [ax.get_xlabel() for ax in fig.axes[:5]] == ["时刻 t"] * 5
    plt.close(fig)


def _label_of(ax) -> str:
    """The words of an axes' label line(s) drawn with memlib.ntm._plot._phrase."""
    from matplotlib.offsetbox import AnchoredOffsetbox

    lines = [a for a in ax.artists if isinstance(a, AnchoredOffsetbox)]
    return " | ".join(
        " ".join(area.get_text() for area in line.get_child().get_children()) for line in lines
    )


def test_demo_presets_are_valid():
    n, m = ntm.WRITE_DEMO_MEMORY.shape
    for w in ntm.WRITE_ATTENTIONS.values():
        assert _is_distribution(w, n)
    for e in ntm.WRITE_ERASES.values():
        assert e.shape == (m,) and np.all((e >= 0) & (e <= 1))
    for a in ntm.WRITE_ADDS.values():
        assert a.shape == (m,)
    for s in ntm.ADDRESSING_SHIFTS.values():
        assert _is_distribution(s, 3)
