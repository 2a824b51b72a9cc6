"""The reader notebooks in a real JupyterLab, in the environment Binder builds.

Usage: python tests/jupyterlab_check.py [folder]     (default: notebooks)

1. Builds ``.venv-binder`` as repo2docker does: JupyterLab first (the version
   repo2docker's current release installs), then, from the repository root,
   ``pip install -r binder/requirements.txt`` (which installs memlib from the
   checkout) and ``binder/postBuild`` if there is one.  The venv is reused
   while its inputs are unchanged (a stamp with their hash); a change in
   memlib's sources only reinstalls memlib.
2. Starts ``jupyter lab`` from that venv on a free port of 127.0.0.1: no
   token, no browser, the repository as root, the machine's Jupyter and
   IPython configuration kept out (HOME and the JUPYTER_* folders point into a
   temporary folder), notebooks not virtualised and autosave off (so the
   check never writes a notebook).  The server is always stopped at the end.
3. In headless Chromium, with every request outside 127.0.0.1 aborted, opens
   ``/lab/tree/<folder>/<name>.ipynb`` (the path a Binder link opens) for each
   notebook and checks:
   - the rendered markdown cells: no raw MyST (directive fences, roles,
     directive options, ``(label)=`` targets, labelled ``$$``), no broken
     image, every formula typeset by MathJax (no raw TeX left);
   - Run All: every code cell runs, no error output, no traceback on stderr;
   - every cell that builds a demo (``explorer(``) shows a rendered widget;
   - every live panel ("自由输入（需要运行中的内核）") recomputes through the
     kernel: one of its inputs is changed and its view must change.  A
     notebook without a live panel fails.
Screenshots (top of each notebook, the notebook after Run All, each live
panel before and after) go to ``_build/screenshots/jupyterlab/``.  Exits
non-zero with a summary of every failure; prints per-notebook timings.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import headless  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
BINDER = ROOT / "binder"
VENV = ROOT / ".venv-binder"
STAMP = VENV / ".binder-stamp.json"
SHOTS = ROOT / "_build" / "screenshots" / "jupyterlab"

#: The JupyterLab that repo2docker 2026.04.0 (its current release) installs for
#: Python 3.11: repo2docker/buildpacks/conda/environment.py-3.11-linux-64.lock.
JUPYTERLAB_VERSION = "4.4.9"

LIVE_LABEL = "自由输入（需要运行中的内核）"

#: Seconds: starting the server, a kernel becoming idle, one Run All.
SERVER_TIMEOUT = 120
KERNEL_TIMEOUT = 180
RUN_TIMEOUT = 900
LIVE_TIMEOUT = 60


#: Lab settings for the check: every cell in the DOM (no virtual scrolling),
#: no autosave (the check must not write the notebooks), no news or update
#: requests.
OVERRIDES = {
    "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"},
    "@jupyterlab/docmanager-extension:plugin": {"autosave": False},
    "@jupyterlab/apputils-extension:notification": {
        "checkForUpdates": False,
        "fetchNews": "false",
    },
}

#: MyST syntax that plain Jupyter shows as raw text, in a markdown cell's source.
MYST_PATTERNS = {
    "directive fence": re.compile(r"^[ \t]*(`{3,}|~{3,}|:{3,})[ \t]*\{[^}\n]*\}.*$", re.M),
    "role": re.compile(r"\{[a-z][\w:+.-]*\}`[^`\n]*`"),
    "directive option": re.compile(r"^[ \t]*:[a-z][\w-]*:(?:[ \t].*)?$", re.M),
    "target": re.compile(r"^[ \t]*\([\w.:-]+\)=[ \t]*$", re.M),
    "labelled equation": re.compile(r"\$\$[ \t]*\([\w.:-]+\)"),
}


# --------------------------------------------------------------------------
# 1. The Binder environment


def _hash_files(paths: list[Path], extra: str = "") -> str:
    digest = hashlib.sha256(extra.encode())
    for path in sorted(paths):
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def _binder_inputs() -> list[Path]:
    names = ("runtime.txt", "requirements.txt", "postBuild")
    return [BINDER / n for n in names if (BINDER / n).exists()]


def _memlib_inputs() -> list[Path]:
    files = [ROOT / "pyproject.toml"]
    files += [
        p
        for p in (ROOT / "memlib").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    ]
    return files


def runtime_python() -> tuple[str, str]:
    """The interpreter for binder/runtime.txt's Python (``python-3.11``)."""
    runtime = (BINDER / "runtime.txt").read_text().strip()
    match = re.fullmatch(r"python-(\d+)\.(\d+)", runtime)
    if not match:
        sys.exit(f"binder/runtime.txt: expected python-X.Y, found {runtime!r}")
    version = f"{match[1]}.{match[2]}"
    candidates = [os.environ.get("BINDER_PYTHON"), shutil.which(f"python{version}")]
    if sys.version_info[:2] == (int(match[1]), int(match[2])):
        candidates.append(getattr(sys, "_base_executable", sys.executable))
    for candidate in filter(None, candidates):
        out = subprocess.run(
            [candidate, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
            capture_output=True,
            text=True,
        )
        if out.returncode == 0 and out.stdout.strip() == version:
            return candidate, version
    sys.exit(
        f"binder/runtime.txt asks for Python {version}, which was not found: "
        f"install python{version} or set BINDER_PYTHON=/path/to/python{version}"
    )


def _run(cmd: list[str], what: str, env: dict[str, str] | None = None) -> None:
    out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env=env)
    if out.returncode != 0:
        print(out.stdout[-4000:], out.stderr[-4000:], sep="\n")
        sys.exit(f"{what} failed (exit {out.returncode}): {' '.join(cmd)}")


