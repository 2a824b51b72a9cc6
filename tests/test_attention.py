"""Tests of memlib.attention: scoring functions, soft/hard reads, key-value read."""

from __future__ import annotations

import math
import re

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from figure_text import english_words, font_sizes  # noqa: E402  (tests/figure_text.py)
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from hypothesis.extra.numpy import arrays  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.path import Path  # noqa: E402
from matplotlib.text import Text  # noqa: E402

from memlib import _draw  # noqa: E402
from memlib import attention as at  # noqa: E402
from memlib.html import figure_to_svg  # noqa: E402

MEM = np.array([[1.0, 0.0, 2.0], [0.0, 1.0, -1.0], [2.0, 2.0, 0.5], [-1.0, 0.5, 1.0]])
Q = np.array([0.5, -1.0, 1.5])
PARAMS = {
    "bilinear": {"W": np.arange(9.0).reshape(3, 3) / 10 - 0.3},
    "additive": {
        "W": np.array([[0.5, -0.2, 0.1], [0.3, 0.3, -0.4]]),
        "U": np.array([[0.2, 0.1, 0.0], [-0.5, 0.4, 0.2]]),
        "v": np.array([1.5, -0.7]),
    },
}

finite = st.floats(-50, 50, allow_nan=False, allow_infinity=False)


def reference_score(m: np.ndarray, q: np.ndarray, kind: str, **p: np.ndarray) -> float:
    """s(m, q) written out with Python sums, one slot at a time."""
    D = len(m)
    dot = sum(m[i] * q[i] for i in range(D))
    if kind == "dot":
        return dot
    if kind == "scaled_dot":
        return dot / math.sqrt(D)
    if kind == "cosine":
        return dot / math.sqrt(sum(x * x for x in m)) / math.sqrt(sum(x * x for x in q))
    if kind == "bilinear":
        W = p["W"]
        return sum(m[i] * W[i, j] * q[j] for i in range(D) for j in range(len(q)))
    W, U, v = p["W"], p["U"], p["v"]
    total = 0.0
    for h in range(len(v)):
        pre = sum(W[h, i] * m[i] for i in range(D)) + sum(U[h, j] * q[j] for j in range(len(q)))
        total += v[h] * math.tanh(pre)
    return total


# ----------------------------------------------------------------------------- softmax


@settings(max_examples=50, deadline=None)
@given(arrays(np.float64, st.integers(1, 8), elements=finite), finite)
def test_softmax_is_a_distribution_and_shift_invariant(x, c):
    p = at.softmax(x)
    assert np.all(p >= 0)
    assert p.sum() == pytest.approx(1.0)
    np.testing.assert_allclose(at.softmax(x + c), p, atol=1e-12)


def test_softmax_hand_values_and_no_overflow_at_1e4():
    # softmax([0, log 3]) = [1/4, 3/4]
    np.testing.assert_allclose(at.softmax([0.0, math.log(3.0)]), [0.25, 0.75])
    with np.errstate(over="raise", invalid="raise"):
        p = at.softmax([1e4, 1e4 - 1.0, -1e4])
    e = math.exp(-1.0)
    np.testing.assert_allclose(p, [1 / (1 + e), e / (1 + e), 0.0], atol=1e-15)


def test_softmax_axis():
    x = np.array([[0.0, 0.0], [math.log(3.0), 0.0]])
    np.testing.assert_allclose(at.softmax(x, axis=0), [[0.25, 0.5], [0.75, 0.5]])
    np.testing.assert_allclose(at.softmax(x, axis=1), [[0.5, 0.5], [0.75, 0.25]])


@pytest.mark.parametrize(
    "x, axis, error",
    [
        ([1.0, np.nan], -1, ValueError),
        ([1.0, np.inf], -1, ValueError),
        ([], -1, ValueError),
        ("abc", -1, TypeError),
        ([1.0, 2.0], 1, ValueError),
        ([1.0, 2.0], 0.5, TypeError),
        (3.0, -1, ValueError),
    ],
)
def test_softmax_rejects_bad_input(x, axis, error):
    with pytest.raises(error):
        at.softmax(x, axis=axis)


