"""Reader notebooks: the chapters as plain Jupyter shows them.

Usage: python tools/reader.py [--check] [--state DIR] [NOTEBOOK ...]

The chapters in ``chapters/`` are MyST notebooks: their prose quotes computed
numbers with ``{glue:text}`` roles, refers to equations with ``{eq}``, and
puts notes, hints and solutions in directives.  Jupyter Book renders all of
that; JupyterLab, Colab and a downloaded notebook show it as raw text.  This
tool writes one *reader notebook* per chapter to ``notebooks/`` that reads like
the chapter page in any Jupyter with no extension:

* glued numbers are replaced by their values, formatted as myst-nb formats
  them (``myst_nb.core.variables.format_plain_text``);
* labelled equations carry ``\\tag{n}``, numbered per chapter as on the page,
  and ``{eq}`` references read ``(n)``;
* admonitions, theorems and proofs become ``<blockquote>`` boxes with a bold
  title; dropdowns (solutions, hints) become folded ``<details>``;
* figures become images embedded in the markdown as ``data:`` URIs, so they
  show wherever the notebook is opened: JupyterLab, a download, and Colab
  (which renders neither ``attachment:`` images nor relative paths);
* code cells hidden on the page (``remove-cell``: glue records, assertions)
  are pure bookkeeping and are left out, except the exercise checks at the
  end of a chapter, which the solutions mention: those stay, collapsed;
* a demo's widget output, which needs a kernel in plain Jupyter, is replaced by
  a static picture of its first frame until the cell is run;
* stored SVG outputs become ``data:`` images in HTML: JupyterLab shows no
  ``image/svg+xml`` output of an untrusted notebook (every notebook a reader
  opens) and removes inline SVG from its HTML outputs, but keeps images;
* a first code cell installs memlib in Colab (or any Jupyter without it) from
  the repository of ``_config.yml`` at the tag of this memlib version.

The widget frames come from an executed copy of each chapter that kept its
widget state: ``tools/refresh.py`` passes its own execution, and ``--state``
names a folder of executed notebooks (the book build's
``_build/jupyter_execute/chapters``).  ``--check`` compares instead of writing
and exits 1 if a reader notebook is stale.
"""

from __future__ import annotations

import argparse
import ast
import base64
import copy
import html
import json
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat
import tomllib
import yaml
from myst_nb.core.variables import format_plain_text

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = ROOT / "chapters"
READER = ROOT / "notebooks"

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
GLUE_PREFIX = "application/papermill.record/"
EXERCISE_MARK = "# Exercise"

#: Title of a proof box, as the page should show it.
PROOF_TITLE = "证明"
THEOREM_TITLE = "定理"

FENCE = re.compile(r"^(?P<fence>`{3,}|:{3,})\{(?P<name>[\w:-]+)\}\s*(?P<args>.*)$")
OPTION = re.compile(r"^:(?P<key>[\w-]+):\s*(?P<value>.*)$")
TARGET = re.compile(r"^\((?P<label>[^)\s]+)\)=\s*$")
LABELLED_MATH = re.compile(r"^\$\$\s*\((?P<label>[^)\s]+)\)\s*$")
ROLE = re.compile(r"\{(?P<name>[\w:-]+)\}`(?P<text>[^`]*)`")
REF_WITH_TEXT = re.compile(r"^(?P<text>.*?)\s*<(?P<label>[^<>]+)>$")


class ReaderError(ValueError):
    """A chapter uses MyST that the reader notebooks cannot express."""


# --------------------------------------------------------------------------
# Settings from the repository: one address, one version
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Settings:
    """What the generated install cell needs: where memlib lives, which tag."""

    url: str
    version: str

    @property
    def requirement(self) -> str:
        return f"memlib[book] @ git+{self.url}@v{self.version}"


def read_settings(root: Path = ROOT) -> Settings:
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    return Settings(
        url=config["repository"]["url"].rstrip("/"), version=project["project"]["version"]
    )


