"""Tests of memlib.memn2n: multi-hop read and the numpy MemN2N."""

from __future__ import annotations

import math

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from hypothesis.extra.numpy import arrays  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from memlib import attention, babi  # noqa: E402
from memlib import memn2n as mn  # noqa: E402
from memlib.memn2n import _core as mn_core  # noqa: E402  (private helpers)

small = st.floats(-3, 3, allow_nan=False)


# ----------------------------------------------------------------------------- multi-hop read


@settings(max_examples=50, deadline=None)
@given(
    arrays(np.float64, (4, 3), elements=small),
    arrays(np.float64, (4, 3), elements=small),
    arrays(np.float64, 3, elements=small),
)
def test_one_hop_equals_key_value_read(keys, values, query):
    (hop,) = mn.multi_hop_read(keys, values, query, 1)
    r, alpha = attention.key_value_read(keys, values, query)
    np.testing.assert_allclose(hop.read, r)
    np.testing.assert_allclose(hop.alpha, alpha)
    np.testing.assert_allclose(hop.query, query)


def test_multi_hop_recursion_by_hand():
    keys = [np.eye(2), np.array([[0.0, 1.0], [1.0, 0.0]])]
    values = [np.array([[1.0, 0.0], [0.0, 2.0]]), np.array([[3.0, 0.0], [0.0, 0.0]])]
    q = np.array([math.log(3.0), 0.0])
    hops = mn.multi_hop_read(keys, values, q, 2)
    # hop 1: scores (log 3, 0) -> alpha (3/4, 1/4); r = (3/4, 2/4)
    np.testing.assert_allclose(hops[0].alpha, [0.75, 0.25])
    np.testing.assert_allclose(hops[0].read, [0.75, 0.5])
    # hop 2: q2 = r1 + q1; keys swapped, so scores are (q2[1], q2[0])
    q2 = np.array([0.75 + math.log(3.0), 0.5])
    np.testing.assert_allclose(hops[1].query, q2)
    e = np.exp([q2[1], q2[0]])
    np.testing.assert_allclose(hops[1].alpha, e / e.sum())
    np.testing.assert_allclose(hops[1].read, [3.0 * e[0] / e.sum(), 0.0])


def test_multi_hop_shared_memory_equals_repeated_arrays_and_batches():
    rng = np.random.default_rng(0)
    a, c = rng.normal(size=(5, 3)), rng.normal(size=(5, 3))
    qs = rng.normal(size=(4, 3))
    shared = mn.multi_hop_read(a, c, qs, 3)
    repeated = mn.multi_hop_read([a, a, a], np.stack([c, c, c]), qs, 3)
    for h1, h2 in zip(shared, repeated):
        np.testing.assert_allclose(h1.read, h2.read)
    for i, q in enumerate(qs):
        single = mn.multi_hop_read(a, c, q, 3)
        for hb, hs in zip(shared, single):
            np.testing.assert_allclose(hb.alpha[i], hs.alpha)
            np.testing.assert_allclose(hb.query[i], hs.query)
    assert isinstance(shared[0], mn.Hop)
    with pytest.raises(AttributeError):
        shared[0].read = None  # frozen


def test_toy_example_visits_slots_one_two_three():
    hops = mn.multi_hop_read(mn.TOY_KEYS, mn.TOY_VALUES, mn.TOY_QUERY, 3)
    assert [int(np.argmax(h.alpha)) for h in hops] == [0, 1, 2]
    assert all(h.alpha.max() > 0.85 for h in hops)


@pytest.mark.parametrize(
    "call, error, name",
    [
        (lambda: mn.multi_hop_read(np.eye(3), np.eye(3), np.ones(3), 0), ValueError, "hops"),
        (lambda: mn.multi_hop_read(np.eye(3), np.eye(3), np.ones(3), 1.5), TypeError, "hops"),
        (lambda: mn.multi_hop_read(np.eye(3), np.eye(3)[:2], np.ones(3), 1), ValueError, "values"),
        (lambda: mn.multi_hop_read(np.eye(3), np.eye(3), np.ones(2), 1), ValueError, "query"),
        (lambda: mn.multi_hop_read([np.eye(3)] * 2, np.eye(3), np.ones(3), 3), ValueError, "keys"),
        (
            lambda: mn.multi_hop_read([np.eye(3), np.eye(2)], np.eye(3), np.ones(3), 2),
            ValueError,
            "keys",
        ),
        (lambda: mn.multi_hop_read(np.zeros((0, 3)), np.eye(3), np.ones(3), 1), ValueError, "keys"),
        (
            lambda: mn.multi_hop_read(np.eye(3), np.eye(3), [np.nan, 0, 0], 1),
            ValueError,
            "query",
        ),
        (lambda: mn.multi_hop_read("keys", np.eye(3), np.ones(3), 1), TypeError, "keys"),
    ],
)
def test_multi_hop_bad_input(call, error, name):
    with pytest.raises(error, match=name):
        call()


