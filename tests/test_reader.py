"""The reader notebooks (notebooks/): plain Jupyter, current, and the converter's rules.

The widget frames of the reader notebooks come from an executed copy of each
chapter; they are compared with the book build's execution by
``tools/reader.py --check`` in ``make browser``.  Here, everything else is
compared with a fresh conversion of the committed chapter.
"""

from __future__ import annotations

import ast
import base64
import json
import re
import subprocess
import sys
import types
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

# The reader notebooks are made with the book's toolchain (make setup); the
# lowest-versions run (make lowest) installs only memlib's test extra.
pytest.importorskip("myst_nb", reason="tools/reader.py needs the book toolchain (make setup)")

import reader  # noqa: E402

CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))
READERS = sorted((ROOT / "notebooks").glob("*.ipynb"))
FIGURES = sorted((ROOT / "images").glob("*.svg"))

#: MyST that plain Jupyter shows as raw text.
MYST_ONLY = {
    "role": re.compile(r"\{[\w:-]+\}`"),
    "directive fence": re.compile(r"^\s*(`{3,}|:{3,})\{", re.M),
    "directive option": re.compile(r"^\s*:[\w-]+:( |$)", re.M),
    "target": re.compile(r"^\s*\([^)\s]+\)=\s*$", re.M),
    "labelled math": re.compile(r"\$\$\s*\([^)\s]+\)"),
    "substitution": re.compile(r"\{\{.*\}\}"),
}


def _static_to_marker(nb):
    """Replace the static widget previews (from saved widget state) by a marker."""
    for cell in nb.cells:
        for k, output in enumerate(cell.get("outputs", [])):
            if output.get("data", {}).get("text/plain") == f"[{reader.STATIC_NOTE}]":
                cell.outputs[k] = {"marker": "widget"}
    return nb


def test_every_chapter_has_a_reader_notebook():
    assert [p.name for p in READERS] == [p.name for p in CHAPTERS]


@pytest.mark.parametrize("path", READERS, ids=lambda p: p.stem)
def test_reader_markdown_has_no_myst_only_syntax(path):
    nb = nbformat.read(path, as_version=4)
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "markdown":
            continue
        for what, pattern in MYST_ONLY.items():
            m = pattern.search(cell.source)
            assert m is None, f"cell {i}: {what} {m.group(0)!r} shows as raw text in Jupyter"
        for m in re.finditer(r"!\[[^\]]*\]\(([^)]+)\)|<img[^>]*src=\"([^\"]+)\"", cell.source):
            src = m.group(1) or m.group(2)
            assert src.startswith("data:image/"), f"cell {i}: image {src[:60]} is not embedded"
            data = base64.b64decode(src.partition("base64,")[2])
            assert any(data == f.read_bytes() for f in FIGURES), f"cell {i}: not one of images/"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_reader_notebook_is_current(path):
    """All but the widget previews equal a fresh conversion (make refresh writes it)."""
    chapter = nbformat.read(path, as_version=4)
    fresh = reader.convert(chapter, None, path.name, reader.read_settings())
    stored = nbformat.read(ROOT / "notebooks" / path.name, as_version=4)
    fresh, stored = json.loads(reader.dumps(fresh)), json.loads(reader.dumps(stored))
    assert _static_to_marker(nbformat.from_dict(stored)) == _static_to_marker(
        nbformat.from_dict(fresh)
    ), "notebooks/ is stale: run make refresh (or make reader)"