INSTALL_CELL = """\
# 在 Colab（或没有本书环境的 Jupyter）里先安装 memlib；已经装好时什么也不做。
# 本单元由 tools/reader.py 按 _config.yml 的仓库地址生成。
import importlib.util
import subprocess
import sys

MEMLIB = "{requirement}"
if importlib.util.find_spec("memlib") is None:
    pip = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", MEMLIB],
        capture_output=True,
        text=True,
    )
    if pip.returncode != 0:
        raise SystemExit(
            "无法安装 memlib（仓库或网络不可达？）。pip 的输出：\\n" + pip.stderr[-1500:]
        )
    importlib.invalidate_caches()
loaded = sys.modules.get("ipywidgets")
if loaded is not None and int(loaded.__version__.split(".")[0]) < 8:
    raise SystemExit(
        f"运行时已载入旧版 ipywidgets {{loaded.__version__}}，本书的演示需要 8.x："
        "请重启运行时（Colab：代码执行程序 → 重启会话），再从头运行。"
    )
if "google.colab" in sys.modules:
    from google.colab import output

    output.enable_custom_widget_manager()  # ipywidgets 8 widgets in Colab
import memlib  # noqa: E402,F401
"""


def install_cell(settings: Settings) -> str:
    """Source of the code cell that installs memlib where it is missing."""
    return INSTALL_CELL.format(requirement=settings.requirement)


# --------------------------------------------------------------------------
# Markdown: MyST to what plain Jupyter renders
# --------------------------------------------------------------------------


@dataclass
class Numbers:
    """Per-chapter numbering, as the page numbers them."""

    equations: dict[str, int] = field(default_factory=dict)
    theorems: dict[str, int] = field(default_factory=dict)
    n_theorems: int = 0


def number_chapter(markdown_cells: list[str]) -> Numbers:
    """Number labelled equations and theorems in order of appearance."""
    numbers = Numbers()
    for source in markdown_cells:
        for line in source.splitlines():
            m = LABELLED_MATH.match(line.strip())
            if m:
                label = m["label"]
                if label in numbers.equations:
                    raise ReaderError(f"equation label {label!r} is used twice")
                numbers.equations[label] = len(numbers.equations) + 1
    return numbers


def glue_values(nb: Any) -> dict[str, str]:
    """The ``text/plain`` of every glued value (myst-nb's records)."""
    values: dict[str, str] = {}
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            key = output.get("metadata", {}).get("scrapbook", {}).get("name")
            data = output.get("data", {})
            if key is not None:
                text = data.get(GLUE_PREFIX + "text/plain", data.get("text/plain"))
                if text is None:
                    raise ReaderError(f"glued value {key!r} has no text/plain")
                values[key] = text
    return values


@dataclass
class Context:
    """What converting one chapter's markdown needs."""

    name: str
    glue: Mapping[str, str]
    numbers: Numbers
    images: Path


def _role(match: re.Match[str], ctx: Context) -> str:
    name, text = match["name"], match["text"]
    if name == "glue:text":
        key, _, fmt = text.rpartition(":") if ":" in text else (text, "", "")
        if key not in ctx.glue:
            raise ReaderError(f"{ctx.name}: no glued value {key!r}")
        return format_plain_text(ctx.glue[key], fmt or "s")
    if name == "eq":
        if text not in ctx.numbers.equations:
            raise ReaderError(f"{ctx.name}: no equation labelled {text!r}")
        return f"({ctx.numbers.equations[text]})"
    if name in ("ref", "numref", "prf:ref"):
        m = REF_WITH_TEXT.match(text)
        if m and m["text"]:
            return m["text"]
        if text in ctx.numbers.theorems:
            return f"{THEOREM_TITLE} {ctx.numbers.theorems[text]}"
        raise ReaderError(f"{ctx.name}: write the text of reference {text!r} in the role")
    raise ReaderError(f"{ctx.name}: role {{{name}}} has no plain-Jupyter form")


def inline(text: str, ctx: Context) -> str:
    """Replace the MyST roles of one piece of markdown."""
    return ROLE.sub(lambda m: _role(m, ctx), text)


@dataclass
class Directive:
    name: str
    args: str
    options: dict[str, str]
    body: list[str]


