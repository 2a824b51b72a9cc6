"""Tests of memlib.memn2n: multi-hop read and the numpy MemN2N."""

from __future__ import annotations

import dataclasses
import inspect
import math
import re

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from figure_text import english_words, font_sizes  # noqa: E402
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
#: A story whose answer ("kitchen") is not a word of STORIES.
UNKNOWN_ANSWER = babi.parse("1 Mary moved to the bathroom.\n2 Where is Mary? \tkitchen\t1\n")


def small_model(**options) -> mn.MemN2N:
    return mn.MemN2N(mn.Vocab.build(STORIES), 1, dim=3, **options)


def fit(stories, hops=3, seed=0, *, on_epoch=None, **options) -> mn.MemN2N:
    """A model trained on ``stories``; one seed draws its initial weights, then the batches.

    ``options`` are split by name between :class:`MemN2N` and :class:`TrainConfig`.
    """
    config_names = {f.name for f in dataclasses.fields(mn.TrainConfig)}
    config = {k: v for k, v in options.items() if k in config_names}
    model_options = {k: v for k, v in options.items() if k not in config_names}
    rng = np.random.default_rng(seed)
    model = mn.MemN2N(mn.Vocab.build(stories), hops, rng=rng, **model_options)
    return mn.train(model, stories, mn.TrainConfig(**config), rng=rng, on_epoch=on_epoch)


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
    logits = E[K] @ u
    logits[0] = -np.inf  # the padding word is not an answer
    return logits


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
    logits = model.forward(model.encode(exs), linear=linear).logits
    for i, ex in enumerate(exs):
        np.testing.assert_allclose(logits[i], reference_logits(model, ex, linear), atol=1e-12)


def forward_example(linear=False, pe=True, te=True):
    stories = babi.generate(2, 3, rng=4, questions=2)
    model = mn.MemN2N(
        mn.Vocab.build(stories),
        2,
        dim=4,
        memory_size=6,
        position_encoding=pe,
        temporal_encoding=te,
        rng=1,
        init_std=0.4,
    )
    enc = model.encode(stories)
    return model, enc, model.forward(enc, linear=linear)


def test_forward_pass_fields_have_the_documented_shapes():
    model, enc, fp = forward_example()
    assert isinstance(fp, mn.ForwardPass)
    K, d, V = model.hops, model.dim, len(model.vocab)
    B, S = enc.mask.shape
    assert enc.lengths.max() == S == model.memory_size and not enc.mask.all()  # some empty slots
    assert fp.a.shape == fp.c.shape == (K, B, S, d)
    assert fp.q.shape == (K + 1, B, d)
    assert fp.alpha.shape == (K, B, S)
    assert fp.r.shape == (K, B, d)
    assert fp.logits.shape == (B, V)
    assert fp.linear is False
    with pytest.raises(dataclasses.FrozenInstanceError):
        fp.logits = None
    for arr in (fp.a, fp.c, fp.q, fp.alpha, fp.r, fp.logits):
        with pytest.raises(ValueError, match="read-only"):
            arr[0] = 0.0


@pytest.mark.parametrize("linear", [False, True])
def test_forward_pass_fields_follow_the_chapter_equations(linear):
    model, enc, fp = forward_example(linear)
    E, T = model.params["E"], model.params["T"]
    K = model.hops
    # eq-851-embed: keys and values of slot 1 (the most recent sentence) of example 0
    ex = babi.examples(babi.generate(2, 3, rng=4, questions=2))[0]
    ids = model.vocab.encode(ex.context[-1])
    l = mn.position_encoding(len(ids), model.dim)  # noqa: E741  (the chapter's l_j)
    for k in range(1, K + 1):
        np.testing.assert_allclose(fp.a[k - 1, 0, 0], (l * E[k - 1][ids]).sum(0) + T[k - 1, 0])
        np.testing.assert_allclose(fp.c[k - 1, 0, 0], (l * E[k][ids]).sum(0) + T[k, 0])
    q_ids = model.vocab.encode(ex.question)
    np.testing.assert_allclose(
        fp.q[0, 0], (mn.position_encoding(len(q_ids), 4) * E[0][q_ids]).sum(0)
    )
    # adjacent weight tying: C^(k) = A^(k+1)
    np.testing.assert_array_equal(fp.c[:-1], fp.a[1:])
    for k in range(K):
        scores = np.einsum("bsd,bd->bs", fp.a[k], fp.q[k])
        if linear:
            expected = np.where(enc.mask, scores, 0.0)
        else:
            e = np.where(enc.mask, np.exp(scores - scores.max(axis=1, keepdims=True)), 0.0)
            expected = e / e.sum(axis=1, keepdims=True)
            np.testing.assert_allclose(fp.alpha[k].sum(axis=1), 1.0)
        np.testing.assert_allclose(fp.alpha[k], expected, atol=1e-12)  # eq-851-hop-read
        np.testing.assert_allclose(fp.r[k], np.einsum("bs,bsd->bd", fp.alpha[k], fp.c[k]))
        np.testing.assert_allclose(fp.q[k + 1], fp.r[k] + fp.q[k])  # eq-851-hop-query
    # eq-851-answer: W (r^(K) + q^(K)) with W = E_K; the padding word is no answer
    np.testing.assert_allclose(fp.logits[:, 1:], (fp.r[-1] + fp.q[-2]) @ E[K][1:].T)
    assert np.all(fp.logits[:, 0] == -np.inf)
    assert fp.linear is linear