@pytest.mark.parametrize("path", READERS, ids=lambda p: p.stem)
def test_reader_notebook_shows_stored_outputs_and_no_widget_views(path):
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code[0].source == reader.install_cell(reader.read_settings())
    assert not code[0].outputs
    assert [c.execution_count for c in code[1:]] == list(range(1, len(code)))
    for cell in code[1:]:
        for output in cell.outputs:
            data = output.get("data", {})
            assert reader.WIDGET_VIEW not in data, "a widget view needs a kernel: store a preview"
            assert "<svg" not in data.get("text/html", ""), "JupyterLab strips inline SVG"
            assert "image/svg+xml" not in data, "JupyterLab shows no untrusted SVG output"
            assert not any(k.startswith(reader.GLUE_PREFIX) for k in data)
    previews = sum(
        o.get("data", {}).get("text/plain") == f"[{reader.STATIC_NOTE}]"
        for c in code
        for o in c.outputs
    )
    chapter = json.loads((ROOT / "chapters" / path.name).read_text(encoding="utf-8"))
    demos = sum(
        reader.WIDGET_VIEW in o.get("data", {})
        for c in chapter["cells"]
        for o in c.get("outputs", [])
    )
    assert previews == demos > 0
    checks = [c for c in chapter["cells"] if reader.is_exercise_check("".join(c["source"]))]
    kept = [c for c in code if reader.is_exercise_check(c.source)]
    assert len(kept) == len(checks) > 0, "the solutions mention the exercise checks"
    assert all(c.metadata["jupyter"]["source_hidden"] for c in kept)


def _bound_and_loaded(source: str) -> tuple[set[str], set[str]]:
    tree = ast.parse("\n".join(line for line in source.splitlines() if not line.startswith("%")))
    bound, loaded = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (loaded if isinstance(node.ctx, ast.Load) else bound).add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            bound.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            bound.update((a.asname or a.name).split(".")[0] for a in node.names)
    return bound, loaded


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_left_out_cells_define_nothing_the_reader_cells_use(path):
    nb = nbformat.read(path, as_version=4)
    dropped_names: dict[str, int] = {}
    kept: set[str] = set()
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        bound, loaded = _bound_and_loaded(cell.source)
        if "remove-cell" in cell.metadata.get("tags", []) and not reader.is_exercise_check(
            cell.source
        ):
            for name in bound - kept:
                dropped_names.setdefault(name, i)
            continue
        missing = {n: dropped_names[n] for n in loaded - bound - kept if n in dropped_names}
        assert not missing, f"cell {i} uses names only left-out cells define: {missing}"
        kept |= bound


# ---------------------------------------------------------------------------
# The converter's rules, on small examples
# ---------------------------------------------------------------------------


def _ctx(glue=None, equations=("eq-a", "eq-b")):
    numbers = reader.Numbers(equations={label: i + 1 for i, label in enumerate(equations)})
    return reader.Context("test.ipynb", glue or {}, numbers, ROOT / "chapters")


def _md(source, ctx=None):
    return reader.convert_markdown(source, ctx or _ctx())


def test_glue_is_formatted_as_myst_nb_does():
    ctx = _ctx({"x": "0.98251", "n": "7", "s": "'加号'"})
    assert _md("a {glue:text}`x:.1f` b {glue:text}`n` c {glue:text}`s`", ctx) == "a 1.0 b 7 c 加号"
    with pytest.raises(reader.ReaderError, match="no glued value 'y'"):
        _md("{glue:text}`y`", ctx)


def test_labelled_equations_get_tags_and_references_numbers():
    src = "见式 {eq}`eq-b`：\n\n$$\nx = 1\n$$ (eq-b)"
    assert _md(src) == "见式 (2)：\n\n$$\nx = 1\n\\tag{2}\n$$"
    numbers = reader.number_chapter(["$$\na\n$$ (p)\n", "text\n$$\nb\n$$\n$$\nc\n$$ (q)"])
    assert numbers.equations == {"p": 1, "q": 2}
    with pytest.raises(reader.ReaderError, match="used twice"):
        reader.number_chapter(["$$\na\n$$ (p)", "$$\nb\n$$ (p)"])


def test_admonitions_become_boxes_and_dropdowns_fold():
    box = _md("```{admonition} 本节约定\n:class: note\n\n- 行是条目\n```")
    assert box == "<blockquote>\n\n**本节约定**\n\n- 行是条目\n\n</blockquote>"
    fold = _md("```{admonition} 答案\n:class: dropdown\n\n$$\nx\n$$\n```")
    assert fold == "<details>\n<summary><b>答案</b></summary>\n\n$$\nx\n$$\n\n</details>"


