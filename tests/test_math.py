"""Tests of memlib._math (CPU-independent tanh and product) and glue's rounding."""

import math
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from memlib import hopfield as hp
from memlib._math import portable_exp, portable_matvec, portable_tanh
from memlib.notebook import GLUE_DIGITS, portable

ROOT = Path(__file__).resolve().parent.parent


def test_portable_exp_and_tanh_agree_with_numpy():
    rng = np.random.default_rng(0)
    y = np.concatenate([rng.uniform(-700, 700, 10**5), rng.uniform(-3, 3, 10**5), [0.0]])
    np.testing.assert_allclose(portable_exp(y), np.exp(y), rtol=5e-16, atol=0)
    x = np.concatenate([rng.normal(0, 5, 10**5), [0.0, -1e-300, 25.0, -800.0, 1e-9]])
    np.testing.assert_allclose(portable_tanh(x), np.tanh(x), rtol=0, atol=1e-15)
    assert portable_exp(np.array([-1e4]))[0] == 0.0
    assert portable_tanh(np.array([-0.0]))[0] == 0.0


def test_portable_matvec_is_the_matrix_product():
    rng = np.random.default_rng(1)
    w, x = rng.normal(size=(7, 5)), rng.normal(size=5)
    np.testing.assert_allclose(portable_matvec(w, x), w @ x, rtol=1e-14)
    # hand-checked small case
    assert portable_matvec([[1.0, 2.0], [3.0, -4.0]], [10.0, 1.0]).tolist() == [12.0, 26.0]


CHAOS = (
    "import hashlib, numpy as np; from memlib import hopfield as hp;"
    "w = hp.random_tanh_weights(60, 3); x0 = np.random.default_rng(4).uniform(-1, 1, 60);"
    "t = hp.tanh_map_trajectory(w, 3.0, x0, 300);"
    "print(hashlib.sha256(t.tobytes()).hexdigest(), hp.largest_lyapunov(w, 3.0, x0, 300, 50))"
)


def _run(env_extra):
    env = {**os.environ, **env_extra}
    out = subprocess.run(
        [sys.executable, "-c", CHAOS], env=env, capture_output=True, text=True, check=True
    )
    return out.stdout


def test_chaotic_map_has_the_same_bits_on_another_cpu():
    features = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "dispatched_simd.py")],
        capture_output=True, text=True, check=True,
    ).stdout.strip()
    here = _run({})
    other = _run(
        {
            "OPENBLAS_CORETYPE": "Prescott",
            "OPENBLAS_NUM_THREADS": "1",
            "NPY_DISABLE_CPU_FEATURES": features,
        }
    )
    assert here == other
    lyap = float(here.split()[1])
    assert lyap > 0  # the map is chaotic, so the identity above is a real test


def test_tanh_map_follows_its_formula():
    rng = np.random.default_rng(2)
    w = hp.random_tanh_weights(10, rng)
    x0 = rng.uniform(-1, 1, 10)
    t = hp.tanh_map_trajectory(w, 2.0, x0, 3)
    np.testing.assert_allclose(t[1], np.tanh(2.0 * w @ x0), atol=1e-15)
    np.testing.assert_allclose(t[3], np.tanh(2.0 * w @ np.tanh(2.0 * w @ t[1])), atol=1e-14)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0.7075926237120838, 0.707593),
        (np.float64(-0.11818868161053318), -0.118189),
        (4.646005093878863, 4.64601),
        (np.int64(7), 7),
        (np.bool_(True), True),
        (float("inf"), float("inf")),
        ("ring", "ring"),
    ],
)
def test_glue_stores_portable_values(value, expected):
    got = portable(value)
    assert got == expected and type(got) is type(expected)
    assert GLUE_DIGITS >= 4  # the prose never shows more than four digits


def test_glue_rounding_absorbs_last_bit_differences():
    a, b = 0.7075926237120838, 0.7075926237111246  # two BLAS kernels' results
    assert portable(a) == portable(b)
    assert math.isnan(portable(float("nan")))


def test_shared_building_blocks():
    from memlib._math import logsumexp, sigmoid, softmax, softplus

    z = np.array([[1000.0, 1000.0], [0.0, np.log(3.0)]])
    np.testing.assert_allclose(logsumexp(z), [1000.0 + np.log(2.0), np.log(4.0)])
    np.testing.assert_allclose(logsumexp(z, axis=0), np.log(np.exp(z - 1000).sum(0)) + 1000)
    np.testing.assert_allclose(softmax(z), [[0.5, 0.5], [0.25, 0.75]])
    assert softmax(np.array([0.0, -np.inf])).tolist() == [1.0, 0.0]
    x = np.array([-800.0, 0.0, 2.0, 800.0])
    np.testing.assert_allclose(sigmoid(x), [0.0, 0.5, 1 / (1 + np.exp(-2.0)), 1.0])
    np.testing.assert_allclose(softplus(x), [0.0, np.log(2.0), np.log1p(np.exp(2.0)), 800.0])


def test_parse_bitmap_is_the_one_bitmap_reader():
    from memlib._bitmaps import parse_bitmap

    assert parse_bitmap(("#.", ".#"), "b", on=1, off=-1).tolist() == [1, -1, -1, 1]
    assert parse_bitmap(("#.",), "b", on=1.0, off=0.0).tolist() == [1.0, 0.0]
    for bad in ((), ("#.", "#"), ("#x",), "#.", ("",)):
        with pytest.raises(ValueError, match="b "):
            parse_bitmap(bad, "b", on=1, off=0)