# ----------------------------------------------------------------------------- scores


@pytest.mark.parametrize("kind", at.KINDS)
def test_score_matches_the_formula(kind):
    p = PARAMS.get(kind, {})
    expected = [reference_score(m, Q, kind, **p) for m in MEM]
    np.testing.assert_allclose(at.score(MEM, Q, kind, **p), expected, rtol=1e-12)


def test_score_hand_values():
    mem = np.array([[3.0, 4.0], [1.0, 0.0]])
    q = np.array([0.0, 2.0])
    np.testing.assert_allclose(at.score(mem, q, "dot"), [8.0, 0.0])
    np.testing.assert_allclose(at.score(mem, q, "scaled_dot"), [8.0 / math.sqrt(2), 0.0])
    np.testing.assert_allclose(at.score(mem, q, "cosine"), [0.8, 0.0])


@pytest.mark.parametrize("kind", at.KINDS)
def test_batch_of_queries_equals_per_query_loop(kind):
    rng = np.random.default_rng(3)
    queries = rng.normal(size=(7, 3))
    p = PARAMS.get(kind, {})
    r, alpha = at.attention_read(MEM, queries, kind, **p)
    assert r.shape == (7, 3) and alpha.shape == (7, 4)
    for i, q in enumerate(queries):
        r1, a1 = at.attention_read(MEM, q, kind, **p)
        np.testing.assert_allclose(r[i], r1, atol=1e-12)
        np.testing.assert_allclose(alpha[i], a1, atol=1e-12)
    np.testing.assert_allclose(
        at.score(MEM, queries, kind, **p)[2], at.score(MEM, queries[2], kind, **p), atol=1e-12
    )


def test_bilinear_and_additive_allow_a_query_of_another_size():
    W = np.ones((3, 2))
    s = at.score(MEM, [1.0, -1.0], "bilinear", W=W)
    np.testing.assert_allclose(s, [0.0] * 4)
    W2, U2, v2 = np.eye(3)[:2], np.ones((2, 1)), np.array([1.0, 1.0])
    s = at.score(MEM, [0.0], "additive", W=W2, U=U2, v=v2)
    np.testing.assert_allclose(s, np.tanh(MEM[:, 0]) + np.tanh(MEM[:, 1]))


# ----------------------------------------------------------------------------- reads


@settings(max_examples=50, deadline=None)
@given(
    arrays(np.float64, (5, 3), elements=st.floats(-5, 5)),
    arrays(np.float64, 3, elements=st.floats(-5, 5)),
    st.sampled_from(["dot", "scaled_dot", "bilinear", "additive"]),
)
def test_attention_read_is_a_weighted_average(mem, q, kind):
    r, alpha = at.attention_read(mem, q, kind, **PARAMS.get(kind, {}))
    assert np.all(alpha >= 0) and alpha.sum() == pytest.approx(1.0)
    np.testing.assert_allclose(r, sum(alpha[n] * mem[n] for n in range(5)), atol=1e-9)
    # r lies in the bounding box of the memory rows
    assert np.all(r <= mem.max(axis=0) + 1e-9) and np.all(r >= mem.min(axis=0) - 1e-9)


def test_attention_weights_ignore_a_constant_added_to_every_score():
    # An extra constant feature on every memory row adds c * q_extra to every dot score.
    q = np.append(Q, 2.0)
    base = np.hstack([MEM, np.zeros((4, 1))])
    shifted = np.hstack([MEM, np.full((4, 1), 7.0)])
    _, a0 = at.attention_read(base, q)
    _, a1 = at.attention_read(shifted, q)
    np.testing.assert_allclose(a0, a1, atol=1e-12)