def test_memory_keeps_the_most_recent_sentences():
    model = mn.MemN2N(mn.Vocab.build(STORIES), 1, dim=3, memory_size=1, rng=0, init_std=0.5)
    ex = babi.examples(STORIES)[1]  # three sentences, only "Mary got the milk there." fits
    logits = model.forward(model.encode([ex])).logits[0]
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
    np.testing.assert_array_equal(grads["E"][:, 0], 0.0)  # the padding word takes no part
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
    logits = model.forward(enc).logits
    ce = [-(logits[i, y] - math.log(np.exp(logits[i]).sum())) for i, y in enumerate(enc.answers)]
    assert loss == pytest.approx(np.mean(ce))


def test_padding_word_is_no_answer_and_not_in_the_softmax():
    stories = babi.generate(2, 3, rng=4, questions=2)
    model = mn.MemN2N(mn.Vocab.build(stories), 2, dim=4, rng=1, init_std=0.4)
    assert model.vocab.words[0] == ""
    np.testing.assert_array_equal(model.params["E"][:, 0], 0.0)
    enc = model.encode(stories)
    fp = model.forward(enc)
    assert np.all(fp.logits[:, 0] == -np.inf)
    # the answer distribution is the softmax over the real words 1..V-1 only
    scores = fp.q[-1] @ model.params["E"][-1][1:].T
    top = scores.max(axis=1, keepdims=True)
    log_q = scores - top - np.log(np.exp(scores - top).sum(axis=1, keepdims=True))
    expected = -np.mean(log_q[np.arange(len(enc)), enc.answers - 1])
    loss, grads = model.loss_and_gradients(enc)
    assert loss == pytest.approx(expected, rel=1e-12)
    np.testing.assert_array_equal(grads["E"][:, 0], 0.0)
    # whatever the padding rows hold, the loss and the answers do not change
    answers = model.predict(stories)
    model.params["E"][:, 0] = 50.0 * fp.q[-1].mean(axis=0)
    assert model.loss_and_gradients(enc)[0] == loss
    assert model.predict(stories) == answers and "" not in answers
    # training keeps the padding rows at zero
    trained = fit(stories, hops=2, dim=4, epochs=3, linear_start=1)
    np.testing.assert_array_equal(trained.params["E"][:, 0], 0.0)
    # an empty answer is the padding word, not a word of the vocabulary
    ex = babi.Example(("Mary went to the kitchen.",), "Where is Mary?", "", (0,))
    assert model.encode([ex]).answers[0] == -1
    with pytest.raises(ValueError, match="padding"):
        mn.MemN2N(mn.Vocab(("",)), 1)


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


def test_train_config_defaults_are_the_books_setting():
    # the "本书" column of the table in chapter 8.5.1
    config = mn.TrainConfig()
    assert dataclasses.asdict(config) == {
        "epochs": 60,
        "batch_size": 32,
        "lr": 0.01,
        "decay_every": 20,
        "optimizer": "adam",
        "linear_start": 15,
        "clip": 40.0,
        "noise": 0.1,
    }
    with pytest.raises(dataclasses.FrozenInstanceError):
        config.lr = 0.1