def build_env() -> Path:
    """Create or reuse .venv-binder; return its bin folder."""
    python, version = runtime_python()
    env_hash = _hash_files(_binder_inputs(), f"jupyterlab=={JUPYTERLAB_VERSION} python{version}")
    memlib_hash = _hash_files(_memlib_inputs())
    stamp = json.loads(STAMP.read_text()) if STAMP.exists() else {}
    pip = [str(VENV / "bin" / "python"), "-m", "pip", "--disable-pip-version-check"]
    start = time.monotonic()
    if stamp.get("env") != env_hash:
        print(f"building {VENV.name} as repo2docker would (Python {version}) ...", flush=True)
        shutil.rmtree(VENV, ignore_errors=True)
        _run([python, "-m", "venv", str(VENV)], "creating the venv")
        _run([*pip, "install", "--quiet", f"jupyterlab=={JUPYTERLAB_VERSION}"], "JupyterLab")
        lab_done = time.monotonic()
        # repo2docker: pip install -r "binder/requirements.txt" from the repository root
        _run([*pip, "install", "--quiet", "-r", "binder/requirements.txt"], "requirements")
        if (BINDER / "postBuild").exists():
            env = {**os.environ, "PATH": f"{VENV / 'bin'}:{os.environ['PATH']}"}
            _run(["bash", "binder/postBuild"], "binder/postBuild", env=env)
        print(
            f"  JupyterLab {JUPYTERLAB_VERSION}: {lab_done - start:.0f} s, "
            f"binder/requirements.txt: {time.monotonic() - lab_done:.0f} s",
            flush=True,
        )
    elif stamp.get("memlib") != memlib_hash:
        print(f"memlib changed: reinstalling it into {VENV.name}", flush=True)
        _run([*pip, "install", "--quiet", "--no-deps", "--force-reinstall", "."], "memlib")
    else:
        print(f"{VENV.name} is up to date (inputs unchanged)", flush=True)
    _run([*pip, "check"], f"pip check in {VENV.name}")
    probe = (
        "import importlib.metadata as m, memlib, sys; "
        "print(m.version('jupyterlab'), m.version('ipywidgets'), memlib.__file__)"
    )
    out = subprocess.run(
        [str(VENV / "bin" / "python"), "-c", probe],
        capture_output=True,
        text=True,
        cwd=tempfile.gettempdir(),
    )
    if out.returncode != 0:
        sys.exit(f"{VENV.name} is broken:\n{out.stderr}")
    lab, ipywidgets, memlib_file = out.stdout.split()
    if lab != JUPYTERLAB_VERSION:
        sys.exit(f"{VENV.name} has JupyterLab {lab}, expected {JUPYTERLAB_VERSION}")
    STAMP.write_text(json.dumps({"env": env_hash, "memlib": memlib_hash}))
    print(
        f"  {VENV.name} ready in {time.monotonic() - start:.1f} s: JupyterLab {lab}, "
        f"ipywidgets {ipywidgets}, memlib from {memlib_file}",
        flush=True,
    )
    return VENV / "bin"


