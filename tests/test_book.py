"""Checks of the book's own files: images, notebooks, web-asset pins."""

import base64
import hashlib
import json
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))
sys.path.insert(0, str(ROOT / "tools"))


def test_guard_catches_chinese_text_inside_mathtext():
    from matplotlib.figure import Figure

    ax = Figure().subplots()
    ax.set_title("能量 E")
    ax.set_xlabel("$E(\\mathbf{s})$")
    ax.set_ylabel("价格 \\$5")  # an escaped dollar is not mathtext
    with pytest.raises(AssertionError, match="inside a \\$math\\$ string"):
        ax.set_title("能量 $E$")


def _pinned(package):
    lock = (ROOT / "requirements-lock.txt").read_text(encoding="utf-8")
    return re.search(rf"^{package}==(\S+)$", lock, re.M).group(1)


@pytest.mark.skipif(
    __import__("matplotlib").__version__ != _pinned("matplotlib"),
    reason="images/ are drawn by the pinned matplotlib "
    f"({_pinned('matplotlib')}); other versions place text and paths differently",
)
def test_images_are_regenerated_identically():
    from memlib.images import registry, render

    drawn = registry()
    on_disk = {p.stem for p in (ROOT / "images").glob("*.svg")}
    assert on_disk == set(drawn), "images/ and the registry list different diagrams"
    for stem, draw in drawn.items():
        svg = render(draw)
        assert svg == render(draw), f"{stem} is not deterministic"
        committed = (ROOT / "images" / f"{stem}.svg").read_text(encoding="utf-8")
        assert svg == committed, f"images/{stem}.svg is stale: run make images"


def test_every_chapter_is_in_the_toc():
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    for nb in CHAPTERS:
        assert f"chapters/{nb.stem}" in toc, f"{nb.name} is missing from _toc.yml"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_notebook_hygiene(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    cells = nb["cells"]
    title = "".join(cells[0]["source"])
    number = re.match(r"(\d+(?:-\d+)+)", path.stem).group(1).replace("-", ".")
    assert title.startswith(f"# {number} "), f"title must start with the section number {number}"
    code = [c for c in cells if c["cell_type"] == "code"]
    assert code, "a chapter has code"
    for i, cell in enumerate(code):
        src = "".join(cell["source"])
        is_setup = i == 0 and "setup()" in src
        silent_ok = is_setup or any(word in src for word in ("assert", "np.testing", "glue("))
        assert cell.get("outputs") or silent_ok, (
            f"code cell {i} has no stored output and checks nothing"
        )
        assert "execution" not in cell.get("metadata", {}), f"cell {i} carries timing metadata"
        tags = cell.get("metadata", {}).get("tags", [])
        if "nbval-ignore-output" in tags:
            assert "explorer(" in src, f"cell {i} ignores its output but builds no widget demo"
        assert "NBVAL_IGNORE_OUTPUT" not in src
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    setup_src = "".join(code[0]["source"])
    assert "from memlib.notebook import" in setup_src and "setup()" in setup_src, (
        "the first code cell sets up the figure style with memlib.notebook.setup()"
    )
    # outputs were stored by tools/refresh.py: widget views carry its deterministic ids
    for i, cell in enumerate(cells):
        for j, output in enumerate(cell.get("outputs", [])):
            view = output.get("data", {}).get("application/vnd.jupyter.widget-view+json")
            if view:
                expected = hashlib.md5(f"{path.name}:{i}:{j}".encode()).hexdigest()
                assert view["model_id"] == expected, "refresh the notebook with make refresh"


def _visible(output):
    """An output a reader sees (glue records are data for the prose, not output)."""
    data = output.get("data", {})
    return output["output_type"] != "display_data" or not all(
        key.startswith("application/papermill.record") for key in data
    )


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_bookkeeping_and_exercise_checks_are_hidden(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    for i, cell in enumerate(code[1:], start=1):  # after the set-up cell
        src = "".join(cell["source"])
        tags = cell.get("metadata", {}).get("tags", [])
        shown = [o for o in cell.get("outputs", []) if _visible(o)]
        if not shown:
            assert "remove-cell" in tags, (
                f"code cell {i} shows nothing (bookkeeping): tag it remove-cell\n{src[:200]}"
            )
        if src.lstrip().startswith("# Exercise"):
            assert "remove-cell" in tags and not shown, (
                f"code cell {i} checks an exercise: hide it and print nothing"
            )


def test_web_asset_pins_are_verified():
    import fetch_assets

    lock = json.loads((ROOT / "tools" / "web-assets.json").read_text())
    names = {p["name"] for p in lock["packages"]}
    assert names == {"mathjax", "@jupyter-widgets/html-manager", "requirejs"}
    data = b"payload"
    good = "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()
    fetch_assets.verify(data, good, "x")
    with pytest.raises(SystemExit, match="integrity mismatch"):
        fetch_assets.verify(data + b"!", good, "x")
    with pytest.raises(SystemExit, match="sha512"):
        fetch_assets.verify(data, "sha1-abc", "x")
    assert (
        fetch_assets.tarball_url("@jupyter-widgets/html-manager", "1.0.15")
        == f"{fetch_assets.REGISTRY}/@jupyter-widgets/html-manager/-/html-manager-1.0.15.tgz"
    )