def test_each_hyperparameter_is_defined_in_one_place():
    model_args = set(inspect.signature(mn.MemN2N).parameters)
    config_fields = {f.name for f in dataclasses.fields(mn.TrainConfig)}
    train_args = set(inspect.signature(mn.train).parameters)
    assert {"hops", "dim", "memory_size", "init_std"} <= model_args
    assert not model_args & config_fields
    assert train_args == {"model", "stories", "config", "rng", "on_epoch"}


def test_train_config_normalises_numbers():
    config = mn.TrainConfig(epochs=np.int64(3), lr=1, clip=0, noise=0)
    assert type(config.epochs) is int and config.epochs == 3
    assert type(config.lr) is float and config.lr == 1.0
    assert type(config.clip) is float and type(config.noise) is float


def test_learning_rate_is_halved_every_decay_every_epochs():
    config = mn.TrainConfig(lr=0.08, decay_every=3)
    assert [config.learning_rate(e) for e in range(7)] == [0.08] * 3 + [0.04] * 3 + [0.02]
    with pytest.raises(ValueError, match="epoch"):
        config.learning_rate(-1)


@pytest.mark.parametrize(
    "options, error, name",
    [
        ({"epochs": 0}, ValueError, "epochs"),
        ({"epochs": 2.5}, TypeError, "epochs"),
        ({"epochs": True}, TypeError, "epochs"),
        ({"batch_size": 0}, ValueError, "batch_size"),
        ({"lr": 0.0}, ValueError, "lr"),
        ({"lr": -1.0}, ValueError, "lr"),
        ({"lr": float("nan")}, ValueError, "lr"),
        ({"lr": "0.1"}, TypeError, "lr"),
        ({"decay_every": 0}, ValueError, "decay_every"),
        ({"optimizer": "rmsprop"}, ValueError, "optimizer"),
        ({"optimizer": None}, TypeError, "optimizer"),
        ({"linear_start": -1}, ValueError, "linear_start"),
        ({"clip": -1.0}, ValueError, "clip"),
        ({"noise": 1.5}, ValueError, "noise"),
        ({"noise": -0.1}, ValueError, "noise"),
    ],
)
def test_train_config_bad_input(options, error, name):
    with pytest.raises(error, match=name):
        mn.TrainConfig(**options)


@pytest.mark.parametrize("linear_start", [0, 1])
def test_one_sgd_epoch_on_one_batch_is_one_gradient_step(linear_start):
    # full batch, no noise, no clipping: the new weights are w - lr * grad(w)
    stories = babi.generate(1, 3, rng=2)
    model = mn.MemN2N(mn.Vocab.build(stories), 2, dim=5, rng=0)
    before = {k: v.copy() for k, v in model.params.items()}
    enc = model.encode(stories)
    loss, grads = model.loss_and_gradients(enc, linear=linear_start > 0)
    config = mn.TrainConfig(
        epochs=1,
        batch_size=len(enc),
        lr=0.3,
        optimizer="sgd",
        linear_start=linear_start,
        clip=0.0,
        noise=0.0,
    )
    assert mn.train(model, stories, config, rng=5) is model  # trained in place
    assert model.history == [pytest.approx(loss, rel=1e-12)]
    for key in before:
        np.testing.assert_allclose(model.params[key], before[key] - 0.3 * grads[key], atol=1e-12)


def test_training_reaches_high_accuracy_on_task1_quickly():
    train = babi.generate(1, 60, rng=10)
    test = babi.generate(1, 40, rng=11)
    model = fit(train, hops=1, epochs=25, linear_start=0)
    assert model.accuracy(test) >= 0.9
    assert model.history[-1] < model.history[0]
    predictions = model.predict(test)
    answers = [q.answer for s in test for q in s.questions]
    assert np.mean([p == a for p, a in zip(predictions, answers)]) == model.accuracy(test)


def test_on_epoch_sees_every_epoch_and_can_stop_training():
    train = babi.generate(1, 8, rng=1)
    seen = []
    fit(train, hops=1, epochs=4, on_epoch=lambda e, m: seen.append(e))
    assert seen == [0, 1, 2, 3]
    seen.clear()

    def stop_after_third(epoch, model):
        seen.append(epoch)
        return epoch == 2

    model = fit(train, hops=1, epochs=10, on_epoch=stop_after_third)
    assert seen == [0, 1, 2] and len(model.history) == 3
    # stopping early leaves the same model as training for that many epochs
    full = fit(train, hops=1, epochs=3)
    for key in full.params:
        np.testing.assert_array_equal(full.params[key], model.params[key])
    with pytest.raises(TypeError, match="on_epoch must be callable"):
        fit(train, hops=1, epochs=1, on_epoch=3)