# --------------------------------------------------------------------------
# 2. The JupyterLab server


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LabServer:
    """``jupyter lab`` from the Binder venv, isolated from the machine's config."""

    def __init__(self, bin_dir: Path, log_path: Path) -> None:
        self.bin_dir = bin_dir
        self.log_path = log_path
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.tmp = Path(tempfile.mkdtemp(prefix="jupyterlab-check-"))
        self.proc: subprocess.Popen | None = None

    def _env(self) -> dict[str, str]:
        dirs = {
            "HOME": "home",
            "JUPYTER_CONFIG_DIR": "jupyter/config",
            "JUPYTER_DATA_DIR": "jupyter/data",
            "JUPYTER_RUNTIME_DIR": "jupyter/runtime",
            "JUPYTERLAB_SETTINGS_DIR": "lab/user-settings",
            "JUPYTERLAB_WORKSPACES_DIR": "lab/workspaces",
            "IPYTHONDIR": "ipython",
            "MPLCONFIGDIR": "matplotlib",
            "XDG_CACHE_HOME": "home/.cache",
            "XDG_CONFIG_HOME": "home/.config",
            "XDG_DATA_HOME": "home/.local/share",
        }
        env = {name: str(self.tmp / sub) for name, sub in dirs.items()}
        for path in env.values():
            Path(path).mkdir(parents=True, exist_ok=True)
        # a clean environment: nothing of the Makefile's (MPLBACKEND=Agg would
        # stop inline figures) or of the machine's Python set-up leaks in
        env["PATH"] = f"{self.bin_dir}:/usr/local/bin:/usr/bin:/bin"
        env["LANG"] = "C.UTF-8"
        return env

    def start(self) -> None:
        settings = self.bin_dir.parent / "share" / "jupyter" / "lab" / "settings"
        settings.mkdir(parents=True, exist_ok=True)
        (settings / "overrides.json").write_text(json.dumps(OVERRIDES, indent=2))
        cmd = [
            str(self.bin_dir / "jupyter"),
            "lab",
            "--no-browser",
            "--ip=127.0.0.1",
            f"--port={self.port}",
            "--port-retries=0",
            f"--ServerApp.root_dir={ROOT}",
            "--IdentityProvider.token=",
            "--ServerApp.password=",
            "--ServerApp.disable_check_xsrf=True",
            "--LabApp.expose_app_in_browser=True",
            "--LabApp.news_url=None",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        ]
        if os.geteuid() == 0:
            cmd.append("--allow-root")
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = self.log_path.open("w")
        self.proc = subprocess.Popen(
            cmd,
            cwd=ROOT,
            env=self._env(),
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + SERVER_TIMEOUT
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"jupyter lab exited ({self.proc.returncode}):\n{self.log()}")
            try:
                with urllib.request.urlopen(self.url + "api/status", timeout=5) as r:
                    if r.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.5)
        raise RuntimeError(f"jupyter lab did not answer within {SERVER_TIMEOUT} s:\n{self.log()}")

    def check_settings(self) -> None:
        """The overrides are in force (above all: no autosave into the notebooks)."""
        for plugin, wanted in OVERRIDES.items():
            with urllib.request.urlopen(f"{self.url}lab/api/settings/{plugin}", timeout=10) as r:
                answer = json.load(r)
            # overrides.json replaces the schema's defaults; user settings come on top
            for key, value in wanted.items():
                default = answer["schema"]["properties"][key].get("default")
                found = answer["settings"].get(key, default)
                if found != value:
                    raise RuntimeError(f"setting {plugin} {key} is {found!r}, not {value!r}")

    def log(self, lines: int = 40) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def stop(self) -> None:
        """Stop the server's process group and any kernel it started."""
        if self.proc is None:
            return
        kernels = self._descendants(self.proc.pid)
        for sig, wait in ((signal.SIGTERM, 15), (signal.SIGKILL, 5)):
            if self.proc.poll() is not None:
                break
            try:
                os.killpg(self.proc.pid, sig)
            except ProcessLookupError:
                break
            try:
                self.proc.wait(timeout=wait)
            except subprocess.TimeoutExpired:
                pass
        # kernels run in sessions of their own: stop those the server left behind
        for pid in kernels:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        shutil.rmtree(self.tmp, ignore_errors=True)

    @staticmethod
    def _descendants(pid: int) -> list[int]:
        children: dict[int, list[int]] = {}
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(entry.name))
        found, todo = [], [pid]
        while todo:
            for child in children.get(todo.pop(), []):
                found.append(child)
                todo.append(child)
        return found


# --------------------------------------------------------------------------
# 3. The notebooks in the browser

PANEL_JS = "window.jupyterapp && window.jupyterapp.shell.currentWidget"
#: CSS selector of the notebook under test (marked once it is open).
CURRENT = "[data-jupyterlab-check]"
MARK_JS = f"() => {{ {PANEL_JS}.node.setAttribute('data-jupyterlab-check', ''); }}"

KERNEL_READY_JS = f"""
() => {{
  const panel = {PANEL_JS};
  if (!panel || !panel.content || !panel.sessionContext || !panel.context.isReady) return false;
  const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
  return !!kernel && kernel.connectionStatus === "connected" && kernel.status === "idle";
}}
"""