def test_one_hot_attention_returns_that_value():
    keys = 200.0 * np.eye(4)
    values = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0], [7.0, 8.0]])
    for n in range(4):
        r, alpha = at.key_value_read(keys, values, np.eye(4)[n])
        np.testing.assert_allclose(alpha, np.eye(4)[n], atol=1e-80)
        np.testing.assert_allclose(r, values[n])
        r, alpha = at.attention_read(keys, np.eye(4)[n])
        np.testing.assert_allclose(r, keys[n], atol=1e-60)


def test_key_value_read_formula_and_batch():
    keys = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    values = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]])
    q = np.array([math.log(2.0), 0.0])
    # scores (log 2, 0, log 2) -> weights (2, 1, 2) / 5; values are one-hot, so r = alpha
    r, alpha = at.key_value_read(keys, values, q)
    np.testing.assert_allclose(alpha, [0.4, 0.2, 0.4])
    np.testing.assert_allclose(r, [0.4, 0.2, 0.4])
    queries = np.array([[0.0, 0.0], [1.0, -2.0], [3.0, 1.0]])
    rb, ab = at.key_value_read(keys, values, queries)
    for i, qi in enumerate(queries):
        ri, ai = at.key_value_read(keys, values, qi)
        np.testing.assert_allclose(rb[i], ri)
        np.testing.assert_allclose(ab[i], ai)
    # with keys == values it is the dot-product attention read
    r1, a1 = at.key_value_read(MEM, MEM, Q)
    r2, a2 = at.attention_read(MEM, Q, "dot")
    np.testing.assert_allclose(r1, r2)
    np.testing.assert_allclose(a1, a2)


def test_hard_attention_picks_the_argmax_slot():
    r, alpha = at.hard_attention_read(MEM, Q)
    best = int(np.argmax([reference_score(m, Q, "dot") for m in MEM]))
    np.testing.assert_array_equal(alpha, np.eye(4)[best])
    np.testing.assert_array_equal(r, MEM[best])
    # ties go to the first slot
    r, alpha = at.hard_attention_read([[1.0, 0.0], [1.0, 0.0]], [1.0, 0.0])
    np.testing.assert_array_equal(alpha, [1.0, 0.0])
    rb, ab = at.hard_attention_read(MEM, np.stack([Q, -Q]))
    np.testing.assert_array_equal(ab[0], alpha_dot := np.eye(4)[best])
    assert ab[1].sum() == 1.0 and ab.shape == (2, 4) and alpha_dot.sum() == 1.0
    np.testing.assert_array_equal(rb[1], MEM[int(np.argmax(MEM @ -Q))])


@pytest.mark.parametrize("query", [Q, np.stack([Q, -Q, 2 * Q])], ids=["one", "batch"])
def test_weights_by_kind_is_attention_read_of_each_kind(query):
    weights = at.weights_by_kind(MEM, query, params=PARAMS)
    assert list(weights) == list(at.KINDS)
    for kind, alpha in weights.items():
        p = PARAMS.get(kind, {})
        expected = [reference_score(m, Q, kind, **p) for m in MEM]
        e = np.exp(np.subtract(expected, max(expected)))
        np.testing.assert_allclose(alpha if alpha.ndim == 1 else alpha[0], e / e.sum())
        np.testing.assert_array_equal(alpha, at.attention_read(MEM, query, kind, **p)[1])


def test_weights_by_kind_defaults_to_the_demo_parameters_and_keeps_the_order():
    weights = at.weights_by_kind(at.DEMO_MEMORY, [1.0, 1.0], kinds=["cosine", "bilinear"])
    assert list(weights) == ["cosine", "bilinear"]
    W = at.DEMO_PARAMS["bilinear"]["W"]
    s = at.DEMO_MEMORY @ W @ np.array([1.0, 1.0])
    np.testing.assert_allclose(weights["bilinear"], np.exp(s) / np.exp(s).sum())


def test_kind_names_are_the_chinese_names_of_the_book():
    assert list(at.KIND_NAMES) == list(at.KINDS)
    assert at.KIND_NAMES == {
        "dot": "点积",
        "scaled_dot": "缩放点积",
        "cosine": "余弦",
        "bilinear": "双线性",
        "additive": "加性",
    }