def test_a_longer_fence_holds_a_code_block():
    src = "````{admonition} 提示\n:class: hint\n\n```python\nx = 1\n```\n````\n后文"
    assert _md(src) == "<blockquote>\n\n**提示**\n\n```python\nx = 1\n```\n\n</blockquote>\n后文"


def test_theorems_are_numbered_and_referenced():
    ctx = _ctx()
    out = _md("```{prf:theorem} 收敛\n:label: thm-a\n\n正文\n```\n\n```{prf:proof}\n证毕\n```", ctx)
    assert "**定理 1（收敛）**" in out and "**证明**" in out
    assert _md("由{prf:ref}`thm-a`", ctx) == "由定理 1"


def test_alt_text_is_plain():
    caption = "读头 $\\boldsymbol q^{(1)}$ 与权重 $\\alpha_{t,n}$，**加粗** [链接]"
    assert reader.plain_text(caption) == "读头 q^(1) 与权重 α_t,n，加粗 链接"


def test_figures_are_embedded_with_their_caption():
    src = "```{figure} ../images/turing_machine.svg\n:name: fig-t\n:width: 70%\n\n图灵机 $M$\n```"
    data = base64.b64encode((ROOT / "images" / "turing_machine.svg").read_bytes()).decode()
    assert _md(src) == f"![图灵机 M](data:image/svg+xml;base64,{data})\n\n*图灵机 $M$*"
    assert "(见{ref}`下图 <fig-t>`)" not in _md("(见{ref}`下图 <fig-t>`)")
    assert _md("见{ref}`下图 <fig-t>`") == "见下图"


@pytest.mark.parametrize(
    "source, message",
    [
        ("```{admonition} x\n正文", "not closed"),
        ("```{code-cell}\nx\n```", "no plain-Jupyter form"),
        ("{doc}`intro`", "no plain-Jupyter form"),
        ("{ref}`fig-x`", "write the text"),
        ("{eq}`eq-z`", "no equation labelled"),
        ("```{figure} ../images/nothing.svg\n```", "does not exist"),
    ],
)
def test_unknown_myst_is_an_error_not_raw_text(source, message):
    with pytest.raises(reader.ReaderError, match=message):
        _md(source)


def test_static_view_shows_the_selected_frame_and_the_choices():
    state = {
        "box": {"model_name": "VBoxModel", "state": {"children": ["IPY_MODEL_c", "IPY_MODEL_s"]}},
        "c": {
            "model_name": "ToggleButtonsModel",
            "state": {"description": "条目", "_options_labels": ["加号", "叉号"], "index": 1},
        },
        "s": {
            "model_name": "StackModel",
            "state": {"children": ["IPY_MODEL_f0", "IPY_MODEL_f1"], "selected_index": 1},
        },
        "f0": {"model_name": "HTMLModel", "state": {"value": "<svg>0</svg>"}},
        "f1": {"model_name": "HTMLModel", "state": {"value": "<svg>1</svg>"}},
    }
    assert reader.static_view(state, "box") == "<div><p><b>条目</b>：叉号</p><svg>1</svg></div>"
    with pytest.raises(reader.ReaderError, match="not in the saved state"):
        reader.static_view(state, "gone")


def test_previews_show_svg_frames_as_images():
    svg = '<svg xmlns="http://www.w3.org/2000/svg"><title>稳态</title><rect/></svg>'
    state = {"f": {"model_name": "HTMLModel", "state": {"value": f"<p>前</p>{svg}<p>后</p>"}}}
    html = reader.static_output(state, "f")["data"]["text/html"]
    assert "<svg" not in html and "<p>前</p>" in html and "<p>后</p>" in html
    src = re.search(r'<img src="data:image/svg\+xml;base64,([^"]+)" alt="稳态"', html)
    assert base64.b64decode(src.group(1)).decode() == svg


