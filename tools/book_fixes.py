"""Small Sphinx extension with the book's fixes to its toolchain.

Duplicate inline scripts.  sphinx-thebe registers its inline configuration
script (``const THEBE_JS_URL = ...``) with ``app.add_js_file(None, body=...)``
after the HTML builder was initialised.  Sphinx 7.4 then adds it twice: once
as filename ``None`` at registration and once as filename ``''`` when it
replays late registrations in ``prepare_writing``; the two compare unequal,
so the page declares the ``const`` twice and throws "Identifier
'THEBE_JS_URL' has already been declared".  We drop the repeated copy of any
inline script before each page is written.
"""

from __future__ import annotations

from typing import Any

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


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("html-page-context", dedupe_scripts, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