DIALOG_JS = """
() => [...document.querySelectorAll(".jp-Dialog")].map(d => d.innerText.trim().slice(0, 300))
"""

#: Per cell: type, source and, for the rendered markdown, what a reader sees.
CELLS_JS = r"""
() => {
  const panel = window.jupyterapp.shell.currentWidget;
  const skip = "mjx-container, svg, style, script";
  return panel.content.widgets.map((cell, index) => {
    const model = cell.model;
    const info = {index, type: model.type, source: model.sharedModel.getSource()};
    if (model.type !== "markdown") return info;
    const md = cell.node.querySelector(".jp-RenderedMarkdown");
    info.rendered = !!md && cell.rendered;
    if (!md) return info;
    const texts = [], tex = [];
    const walker = document.createTreeWalker(md, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const node = walker.currentNode, parent = node.parentElement;
      if (parent && parent.closest(skip)) continue;
      texts.push(node.nodeValue);
      if (!parent.closest("pre, code") &&
          /\$\$|\\\(|\\\[|\\begin\{|\\frac|\\boldsymbol|\\mathbf|\\sum_|\\tag\{|\$[^$\s][^$]*\$/
            .test(node.nodeValue))
        tex.push(node.nodeValue.trim().slice(0, 80));
    }
    info.text = md.innerText;
    info.tex = tex;
    info.fences = [...md.querySelectorAll("pre code")]
      .map(c => c.className).filter(c => c.includes("{"));
    info.math = md.querySelectorAll("mjx-container").length;
    info.merror = md.querySelectorAll("mjx-merror").length;
    info.images = [...md.querySelectorAll("img")].map(i => ({
      src: i.getAttribute("src") || "", alt: i.getAttribute("alt") || "",
      complete: i.complete, width: i.naturalWidth}));
    return info;
  });
}
"""

MATH_COUNT_JS = f"""
() => {{ const panel = {PANEL_JS};
  return panel ? panel.node.querySelectorAll("mjx-container").length : -1; }}
"""

IMAGES_DONE_JS = f"""
() => {{ const panel = {PANEL_JS};
  return [...panel.node.querySelectorAll("img")].every(i => i.complete); }}
"""

RUN_ALL_JS = """
() => {
  window.__runAll = null;
  window.jupyterapp.commands.execute("notebook:run-all-cells").then(
    ok => { window.__runAll = {ok: ok !== false}; },
    err => { window.__runAll = {error: String(err)}; });
}
"""

RUN_STATE_JS = f"""
() => {{
  const panel = {PANEL_JS};
  const code = panel.content.widgets.filter(
    c => c.model.type === "code" && c.model.sharedModel.getSource().trim());
  const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
  const pending = [...panel.node.querySelectorAll(".jp-InputPrompt")]
    .filter(p => p.textContent.includes("*")).length;
  const counted = code.filter(c => c.model.executionCount !== null).length;
  const errors = code.filter(
    c => c.model.outputs.toJSON().some(o => o.output_type === "error")).length;
  return {{done: window.__runAll, status: kernel ? kernel.status : "none",
           pending, counted, total: code.length, errors}};
}}
"""

#: Per code cell after Run All: execution count, errors, stderr, widgets.
OUTPUTS_JS = f"""
() => {{
  const panel = {PANEL_JS};
  const view = "application/vnd.jupyter.widget-view+json";
  return panel.content.widgets.map((cell, index) => {{
    if (cell.model.type !== "code") return null;
    const outputs = cell.model.outputs.toJSON();
    const text = s => Array.isArray(s) ? s.join("") : (s || "");
    return {{
      index,
      source: cell.model.sharedModel.getSource(),
      count: cell.model.executionCount,
      errors: outputs.filter(o => o.output_type === "error")
        .map(o => `${{o.ename}}: ${{o.evalue}}`),
      stderr: [...cell.node.querySelectorAll(
        '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')]
        .map(e => e.innerText.trim()),
      views: outputs.filter(o => o.data && o.data[view]).length,
      widgets: cell.node.querySelectorAll(".jupyter-widgets").length,
      explorers: cell.node.querySelectorAll(".memlib-explorer").length,
      brokenImages: [...cell.node.querySelectorAll(".jp-OutputArea img")]
        .filter(i => !i.complete || i.naturalWidth === 0)
        .map(i => (i.getAttribute("src") || "").slice(0, 60)),
      outputText: cell.node.querySelector(".jp-OutputArea")
        ? cell.node.querySelector(".jp-OutputArea").innerText : "",
    }};
  }}).filter(c => c);
}}
"""