# ----------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    "call, error, name",
    [
        (lambda: at.score(MEM, Q, "manhattan"), ValueError, "kind"),
        (lambda: at.score(MEM, Q[:2]), ValueError, "query"),
        (lambda: at.score(np.zeros((0, 3)), Q), ValueError, "memory"),
        (lambda: at.score(MEM[0], Q), ValueError, "memory"),
        (lambda: at.score(MEM, [1.0, np.nan, 0.0]), ValueError, "query"),
        (lambda: at.score(np.full((2, 3), np.inf), Q), ValueError, "memory"),
        (lambda: at.score(MEM, Q, "bilinear"), TypeError, "W"),
        (lambda: at.score(MEM, Q, "bilinear", W=np.eye(2)), ValueError, "W"),
        (lambda: at.score(MEM, Q, "dot", W=np.eye(3)), TypeError, "W"),
        (lambda: at.score(MEM, Q, "additive", W=np.eye(3), U=np.eye(3)), TypeError, "v"),
        (
            lambda: at.score(MEM, Q, "additive", W=np.eye(3), U=np.eye(3), v=np.ones(2)),
            ValueError,
            "v",
        ),
        (lambda: at.score(MEM, np.zeros(3), "cosine"), ValueError, "query"),
        (lambda: at.score(np.zeros((2, 3)), Q, "cosine"), ValueError, "memory"),
        (lambda: at.score("memory", Q), TypeError, "memory"),
        (lambda: at.attention_read(MEM, Q, "nope"), ValueError, "kind"),
        (lambda: at.attention_read(np.zeros((0, 3)), Q), ValueError, "memory"),
        (lambda: at.hard_attention_read(MEM, Q[:1]), ValueError, "query"),
        (lambda: at.key_value_read(MEM, MEM[:3], Q), ValueError, "values"),
        (lambda: at.key_value_read(MEM, MEM, Q[:2]), ValueError, "query"),
        (lambda: at.key_value_read(np.zeros((0, 3)), np.zeros((0, 3)), Q), ValueError, "keys"),
        (lambda: at.key_value_read(MEM, MEM, [np.nan, 0, 0]), ValueError, "query"),
        (lambda: at.attention_frame(0.0, np.nan), ValueError, "query"),
        (lambda: at.attention_frame(0.0, 0.0, "nope"), ValueError, "kind"),
        (lambda: at.plot_scoring_functions(kinds=["dot", "x"]), ValueError, "kinds"),
        (lambda: at.weights_by_kind(MEM, Q, kinds=[]), ValueError, "kinds"),
        (lambda: at.weights_by_kind(MEM, Q, kinds="dot"), TypeError, "kinds"),
        (lambda: at.weights_by_kind(MEM, Q, kinds=["bilinear"], params={}), TypeError, "W"),
        (lambda: at.plot_attention_plane(MEM, Q), ValueError, "memory"),
    ],
)
def test_bad_input_raises_naming_the_argument(call, error, name):
    with pytest.raises(error, match=name):
        call()


# ----------------------------------------------------------------------------- figures

CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
MATH = re.compile(r"\$[^$]*\$")


def _texts(fig: Figure) -> list[str]:
    return [t.get_text() for t in fig.findobj(Text)]




def _words_outside_math(texts: list[str]) -> list[str]:
    """Latin words of the figure's texts outside $...$ (mathtext symbols are fine)."""
    return [w for t in texts for w in LATIN_WORD.findall(MATH.sub(" ", t))]


FIGURES = {
    "structure": at.draw_memory_network_structure,
    "scoring": at.plot_scoring_functions,
    "soft_vs_hard": at.plot_soft_vs_hard,
    "plane": lambda: at.plot_attention_plane(at.DEMO_MEMORY, [1.0, -1.0], "additive"),
}


