"""Tests of memlib.memory (section 8.4)."""

import re

import numpy as np
import pytest
from figure_text import english_words, font_sizes
from hypothesis import given, settings
from hypothesis import strategies as st

from memlib import memory as mem


def test_glyph_memory_rows_are_distinct_binary_images():
    memory, names = mem.glyph_memory()
    assert memory.shape == (4, 49)
    assert names == ["plus", "cross", "ring", "bars"]
    assert [mem.GLYPH_LABELS[n] for n in names] == ["加号", "叉号", "圆环", "横条"]
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
    with pytest.raises(ValueError, match="flip_prob must be <= 1"):
        mem.make_cue(item, 1.5, 0)
    assert np.array_equal(mem.make_cue(item, flip_prob=1.0, rng=0), np.zeros_like(item))
    with pytest.raises(TypeError, match="rng"):
        mem.make_cue(item, 0.1, None)
    with pytest.raises(ValueError, match="item must contain only 0 and 1"):
        mem.make_cue(np.array([1.0, -1.0]), 0.1, 0)


def loop_accuracy(memory, flip_probs, trials, seed, kind="cosine"):
    """The sweep written as a loop: trial t's uniforms are the t-th draw of the stream."""
    rng = np.random.default_rng(seed)
    draws = [rng.random(memory.shape[1]) for _ in range(trials)]
    return np.array([
        np.mean([
            mem.content_lookup(memory, np.where(u < p, 1 - memory[i], memory[i]), kind).index == i
            for u in draws
            for i in range(memory.shape[0])
        ])
        for p in flip_probs
    ])


@pytest.mark.parametrize("kind", ["cosine", "dot", "neg_distance"])
def test_content_lookup_accuracy_equals_one_lookup_at_a_time(kind):
    memory, _ = mem.glyph_memory()
    probs = [0.0, 0.2, 0.35, 0.5]
    fast = mem.content_lookup_accuracy(memory, probs, 60, np.random.default_rng(7), kind)
    np.testing.assert_array_equal(fast, loop_accuracy(memory, probs, 60, 7, kind))
    np.testing.assert_array_equal(  # an int seed is the same stream
        mem.content_lookup_accuracy(memory, probs, 60, 7, kind), fast
    )


def test_content_lookup_accuracy_flips_bits_as_make_cue_does():
    # the cue rule of the sweep (flip where u < p) is make_cue's, draw for draw
    item = mem.glyph_memory(["ring"])[0][0]
    for seed in range(20):
        u = np.random.default_rng(seed).random(item.size)
        expected = np.where(u < 0.3, 1 - item, item)
        np.testing.assert_array_equal(mem.make_cue(item, 0.3, seed), expected)


def test_content_lookup_accuracy_extremes():
    memory, _ = mem.glyph_memory()
    acc = mem.content_lookup_accuracy(memory, [0.0, 1.0], 5, 0)
    # no flips: always right; every bit flipped: the same inverted cues every trial
    inverted = np.mean([mem.content_lookup(memory, 1 - m).index == i for i, m in enumerate(memory)])
    np.testing.assert_array_equal(acc, [1.0, inverted])
    assert acc.shape == (2,) and acc.dtype == float


@pytest.mark.parametrize(
    ("args", "error", "match"),
    [
        (([0.1, 1.5], 5, 0), ValueError, r"\[0, 1\]"),
        ((0.1, 5, 0), ValueError, "flip_probs must be 1-D"),
        ((["a"], 5, 0), TypeError, "flip_probs"),
        (([0.1], 0, 0), ValueError, "trials must be >= 1"),
        (([0.1], 2.0, 0), TypeError, "trials must be an int"),
        (([0.1], 5, None), TypeError, "rng must be"),
        (([0.1], 5, "0"), TypeError, "rng must be"),
        (([0.1], 2, [0, 1]), TypeError, "rng must be"),
        (([0.1], 5, 0, "l1"), ValueError, "kind must be"),
    ],
)
def test_content_lookup_accuracy_rejects_bad_input(args, error, match):
    memory, _ = mem.glyph_memory()
    with pytest.raises(error, match=match):
        mem.content_lookup_accuracy(memory, *args)