def _read_directive(lines: list[str], start: int) -> tuple[Directive, int]:
    """Parse the directive opening at ``lines[start]``; return it and the next index."""
    m = FENCE.match(lines[start])
    assert m is not None
    fence = m["fence"]
    i = start + 1
    options: dict[str, str] = {}
    while i < len(lines) and (opt := OPTION.match(lines[i])):
        options[opt["key"]] = opt["value"].strip()
        i += 1
    body: list[str] = []
    closing = re.compile(rf"^{re.escape(fence[0])}{{{len(fence)},}}\s*$")
    while i < len(lines) and not closing.match(lines[i]):
        body.append(lines[i])
        i += 1
    if i == len(lines):
        raise ReaderError(f"directive {{{m['name']}}} is not closed")
    while body and not body[0].strip():
        body.pop(0)
    while body and not body[-1].strip():
        body.pop()
    return Directive(m["name"], m["args"].strip(), options, body), i + 1


def _box(title: str, body: str) -> str:
    return f"<blockquote>\n\n**{title}**\n\n{body}\n\n</blockquote>"


GREEK = {
    name: chr(code)
    for name, code in zip(
        "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi "
        "rho varsigma sigma tau upsilon phi chi psi omega".split(),
        range(0x3B1, 0x3CA),
    )
}


def plain_text(markdown: str) -> str:
    """Markdown with inline TeX as plain text for an image's alt text.

    Greek letters become Unicode, other TeX commands (``\\boldsymbol`` …) and
    the characters that would end the alt text or read as markup are dropped:
    ``$\\boldsymbol q^{(1)}$`` becomes ``q^(1)``, ``$\\alpha_t$`` becomes ``α_t``.
    """
    text = re.sub(r"\\([a-zA-Z]+)\s*", lambda m: GREEK.get(m[1], ""), markdown)
    text = re.sub(r"[$\\{}\[\]*`]", "", text)
    return re.sub(r"\s+", " ", text).strip()


def _render_directive(d: Directive, ctx: Context) -> str:
    body = convert_markdown("\n".join(d.body), ctx)
    title = inline(d.args, ctx)
    if d.name == "admonition":
        if "dropdown" in d.options.get("class", "").split():
            return f"<details>\n<summary><b>{title}</b></summary>\n\n{body}\n\n</details>"
        return _box(title, body)
    if d.name in ("note", "tip", "hint", "warning", "important", "caution", "attention"):
        return _box(title or NOTE_TITLES[d.name], body)
    if d.name == "prf:theorem":
        ctx.numbers.n_theorems += 1
        number = ctx.numbers.n_theorems
        if "label" in d.options:
            ctx.numbers.theorems[d.options["label"]] = number
        head = f"{THEOREM_TITLE} {number}" + (f"（{title}）" if title else "")
        return _box(head, body)
    if d.name == "prf:proof":
        return _box(PROOF_TITLE, body)
    if d.name == "figure":
        path = (ctx.images / d.args).resolve()
        if not path.is_file():
            raise ReaderError(f"{ctx.name}: figure {d.args} does not exist")
        mime = {".svg": "image/svg+xml", ".png": "image/png"}.get(path.suffix)
        if mime is None:
            raise ReaderError(f"{ctx.name}: figure {d.args}: only SVG and PNG are embedded")
        uri = f"data:{mime};base64," + base64.b64encode(path.read_bytes()).decode("ascii")
        alt = plain_text(inline(d.options.get("alt") or " ".join(d.body), ctx))
        image = f"![{alt}]({uri})"
        return f"{image}\n\n*{body}*" if body else image
    raise ReaderError(f"{ctx.name}: directive {{{d.name}}} has no plain-Jupyter form")


NOTE_TITLES = {
    "note": "注",
    "tip": "提示",
    "hint": "提示",
    "warning": "注意",
    "important": "重要",
    "caution": "小心",
    "attention": "注意",
}


def convert_markdown(source: str, ctx: Context) -> str:
    """One markdown cell (or directive body) in plain Jupyter markdown."""
    lines = source.splitlines()
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if FENCE.match(line):
            directive, i = _read_directive(lines, i)
            out.append(_render_directive(directive, ctx))
            continue
        if TARGET.match(line):
            i += 1
            continue
        m = LABELLED_MATH.match(line.strip())
        if m:
            out.append(f"\\tag{{{ctx.numbers.equations[m['label']]}}}")
            out.append("$$")
            i += 1
            continue
        out.append(inline(line, ctx))
        i += 1
    return "\n".join(out)


# --------------------------------------------------------------------------
# Widget outputs: a static picture of the first frame
# --------------------------------------------------------------------------

