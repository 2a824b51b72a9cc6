"""Tests of memlib._checks: every helper accepts good input and names bad input."""

import numpy as np
import pytest

from memlib._checks import (
    as_array,
    as_rng,
    check_choice,
    check_distribution,
    check_int,
    check_real,
)


def test_as_array_converts_ints_and_bools_to_float():
    arr = as_array([[1, 0], [True, False]], "x", ndim=2)
    assert arr.dtype == np.float64
    assert arr.tolist() == [[1.0, 0.0], [1.0, 0.0]]


@pytest.mark.parametrize("bad", ["abc", None, [["a"]], [1 + 2j]])
def test_as_array_rejects_non_numbers_with_type_error(bad):
    with pytest.raises(TypeError, match="x must"):
        as_array(bad, "x")


def test_as_array_names_the_argument_for_wrong_ndim_shape_empty_and_nan():
    with pytest.raises(ValueError, match="memory must be 2-D"):
        as_array([1.0, 2.0], "memory", ndim=2)
    with pytest.raises(ValueError, match=r"query must have shape \(3,\)"):
        as_array([1.0, 2.0], "query", shape=(3,))
    with pytest.raises(ValueError, match="memory must not be empty"):
        as_array(np.zeros((0, 3)), "memory", ndim=2)
    with pytest.raises(ValueError, match="finite"):
        as_array([1.0, np.nan], "w")
    with pytest.raises(ValueError, match="finite"):
        as_array([np.inf], "w")


def test_as_array_shape_wildcards():
    assert as_array(np.ones((4, 2)), "m", shape=(None, 2)).shape == (4, 2)
    with pytest.raises(ValueError, match=r"\(\*, 3\)"):
        as_array(np.ones((4, 2)), "m", shape=(None, 3))


def test_as_rng_accepts_seed_and_generator_but_not_none():
    g = np.random.default_rng(1)
    assert as_rng(g) is g
    assert as_rng(5).integers(1000) == np.random.default_rng(5).integers(1000)
    for bad in (None, 1.5, "1", True):
        with pytest.raises(TypeError, match="rng"):
            as_rng(bad)


def test_check_int_and_real_ranges():
    assert check_int(3, "hops", low=1) == 3
    with pytest.raises(ValueError, match="hops must be >= 1"):
        check_int(0, "hops", low=1)
    with pytest.raises(TypeError, match="hops must be an int"):
        check_int(1.0, "hops")
    with pytest.raises(TypeError):
        check_int(True, "hops")
    assert check_real(np.float32(0.5), "g", low=0, high=1) == 0.5
    with pytest.raises(ValueError, match="g must be <= 1"):
        check_real(1.5, "g", low=0, high=1)
    with pytest.raises(ValueError, match="finite"):
        check_real(float("nan"), "g")
    with pytest.raises(TypeError):
        check_real("0.5", "g")


def test_check_choice_lists_the_options():
    assert check_choice("dot", "kind", ("dot", "cosine")) == "dot"
    with pytest.raises(ValueError, match="kind must be one of 'dot', 'cosine'"):
        check_choice("dots", "kind", ("dot", "cosine"))


def test_check_distribution():
    np.testing.assert_array_equal(check_distribution([0.25, 0.75], "w"), [0.25, 0.75])
    with pytest.raises(ValueError, match="sum to 1"):
        check_distribution([0.5, 0.6], "w")
    with pytest.raises(ValueError, match="negative"):
        check_distribution([1.5, -0.5], "w")
    rows = check_distribution([[0.5, 0.5], [1.0, 0.0]], "w", ndim=2)
    assert rows.shape == (2, 2)


def test_check_bool_and_check_positive():
    import numpy as np

    from memlib._checks import check_bool, check_positive

    assert check_bool(np.bool_(True), "flag") is True
    for bad in ("False", 0, 1.0, None):
        with pytest.raises(TypeError, match="flag must be a bool"):
            check_bool(bad, "flag")
    assert check_positive(2, "lr") == 2.0
    for bad in (0, -1.0):
        with pytest.raises(ValueError, match="lr must be > 0"):
            check_positive(bad, "lr")
    with pytest.raises(ValueError, match="finite"):
        check_positive(float("inf"), "lr")
