"""Small Sphinx extension with the book's fixes to its toolchain.

Duplicate inline scripts.  sphinx-thebe registers its inline configuration
script (``const THEBE_JS_URL = ...``) with ``app.add_js_file(None, body=...)``
after the HTML builder was initialised.  Sphinx 7.4 then adds it twice: once
as filename ``None`` at registration and once as filename ``''`` when it
replays late registrations in ``prepare_writing``; the two compare unequal,
so the page declares the ``const`` twice and throws "Identifier
'THEBE_JS_URL' has already been declared".  We drop the repeated copy of any
inline script before each page is written.

Proof titles.  sphinx-proof's ``prf:proof`` directive prepends the English
word "Proof. " to the proof's first paragraph, whatever the language; the
book's proofs begin with a bold 证明 instead.

Header buttons in Chinese.  sphinx-book-theme's Chinese catalogue lacks some
of its button texts ("Live Code", "Repository", "Launch on Binder" …); the
book names them in Chinese.

Reader notebooks.  The theme's Binder and Colab buttons open, and its download
button serves, the page's source notebook, whose MyST prose plain Jupyter shows
as raw text.  Each chapter has a generated reader notebook in ``notebooks/``
(``tools/reader.py``): the buttons are pointed at it, and it is copied into the
built site for the download button.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx


def _key(script: Any) -> tuple:
    filename = getattr(script, "filename", script) or ""
    attributes = getattr(script, "attributes", {}) or {}
    return (filename, tuple(sorted((k, str(v)) for k, v in attributes.items())))


def dedupe_scripts(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any
) -> None:
    scripts = context.get("script_files")
    if not scripts:
        return
    seen: set[tuple] = set()
    unique = []
    for script in scripts:
        key = _key(script)
        if key not in seen:
            seen.add(key)
            unique.append(script)
    scripts[:] = unique


PROOF_PREFIX = "Proof. "
PROOF_TITLE = "证明"


def chinese_proof_titles(app: Sphinx, doctree: nodes.document) -> None:
    """Replace sphinx-proof's "Proof. " prefix by a bold 证明."""
    for box in doctree.findall(nodes.admonition):
        if "proof" not in box["classes"] or "proof" not in box["ids"]:
            continue
        paragraph = next(iter(box.findall(nodes.paragraph)), None)
        if paragraph is None or not paragraph.children:
            continue
        first = paragraph.children[0]
        if isinstance(first, nodes.Text) and first.astext().startswith(PROOF_PREFIX):
            rest = nodes.Text(first.astext()[len(PROOF_PREFIX) :])
            paragraph.replace(first, rest)
            paragraph.insert(0, nodes.Text("　"))
            paragraph.insert(0, nodes.strong(PROOF_TITLE, PROOF_TITLE))


#: The theme's English header-button texts and tooltips, in Chinese.
BUTTON_TEXTS = {
    "Launch interactive content": "运行本章",
    "Launch on Binder": "在 Binder 中打开（JupyterLab）",
    "Launch on Colab": "在 Colab 中打开",
    "Launch Thebe": "用 Thebe 在本页中运行代码",
    "Live Code": "在本页运行",
    "Source repositories": "源码库",
    "Repository": "源码库",
    "Open issue": "报告问题",
    "Download this page": "下载本页",
    "Download source file": "下载源文件",
    "Print to PDF": "打印为 PDF",
    "Fullscreen mode": "全屏",
}


def chinese_buttons(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any
) -> None:
    """Name the theme's header buttons in Chinese where its catalogue does not."""
    for group in context.get("header_buttons", []):
        for item in (group, *group.get("buttons", [])):
            for key in ("text", "tooltip"):
                if isinstance(item.get(key), str):
                    item[key] = BUTTON_TEXTS.get(item[key], item[key])


READER_DIR = "notebooks"
DOWNLOAD_LABEL = "download-source-button"


def reader_links(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any
) -> None:
    """Point the launch and download buttons of a chapter at its reader notebook."""
    source = Path(app.env.doc2path(pagename))
    reader = Path(app.srcdir) / READER_DIR / f"{source.stem}.ipynb"
    if source.suffix != ".ipynb" or not reader.is_file():
        return
    target = Path(app.outdir) / READER_DIR / reader.name
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(reader, target)
    page_path = source.relative_to(app.srcdir).as_posix()
    reader_path = f"{READER_DIR}/{reader.name}"
    for group in context.get("header_buttons", []):
        for button in group.get("buttons", []):
            url = button.get("url", "")
            if button.get("label") == DOWNLOAD_LABEL:
                button["url"] = context["pathto"](reader_path, 1)
                button["text"] = ".ipynb"
                button["tooltip"] = "下载可运行的笔记本（Jupyter、Colab）"
            elif url.startswith("http") and url.endswith(page_path):
                button["url"] = url[: -len(page_path)] + reader_path


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("html-page-context", dedupe_scripts, priority=900)
    app.connect("html-page-context", reader_links, priority=600)
    app.connect("html-page-context", chinese_buttons, priority=601)
    app.connect("doctree-read", chinese_proof_titles)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
