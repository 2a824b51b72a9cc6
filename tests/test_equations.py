"""Every labelled equation of the chapters is a memlib function, or marked prose-only.

A formula function names its equation in its docstring, d2l-style:
``Book equation: eq-852-shift (section 8.5.2).``  This test reads the labels of
the chapters' ``$$ ... $$ (label)`` equations and the docstrings of memlib, and
checks that the two agree: no equation without its function (unless it is
notation or an abstract statement, listed below with the reason), no docstring
pointing at an equation that does not exist.
"""

import importlib
import inspect
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOPICS = ("memory", "attention", "memn2n", "babi", "turing", "ntm", "hopfield")
PARTS = ("", "._core", "._plot", "._frames")
BOOK_EQ = re.compile(r"Book equations?: ((?:eq-[\w-]+)(?:, eq-[\w-]+)*)")

#: Equations that state notation or an abstract idea, not a computation.
PROSE_ONLY = {
    "eq-85-memory": "notation: the memory is a matrix whose rows are the items m_n",
    "eq-85-read-module": "the abstract read module r = R(M, q_r), instantiated by eq-85-read",
    "eq-85-write-module": "the abstract write module M <- W(M, q_w, a); eq-852-write is one",
    "eq-86-constraints": "the conditions on the weights (w_ii = 0, w_ij = w_ji), checked by "
    "HopfieldNetwork's validation rather than computed",
    "eq-86-energy-split": "a step of the convergence proof (the energy split around neuron i)",
    "eq-86-delta-e": "a step of the convergence proof (the energy change of one update)",
    "eq-86-delta-e-sync": "a step of the proof for synchronous updates",
}


def chapter_labels() -> dict[str, str]:
    labels = {}
    for path in sorted((ROOT / "chapters").glob("*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] == "markdown":
                src = "".join(cell["source"])
                for label in re.findall(r"\$\$\s*\((eq-[\w-]+)\)", src):
                    labels[label] = path.stem
    return labels


def documented() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    seen = set()
    for topic in TOPICS:
        for part in PARTS:
            try:
                module = importlib.import_module(f"memlib.{topic}{part}")
            except ModuleNotFoundError:
                continue
            for name, obj in vars(module).items():
                if not (inspect.isfunction(obj) or inspect.isclass(obj)) or id(obj) in seen:
                    continue
                seen.add(id(obj))
                members = [(name, obj)]
                if inspect.isclass(obj):
                    members += [(f"{name}.{m}", f) for m, f in vars(obj).items() if callable(f)]
                for qual, member in members:
                    for group in BOOK_EQ.findall(inspect.getdoc(member) or ""):
                        for label in group.split(", "):
                            found.setdefault(label, set()).add(f"{topic}.{qual}")
    return found


def test_every_chapter_has_labelled_equations():
    chapters = {p.stem for p in (ROOT / "chapters").glob("*.ipynb")}
    assert set(chapter_labels().values()) == chapters


def test_every_equation_has_its_function_or_is_prose_only():
    labels, docs = chapter_labels(), documented()
    missing = sorted(set(labels) - set(docs) - set(PROSE_ONLY))
    assert not missing, f"equations without a memlib function: {missing}"
    both = sorted(set(docs) & set(PROSE_ONLY))
    assert not both, f"marked prose-only but implemented: {both}"


def test_docstrings_point_at_existing_equations():
    labels = chapter_labels()
    stale = {label: names for label, names in documented().items() if label not in labels}
    assert not stale, f"docstrings name equations the chapters do not have: {stale}"
    assert set(PROSE_ONLY) <= set(labels), "PROSE_ONLY names an equation that does not exist"


def test_equation_references_follow_the_format():
    # a typo such as "Book equation: eq86-update" would silently escape the map
    for path in (ROOT / "memlib").rglob("*.py"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if "Book equation" in line:
                assert BOOK_EQ.search(line), f"{path.name}: malformed reference {line.strip()!r}"