@pytest.mark.parametrize("name", FIGURES)
def test_figures_speak_chinese(name):
    fig = FIGURES[name]()
    assert isinstance(fig, Figure)
    texts = _texts(fig)
    assert _words_outside_math(texts) == []
    svg = figure_to_svg(fig)
    assert english_words(svg) == []
    if name != "plane":  # the plane plot has symbols and numbers only
        assert any(CJK.search(t) for t in texts)
        assert CJK.search(svg)


def test_english_words_sees_a_word_beside_math_but_not_the_variables():
    fig = Figure(figsize=(3, 1))
    fig.text(0.1, 0.5, "memory $M$")
    fig.text(0.5, 0.5, "$r = R(M, q_r)$")
    assert english_words(figure_to_svg(fig)) == ["memory"]


def test_scoring_legend_and_soft_hard_legends_name_things_in_chinese():
    fig = at.plot_scoring_functions()
    legend = fig.axes[0].get_legend()
    assert [t.get_text() for t in legend.get_texts()] == [at.KIND_NAMES[k] for k in at.KINDS]
    matplotlib.pyplot.close(fig)
    fig = at.plot_soft_vs_hard()
    left, right = (ax.get_legend() for ax in fig.axes)
    assert [t.get_text() for t in left.get_texts()] == ["软性注意力", "硬性注意力"]
    assert [t.get_text() for t in right.get_texts()] == ["查询", "软性读出", "硬性读出"]
    matplotlib.pyplot.close(fig)


def test_structure_diagram_is_registered_and_labelled():
    assert at.IMAGES["memory_network_structure"] is at.draw_memory_network_structure
    fig = at.draw_memory_network_structure()
    text = " ".join(_texts(fig))
    for label in ("控制器", "读模块", "写模块", "外部记忆", "$C$", "$M$"):
        assert label in text
    # vectors bold as in the text (\\boldsymbol there, \\mathbf here); matrices italic
    for label in (r"$\mathbf{m}_1$", r"$\mathbf{m}_N$", r"$\mathbf{x}$", r"$\mathbf{y}$"):
        assert label in text
    for formula in (r"\mathbf{r}=R(M, \mathbf{q}_r)", r"W(M, \mathbf{q}_w, \mathbf{a})"):
        assert formula in text
    assert not re.search(r"(?<!mathbf\{)\b[mqr]_", text)  # no plain-italic vector left
    renderer = FigureCanvasAgg(fig).get_renderer()
    ax = fig.axes[0]
    boxes = [t.get_window_extent(renderer) for t in ax.texts if t.get_text()]
    for i, a in enumerate(boxes):  # no two labels overlap
        for b in boxes[i + 1 :]:
            assert not a.overlaps(b)
    matplotlib.pyplot.close(fig)


@pytest.mark.parametrize("kind", at.KINDS)
def test_demo_frames_have_no_english(kind):
    # every frame is built from the same template; corners, centre and origin suffice
    for x, y in [(at.GRID[0], at.GRID[-1]), (1.0, 1.0), (0.0, 0.0)]:
        frame = at.attention_frame(x, y, kind)
        assert english_words(frame) == []
        assert CJK.search(frame)


@pytest.mark.parametrize("kind", at.KINDS)
def test_attention_frame_shows_the_weights_of_that_query(kind):
    frame = at.attention_frame(1.0, -1.0, kind)
    assert frame.count("<svg") == 1 and "<table" in frame
    p = at.DEMO_PARAMS.get(kind, {})
    _, alpha = at.attention_read(at.DEMO_MEMORY, [1.0, -1.0], kind, **p)
    for a in alpha:
        assert f"{a:.3f}" in frame
    assert len(frame) < 20_000  # 125 frames are embedded in one page: keep it under 2.5 MB


def test_attention_frame_explains_the_undefined_cosine_at_the_origin():
    frame = at.attention_frame(0.0, 0.0, "cosine")
    assert "<svg" not in frame and "q = (0, 0)" in frame and "余弦" in frame
    assert "<svg" in at.attention_frame(0.0, 0.0, "dot")


