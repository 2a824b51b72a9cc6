"""Browser checks of the built book, in headless Chromium, fully offline.

Usage: python tests/browser_check.py [_build/html]

For the landing page, the status page and every chapter page:
- every request outside the book's own server (127.0.0.1) is blocked and
  counted as a failure, as is any request that fails or returns >= 400;
- no JavaScript error (uncaught exception or console error);
- MathJax has typeset the math: no raw TeX left in the text, no MathJax
  error nodes, and every math element was converted;
- every widget model that the page refers to is embedded in it;
- every image has loaded;
- every kernel-free demo (``.memlib-explorer``) shows exactly one frame, and
  changing each of its controls changes the frame that is shown.
The search page finds Chinese terms (segmented by jieba at build time).
Every figure and demo frame of the chapters speaks Chinese and carries its
words as text (``tests/figure_text.py``); so do the solution toggles.
A full-page screenshot of each page is kept in ``_build/screenshots/``.
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import socketserver
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import figure_text  # noqa: E402
import headless  # noqa: E402

RAW_TEX_JS = r"""
() => {
  const root = document.querySelector("article") || document.body;
  const skip = new Set(["PRE", "CODE", "SCRIPT", "STYLE", "TEXTAREA", "MJX-CONTAINER", "svg"]);
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
    acceptNode(node) {
      for (let e = node.parentElement; e && e !== root; e = e.parentElement) {
        if (skip.has(e.tagName) || e.closest("pre, code, mjx-container, .widget-html-content svg"))
          return NodeFilter.FILTER_REJECT;
      }
      return NodeFilter.FILTER_ACCEPT;
    }
  });
  const bad = [];
  const pattern = /\\\(|\\\[|\$\$|\\begin\{|\\frac|\\boldsymbol|\\mathbf|\\sum_/;
  while (walker.nextNode()) {
    const text = walker.currentNode.nodeValue;
    if (pattern.test(text)) bad.push(text.trim().slice(0, 80));
  }
  const unconverted = [...root.querySelectorAll("span.math, div.math")]
    .filter(e => !e.querySelector("mjx-container")).length;
  return {bad, unconverted, merror: root.querySelectorAll("mjx-merror").length,
          typeset: root.querySelectorAll("mjx-container").length};
}
"""

FRAME_JS = r"""
(explorer) => {
  const frames = explorer.querySelector(".memlib-frames");
  if (!frames) return null;
  const shown = [...frames.querySelectorAll(".widget-html-content")]
    .filter(e => e.offsetParent !== null && e.getBoundingClientRect().height > 0);
  return {count: shown.length, html: shown.map(e => e.innerHTML).join("\n")};
}
"""


#: Chinese words the search must find, with a page that must be among the hits.
SEARCH_TERMS = {
    "联想记忆": "chapters/8-4-memory-in-brain",
    "吸引子": "chapters/8-6-hopfield",
    "神经图灵机": "chapters/8-5-2-ntm",
    "注意力": "chapters/8-5-memory-augmented",
    "端到端记忆网络": "chapters/8-5-1-memn2n",
}


def check_search(browser, base: str) -> list[str]:
    problems = []
    page = browser.new_page()
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(base) else r.abort())
    for term, expected in SEARCH_TERMS.items():
        page.goto(f"{base}search.html?q={term}", wait_until="networkidle")
        page.wait_for_function(
            "() => document.querySelector('#search-results p.search-summary')", timeout=20000
        )
        hits = page.eval_on_selector_all("#search-results li a", "as => as.map(a => a.href)")
        if not any(expected in h for h in hits):
            problems.append(f"search for {term!r} does not find {expected} (hits: {hits[:5]})")
    page.close()
    print(f"search: {len(SEARCH_TERMS)} Chinese terms, {len(problems)} problems", flush=True)
    return problems


class _Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass



def pages_of(root: Path) -> list[str]:
    pages = ["index.html", "status.html"]
    pages += sorted(str(p.relative_to(root)) for p in (root / "chapters").glob("*.html"))
    missing = [p for p in pages if not (root / p).exists()]
    if missing:
        sys.exit(f"pages missing from the build: {missing} (run make book first)")
    return pages


def _change(page, control):
    """Select another option of a control; return a function that selects the old one."""
    classes = control.get_attribute("class") or ""
    if "widget-toggle-buttons" in classes:
        buttons = control.locator("button")
        states = [
            "mod-active" in (buttons.nth(i).get_attribute("class") or "")
            for i in range(buttons.count())
        ]
        if True not in states:
            raise ValueError("no option is selected")
        current = states.index(True)
        buttons.nth(0 if current else 1).click()
        return lambda: buttons.nth(current).click()
    if "widget-dropdown" in classes:
        select = control.locator("select")
        current = select.evaluate("s => s.selectedIndex")
        count = select.evaluate("s => s.options.length")
        select.select_option(index=(current + 1) % count)
        return lambda: select.select_option(index=current)
    handle = control.locator(".noUi-handle")
    now = float(handle.get_attribute("aria-valuenow"))
    top = float(handle.get_attribute("aria-valuemax"))
    key, back = ("ArrowLeft", "ArrowRight") if now >= top else ("ArrowRight", "ArrowLeft")
    handle.focus()
    page.keyboard.press(key)

    def undo():
        handle.focus()
        page.keyboard.press(back)

    return undo


def _wait_for_frame(page, handle, old: str, *, changed: bool, timeout: int = 5000) -> bool:
    """Wait until the shown frame differs from (or again equals) ``old``."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    test = "!==" if changed else "==="
    body = FRAME_JS.strip()
    js = (
        f"([el, old]) => {{ const f = ({body})(el); "
        f"return f && f.count === 1 && f.html {test} old; }}"
    )
    try:
        page.wait_for_function(js, arg=[handle, old], timeout=timeout)
        return True
    except PlaywrightTimeout:
        return False


def check_explorer(page, explorer, index: int) -> list[str]:
    problems = []
    before = explorer.evaluate(FRAME_JS)
    if before is None:
        return [f"demo {index}: no frame stack"]
    if before["count"] != 1:
        return [f"demo {index}: {before['count']} frames visible at once (expected 1)"]
    controls = explorer.locator(
        ":scope > .widget-toggle-buttons, :scope > .widget-dropdown, :scope > .widget-slider"
    )
    n_controls = controls.count()
    if n_controls == 0:
        return [f"demo {index}: no controls"]
    handle = explorer.element_handle()
    for c in range(n_controls):
        control = controls.nth(c)
        label = control.locator(".widget-label").first.inner_text()
        old = explorer.evaluate(FRAME_JS)["html"]
        try:
            undo = _change(page, control)
        except ValueError as exc:
            problems.append(f"demo {index}, control {label!r}: {exc}")
            continue
        if not _wait_for_frame(page, handle, old, changed=True):
            shown = explorer.evaluate(FRAME_JS)["count"]
            what = "the frame did not change" if shown == 1 else f"{shown} frames visible"
            problems.append(f"demo {index}, control {label!r}: {what}")
            continue
        undo()  # back to the default, so every control is tried from the default state
        if not _wait_for_frame(page, handle, old, changed=False):
            problems.append(f"demo {index}, control {label!r}: going back did not restore it")
    return problems


STATE_RE = re.compile(
    r'<script type="application/vnd.jupyter.widget-state\+json">(.*?)</script>', re.S
)
VIEW_RE = re.compile(
    r'<script type="application/vnd.jupyter.widget-view\+json">(.*?)</script>', re.S
)


def check_widget_state(html: str) -> list[str]:
    """Every widget model that a view or another model refers to is embedded."""
    found = STATE_RE.search(html)
    views = [json.loads(v)["model_id"] for v in VIEW_RE.findall(html)]
    if not views:
        return []
    if not found:
        return ["widget views but no embedded widget state"]
    state = json.loads(found.group(1))["state"]
    refs = set(views)
    for model in state.values():
        refs.update(re.findall(r"IPY_MODEL_([0-9a-f]{32})", json.dumps(model["state"])))
    missing = refs - set(state)
    return [f"{len(missing)} widget models referred to but not embedded"] if missing else []


def check_page(browser, base: str, path: str, shots: Path) -> list[str]:
    problems: list[str] = check_widget_state((shots.parent / "html" / path).read_text("utf-8"))
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()

    def route(r):
        if r.request.url.startswith(base):
            r.continue_()
        else:
            problems.append(f"request outside the site blocked: {r.request.url}")
            r.abort()

    page.route("**/*", route)
    page.on("pageerror", lambda e: problems.append(f"JavaScript error: {e}"))
    page.on(
        "console",
        lambda m: m.type == "error" and problems.append(f"console error: {m.text}"),
    )
    page.on(
        "requestfailed",
        lambda r: r.url.startswith(base) and problems.append(f"request failed: {r.url}"),
    )
    page.on(
        "response",
        lambda r: r.status >= 400 and problems.append(f"HTTP {r.status}: {r.url}"),
    )
    page.goto(base + path, wait_until="networkidle")
    has_mathjax = page.locator('script[src*="mathjax"]').count() > 0
    if has_mathjax:
        page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise")
        page.evaluate("() => MathJax.startup.promise")
    n_views = page.locator('script[type="application/vnd.jupyter.widget-view+json"]').count()
    if n_views:
        # the embedder inserts a .widget-subarea before each view script and renders into it
        page.wait_for_function(
            "(n) => [...document.querySelectorAll('.widget-subarea')]"
            ".filter(e => e.children.length > 0).length >= n",
            arg=n_views,
            timeout=30000,
        )
    if has_mathjax:
        page.evaluate("() => MathJax.typesetPromise()")
    math = page.evaluate(RAW_TEX_JS)
    if math["bad"]:
        problems.append(f"raw TeX left on the page: {math['bad'][:3]}")
    if math["unconverted"]:
        problems.append(f"{math['unconverted']} math elements not typeset")
    if math["merror"]:
        problems.append(f"{math['merror']} MathJax errors")
    broken = page.evaluate(
        "() => [...document.images].filter(i => !i.complete || i.naturalWidth === 0)"
        ".map(i => i.src)"
    )
    if broken:
        problems.append(f"images not loaded: {broken}")
    english_ui = page.evaluate(
        "() => [...document.querySelectorAll('[data-toggle-hint], summary, div.proof > p')]"
        ".map(e => e.dataset.toggleHint || e.textContent.trim())"
        ".filter(t => /Click to (show|hide)|^Proof\\b/.test(t))"
    )
    english_ui += page.evaluate(
        "() => [...document.querySelectorAll('.article-header-buttons .dropdown .btn')]"
        ".flatMap(e => [e.textContent.trim(), e.title, e.getAttribute('aria-label') || ''])"
        ".filter(t => /[A-Za-z]{3,}/.test(t) && !/^(Binder|Colab|\\.[a-z]+)$/.test(t)"
        " && !/[\\u4e00-\\u9fff]/.test(t))"
    )
    if english_ui:
        problems.append(f"English interface text on the page: {sorted(set(english_ui))}")
    explorers = page.locator(".memlib-explorer")
    for i in range(explorers.count()):
        problems += check_explorer(page, explorers.nth(i), i + 1)
    if path.startswith("chapters/") and n_views and explorers.count() == 0:
        problems.append("widget views on the page but no rendered demo")
    page.evaluate("() => { document.activeElement?.blur(); window.scrollTo(0, 0); }")
    name = path.replace("/", "_").removesuffix(".html")
    page.screenshot(path=str(shots / f"{name}.png"), full_page=True)
    summary = (
        f"{path}: {math['typeset']} formulas typeset, {explorers.count()} demos, "
        f"{len(problems)} problems"
    )
    print(summary, flush=True)
    context.close()
    return problems


def main(argv: list[str]) -> int:
    root = Path(argv[0] if argv else "_build/html").resolve()
    if not root.is_dir():
        sys.exit(f"{root} does not exist: run make book first")
    chromium = headless.chromium("the browser checks")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sys.exit("browser checks need the playwright package: run make setup")
    shots = root.parent / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = _Server(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    failures: dict[str, list[str]] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=headless.FLAGS)
        for path in pages_of(root):
            problems = check_page(browser, base, path, shots)
            if problems:
                failures[path] = problems
        problems = check_search(browser, base)
        if problems:
            failures["search.html"] = problems
        browser.close()
    server.shutdown()
    for page in sorted((root / "chapters").glob("*.html")):
        problems = figure_text.check_page(page)
        if problems:
            failures.setdefault(f"chapters/{page.name}", []).extend(problems)
    n_figures = sum(len(figure_text.fragments_of(p)) for p in (root / "chapters").glob("*.html"))
    print(f"figure text: {n_figures} figures and frames checked for English words")
    print(f"screenshots in {shots}")
    if failures:
        for path, problems in failures.items():
            print(f"FAIL {path}")
            for problem in problems:
                print(f"  - {problem}")
        return 1
    print("browser checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