def test_training_is_deterministic():
    train = babi.generate(2, 6, rng=1)
    m1 = fit(train, hops=2, seed=3, epochs=3)
    m2 = fit(train, hops=2, seed=3, epochs=3)
    for key in m1.params:
        np.testing.assert_array_equal(m1.params[key], m2.params[key])
    m3 = fit(train, hops=2, seed=4, epochs=3)
    assert not np.array_equal(m1.params["E"], m3.params["E"])


def test_sgd_option_reduces_the_loss():
    train = babi.generate(1, 10, rng=1)
    model = fit(train, hops=1, epochs=6, optimizer="sgd", lr=0.05, linear_start=2)
    assert model.history[-1] < model.history[0]


def test_attention_is_per_hop_over_the_story_in_order():
    train = babi.generate(1, 60, rng=10)
    model = fit(train, hops=2, epochs=20, linear_start=0)
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
        (lambda: mn.train(small_model(), []), ValueError, "stories"),
        (lambda: mn.train(small_model(), STORIES, rng=None), TypeError, "rng"),
        (lambda: mn.train(small_model(), "1 Mary moved."), TypeError, "stories"),
        (lambda: mn.train(STORIES, STORIES), TypeError, "model must be a MemN2N"),
        (lambda: mn.train(small_model(), STORIES, {"epochs": 1}), TypeError, "config"),
        (lambda: mn.train(small_model(), STORIES, on_epoch=3), TypeError, "on_epoch"),
        (lambda: mn.train(small_model(), UNKNOWN_ANSWER), ValueError, "answers"),
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


# ----------------------------------------------------------------------------- analysis

STORY2 = babi.parse(
    "1 Mary moved to the bathroom.\n2 Mary got the milk there.\n3 John went to the hallway.\n"
    "4 Mary went to the kitchen.\n5 Where is the milk? \tkitchen\t2 4\n"
    "6 Mary dropped the milk.\n7 Mary journeyed to the garden.\n"
    "8 Where is the milk? \tkitchen\t4 6\n"
)[0]


def test_fact_roles_by_hand():
    # question 1: "got the milk" (sentence 1) and Mary's move (3)
    assert mn.fact_roles(STORY2, 0) == (1, 3)
    # question 2: "dropped the milk" (4) and the move before it (3), listed first
    assert mn.fact_roles(STORY2, 1) == (4, 3)
    assert mn.fact_roles(STORY2) == mn.fact_roles(STORY2, -1)


def test_fact_roles_of_generated_task2_questions():
    for story in babi.generate(2, 40, rng=5):
        for qi, q in enumerate(story.questions):
            obj_fact, move_fact = mn.fact_roles(story, qi)
            assert {obj_fact, move_fact} == set(q.supporting)
            obj = babi.tokenize(q.text)[-1]
            assert obj in babi.tokenize(story.sentences[obj_fact])
            assert any(w in babi.LOCATIONS for w in babi.tokenize(story.sentences[move_fact]))


def test_fact_peaks_match_the_attention_question_by_question():
    model = mn.MemN2N(mn.Vocab.build([STORY2]), 2, dim=4, rng=0, init_std=0.5)
    peaks = mn.fact_peaks(model, [STORY2, STORY2])
    assert isinstance(peaks, mn.FactPeaks) and len(peaks) == 4
    np.testing.assert_array_equal(peaks.story, [0, 0, 1, 1])
    np.testing.assert_array_equal(peaks.question, [0, 1, 0, 1])
    np.testing.assert_array_equal(peaks.object_fact, [1, 4, 1, 4])
    np.testing.assert_array_equal(peaks.move_fact, [3, 3, 3, 3])
    np.testing.assert_array_equal(peaks.position, [4, 6, 4, 6])
    answers = model.predict([STORY2])
    for i in range(4):
        q = int(peaks.question[i])
        np.testing.assert_array_equal(peaks.peak[i], model.attention(STORY2, q).argmax(axis=1))
        assert peaks.correct[i] == (answers[q] == STORY2.questions[q].answer)
    rates = peaks.hit_rates()
    assert rates.shape == (2, 2)
    np.testing.assert_allclose(rates[:, 0], np.mean(peaks.peak == peaks.object_fact[:, None], 0))
    np.testing.assert_allclose(rates[:, 1], np.mean(peaks.peak == peaks.move_fact[:, None], 0))