def test_demo_grid_frames_differ_between_queries():
    f1 = at.attention_frame(at.GRID[0], at.GRID[0])
    f2 = at.attention_frame(at.GRID[-1], at.GRID[0])
    assert f1 != f2


@pytest.mark.parametrize("kind", ["dot", "additive", "cosine"])
@pytest.mark.parametrize("query", [(1.0, 1.0), (0.0, 0.0), (2.0, -2.0), (-1.0, 0.0)])
def test_attention_plane_is_readable(kind, query):
    if kind == "cosine" and not any(query):
        # undefined: the plot refuses, and the demo frame shows a message instead
        with pytest.raises(ValueError, match="query"):
            at.plot_attention_plane(at.DEMO_MEMORY, query, kind)
        assert "<svg" not in at.attention_frame(*query, kind)
        return
    fig = at.plot_attention_plane(at.DEMO_MEMORY, query, kind)
    assert tuple(fig.get_size_inches()) == (4.4, 2.3)
    texts = [t for t in fig.findobj(Text) if t.get_text() and t.get_visible()]
    assert min(t.get_fontsize() for t in texts) >= 9
    renderer = FigureCanvasAgg(fig).get_renderer()
    plane = fig.axes[1]
    labels = [t for t in plane.texts if t.get_text()]
    assert sorted(t.get_text() for t in labels) == sorted(
        [*"12345", r"$\mathbf{q}$", r"$\mathbf{r}$"]
    )
    boxes = [t.get_window_extent(renderer) for t in labels]
    for i, a in enumerate(boxes):  # no two labels overlap, and none covers a marker
        for b in boxes[i + 1 :]:
            assert not a.overlaps(b)
        for centre, radius in marker_discs(plane):
            assert not disc_overlaps(a, centre, radius), labels[i].get_text()
    matplotlib.pyplot.close(fig)


def marker_discs(ax):
    """(centre, radius) in display pixels of every scatter marker of ``ax``."""
    scale = ax.figure.dpi / 72
    return [
        (ax.transData.transform(xy), math.sqrt(s) / 2 * scale)
        for c in ax.collections
        for xy, s in zip(c.get_offsets(), np.broadcast_to(c.get_sizes(), len(c.get_offsets())))
    ]


def disc_overlaps(bbox, centre, radius):
    """Whether a disc meets a rectangle (all in display pixels), 1 px of slack."""
    nearest = np.clip(centre, [bbox.x0, bbox.y0], [bbox.x1, bbox.y1])
    return bool(np.hypot(*(nearest - centre)) < radius - 1.0)


def svg_sizes_px(svg):
    """(width, smallest font size) in CSS px of an SVG shown at its own size."""
    width_pt = float(re.search(r'<svg[^>]* width="([\d.]+)pt"', svg).group(1))
    sizes = font_sizes(svg)
    return width_pt * 4 / 3, min(sizes) * 4 / 3  # viewBox units are pt


def test_attention_frame_fits_beside_its_table_and_its_text_is_at_least_9px():
    # the book's text column is 688 px at a 1280 px window; the table is ~230 px
    frame = at.attention_frame(1.0, 1.0, "dot")
    svg = re.search(r"<svg\b.*?</svg>", frame, re.S).group(0)
    width, smallest = svg_sizes_px(svg)
    assert width + 16 + 230 <= 688
    assert smallest >= 9
    # both parts keep their own width (flex-basis auto): the table cannot squeeze
    # the figure, and the row wraps, figure above table, on a narrow page
    assert frame.count("flex:1 1 auto") == 2