# ----------------------------------------------------------------------------- encodings


def test_position_encoding_formula_by_hand():
    # J = 2, d = 2: l_kj = (1 - j/2) - (k/2)(1 - j)
    np.testing.assert_allclose(mn.position_encoding(2, 2), [[0.5, 0.5], [0.5, 1.0]])
    # J = 1: l_k1 = 0 - (k/d)(1 - 2) = k/d
    np.testing.assert_allclose(mn.position_encoding(1, 4), [[0.25, 0.5, 0.75, 1.0]])
    with pytest.raises(ValueError, match="length"):
        mn.position_encoding(0, 3)


STORIES = babi.parse(
    "1 Mary moved to the bathroom.\n2 John went to the hallway.\n"
    "3 Where is Mary? \tbathroom\t1\n4 Mary got the milk there.\n"
    "5 Where is the milk? \tbathroom\t1 4\n"
    "1 Sandra went back to the garden.\n2 Where is Sandra? \tgarden\t1\n"
)


def reference_logits(model: mn.MemN2N, example: babi.Example, linear: bool = False):
    """MemN2N forward pass for one example, written with loops from the paper."""
    E = model.params["E"]
    K, d = model.hops, model.dim
    sentences = list(example.context)[::-1][: model.memory_size]  # most recent first

    def embed(sentence: str, k: int) -> np.ndarray:
        ids = model.vocab.encode(sentence)
        J = len(ids)
        out = np.zeros(d)
        for j, w in enumerate(ids, start=1):
            for c in range(1, d + 1):
                weight = (1 - j / J) - (c / d) * (1 - 2 * j / J) if model.position_encoding else 1
                out[c - 1] += weight * E[k][w, c - 1]
        return out

    u = embed(example.question, 0)
    for k in range(1, K + 1):
        keys = np.array([embed(s, k - 1) for s in sentences])
        values = np.array([embed(s, k) for s in sentences])
        if model.temporal_encoding:
            keys = keys + model.params["T"][k - 1, : len(sentences)]
            values = values + model.params["T"][k, : len(sentences)]
        s = keys @ u
        p = s if linear else np.exp(s - s.max()) / np.exp(s - s.max()).sum()
        u = u + p @ values
    return E[K] @ u


@pytest.mark.parametrize("pe, te", [(True, True), (False, True), (True, False)])
@pytest.mark.parametrize("linear", [False, True])
def test_forward_matches_the_paper_formulas(pe, te, linear):
    model = mn.MemN2N(
        mn.Vocab.build(STORIES),
        2,
        dim=4,
        position_encoding=pe,
        temporal_encoding=te,
        rng=0,
        init_std=0.5,
    )
    exs = babi.examples(STORIES)
    logits = model.forward(model.encode(exs), linear=linear)["logits"]
    for i, ex in enumerate(exs):
        np.testing.assert_allclose(logits[i], reference_logits(model, ex, linear), atol=1e-12)


def test_memory_keeps_the_most_recent_sentences():
    model = mn.MemN2N(mn.Vocab.build(STORIES), 1, dim=3, memory_size=1, rng=0, init_std=0.5)
    ex = babi.examples(STORIES)[1]  # three sentences, only "Mary got the milk there." fits
    logits = model.forward(model.encode([ex]))["logits"][0]
    np.testing.assert_allclose(logits, reference_logits(model, ex))
    att = model.attention(STORIES[0], 1)
    np.testing.assert_allclose(att, [[0.0, 0.0, 1.0]])


