"""The numpy core of memlib works without its presentation stack."""

import importlib
import subprocess
import sys
import textwrap

import pytest

import memlib.hopfield as hp
import memlib.ntm as ntm

MODELS = ("memory", "attention", "memn2n", "babi", "turing", "ntm", "hopfield")

NUMPY_ONLY = textwrap.dedent(
    """
    import importlib.abc, sys

    class Block(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in ("matplotlib", "ipywidgets", "IPython"):
                raise ModuleNotFoundError(f"No module named {name!r}", name=name)

    sys.meta_path.insert(0, Block())
    import numpy as np
    from memlib import attention, babi, hopfield, memn2n, memory, ntm, turing

    net = hopfield.HopfieldNetwork.from_patterns([[1, -1, 1, -1, 1, -1]])
    assert net.run([1, -1, 1, 1, 1, -1]).final.tolist() == [1, -1, 1, -1, 1, -1]
    print(ntm.content_weights(np.eye(3), [1.0, 0.0, 0.0], 10.0).round(4).tolist())
    print(sorted(m for m in sys.modules if m.startswith(("matplotlib", "ipywidgets"))))
    try:
        hopfield.plot_capacity
    except ImportError as err:
        print("ImportError:", err)
    """
)


def test_model_modules_need_numpy_only():
    out = subprocess.run(
        [sys.executable, "-c", NUMPY_ONLY], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    # softmax(10 * cos) = e^10 / (e^10 + 2) = 0.99991 for the matching row
    assert out[0] == "[0.9999, 0.0, 0.0]"
    assert out[1] == "[]"
    assert out[2].startswith("ImportError: memlib.hopfield.plot_capacity draws figures")
    assert "pip install 'memlib[book]'" in out[2]


@pytest.mark.parametrize("name", MODELS)
def test_every_public_name_resolves(name):
    module = __import__(f"memlib.{name}", fromlist=["_"])
    for attr in module.__all__:
        assert getattr(module, attr) is not None, attr
    assert set(module.__all__) <= set(dir(module))


def test_presentation_names_are_the_part_modules_objects():
    from memlib.hopfield import _plot
    from memlib.ntm import _frames

    assert hp.plot_capacity is _plot.plot_capacity
    assert ntm.copy_task_frame is _frames.copy_task_frame
    with pytest.raises(AttributeError, match="no attribute 'nonexistent'"):
        hp.nonexistent  # noqa: B018


@pytest.mark.parametrize("name", [m for m in MODELS if m != "babi"])
def test_presentation_map_lists_what_each_part_defines(name):
    # the package names its figures without importing them: the list must match the parts
    package = importlib.import_module(f"memlib.{name}")
    for part, names in package.PRESENTATION.items():
        module = importlib.import_module(f"memlib.{name}.{part}")
        assert set(names) - {"IMAGES"} == set(module.__all__) - {"IMAGES"}, part
        assert "IMAGES" not in names or hasattr(module, "IMAGES")
    core = importlib.import_module(f"memlib.{name}._core")
    assert set(package.__all__) == set(core.__all__) | {
        n for names in package.PRESENTATION.values() for n in names if n != "IMAGES"
    }