def test_attention_frame_tables_use_unicode_subscripts_and_no_negative_zero():
    # bilinear at q = (-1, 1): s_1 = -0.003, printed "-0.00" by a plain format
    p = at.DEMO_PARAMS["bilinear"]
    s = at.score(at.DEMO_MEMORY, np.array([-1.0, 1.0]), "bilinear", **p)
    assert -0.005 < s[0] < 0
    frame = at.attention_frame(-1.0, 1.0, "bilinear")
    assert "-0.00" not in frame and "<td>0.00</td>" in frame
    assert "<th>得分 sₙ</th>" in frame and "<th>权重 αₙ</th>" in frame and "<td>m₁</td>" in frame
    assert "_" not in re.sub(r"<svg\b.*?</svg>", "", frame, flags=re.S)
    for x in at.GRID:  # every frame of the demo
        for y in at.GRID:
            for kind in at.KINDS:
                if kind == "cosine" and x == y == 0:
                    continue
                table = re.sub(r"<svg\b.*?</svg>", "", at.attention_frame(x, y, kind), flags=re.S)
                assert not re.search(r"-0\.0+\b(?![\d])", table), (x, y, kind)


def test_soft_vs_hard_slot_labels_stay_in_the_plane_and_off_the_markers():
    fig = at.plot_soft_vs_hard()
    renderer = FigureCanvasAgg(fig).get_renderer()
    plane = fig.axes[1]
    inside = plane.get_window_extent(renderer)
    legend = plane.get_legend().get_window_extent(renderer)
    labels = [t for t in plane.texts if t.get_text()]
    assert [t.get_text() for t in labels] == [rf"$\mathbf{{m}}_{{{i}}}$" for i in range(1, 6)]
    for t in labels:
        box = t.get_window_extent(renderer)
        assert inside.x0 <= box.x0 and box.x1 <= inside.x1, t.get_text()
        assert not box.overlaps(legend)
        for centre, radius in marker_discs(plane):
            assert not disc_overlaps(box, centre, radius), t.get_text()
    matplotlib.pyplot.close(fig)


def test_structure_diagram_text_is_at_least_8px_where_the_chapter_shows_it():
    from memlib.images import render

    svg = render(at.draw_memory_network_structure)
    shown = figure_width_px("8-5-memory-augmented.ipynb", "memory_network_structure.svg")
    view = float(re.search(r'viewBox="0 0 ([\d.]+)', svg).group(1))
    smallest = min(font_sizes(svg))
    assert smallest * shown / view >= 8


def figure_width_px(notebook, image, column=672.0):
    """Width in px at which a chapter shows an image: its ``:width:`` share of the
    text column (688 px at a 1280 px window, less the figure's margins)."""
    import json
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "chapters" / notebook
    text = "".join("".join(c["source"]) for c in json.loads(path.read_text())["cells"])
    share = re.search(re.escape(image) + r"\n(?::[^\n]*\n)*?:width: (\d+)%", text)
    return column * int(share.group(1)) / 100


# ----------------------------------------------------------------------------- memlib._draw


def test_draw_box_and_arrow_geometry():
    fig = Figure(figsize=(4, 4))
    ax = fig.subplots()
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 10)
    patch = _draw.box(ax, (2.0, 3.0), 4.0, 1.0, "hello", fc="#ff0000", pad=0.1, rounding=0.2)
    x0, y0, x1, y1 = patch.get_extents().transformed(ax.transData.inverted()).extents
    # the outline lies pad = 0.1 outside the 4 x 1 rectangle
    np.testing.assert_allclose([x0, y0, x1, y1], [1.9, 2.9, 6.1, 4.1], atol=0.05)
    (label,) = [t for t in ax.texts if t.get_text() == "hello"]
    assert label.get_position() == (4.0, 3.5)
    assert label.get_ha() == "center" and label.get_va() == "center"
    arr = _draw.arrow(ax, (1.0, 1.0), (5.0, 1.0), "$x$", offset=(0.0, 0.5))
    path = arr.get_path()  # data coordinates
    ends = path.vertices[np.isin(path.codes, [Path.MOVETO, Path.LINETO])]
    # no shrinking: the tail starts at start and the tip ends at end, less the ~1 pt
    # matplotlib takes off for the line width (2 pt of shrinking would be 0.09 here)
    assert ends[:, 0].max() == pytest.approx(5.0, abs=0.06)
    assert ends[:, 0].min() == pytest.approx(1.0, abs=0.02)
    (xlabel,) = [t for t in ax.texts if t.get_text() == "$x$"]
    assert xlabel.get_position() == (3.0, 1.5)
    assert _draw.arrow(ax, (0, 0), (1, 1)) is not None and len(ax.texts) == 2  # no empty label