WIDGETS_SETTLED_JS = f"""
() => {{
  const panel = {PANEL_JS};
  const text = panel.node.querySelector(".jp-Notebook").innerText;
  return !text.includes("Loading widget...");
}}
"""

#: The live panels: [explorer cell index, panel element], in document order.
LIVE_PANELS_JS = f"""
(label) => {{
  const panel = {PANEL_JS};
  const found = [];
  panel.content.widgets.forEach((cell, index) => {{
    for (const explorer of cell.node.querySelectorAll(".memlib-explorer")) {{
      for (const box of explorer.querySelectorAll(":scope > .widget-vbox")) {{
        const title = box.querySelector(":scope > .widget-html");
        if (title && title.innerText.includes(label)) found.push(index);
      }}
    }}
  }});
  return found;
}}
"""

LIVE_VIEW_JS = """
(box) => {
  const htmls = box.querySelectorAll(":scope > .widget-html");
  const view = htmls[htmls.length - 1];
  const content = view && view.querySelector(".widget-html-content");
  return content ? content.innerHTML : null;
}
"""


def myst_in(source: str) -> list[str]:
    """The raw MyST a plain-Jupyter reader would see in a markdown source."""
    found = []
    for kind, pattern in MYST_PATTERNS.items():
        for match in pattern.finditer(source):
            found.append(f"{kind}: {match.group(0).strip()[:70]}")
    return found


def wait_for(page, js: str, timeout: float, arg=None, poll: float = 0.5):
    """Poll ``js`` until it is truthy; return its value, or None on timeout."""
    deadline = time.monotonic() + timeout
    while True:
        value = page.evaluate(js, arg)
        if value:
            return value
        if time.monotonic() > deadline:
            return None
        time.sleep(poll)


def wait_stable(page, js: str, timeout: float, quiet: float = 2.0):
    """Wait until ``js`` returns the same value for ``quiet`` seconds."""
    deadline = time.monotonic() + timeout
    last, since = page.evaluate(js), time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.3)
        value = page.evaluate(js)
        if value != last:
            last, since = value, time.monotonic()
        elif time.monotonic() - since >= quiet:
            break
    return last


def check_markdown(page) -> tuple[list[str], dict]:
    problems = []
    wait_stable(page, MATH_COUNT_JS, timeout=60)
    wait_for(page, IMAGES_DONE_JS, timeout=30)
    cells = page.evaluate(CELLS_JS)
    markdown = [c for c in cells if c["type"] == "markdown"]
    n_math = 0
    for cell in markdown:
        where = f"markdown cell {cell['index']}"
        if not cell.get("rendered"):
            problems.append(f"{where}: not rendered")
            continue
        n_math += cell["math"]
        raw = myst_in(cell["source"])
        raw += [f"directive rendered as a code block ({c})" for c in cell["fences"]]
        if raw:
            shown = "; ".join(dict.fromkeys(raw))
            problems.append(f"{where}: raw MyST: {shown[:400]}")
        if cell["tex"]:
            problems.append(f"{where}: math not typeset: {cell['tex'][:3]}")
        if cell["merror"]:
            problems.append(f"{where}: {cell['merror']} MathJax errors")
        for image in cell["images"]:
            if image["complete"] and image["width"] > 0:
                continue
            # the source names it (an attachment's src stays empty when it fails)
            refs = re.findall(r"!\[[^\]]*\]\(([^)\s]+)", cell["source"])
            refs += re.findall(r"<img[^>]*\ssrc=\"([^\"]+)\"", cell["source"])
            problems.append(
                f"{where}: broken image (src {image['src'][:60]!r}, alt {image['alt'][:40]!r}; "
                f"the source refers to {[r[:60] for r in refs]})"
            )
    stats = {"markdown": len(markdown), "math": n_math, "cells": len(cells)}
    return problems, stats


STORED_OUTPUTS_JS = f"""
(note) => {{ const panel = {PANEL_JS};
  const outs = [...panel.node.querySelectorAll(".jp-OutputArea-output")];
  const imgs = outs.flatMap(o => [...o.querySelectorAll("img")]);
  return {{
    images: imgs.length,
    broken: imgs.filter(i => !i.complete || i.naturalWidth === 0)
      .map(i => (i.alt || "") + " " + i.src.slice(0, 40)),
    previews: outs.filter(o => o.textContent.includes(note)).length,
  }}; }}
"""
#: The line a reader notebook's demo preview starts with (tools/reader.py).
PREVIEW_NOTE = "静态预览"


