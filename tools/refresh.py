"""Re-execute chapter notebooks in place, deterministically.

Usage: python tools/refresh.py [NOTEBOOK ...]   (default: every chapter)

Cells run with the chapter folder as working directory, outputs are stored
without timing metadata, and the execution count restarts at 1.  Widget
state is not stored (the book embeds it at build time), so the random
``model_id`` of each widget view refers to nothing; it is replaced by a
deterministic one.  A refresh of unchanged code gives an unchanged file.

The same execution, with its widget state, then writes the chapter's reader
notebook to ``notebooks/`` (``tools/reader.py``).
"""

from __future__ import annotations

import copy
import hashlib
import sys
from pathlib import Path

import nbformat
import reader
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent


def refresh(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    client = NotebookClient(
        nb,
        timeout=600,
        kernel_name="python3",
        record_timing=False,
        store_widget_state=True,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    executed = copy.deepcopy(nb)
    nb.metadata.pop("widgets", None)
    for i, cell in enumerate(nb.cells):
        cell.metadata.pop("execution", None)
        for j, output in enumerate(cell.get("outputs", [])):
            view = output.get("data", {}).get(reader.WIDGET_VIEW)
            if view:
                view["model_id"] = hashlib.md5(f"{path.name}:{i}:{j}".encode()).hexdigest()
    nbformat.write(nb, path)
    print(f"reader {reader.write(path, executed).relative_to(ROOT)}", flush=True)


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or sorted((ROOT / "chapters").glob("*.ipynb"))
    for path in paths:
        print(f"refresh {path}", flush=True)
        refresh(path.resolve())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