def _plane(size=4.0):
    fig = Figure(figsize=(size, size), dpi=72)  # 1 px = 1 pt
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, size * 72)
    ax.set_ylim(0, size * 72)  # data units = points
    return ax


def _half_size(text, fontsize=10):
    """Half width and half height in points of a text, measured on its own figure."""
    fig = Figure(dpi=72)
    extent = fig.text(0, 0, text, fontsize=fontsize).get_window_extent(
        FigureCanvasAgg(fig).get_renderer()
    )
    return extent.width / 2, extent.height / 2


def test_place_labels_puts_a_free_label_in_its_preferred_direction():
    ax = _plane()
    hw, hh = _half_size("1")
    (label,) = _draw.place_labels(ax, [((100.0, 100.0), 5.0)], [(0, "1", 0.0, {"fontsize": 10})])
    # the box just outside the marker: radius 5 + gap 1.5 + half the label's width
    np.testing.assert_allclose(label.xyann, (5 + 1.5 + hw, 0.0), atol=0.01)
    assert label.xy == (100.0, 100.0) and label.get_text() == "1"
    assert label.get_ha() == "center" and not label.get_in_layout()
    (up,) = _draw.place_labels(ax, [((100.0, 200.0), 5.0)], [(0, "2", 90.0, {"fontsize": 10})])
    np.testing.assert_allclose(up.xyann, (0.0, 5 + 1.5 + hh), atol=0.01)


def test_place_labels_goes_round_markers_labels_and_edges():
    ax = _plane()
    hw, hh = _half_size("1")
    marks = [((100.0, 100.0), 5.0), ((112.0, 100.0), 6.0), ((280.0, 150.0), 4.0)]
    labels = [
        (0, "1", 0.0, {"fontsize": 10}),  # right of mark 0 is mark 1
        (1, "2", 180.0, {"fontsize": 10}),  # left of mark 1 is mark 0
        (2, "3", 0.0, {"fontsize": 10}),  # right of mark 2 is the edge at 288
    ]
    placed = _draw.place_labels(ax, marks, labels)
    centres = [np.add(m[0], a.xyann) for m, a in zip(marks, placed)]
    for (i, _, _, _), c in zip(labels, centres):
        for j, (xy, r) in enumerate(marks):  # each box 1.5 pt clear of the other markers ...
            if j != i:
                nearest = np.clip(xy, c - (hw, hh), c + (hw, hh))
                assert np.hypot(*(nearest - xy)) >= r + 1.5 - 1e-9
        assert 1.5 + hw <= c[0] <= 288 - 1.5 - hw  # ... and of the edges
        assert 1.5 + hh <= c[1] <= 288 - 1.5 - hh
    apart = np.abs(centres[0] - centres[1]) - (2 * hw, 2 * hh)
    assert apart.max() >= 1.5 - 1e-9  # the two labels' boxes are apart
    # mark 2: a box whose centre is 5.5 + hw pt to the right reaches past 286.5; the
    # directions are tried in the order 0, +22.5°, -22.5°, +45°, ...: the first one
    # clear of the edge is found with the same support-function geometry
    for k in range(16):
        theta = np.radians((k + 1) // 2 * 22.5 * (1 if k % 2 else -1))
        d = 4 + 1.5 + abs(np.cos(theta)) * hw + abs(np.sin(theta)) * hh
        if 280 + d * np.cos(theta) + hw <= 286.5:
            break
    np.testing.assert_allclose(placed[2].xyann, (d * np.cos(theta), d * np.sin(theta)), atol=0.01)
    assert placed[2].xyann[1] > 0  # anticlockwise first: above the marker
