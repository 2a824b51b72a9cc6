"""Tests of memlib.memory (section 8.4)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from memlib import memory as mem


def test_glyph_memory_rows_are_distinct_binary_images():
    memory, names = mem.glyph_memory()
    assert memory.shape == (4, 49)
    assert names == ["plus", "cross", "ring", "bars"]
    assert set(np.unique(memory)) == {0.0, 1.0}
    assert len({row.tobytes() for row in memory}) == 4
    # the plus sign: middle row and middle column are set, 13 pixels in all
    plus = memory[0].reshape(7, 7)
    assert plus[3].all() and plus[:, 3].all() and plus.sum() == 13


def test_address_lookup_returns_a_copy_of_the_row_and_checks_the_index():
    memory, _ = mem.glyph_memory()
    row = mem.address_lookup(memory, 1)
    np.testing.assert_array_equal(row, memory[1])
    row[:] = 5
    assert memory[1].max() == 1.0
    with pytest.raises(ValueError, match="index must be <= 3"):
        mem.address_lookup(memory, 4)
    with pytest.raises(ValueError, match="index must be >= 0"):
        mem.address_lookup(memory, -1)
    with pytest.raises(TypeError, match="index must be an int"):
        mem.address_lookup(memory, 1.0)


def test_similarity_kinds_by_hand():
    m = np.array([[1.0, 0.0], [1.0, 1.0]])
    q = np.array([2.0, 0.0])
    np.testing.assert_allclose(mem.similarity(m, q, "dot"), [2.0, 2.0])
    np.testing.assert_allclose(mem.similarity(m, q, "cosine"), [1.0, 1 / np.sqrt(2)])
    np.testing.assert_allclose(mem.similarity(m, q, "neg_distance"), [-1.0, -np.sqrt(2)])


def test_similarity_rejects_bad_input():
    m = np.eye(3)
    with pytest.raises(ValueError, match="kind must be one of"):
        mem.similarity(m, np.ones(3), "manhattan")
    with pytest.raises(ValueError, match=r"cue must have shape \(3,\)"):
        mem.similarity(m, np.ones(2))
    with pytest.raises(ValueError, match="undefined"):
        mem.similarity(m, np.zeros(3))
    with pytest.raises(ValueError, match="finite"):
        mem.similarity(m, [1.0, np.nan, 0.0])


@settings(max_examples=50, deadline=None)
@given(st.integers(0, 3), st.integers(0, 10_000))
def test_content_lookup_finds_every_item_from_a_lightly_damaged_cue(item, seed):
    memory, _ = mem.glyph_memory()
    # the glyphs are at least 12 bits apart, so 3 flips can never confuse them
    rng = np.random.default_rng(seed)
    cue = memory[item].copy()
    flip = rng.choice(49, size=3, replace=False)
    cue[flip] = 1 - cue[flip]
    assert mem.content_lookup(memory, cue, "neg_distance").index == item
    assert mem.content_lookup(memory, cue, "cosine").index == item


def test_content_lookup_ties_go_to_the_lowest_index():
    m = np.array([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0]])
    assert mem.content_lookup(m, [1.0, 0.0]).index == 0


def test_make_cue_flips_and_hides_at_the_requested_rates():
    item = np.ones(20_000)
    cue = mem.make_cue(item, 0.3, rng=0)
    assert abs(np.mean(cue == 0) - 0.3) < 0.02
    assert np.array_equal(mem.make_cue(item, 0.0, rng=1), item)
    hidden = mem.make_cue(item, 0.0, rng=2, hide=0.5)
    assert abs(np.mean(hidden == 0) - 0.5) < 0.02
    np.testing.assert_array_equal(mem.make_cue(item, 0.3, 5), mem.make_cue(item, 0.3, 5))
    with pytest.raises(ValueError, match="noise must be <= 1"):
        mem.make_cue(item, 1.5, 0)
    with pytest.raises(TypeError, match="rng"):
        mem.make_cue(item, 0.1, None)
    with pytest.raises(ValueError, match="item must contain only 0 and 1"):
        mem.make_cue(np.array([1.0, -1.0]), 0.1, 0)


def test_leaky_trace_matches_the_closed_form():
    rng = np.random.default_rng(0)
    x = rng.random(30)
    rate, start = 0.2, 0.7
    t = np.arange(31)
    closed = (1 - rate) ** t * start + np.array(
        [sum(rate * (1 - rate) ** (k - j) * x[j - 1] for j in range(1, k + 1)) for k in t]
    )
    np.testing.assert_allclose(mem.leaky_trace(x, rate, start), closed)


def test_leaky_trace_extremes_and_errors():
    x = np.array([1.0, 0.0, 1.0])
    np.testing.assert_array_equal(mem.leaky_trace(x, 1.0), [0.0, 1.0, 0.0, 1.0])
    np.testing.assert_array_equal(mem.leaky_trace(x, 0.0, 0.5), [0.5, 0.5, 0.5, 0.5])
    with pytest.raises(ValueError, match="rate must be <= 1"):
        mem.leaky_trace(x, 2.0)
    with pytest.raises(ValueError, match="stream must be 1-D"):
        mem.leaky_trace(np.ones((2, 2)), 0.5)


def test_settling_time_solves_the_step_response():
    for rate in (0.01, 0.3, 0.9):
        t = mem.settling_time(rate)
        assert np.isclose(1 - (1 - rate) ** t, 1 - np.exp(-1))
    assert mem.settling_time(0.5, 0.75) == pytest.approx(2.0)
    assert mem.settling_time(0.0) == float("inf")


def test_switching_stream():
    s = mem.switching_stream(7, 2)
    np.testing.assert_array_equal(s, [1, 1, 0, 0, 1, 1, 0])
    with pytest.raises(ValueError, match="period must be >= 1"):
        mem.switching_stream(5, 0)


def test_lookup_frame_reports_both_lookups():
    html = mem.lookup_frame(2, 0.0)
    assert html.count("<svg") == 1
    assert "ring" in html and "index 2" in html and "0 bits changed" in html
    assert "✗" not in html
    noisy = mem.lookup_frame(0, 0.5, rng=3)
    assert noisy != html
    with pytest.raises(ValueError, match="item must be <= 3"):
        mem.lookup_frame(4, 0.1)


def test_plot_functions_return_figures():
    from matplotlib.figure import Figure

    memory, names = mem.glyph_memory()
    assert isinstance(mem.plot_lookup(memory, names, memory[0]), Figure)
    assert isinstance(mem.plot_timescales(mem.switching_stream(40, 10), 0.5, 0.05), Figure)
    with pytest.raises(ValueError, match="square"):
        mem.plot_lookup(np.ones((2, 5)), ["a", "b"], np.ones(5))
    with pytest.raises(ValueError, match="names must name the 4 rows"):
        mem.plot_lookup(memory, names[:3], memory[0])
    with pytest.raises(ValueError, match="names must not be empty"):
        mem.glyph_memory([])