SELECTIONS = ("ToggleButtonsModel", "DropdownModel", "SelectionSliderModel", "SelectModel")
VALUES = (
    "IntSliderModel",
    "FloatSliderModel",
    "FloatLogSliderModel",
    "IntTextModel",
    "FloatTextModel",
    "BoundedIntTextModel",
    "BoundedFloatTextModel",
    "TextModel",
    "CheckboxModel",
)
STATIC_NOTE = "静态预览：运行本单元之后，控件才能切换画面。"


def static_view(state: Mapping[str, Any], model_id: str) -> str:
    """HTML of what a widget shows at first, from the saved widget state.

    Boxes become ``<div>``s, a stack shows its selected child, an HTML widget
    its value, and a control its label and current choice as text.
    """
    model = state.get(model_id)
    if model is None:
        raise ReaderError(f"widget model {model_id} is not in the saved state")
    name, s = model["model_name"], model["state"]

    def children() -> list[str]:
        return [static_view(state, ref.removeprefix("IPY_MODEL_")) for ref in s["children"]]

    if name in ("VBoxModel", "BoxModel"):
        return "<div>" + "".join(children()) + "</div>"
    if name == "HBoxModel":
        return "<div>" + " ".join(children()) + "</div>"
    if name == "StackModel":
        index = s.get("selected_index")
        return (
            ""
            if index is None
            else static_view(state, s["children"][index].removeprefix("IPY_MODEL_"))
        )
    if name == "HTMLModel":
        return s.get("value", "")
    label = html.escape(s.get("description", ""))
    if name in SELECTIONS:
        choice = s["_options_labels"][s["index"]]
        return f"<p><b>{label}</b>：{html.escape(str(choice))}</p>"
    if name in VALUES:
        return f"<p><b>{label}</b>：{html.escape(str(s.get('value')))}</p>"
    raise ReaderError(f"no static form for widget {name}")


INLINE_SVG = re.compile(r"<svg\b.*?</svg>", re.S)
SVG_TITLE = re.compile(r"<title>(.*?)</title>", re.S)


def svg_as_image(match: re.Match[str]) -> str:
    """An inline ``<svg>`` as an ``<img>`` with a ``data:`` URI.

    JupyterLab sanitizes the HTML outputs of an untrusted notebook (every
    notebook a reader opens) and removes inline SVG; an image survives.
    """
    svg = match.group(0)
    title = SVG_TITLE.search(svg)
    alt = html.escape(title.group(1).strip() if title else "图", quote=True)
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return f'<img src="data:image/svg+xml;base64,{data}" alt="{alt}" style="max-width:100%">'


def static_output(state: Mapping[str, Any], model_id: str) -> dict[str, Any]:
    body = INLINE_SVG.sub(svg_as_image, static_view(state, model_id))
    note = f'<p style="color:#666"><i>{STATIC_NOTE}</i></p>'
    return nbformat.v4.new_output(
        "display_data",
        data={"text/html": f"<div>{note}{body}</div>", "text/plain": f"[{STATIC_NOTE}]"},
    )


# --------------------------------------------------------------------------
# One chapter
# --------------------------------------------------------------------------


_EMPTY = {"model_name": "HTMLModel", "state": {"value": ""}}


def _widget_states(executed: Any) -> tuple[dict[str, Any], list[list[str | None]]]:
    """The saved widget state and, per cell and output, the view's model id."""
    state = executed.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    views = [
        [o.get("data", {}).get(WIDGET_VIEW, {}).get("model_id") for o in c.get("outputs", [])]
        for c in executed.cells
    ]
    return state, views


def is_exercise_check(source: str) -> bool:
    """A cell that verifies the exercises' solutions (the prose points at it)."""
    return source.lstrip().startswith(EXERCISE_MARK)


def _is_glue(output: Mapping[str, Any]) -> bool:
    data = output.get("data", {})
    return bool(data) and all(key.startswith(GLUE_PREFIX) for key in data)


def _loaded_names(source: str) -> set[str]:
    tree = ast.parse("\n".join(ln for ln in source.splitlines() if not ln.startswith("%")))
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}