def test_content_lookup_accuracy_rejects_bad_memory():
    memory, _ = mem.glyph_memory()
    with pytest.raises(ValueError, match="only 0 and 1"):
        mem.content_lookup_accuracy(memory * 2, [0.1], 5, 0)
    with pytest.raises(ValueError, match="memory must be 2-D"):
        mem.content_lookup_accuracy(memory[0], [0.1], 5, 0)
    # every bit of an all-ones item flipped: a zero cue has no cosine similarity
    with pytest.raises(ValueError, match="zero vector"):
        mem.content_lookup_accuracy(np.ones((2, 3)), [1.0], 1, 0)


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
    assert "圆环" in html and "下标 2" in html and "线索（0 位被翻转）" in html
    assert "✗" not in html
    noisy = mem.lookup_frame(0, flip_prob=0.5, rng=3)
    assert noisy != html
    # seed 3 turns the plus sign into a cue that content lookup gets wrong
    assert "线索（23 位被翻转）" in noisy and "✗" in noisy
    for frame in (html, noisy):
        assert english_words(frame) == []
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


def test_figures_and_diagrams_speak_chinese():
    from memlib.html import figure_to_svg
    from memlib.images import render

    memory, names = mem.glyph_memory()
    labels = [mem.GLYPH_LABELS[n] for n in names]
    figures = {
        f"lookup {kind}": figure_to_svg(mem.plot_lookup(memory, labels, memory[1], kind))
        for kind in ("cosine", "dot", "neg_distance")
    }
    figures["timescales"] = figure_to_svg(
        mem.plot_timescales(mem.switching_stream(40, 10), 0.5, 0.05)
    )
    figures.update({stem: render(draw) for stem, draw in mem.IMAGES.items()})
    for where, svg in figures.items():
        assert english_words(svg) == [], where
    assert "叉号 1.00" in figures["lookup cosine"] and "s：余弦相似度" in figures["lookup cosine"]
    assert "s：负欧氏距离" in figures["lookup neg_distance"]
    assert "隐状态 hₜ（λ = 0.5）" in figures["timescales"]
    assert "控制器" in figures["memory_register_ram"] and "外部记忆 M（RAM）" in figures[
        "memory_register_ram"]
    for label in ("8.4 人脑中的记忆", "8.5 记忆增强神经网络", "8.5.1 端到端记忆网络",
                  "8.5.2 神经图灵机", "8.6 Hopfield 网络"):
        assert label in figures["book_map"], label
    # the guard of english_words: a word drawn glyph by glyph next to math is still seen
    from matplotlib.figure import Figure

    fig = Figure()
    fig.text(0.5, 0.5, "input $x_t$")
    assert "input" in english_words(figure_to_svg(fig))


def shown_width_px(page, image, column=672.0):
    """Width in px at which a page of the book shows an image: its ``:width:`` share
    of the text column (688 px at a 1280 px window, less the figure's margins)."""
    import json
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / page
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".ipynb":
        text = "".join("".join(c["source"]) for c in json.loads(text)["cells"])
    share = re.search(re.escape(image) + r"\n(?::[^\n]*\n)*?:width: (\d+)%", text)
    return column * int(share.group(1)) / 100


@pytest.mark.parametrize(
    "stem, page",
    [("memory_register_ram", "chapters/8-4-memory-in-brain.ipynb"), ("book_map", "index.md")],
)
def test_diagram_text_is_at_least_8px_where_the_book_shows_it(stem, page):
    from memlib.images import render

    svg = render(mem.IMAGES[stem])
    view = float(re.search(r'viewBox="0 0 ([\d.]+)', svg).group(1))
    smallest = min(font_sizes(svg))
    assert smallest * shown_width_px(page, f"{stem}.svg") / view >= 8


def test_register_ram_diagram_draws_vectors_bold():
    fig = mem.draw_memory_analogy()
    text = " ".join(t.get_text() for t in fig.axes[0].texts)
    for vector in (r"\mathbf{c}_t", r"\mathbf{h}_t", r"\mathbf{m}_1", r"\mathbf{m}_6"):
        assert vector in text
    assert r"$W(M, \mathbf{q}_w, \mathbf{a})$" in text  # matrices and functions italic
    assert r"$\mathbf{r} = R(M, \mathbf{q}_r)$" in text
    assert not re.search(r"(?<![{\\])\b[chmqra][_^]", text)