def test_hit_rates_by_hand():
    peaks = mn.FactPeaks(
        story=np.array([0, 1, 2]),
        question=np.array([0, 0, 0]),
        object_fact=np.array([1, 1, 1]),
        move_fact=np.array([3, 3, 0]),
        peak=np.array([[1, 3], [3, 3], [0, 1]]),
        position=np.array([4, 4, 4]),
        correct=np.array([True, True, False]),
    )
    # hop 1 peaks on the object fact once (q0), on the move fact twice (q1, q2);
    # hop 2 on the object fact once (q2), on the move fact twice (q0, q1)
    np.testing.assert_allclose(peaks.hit_rates(), [[1 / 3, 2 / 3], [1 / 3, 2 / 3]])


def test_last_location_baseline_by_hand():
    assert mn.last_location(STORY2.sentences[:4]) == "kitchen"
    assert mn.last_location(STORY2.sentences[:6]) == "garden"
    assert mn.last_location(["Mary got the milk there."]) is None
    assert mn.last_location([]) is None
    # question 1: the last place told is the answer; question 2: Mary carried
    # the milk to the kitchen, dropped it, then moved on to the garden
    assert mn.last_location_accuracy([STORY2]) == 0.5
    assert mn.object_with_answer([STORY2]) == 0
    # task 1 questions ask about a person, whose move names the answer
    assert mn.object_with_answer(STORIES) == 2


def test_object_sentences_of_generated_task2_never_name_a_place():
    stories = babi.generate(2, 40, rng=6)
    assert mn.object_with_answer(stories) == 0
    assert 0.0 < mn.last_location_accuracy(stories) < 1.0


@pytest.mark.parametrize(
    "call, error, name",
    [
        (lambda: mn.fact_roles("story", 0), TypeError, "story"),
        (lambda: mn.fact_roles(STORY2, 2), ValueError, "question"),
        (lambda: mn.fact_roles(STORY2, 0.5), TypeError, "question"),
        (lambda: mn.fact_roles(STORIES[0], 0), ValueError, "two supporting facts"),
        (lambda: mn.fact_roles(babi.Story(("Mary went home.",), ()), 0), ValueError, "questions"),
        (
            lambda: mn.fact_roles(
                babi.parse(
                    "1 Mary went to the hallway.\n2 John went to the kitchen.\n"
                    "3 Where is the milk? \thallway\t1 2\n"
                )[0]
            ),
            ValueError,
            "must name 'milk'",
        ),
        (lambda: mn.fact_peaks("model", [STORY2]), TypeError, "model"),
        (lambda: mn.fact_peaks(mn.MemN2N(mn.Vocab.build(STORIES), 1), "s"), TypeError, "stories"),
        (lambda: mn.fact_peaks(mn.MemN2N(mn.Vocab.build(STORIES), 1), []), ValueError, "question"),
        (lambda: mn.fact_peaks(mn.MemN2N(mn.Vocab.build(STORIES), 1), STORIES), ValueError, "two"),
        (lambda: mn.last_location("Mary went to the kitchen."), TypeError, "sentences"),
        (lambda: mn.last_location([3]), TypeError, "sentence"),
        (lambda: mn.last_location_accuracy([]), ValueError, "question"),
        (lambda: mn.last_location_accuracy("stories"), TypeError, "stories"),
        (lambda: mn.object_with_answer([babi.Story(("Ann ran.",), ())]), ValueError, "question"),
        (lambda: mn.object_with_answer([3]), TypeError, "Story"),
    ],
)
def test_analysis_bad_input(call, error, name):
    with pytest.raises(error, match=name):
        call()


# ----------------------------------------------------------------------------- frames, figures




def trained_task2():
    train = babi.generate(2, 30, rng=102)
    return fit(train, hops=3, seed=1, epochs=3), babi.generate(2, 1, rng=7)[0]