def prune_imports(sources: list[str]) -> list[str]:
    """Drop imported names that no cell uses (they served the left-out cells).

    Only one-line ``import x`` and ``from m import a, b`` statements at the top
    level of a cell are rewritten; an unused name elsewhere is an error.
    """
    used = set().union(*(_loaded_names(s) for s in sources))
    pruned = []
    for source in sources:
        lines = source.splitlines()
        tree = ast.parse("\n".join(ln for ln in lines if not ln.startswith("%")))
        for node in reversed(tree.body):
            if not isinstance(node, (ast.Import, ast.ImportFrom)):
                continue
            keep = [a for a in node.names if (a.asname or a.name).split(".")[0] in used]
            if len(keep) == len(node.names):
                continue
            if node.lineno != node.end_lineno:
                raise ReaderError(f"unused import in a multi-line statement: {ast.unparse(node)}")
            if keep:
                node.names = keep
                lines[node.lineno - 1] = ast.unparse(node)
            else:
                del lines[node.lineno - 1]
        pruned.append("\n".join(lines).lstrip("\n"))  # no blank line left on top
    return pruned


def convert(chapter: Any, executed: Any, name: str, settings: Settings) -> Any:
    """The reader notebook of one chapter.

    Parameters
    ----------
    chapter : NotebookNode
        The chapter as committed (stored outputs, no widget state).
    executed : NotebookNode or None
        The same chapter executed with its widget state kept (same cells); with
        None the demos' previews are left empty.
    name : str
        File name of the chapter, for messages and metadata.
    settings : Settings
        Repository address and memlib version for the install cell.
    """
    if executed is None:  # previews left empty (tests compare everything else)
        state, views = {}, [[] for _ in chapter.cells]
    elif len(executed.cells) != len(chapter.cells) or any(
        a.source != b.source for a, b in zip(chapter.cells, executed.cells)
    ):
        raise ReaderError(f"{name}: the executed copy is not of this chapter's version")
    else:
        state, views = _widget_states(executed)
    ctx = _context(chapter, name)
    cells = []
    installed = False
    count = 0
    for index, cell in enumerate(chapter.cells):
        if cell.cell_type == "markdown":
            cells.append(nbformat.v4.new_markdown_cell(convert_markdown(cell.source, ctx)))
            continue
        if cell.cell_type != "code":
            raise ReaderError(f"{name}: cell {index} is a {cell.cell_type} cell")
        tags = cell.metadata.get("tags", [])
        exercise = is_exercise_check(cell.source)
        if "remove-cell" in tags and not exercise:
            continue
        if not installed:
            cells.append(nbformat.v4.new_code_cell(install_cell(settings)))
            installed = True
        count += 1
        outputs = []
        for j, output in enumerate(cell.get("outputs", [])):
            if _is_glue(output):
                continue
            output = copy.deepcopy(output)
            if WIDGET_VIEW in output.get("data", {}):
                if executed is None:
                    output = static_output({"-": _EMPTY}, "-")
                else:
                    model_id = views[index][j] if j < len(views[index]) else None
                    if model_id is None:
                        raise ReaderError(f"{name}: cell {index} has no executed widget view")
                    output = static_output(state, model_id)
            else:
                data = output.get("data", {})
                if "image/svg+xml" in data:  # JupyterLab shows no untrusted SVG output
                    svg = "".join(data.pop("image/svg+xml"))
                    data["text/html"] = INLINE_SVG.sub(svg_as_image, svg[svg.index("<svg") :])
                elif "text/html" in data:
                    data["text/html"] = INLINE_SVG.sub(svg_as_image, "".join(data["text/html"]))
                if output.get("output_type") == "execute_result":
                    output["execution_count"] = count
            outputs.append(output)
        new = nbformat.v4.new_code_cell(cell.source, outputs=outputs, execution_count=count)
        if exercise or {"hide-input", "remove-input"} & set(tags):
            new.metadata["jupyter"] = {"source_hidden": True}
        if {"hide-output", "remove-output"} & set(tags):
            new.metadata.setdefault("jupyter", {})["outputs_hidden"] = True
        cells.append(new)
    code = [c for c in cells if c.cell_type == "code"][1:]  # after the install cell
    for cell, source in zip(code, prune_imports([c.source for c in code])):
        cell.source = source
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata = {
        "kernelspec": copy.deepcopy(chapter.metadata["kernelspec"]),
        "language_info": {"name": "python"},
        "memlib": {
            "generated_from": f"chapters/{name}",
            "generator": "tools/reader.py (edit the chapter, then make reader)",
        },
    }
    return nb