def expected_outputs(path: Path) -> tuple[int, int]:
    """Images and demo previews among the stored outputs of a notebook file."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    images = previews = 0
    for cell in nb["cells"]:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            html = "".join(data.get("text/html", ""))
            if html:
                images += html.count("<img")
                previews += PREVIEW_NOTE in html
            elif any(k.startswith("image/") for k in data):
                images += 1
    return images, previews


def check_stored_outputs(page, path: Path) -> tuple[list[str], dict]:
    """Before anything runs: the stored outputs show, figures and previews too.

    JupyterLab sanitizes the outputs of an untrusted notebook (inline SVG is
    removed), so a figure that does not survive that shows up here.
    """
    wait_for(page, IMAGES_DONE_JS, timeout=30)
    shown = page.evaluate(STORED_OUTPUTS_JS, PREVIEW_NOTE)
    images, previews = expected_outputs(path)
    problems = [f"stored output: broken image {b}" for b in shown["broken"]]
    if shown["images"] != images:
        problems.append(f"stored outputs show {shown['images']} images, the file has {images}")
    if shown["previews"] != previews:
        problems.append(f"{shown['previews']} demo previews shown, the file has {previews}")
    return problems, shown


def run_all(page, timeout: float) -> list[str]:
    page.evaluate(RUN_ALL_JS)
    deadline = time.monotonic() + timeout
    settled = 0
    state = None
    while time.monotonic() < deadline:
        time.sleep(0.5)
        state = page.evaluate(RUN_STATE_JS)
        finished = state["done"] is not None or state["errors"]
        quiet = state["status"] == "idle" and state["pending"] == 0
        if finished and quiet and (state["counted"] == state["total"] or state["errors"]):
            settled += 1
            if settled >= 3:
                break
        else:
            settled = 0
    else:
        return [f"Run All did not finish within {timeout:.0f} s (last state: {state})"]
    problems = []
    if state["done"] and state["done"].get("error"):
        problems.append(f"Run All failed: {state['done']['error']}")
    if state["counted"] != state["total"]:
        problems.append(f"{state['total'] - state['counted']} code cells did not run")
    return problems


def check_outputs(page) -> tuple[list[str], list[dict]]:
    problems = []
    wait_for(page, WIDGETS_SETTLED_JS, timeout=60)
    wait_for(page, IMAGES_DONE_JS, timeout=30)
    time.sleep(1)
    cells = page.evaluate(OUTPUTS_JS)
    last = 0
    for cell in cells:
        where = f"code cell {cell['index']}"
        if not cell["source"].strip():
            continue
        count = cell["count"]
        if count is None:
            problems.append(f"{where}: not executed")
        elif count <= last:
            problems.append(f"{where}: execution count {count} after {last}")
        else:
            last = count
        for error in cell["errors"]:
            problems.append(f"{where}: error output: {error[:300]}")
        for text in cell["stderr"]:
            if "Traceback" in text or "Error" in text:
                problems.append(f"{where}: stderr: {text[:300]}")
            else:
                print(f"    note: {where} writes to stderr: {text[:200]!r}", flush=True)
        if cell["brokenImages"]:
            problems.append(f"{where}: broken images in the output: {cell['brokenImages']}")
        builds_demo = "explorer(" in cell["source"]
        if builds_demo and not cell["views"]:
            problems.append(f"{where}: builds a demo but displays no widget")
        if cell["views"] or builds_demo:
            if not cell["widgets"]:
                problems.append(f"{where}: widget output but no rendered widget")
            for bad in ("Error displaying widget", "Loading widget..."):
                if bad in cell["outputText"]:
                    problems.append(f"{where}: {bad!r} shown")
            if builds_demo and not cell["explorers"]:
                problems.append(f"{where}: no .memlib-explorer rendered")
    return problems, cells


def _input_of(hbox):
    """The input to change in a live panel: a text or number box, else a slider,
    else a dropdown."""
    for selector, kind in (
        ("input[type=number]", "number"),
        ("input[type=text]", "text"),
        (".noUi-handle", "slider"),
        ("select", "dropdown"),
    ):
        found = hbox.locator(selector)
        if found.count():
            return found.first, kind
    return None, None


#: Questions a text box of a live panel is given instead of its default one.
LIVE_QUESTIONS = ("Where is the milk?", "Where is the apple?")


def _change_input(page, element, kind: str) -> str:
    if kind == "number":
        old = element.input_value()
        new = str(int(float(old)) + 1) if old.strip() else "1"
        element.fill(new)
        element.press("Enter")
        element.press("Tab")
        return f"number box {old} → {new}"
    if kind == "text":
        old = element.input_value()
        if old and set(old) <= {"0", "1"}:  # a bit string: flip the last bit
            new = old[:-1] + ("0" if old[-1] == "1" else "1")
        elif old.endswith("?"):  # a question (8.5.1): ask another one
            new = LIVE_QUESTIONS[old == LIVE_QUESTIONS[0]]
        else:
            new = old + "1"
        element.fill(new)
        element.press("Enter")
        return f"text box {old!r} → {new!r}"
    if kind == "slider":
        now = float(element.get_attribute("aria-valuenow"))
        top = float(element.get_attribute("aria-valuemax"))
        key = "ArrowLeft" if now >= top else "ArrowRight"
        element.focus()
        page.keyboard.press(key)
        return f"slider {now:g} {key}"
    count = element.evaluate("s => s.options.length")
    index = element.evaluate("s => s.selectedIndex")
    element.select_option(index=(index + 1) % count)
    return f"dropdown option {index} → {(index + 1) % count}"


def check_live(page, stem: str) -> tuple[list[str], int]:
    problems = []
    indexes = page.evaluate(LIVE_PANELS_JS, LIVE_LABEL)
    if not indexes:
        return [f"no live panel ({LIVE_LABEL}) in any demo"], 0
    boxes = page.locator(f"{CURRENT} .memlib-explorer > .widget-vbox").filter(has_text=LIVE_LABEL)
    for k, index in enumerate(indexes):
        where = f"code cell {index}, live panel"
        box = boxes.nth(k)
        box.scroll_into_view_if_needed()
        hbox = box.locator(":scope > .widget-hbox").first
        element, kind = _input_of(hbox)
        if element is None:
            problems.append(f"{where}: no input to change")
            continue
        before = box.evaluate(LIVE_VIEW_JS)
        if not before:
            problems.append(f"{where}: the view is empty before any change")
            continue
        box.screenshot(path=str(SHOTS / f"{stem}-live{k + 1}-before.png"))
        what = _change_input(page, element, kind)
        changed = wait_for(
            page,
            f"([el, old]) => ({LIVE_VIEW_JS.strip()})(el) !== old",
            timeout=LIVE_TIMEOUT,
            arg=[box.element_handle(), before],
        )
        time.sleep(0.5)
        box.screenshot(path=str(SHOTS / f"{stem}-live{k + 1}-after.png"))
        if not changed:
            problems.append(f"{where}: {what}: the view did not change within {LIVE_TIMEOUT} s")
            continue
        after = box.evaluate(LIVE_VIEW_JS)
        if "color:#b00" in after:
            problems.append(f"{where}: {what}: the view shows an error: {after[:200]}")
        else:
            print(f"    live panel in cell {index}: {what}: the view changed", flush=True)
    return problems, len(indexes)


def screenshot_notebook(page, stem: str, label: str = "run-all") -> list[Path]:
    """The whole notebook, in parts of at most 8000 px."""
    scroller = page.locator(f"{CURRENT} .jp-WindowedPanel-outer").first
    total = scroller.evaluate("e => e.scrollHeight")
    size = page.viewport_size
    part = min(total, 8000)
    page.set_viewport_size({"width": size["width"], "height": part + 200})
    paths = []
    try:
        for k in range((total + part - 1) // part):
            scroller.evaluate("(e, y) => { e.scrollTop = y; }", k * part)
            time.sleep(0.5)
            path = SHOTS / f"{stem}-{label}-{k + 1}.png"
            page.screenshot(path=str(path))
            paths.append(path)
    finally:
        page.set_viewport_size(size)
        scroller.evaluate("e => { e.scrollTop = 0; }")
    return paths


def check_notebook(browser, server: LabServer, path: str, timeout: float) -> list[str]:
    stem = Path(path).stem
    problems: list[str] = []
    times: dict[str, float] = {}
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()

    def route(r):
        if r.request.url.startswith(server.url) or r.request.url.startswith("data:"):
            r.continue_()
        else:
            problems.append(f"request outside the server blocked: {r.request.url[:120]}")
            r.abort()

    page.route("**/*", route)
    page.on("pageerror", lambda e: problems.append(f"JavaScript error: {str(e)[:300]}"))
    console: list[str] = []
    page.on("console", lambda m: m.type == "error" and console.append(m.text.split("\n")[0]))
    start = time.monotonic()
    try:
        # ?reset: a fresh workspace, not the layout the previous notebook left
        page.goto(f"{server.url}lab/tree/{path}?reset", wait_until="domcontentloaded")
        ready = wait_for(page, KERNEL_READY_JS, timeout=KERNEL_TIMEOUT)
        dialogs = page.evaluate(DIALOG_JS)
        if dialogs:
            problems.append(f"dialog on opening: {dialogs}")
        if not ready:
            problems.append(f"notebook or kernel not ready within {KERNEL_TIMEOUT} s")
            page.screenshot(path=str(SHOTS / f"{stem}-top.png"))
            return problems
        times["open"] = time.monotonic() - start
        page.evaluate(MARK_JS)
        tabs = page.locator(".jp-NotebookPanel").count()
        if tabs != 1:
            problems.append(f"{tabs} notebooks open (expected only {path})")

        mark = time.monotonic()
        found, stats = check_markdown(page)
        problems += found
        page.screenshot(path=str(SHOTS / f"{stem}-top.png"))
        times["markdown"] = time.monotonic() - mark

        found, shown = check_stored_outputs(page, ROOT / path)
        problems += found
        print(
            f"    before running: {shown['images']} images and {shown['previews']} demo "
            "previews in the stored outputs",
            flush=True,
        )
        screenshot_notebook(page, stem, "stored")

        mark = time.monotonic()
        problems += run_all(page, timeout)
        times["run all"] = time.monotonic() - mark

        mark = time.monotonic()
        found, code = check_outputs(page)
        problems += found
        screenshot_notebook(page, stem)
        found, n_live = check_live(page, stem)
        problems += found
        dialogs = page.evaluate(DIALOG_JS)
        if dialogs:
            problems.append(f"dialog after Run All: {dialogs}")
        times["widgets"] = time.monotonic() - mark
        n_demos = sum(1 for c in code if "explorer(" in c["source"])
        print(
            f"  {path}: {stats['cells']} cells ({stats['markdown']} markdown, "
            f"{stats['math']} formulas typeset), {len(code)} code cells, {n_demos} demos, "
            f"{n_live} live panels, {len(problems)} problems",
            flush=True,
        )
    finally:
        try:
            page.evaluate("() => window.jupyterapp.serviceManager.sessions.shutdownAll()")
        except Exception as exc:  # the page may be gone; the server stops the kernel then
            print(f"    (could not shut the kernel down from the page: {exc})")
        context.close()
        # the browser's own complaint when a src is not a URL yet (an attachment
        # that JupyterLab did not resolve): the broken image is reported above
        noise = "Failed to load resource: net::ERR_UNKNOWN_URL_SCHEME"
        problems += [
            f"console error: {text[:300]}" for text in dict.fromkeys(console) if text != noise
        ]
        times["total"] = time.monotonic() - start
        print("    time: " + ", ".join(f"{k} {v:.1f} s" for k, v in times.items()), flush=True)
    return problems


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", nargs="?", default="notebooks")
    parser.add_argument("--timeout", type=float, default=RUN_TIMEOUT, help="seconds per Run All")
    args = parser.parse_args(argv)
    folder = (ROOT / args.folder).resolve()
    notebooks = sorted(folder.glob("*.ipynb"))
    if not notebooks:
        sys.exit(f"no notebooks in {folder}")
    chromium = headless.chromium("the JupyterLab check")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sys.exit("the JupyterLab check needs the playwright package: run make setup")
    # a plain kill (make interrupted, CI timeout) still runs the finally below
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started = time.monotonic()
    bin_dir = build_env()
    SHOTS.mkdir(parents=True, exist_ok=True)
    for old in SHOTS.glob("*.png"):
        old.unlink()
    before = {p: p.read_bytes() for p in notebooks}
    failures: dict[str, list[str]] = {}
    server = LabServer(bin_dir, SHOTS / "jupyter-lab.log")
    try:
        server.start()
        server.check_settings()
        print(f"JupyterLab {JUPYTERLAB_VERSION} at {server.url}", flush=True)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=headless.FLAGS)
            try:
                for nb in notebooks:
                    rel = nb.relative_to(ROOT).as_posix()
                    problems = check_notebook(browser, server, rel, args.timeout)
                    if problems:
                        failures[rel] = problems
            finally:
                browser.close()
    except RuntimeError as exc:
        failures["jupyter lab"] = [str(exc)]
    finally:
        server.stop()
    for nb, content in before.items():
        if nb.read_bytes() != content:
            failures.setdefault(nb.relative_to(ROOT).as_posix(), []).append(
                "the notebook file changed while the check ran (autosave is off: edited?)"
            )
    print(f"screenshots and the server log in {SHOTS}")
    print(f"JupyterLab check: {time.monotonic() - started:.0f} s in all")
    if failures:
        for name, problems in failures.items():
            print(f"FAIL {name} ({len(problems)} problems)")
            for problem in problems:
                print(f"  - {problem}")
        return 1
    print(f"JupyterLab check passed: {len(notebooks)} notebooks")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