def test_figures_and_frames_speak_chinese():
    from memlib.html import figure_to_svg
    from memlib.images import render

    model, story = trained_task2()
    fragments = {
        "key_value_attention": (render(mn.draw_key_value_attention), ["键", "值", "查询", "读出"]),
        "multi_hop": (render(mn.draw_multi_hop), ["问题", "答案", "第 1 跳", "第 3 跳", "句子"]),
        "toy_hop": (figure_to_svg(mn.plot_toy_hop(2)), ["槽位", "键 aₙ", "查询 q⁽²⁾", "q⁽³⁾"]),
        "hop_attention": (
            figure_to_svg(mn.plot_hop_attention(model, story)),
            ["第 1 跳", "第 3 跳", "★ 支持事实"],
        ),
        "hop_frame": (mn.hop_frame(3), ["查询 q⁽³⁾", "注意力 α⁽³⁾", "下一跳查询 q⁽⁴⁾"]),
        "story_frame": (
            mn.story_frame(story, -1, model),
            ["问题", "模型回答", "第 2 跳", "支持事实"],
        ),
    }
    for name, (fragment, chinese) in fragments.items():
        assert english_words(fragment) == [], name
        for text in chinese:
            assert text in fragment, (name, text)
    # the story itself is data and stays English
    assert story.sentences[0] in fragments["story_frame"][0]


def test_english_words_finds_english_inside_mathtext():
    from memlib.html import figure_to_svg

    ax = Figure().subplots()
    ax.set_xlabel("keys $A$")
    ax.set_title("第 k 跳")
    assert set(english_words(figure_to_svg(ax.figure))) == {"keys"}


def test_story_frame_shades_each_hop():
    model = mn.MemN2N(mn.Vocab.build(STORIES), 2, dim=3)
    frame = mn.story_frame(STORIES[0], 1, model)
    att = model.attention(STORIES[0], 1)
    assert frame.count("<tr>") == 1 + 3  # header + three sentences
    for k in range(2):
        for i in range(3):
            assert f">{att[k, i]:.2f}</td>" in frame
    assert "Where is the milk?" in frame and "★" in frame


def test_story_frame_answers_a_question_of_the_readers_own():
    model = mn.MemN2N(mn.Vocab.build(STORIES), 2, dim=3)
    story = STORIES[0]
    frame = mn.story_frame(story, "Where is the milk, please?", model)
    asked = babi.Story(story.sentences, (babi.Question("Where is the milk?", "?", (), 3),))
    att = model.attention(asked, 0)
    assert "你的问题：</b>Where is the milk, please?" in frame and "★" not in frame
    for k in range(2):
        for i in range(3):
            assert f">{att[k, i]:.2f}</td>" in frame
    answer = model.predict([asked])[0]
    assert f"模型回答：</b>{answer}" in frame
    assert "已忽略的词：please" in frame
    assert "没有模型认识的词" in mn.story_frame(story, "玛丽在哪里？", model)
    with pytest.raises(TypeError, match="story"):
        mn.story_frame("story", "Where is the milk?", model)


def test_hop_frame_reports_the_hop_numbers():
    frame = mn.hop_frame(2)
    hop = mn.multi_hop_read(mn.TOY_KEYS, mn.TOY_VALUES, mn.TOY_QUERY, 3)[1]
    assert "<svg" in frame
    assert ", ".join(f"{x:.2f}" for x in hop.alpha) in frame
    assert len(frame) < 60_000


def svg_text_px(svg, shown_px=None):
    """(shown width, smallest font size) in CSS px of an SVG: shown at its own
    size (width in pt), or ``shown_px`` wide; viewBox units are pt."""
    width_pt = float(re.search(r'<svg[^>]* width="([\d.]+)pt"', svg).group(1))
    view = float(re.search(r'viewBox="0 0 ([\d.]+)', svg).group(1))
    shown = width_pt * 4 / 3 if shown_px is None else shown_px
    return shown, min(font_sizes(svg)) * shown / view


