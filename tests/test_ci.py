"""The CI entry points: .ci/run, the Makefile's test target, the GitHub workflow.

The workflow cannot run here, so it is validated against GitHub's published
workflow schema (vendored by check-jsonschema) and read for what it must do.
"""

import re
import subprocess
import sys
from pathlib import Path

import yaml
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / ".github" / "workflows" / "book.yml"


def test_ci_run_ends_with_make_test():
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    commands = [line for line in script.splitlines() if line and not line.startswith(("#", " "))]
    assert commands[-1] == "make test"


def test_make_test_runs_every_check():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    deps = re.search(r"^test: (.*)$", makefile, re.M).group(1).split()
    assert deps == ["lint", "unit", "nbval", "browser", "jupyterlab"]
    jupyterlab = makefile[makefile.index("\njupyterlab:") :].split("\n\n")[0]
    assert "tests/jupyterlab_check.py" in jupyterlab
    nbval = makefile[makefile.index("\nnbval:") :].split("\n\n")[0]
    assert nbval.count("$(NBVAL)") == 2 and "OPENBLAS_CORETYPE=Prescott" in nbval
    assert "NPY_DISABLE_CPU_FEATURES" in nbval
    lint = makefile[makefile.index("\nlint:") :].split("\n\n")[0]
    assert "chapters" in lint, "make lint covers the notebooks"


def test_workflow_matches_githubs_schema():
    checker = Path(sys.executable).with_name("check-jsonschema")
    out = subprocess.run(
        [str(checker), "--builtin-schema", "vendor.github-workflows", str(WORKFLOW)],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stdout + out.stderr


def test_workflow_tests_then_publishes_the_book():
    wf = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    triggers = wf[True]  # YAML 1.1 reads the key `on` as True
    assert triggers["push"]["branches"] == ["main"] and "pull_request" in triggers
    test, deploy = wf["jobs"]["test"], wf["jobs"]["deploy"]
    runs = [s.get("run") for s in test["steps"]]
    assert ".ci/run" in runs
    upload = next(s for s in test["steps"] if "upload-pages-artifact" in s.get("uses", ""))
    assert upload["with"]["path"] == "_build/html"
    assert runs.index(".ci/run") < test["steps"].index(upload)
    assert deploy["needs"] == "test"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert any("actions/deploy-pages" in s.get("uses", "") for s in deploy["steps"])
    assert wf["permissions"] == {"contents": "read"}  # least privilege elsewhere


#: The build and test toolchain: not in the reader's Binder environment.
TOOLCHAIN = {
    "sphinx",
    "jupyter-book",
    "myst-nb",
    "myst-parser",
    "sphinx-book-theme",
    "jieba",
    "pytest",
    "hypothesis",
    "nbval",
    "playwright",
    "ruff",
    "check-jsonschema",
    "coverage",
}


def _requirements(path: Path) -> list[str]:
    lines = (line.split("#", 1)[0].strip() for line in path.read_text("utf-8").splitlines())
    return [line for line in lines if line]


def test_binder_installs_memlib_and_the_locked_runtime():
    binder = ROOT / "binder"
    # with a binder/ folder repo2docker reads nothing else: no stray root copies
    assert not (ROOT / "requirements.txt").exists() and not (ROOT / "runtime.txt").exists()
    assert (binder / "runtime.txt").read_text("utf-8").strip() == "python-3.11"
    locked = (line.split("==") for line in _requirements(ROOT / "requirements-lock.txt"))
    lock = {canonicalize_name(name): version for name, version in locked}
    lines = _requirements(binder / "requirements.txt")
    # repo2docker runs pip from the repository root: "." is the checkout
    assert ".[book]" in lines
    pins = {}
    for line in lines:
        if line == ".[book]":
            continue
        name, _, version = line.partition("==")
        assert version, f"binder/requirements.txt: {line!r} is not pinned"
        pins[canonicalize_name(name)] = version
    assert {n: v for n, v in pins.items() if lock.get(n) != v} == {}, "pins differ from the lock"
    assert not TOOLCHAIN & set(pins), "the build/test toolchain is not for readers"
    assert {"numpy", "matplotlib", "ipywidgets", "ipykernel", "jupyterlab-widgets"} <= set(pins)