def finite_difference_gradients(model: mn.MemN2N, enc: mn.Encoded, linear: bool) -> dict:
    """Central differences of the loss with respect to every parameter entry."""
    h = 1e-6
    out = {}
    for key, P in model.params.items():
        numeric = np.zeros_like(P)
        for idx in np.ndindex(P.shape):
            old = P[idx]
            P[idx] = old + h
            lp, _ = model.loss_and_gradients(enc, linear=linear)
            P[idx] = old - h
            lm, _ = model.loss_and_gradients(enc, linear=linear)
            P[idx] = old
            numeric[idx] = (lp - lm) / (2 * h)
        out[key] = numeric
    return out


@pytest.mark.parametrize(
    "pe, te, linear, memory_size, noisy, block",
    [
        (True, True, False, 12, False, None),
        (True, True, True, 12, False, None),
        (False, False, False, 12, False, None),
        (False, True, False, 12, False, None),  # bag of words with temporal encoding
        (True, True, False, 3, False, None),  # memory shorter than the stories
        (True, True, False, 12, True, None),  # a batch with random-noise empty slots
        (True, True, True, 5, True, 64),  # all of it, with block-split matrix products
    ],
)
def test_hand_derived_gradients_match_finite_differences(
    monkeypatch, pe, te, linear, memory_size, noisy, block
):
    stories = babi.generate(2, 2, rng=4, questions=2)
    model = mn.MemN2N(
        mn.Vocab.build(stories),
        3,
        dim=4,
        memory_size=memory_size,
        position_encoding=pe,
        temporal_encoding=te,
        rng=1,
        init_std=0.4,
    )
    enc = model.encode(stories)
    longest = max(len(e.context) for e in babi.examples(stories))
    assert enc.story_a.shape[1] == min(memory_size, longest)
    if memory_size < longest:
        assert np.any(enc.lengths < [len(e.context) for e in babi.examples(stories)])
    if noisy:
        enc = mn_core._add_noise(enc, 0.5, memory_size, np.random.default_rng(0))
        empty = enc.mask & ~enc.story_a.any(axis=2)
        assert empty.any()  # empty slots take part in the softmax
    if block is not None:
        _, unsplit = model.loss_and_gradients(enc, linear=linear)
        monkeypatch.setattr(mn_core, "_BLOCK", block)
        rows_per_block = max(1, block // (len(model.vocab) * 4 * model.dim))
        assert rows_per_block < enc.story_a.shape[0] * enc.story_a.shape[1]  # products split
    _, grads = model.loss_and_gradients(enc, linear=linear)
    assert set(grads) == set(model.params)
    numeric = finite_difference_gradients(model, enc, linear)
    for key in model.params:
        scale = np.abs(numeric[key]).max()
        assert scale > 0
        np.testing.assert_allclose(grads[key], numeric[key], atol=1e-6 * scale, rtol=0)
        if block is not None:
            np.testing.assert_allclose(grads[key], unsplit[key], rtol=1e-12, atol=1e-15)


def test_block_split_products_equal_plain_products(monkeypatch):
    rng = np.random.default_rng(3)
    a, b, g = rng.normal(size=(23, 7)), rng.normal(size=(7, 5)), rng.normal(size=(23, 4))
    monkeypatch.setattr(mn_core, "_BLOCK", 70)  # 2 rows of a per block
    np.testing.assert_allclose(mn_core._mm(a, b), a @ b, rtol=1e-13)
    np.testing.assert_allclose(mn_core._mm_t(a, g), a.T @ g, rtol=1e-13, atol=1e-13)


def test_clip_scales_the_global_norm_in_place():
    grads = {"E": np.array([3.0, 0.0]), "T": np.array([[0.0, 4.0]])}  # global norm 5
    assert mn_core._clip(grads, 10.0) is None
    np.testing.assert_array_equal(grads["E"], [3.0, 0.0])  # below the threshold: unchanged
    mn_core._clip(grads, 2.5)
    np.testing.assert_allclose(grads["E"], [1.5, 0.0])
    np.testing.assert_allclose(grads["T"], [[0.0, 2.0]])


def test_loss_is_the_mean_cross_entropy():
    model = mn.MemN2N(mn.Vocab.build(STORIES), 1, dim=3, rng=2)
    enc = model.encode(STORIES)
    loss, _ = model.loss_and_gradients(enc)
    logits = model.forward(enc)["logits"]
    ce = [-(logits[i, y] - math.log(np.exp(logits[i]).sum())) for i, y in enumerate(enc.answers)]
    assert loss == pytest.approx(np.mean(ce))


def test_random_noise_inserts_empty_slots_and_keeps_the_order():
    stories = babi.generate(1, 4, rng=0)
    model = mn.MemN2N(mn.Vocab.build(stories), 1, dim=3, memory_size=50)
    enc = model.encode(stories)
    same = mn_core._add_noise(enc, 0.0, 50, np.random.default_rng(0))
    np.testing.assert_array_equal(same.story_a, enc.story_a)
    np.testing.assert_array_equal(same.mask, enc.mask)
    noisy = mn_core._add_noise(enc, 0.5, 50, np.random.default_rng(0))
    assert noisy.story_a.shape[1] > enc.story_a.shape[1]
    for b in range(len(enc)):
        filled = noisy.story_a[b][noisy.story_a[b].any(axis=1)]
        np.testing.assert_array_equal(filled, enc.story_a[b][enc.mask[b]])
        assert noisy.mask[b].sum() >= enc.mask[b].sum()


# ----------------------------------------------------------------------------- training


def test_training_reaches_high_accuracy_on_task1_quickly():
    train = babi.generate(1, 60, rng=10)
    test = babi.generate(1, 40, rng=11)
    model = mn.train(train, hops=1, rng=0, epochs=25, linear_start=0)
    assert model.accuracy(test) >= 0.9
    assert model.history[-1] < model.history[0]
    predictions = model.predict(test)
    answers = [q.answer for s in test for q in s.questions]
    assert np.mean([p == a for p, a in zip(predictions, answers)]) == model.accuracy(test)


def test_on_epoch_sees_every_epoch_and_can_stop_training():
    train = babi.generate(1, 8, rng=1)
    seen = []
    mn.train(train, hops=1, rng=0, epochs=4, on_epoch=lambda e, m: seen.append(e))
    assert seen == [0, 1, 2, 3]
    seen.clear()
    def stop_after_third(epoch, model):
        seen.append(epoch)
        return epoch == 2

    model = mn.train(train, hops=1, rng=0, epochs=10, on_epoch=stop_after_third)
    assert seen == [0, 1, 2] and len(model.history) == 3
    # stopping early leaves the same model as training for that many epochs
    full = mn.train(train, hops=1, rng=0, epochs=3)
    for key in full.params:
        np.testing.assert_array_equal(full.params[key], model.params[key])
    with pytest.raises(TypeError, match="on_epoch must be callable"):
        mn.train(train, hops=1, rng=0, epochs=1, on_epoch=3)


def test_training_is_deterministic():
    train = babi.generate(2, 6, rng=1)
    m1 = mn.train(train, hops=2, rng=3, epochs=3)
    m2 = mn.train(train, hops=2, rng=3, epochs=3)
    for key in m1.params:
        np.testing.assert_array_equal(m1.params[key], m2.params[key])
    m3 = mn.train(train, hops=2, rng=4, epochs=3)
    assert not np.array_equal(m1.params["E"], m3.params["E"])


def test_sgd_option_reduces_the_loss():
    train = babi.generate(1, 10, rng=1)
    model = mn.train(train, hops=1, rng=0, epochs=6, optimizer="sgd", lr=0.05, linear_start=2)
    assert model.history[-1] < model.history[0]


def test_attention_is_per_hop_over_the_story_in_order():
    train = babi.generate(1, 60, rng=10)
    model = mn.train(train, hops=2, rng=0, epochs=20, linear_start=0)
    story = babi.generate(1, 1, rng=99)[0]
    for qi, q in enumerate(story.questions):
        att = model.attention(story, qi)
        assert att.shape == (2, q.position)
        np.testing.assert_allclose(att.sum(axis=1), 1.0)
    # the trained model looks at the supporting fact (in story order)
    q = story.questions[-1]
    assert int(np.argmax(model.attention(story)[-1])) == q.supporting[0]


@pytest.mark.parametrize(
    "call, error, name",
    [
        (lambda: mn.train([], hops=1), ValueError, "stories"),
        (lambda: mn.train(STORIES, hops=0), ValueError, "hops"),
        (lambda: mn.train(STORIES, hops=1, epochs=0), ValueError, "epochs"),
        (lambda: mn.train(STORIES, hops=1, noise=1.5), ValueError, "noise"),
        (lambda: mn.train(STORIES, hops=1, optimizer="rmsprop"), ValueError, "optimizer"),
        (lambda: mn.train(STORIES, hops=1, lr=-1.0), ValueError, "lr"),
        (lambda: mn.train(STORIES, hops=1, lr=0.0), ValueError, "lr"),
        (lambda: mn.train(STORIES, hops=1, lr="0.1"), TypeError, "lr"),
        (lambda: mn.train(STORIES, hops=1, init_std=0), ValueError, "init_std"),
        (lambda: mn.train(STORIES, hops=1, clip=-1.0), ValueError, "clip"),
        (lambda: mn.train(STORIES, hops=1, rng=None), TypeError, "rng"),
        (lambda: mn.train("1 Mary moved.", hops=1), TypeError, "stories"),
        (lambda: mn.MemN2N(["", "a"], 1), TypeError, "vocab"),
        (lambda: mn.MemN2N(mn.Vocab.build(STORIES), 0), ValueError, "hops"),
        (lambda: mn.MemN2N(mn.Vocab.build(STORIES), 1, dim=0), ValueError, "dim"),
        (lambda: mn.MemN2N(mn.Vocab.build(STORIES), 1, init_std=0.0), ValueError, "init_std"),
        (lambda: mn.MemN2N(mn.Vocab.build(STORIES), 1, init_std=-0.1), ValueError, "init_std"),
        (lambda: mn.MemN2N(mn.Vocab.build(STORIES), 1, memory_size=0), ValueError, "memory"),
        (lambda: mn.Vocab(("a", "b")), ValueError, "padding"),
        (lambda: mn.Vocab(("", "a", "a")), ValueError, "distinct"),
    ],
)
def test_model_bad_input(call, error, name):
    with pytest.raises(error, match=name):
        call()


def test_attention_and_frames_bad_input():
    model = mn.MemN2N(mn.Vocab.build(STORIES), 1, dim=3)
    with pytest.raises(ValueError, match="question"):
        model.attention(STORIES[0], 2)
    with pytest.raises(TypeError, match="story"):
        model.attention("story")
    with pytest.raises(TypeError, match="model"):
        mn.story_frame(STORIES[0], 0, "model")
    with pytest.raises(ValueError, match="hop"):
        mn.hop_frame(4)
    enc = model.encode(babi.parse("1 Ann ran.\n2 Where is Ann? \tmoon\t1\n"))
    assert enc.answers[0] == -1
    with pytest.raises(ValueError, match="enc"):
        model.loss_and_gradients(enc)


# ----------------------------------------------------------------------------- frames, figures


def test_story_frame_shades_each_hop():
    model = mn.MemN2N(mn.Vocab.build(STORIES), 2, dim=3)
    frame = mn.story_frame(STORIES[0], 1, model)
    att = model.attention(STORIES[0], 1)
    assert frame.count("<tr>") == 1 + 3  # header + three sentences
    for k in range(2):
        for i in range(3):
            assert f">{att[k, i]:.2f}</td>" in frame
    assert "Where is the milk?" in frame and "★" in frame


def test_hop_frame_reports_the_hop_numbers():
    frame = mn.hop_frame(2)
    hop = mn.multi_hop_read(mn.TOY_KEYS, mn.TOY_VALUES, mn.TOY_QUERY, 3)[1]
    assert "<svg" in frame
    assert ", ".join(f"{x:.2f}" for x in hop.alpha) in frame
    assert len(frame) < 60_000


@pytest.mark.parametrize(
    "draw",
    [
        mn.plot_key_value_attention,
        mn.plot_multi_hop,
        lambda: mn.plot_toy_hop(1),
        lambda: mn.plot_hop_attention(mn.MemN2N(mn.Vocab.build(STORIES), 2, dim=3), STORIES[0]),
    ],
)
def test_plots_return_figures(draw):
    fig = draw()
    assert isinstance(fig, Figure)
    matplotlib.pyplot.close(fig)


def test_images_registry():
    assert set(mn.IMAGES) == {"key_value_attention", "memn2n_multi_hop"}
    for draw in mn.IMAGES.values():
        fig = draw()
        assert isinstance(fig, Figure)
        matplotlib.pyplot.close(fig)