def test_hop_frame_puts_a_full_width_figure_above_a_table_that_does_not_wrap():
    frame = mn.hop_frame(1)
    svg = re.search(r"<svg\b.*?</svg>", frame, re.S).group(0)
    width, smallest = svg_text_px(svg)
    assert width <= 688 and smallest >= 9  # 688 px: the text column at a 1280 px window
    # flex-basis 100%: each part takes a row of its own, the table below the figure
    assert frame.count("flex:1 1 100%") == 2 and frame.index("<svg") < frame.index("<table")
    table = frame[frame.index("<table") - 60 :]
    assert 'white-space:nowrap">' in table[:80]
    # one column per quantity, headed in Unicode super- and subscripts
    heads = re.findall(r"<th>(.*?)</th>", frame)
    assert heads == ["查询 q⁽¹⁾", "注意力 α⁽¹⁾", "读出 r⁽¹⁾", "下一跳查询 q⁽²⁾ = r⁽¹⁾ + q⁽¹⁾"]
    assert "^" not in table and "_" not in table


def test_hop_frame_never_shows_negative_zero():
    # a read vector whose second component is -0.001: printed "-0.00" by a plain format
    keys = np.array([[1.0, 0.0], [0.0, 1.0]])
    values = np.array([[1.0, -0.001], [1.0, -0.001]])
    frame = mn.hop_frame(1, keys, values, [1.0, 0.0], hops=1)
    assert "-0.00" not in frame and "(1.00, 0.00)" in frame


def test_toy_hop_slot_numbers_sit_beside_their_markers():
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    for hop in (1, 2, 3):
        fig = mn.plot_toy_hop(hop)
        renderer = FigureCanvasAgg(fig).get_renderer()
        plane = fig.axes[1]
        scale = fig.dpi / 72
        discs = [
            (plane.transData.transform(xy), math.sqrt(size) / 2 * scale)
            for c in plane.collections
            for xy, size in zip(c.get_offsets(), np.resize(c.get_sizes(), len(c.get_offsets())))
        ]
        labels = [t for t in plane.texts if t.get_text()]
        assert sorted(t.get_text() for t in labels) == sorted("12341234")
        boxes = [t.get_window_extent(renderer) for t in labels]
        for i, box in enumerate(boxes):
            assert not any(box.overlaps(b) for b in boxes[i + 1 :])
            for centre, radius in discs:  # the key label "1" was under the big key marker
                nearest = np.clip(centre, [box.x0, box.y0], [box.x1, box.y1])
                assert np.hypot(*(nearest - centre)) >= radius - 1.0, (hop, labels[i].get_text())
        matplotlib.pyplot.close(fig)


def chapter_figure_px(image, column=672.0):
    """Width in px at which 8.5.1 shows an image: its ``:width:`` share of the
    text column (688 px at a 1280 px window, less the figure's margins)."""
    import json
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "chapters" / "8-5-1-memn2n.ipynb"
    text = "".join("".join(c["source"]) for c in json.loads(path.read_text())["cells"])
    share = re.search(re.escape(image) + r"\n(?::[^\n]*\n)*?:width: (\d+)%", text)
    return column * int(share.group(1)) / 100


@pytest.mark.parametrize("stem", ["key_value_attention", "memn2n_multi_hop"])
def test_diagram_text_is_at_least_8px_where_the_chapter_shows_it(stem):
    from memlib.images import render

    svg = render(mn.IMAGES[stem])
    _, smallest = svg_text_px(svg, chapter_figure_px(f"{stem}.svg"))
    assert smallest >= 8


def test_diagrams_draw_vectors_bold_and_matrices_italic():
    kv = " ".join(t.get_text() for t in mn.draw_key_value_attention().axes[0].texts)
    for vector in (r"\mathbf{q}", r"\mathbf{a}_{1}", r"\mathbf{c}_{N}", r"\mathbf{r}="):
        assert vector in kv
    assert r"s_n = \mathbf{a}_n^{\top} \mathbf{q}" in kv and "$A$" in kv and "$C$" in kv
    hops = " ".join(t.get_text() for t in mn.draw_multi_hop().axes[0].texts)
    for vector in (r"\mathbf{q}^{(1)}", r"\mathbf{q}^{(4)}", r"\mathbf{r}^{(3)}", r"\mathbf{a}"):
        assert vector in hops
    assert "A^{(2)}" in hops and "$B$" in hops and "$W$" in hops  # matrices stay italic
    for text in (kv, hops):  # no vector left in plain italics
        assert not re.search(r"(?<![{\\])\b[qrac][_^]", text)


@pytest.mark.parametrize(
    "draw",
    [
        mn.draw_key_value_attention,
        mn.draw_multi_hop,
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