# ---------------------------------------------------------------------------
# The install cell: each way it can end
# ---------------------------------------------------------------------------


def _run_install_cell(*, memlib_found, pip_ok=True, ipywidgets=None, colab=False):
    """Execute the generated cell with the outside world replaced by fakes."""
    calls = []
    source = reader.install_cell(reader.Settings("https://example.org/book", "9.9.9"))
    code = compile(source, "<install cell>", "exec")

    fake_modules = {}
    if ipywidgets is not None:
        fake_modules["ipywidgets"] = types.SimpleNamespace(__version__=ipywidgets)
    if colab:
        output = types.SimpleNamespace(
            enable_custom_widget_manager=lambda: calls.append("widget manager")
        )
        fake_modules["google.colab"] = types.SimpleNamespace(output=output)
        fake_modules["google"] = types.SimpleNamespace(colab=fake_modules["google.colab"])

    def fake_run(args, **kwargs):
        calls.append(args[-1])
        return subprocess.CompletedProcess(args, 0 if pip_ok else 1, "", "ERROR: not found")

    import importlib.util

    real_find_spec = importlib.util.find_spec
    saved = {k: sys.modules.get(k) for k in fake_modules}
    try:
        importlib.util.find_spec = lambda name, *a: (
            real_find_spec(name, *a) if name != "memlib" or memlib_found else None
        )
        subprocess_run, subprocess.run = subprocess.run, fake_run
        sys.modules.update(fake_modules)
        if ipywidgets is None:
            saved.setdefault("ipywidgets", sys.modules.get("ipywidgets"))
            sys.modules.pop("ipywidgets", None)
        exec(code, {"__name__": "__main__"})
    finally:
        importlib.util.find_spec = real_find_spec
        subprocess.run = subprocess_run
        for key, module in saved.items():
            if module is None:
                sys.modules.pop(key, None)
            else:
                sys.modules[key] = module
    return calls


def test_install_cell_does_nothing_where_memlib_is_installed():
    assert _run_install_cell(memlib_found=True, ipywidgets="8.1.9") == []


def test_install_cell_installs_the_pinned_tag_and_enables_colab_widgets():
    calls = _run_install_cell(memlib_found=False, ipywidgets="8.1.9", colab=True)
    assert calls == ["memlib[book] @ git+https://example.org/book@v9.9.9", "widget manager"]


def test_install_cell_stops_with_one_message_when_pip_fails():
    with pytest.raises(SystemExit, match="(?s)无法安装 memlib.*ERROR: not found"):
        _run_install_cell(memlib_found=False, pip_ok=False)


def test_install_cell_asks_for_a_restart_when_old_ipywidgets_is_loaded():
    with pytest.raises(SystemExit, match="(?s)ipywidgets 7.7.1.*重启"):
        _run_install_cell(memlib_found=False, ipywidgets="7.7.1", colab=True)


def test_settings_come_from_config_and_pyproject():
    import memlib

    settings = reader.read_settings()
    config = (ROOT / "_config.yml").read_text(encoding="utf-8")
    assert f"url: {settings.url}" in config
    assert settings.version == memlib.__version__


def test_imports_only_the_left_out_cells_used_are_dropped():
    cells = ["import inspect\nimport numpy as np\nfrom m import a, b, c\n\nx = np.ones(1)", "a(c)"]
    assert reader.prune_imports(cells) == [
        "import numpy as np\nfrom m import a, c\n\nx = np.ones(1)",
        "a(c)",
    ]
    assert reader.prune_imports(["import inspect\n\nimport numpy as np\nnp.e"]) == [
        "import numpy as np\nnp.e"
    ]
    with pytest.raises(reader.ReaderError, match="multi-line"):
        reader.prune_imports(["from m import (\n    a,\n    b,\n)\na"])