def _context(chapter: Any, name: str) -> Context:
    markdown = [c.source for c in chapter.cells if c.cell_type == "markdown"]
    return Context(name, glue_values(chapter), number_chapter(markdown), CHAPTERS)


def chapter_numbers(chapter: Any, name: str) -> Numbers:
    """Equation and theorem numbers of a chapter, as the converter assigns them."""
    ctx = _context(chapter, name)
    for cell in chapter.cells:
        if cell.cell_type == "markdown":
            convert_markdown(cell.source, ctx)  # numbers the theorems
    return ctx.numbers


PAGE_EQUATION = re.compile(r'eqno">\((\d+)\)<a class="headerlink" href="#equation-([^"]+)"')
PAGE_THEOREM = re.compile(
    r'<div class="proof theorem admonition" id="([^"]+)">\s*<p class="admonition-title">'
    r'<span class="caption-number">\D*?(\d+)\s*</span>'
)


def page_numbers(page: str) -> Numbers:
    """Equation and theorem numbers as the built HTML page shows them."""
    return Numbers(
        equations={label: int(n) for n, label in PAGE_EQUATION.findall(page)},
        theorems={label: int(n) for label, n in PAGE_THEOREM.findall(page)},
    )


def dumps(nb: Any) -> str:
    """The reader notebook as stored: deterministic ids, sorted keys, newline."""
    nb = copy.deepcopy(nb)
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{i}"
    nbformat.validate(nb)
    return json.dumps(nb, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def reader_path(chapter: Path) -> Path:
    return READER / chapter.name


def render(chapter_path: Path, executed: Any, settings: Settings | None = None) -> str:
    """The reader notebook of one chapter, as stored."""
    chapter = nbformat.read(chapter_path, as_version=4)
    return dumps(convert(chapter, executed, chapter_path.name, settings or read_settings()))


def write(chapter_path: Path, executed: Any, settings: Settings | None = None) -> Path:
    """Convert one chapter and write its reader notebook; return the path."""
    out = reader_path(chapter_path)
    out.parent.mkdir(exist_ok=True)
    out.write_text(render(chapter_path, executed, settings), encoding="utf-8")
    return out


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="chapters (default: all)")
    parser.add_argument(
        "--state",
        type=Path,
        default=ROOT / "_build" / "jupyter_execute" / "chapters",
        help="folder of the executed chapters with widget state (default: the book build's)",
    )
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    parser.add_argument(
        "--html",
        type=Path,
        help="built book: check that equations and theorems are numbered as there",
    )
    args = parser.parse_args(argv)
    settings = read_settings()
    paths = [p.resolve() for p in args.notebooks] or sorted(CHAPTERS.glob("*.ipynb"))
    stale = []
    for path in paths:
        executed_path = args.state / path.name
        if not executed_path.is_file():
            print(f"{executed_path} is missing: build the book first (make book)", file=sys.stderr)
            return 2
        executed = nbformat.read(executed_path, as_version=4)
        out = reader_path(path)
        if args.html is not None:
            page = (args.html / "chapters" / f"{path.stem}.html").read_text(encoding="utf-8")
            chapter = nbformat.read(path, as_version=4)
            ours, theirs = chapter_numbers(chapter, path.name), page_numbers(page)
            if (ours.equations, ours.theorems) != (theirs.equations, theirs.theorems):
                print(
                    f"{path.name}: numbers differ from the page:\n  reader {ours}\n  page {theirs}"
                )
                stale.append(path.name)
        if args.check:
            current = out.read_text(encoding="utf-8") if out.is_file() else ""
            if current != render(path, executed, settings):
                stale.append(out.relative_to(ROOT))
        else:
            write(path, executed, settings)
            print(f"reader {out.relative_to(ROOT)} ({out.stat().st_size / 1024:.0f} KiB)")
    if stale:
        print(
            "stale or misnumbered reader notebooks (run make reader): " + ", ".join(map(str, stale))
        )
        return 1
    if args.check:
        print(f"reader notebooks are current ({len(paths)} chapters)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
