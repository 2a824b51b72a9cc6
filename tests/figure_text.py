"""The words of the book's figures and demo frames: Chinese, as real text.

``english_words(fragment)`` lists the English words a reader sees in an SVG or
HTML fragment (SVG ``<text>``, table cells, captions), leaving out names and
symbols that stay as they are (Hopfield, softmax, LSTM, bAbI, ...) and the words
of bAbI stories, which are the data.  ``glyph_paths(fragment)`` counts text
drawn as glyph outlines (matplotlib's ``svg.fonttype: path``).

``python tests/figure_text.py _build/html`` checks every chapter page: inline
SVGs, every frame in the embedded widget state and every ``<img>`` SVG.  The
browser checks run the same check.
"""

from __future__ import annotations

import html
import json
import re
import sys
from functools import cache
from pathlib import Path

#: Words that stay in Latin letters in a Chinese figure: names of models,
#: functions and data sets, abbreviations and units.
NAMES = {
    "Hopfield", "softmax", "LSTM", "RNN", "GRU", "bAbI", "NTM", "MemN2N", "RAM", "CPU",
    "tanh", "sgn", "sign", "exp", "log", "cos", "sim", "argmax", "max", "min", "ReLU",
    "sigmoid", "Hebb", "Turing", "Graves", "Sukhbaatar", "Krotov", "Ramsauer", "BPTT",
    "MLP", "FNN", "PE", "TE", "Adam", "SGD", "RMSprop", "AND", "OR", "XOR", "ASCII",
    "nndl", "halt", "HALT", "True", "False", "None", "Lyapunov", "Amit", "McEliece",
}

_TAG = re.compile(r"<[^>]+>")
_DROP = re.compile(r"<(style|script|defs)\b.*?</\1>", re.S | re.I)
_SVG_TEXT = re.compile(r"<text\b[^>]*>(.*?)</text>", re.S)
_WORD = re.compile(r"[A-Za-z][A-Za-z']{2,}")


@cache
def story_words() -> frozenset[str]:
    """Every word of the bAbI-style stories memlib generates (the data)."""
    from memlib import babi

    words: set[str] = set()
    for task in babi.TASKS:
        for story in babi.generate(task, 200, rng=0):
            for sentence in story.sentences:
                words.update(babi.tokenize(sentence))
            for q in story.questions:
                words.update(babi.tokenize(q.text))
                words.add(q.answer)
    return frozenset(w.lower() for w in words)


_ITALIC_GLYPH = re.compile(r"<tspan[^>]*(?:italic|oblique)[^>]*>.*?</tspan>", re.S)  # any mpl


def _svg_text(text: str) -> str:
    # mathtext writes one <tspan> per glyph, on separate lines: join them, but
    # leave out italic glyphs (math variables: $x(t)$ is not the word "xt")
    return _TAG.sub("", re.sub(r">\s+<", "><", _ITALIC_GLYPH.sub(" ", text)))


def visible_text(fragment: str) -> str:
    """The text a reader sees in an SVG/HTML fragment."""
    fragment = _DROP.sub(" ", fragment)
    svg_texts: list[str] = []

    def take(m: re.Match[str]) -> str:
        svg_texts.extend(_svg_text(t) for t in _SVG_TEXT.findall(m.group(0)))
        return " "

    rest = re.sub(r"<svg\b.*?</svg>", take, fragment, flags=re.S)
    return html.unescape(" ".join([*svg_texts, _TAG.sub(" ", rest)]))


def english_words(fragment: str) -> list[str]:
    """English words a reader would see, other than names and bAbI story words."""
    allowed = story_words()
    return [
        w for w in _WORD.findall(visible_text(fragment))
        if w not in NAMES and w.lower() not in allowed
    ]


_FONT_PX = re.compile(r"font(?:-size)?:[^;\"]*?([\d.]+)px")  # font-size (mpl >= 3.8), font (3.7)


def font_sizes(svg: str) -> list[float]:
    """Font sizes of the texts in an SVG, in SVG user units (px of the viewBox)."""
    return [float(v) for v in _FONT_PX.findall(svg)]


def glyph_paths(fragment: str) -> int:
    """Number of glyph outlines (text drawn as paths) in the fragment."""
    return len(re.findall(r'<path id="(?:DejaVu|STIX|Cmr|Cmmi|Cmsy)', fragment))


def fragments_of(page: Path) -> list[tuple[str, str]]:
    """(where, fragment) for every figure and frame of a built page."""
    text = page.read_text(encoding="utf-8")
    found = []
    for m in re.finditer(r"<svg\b.*?</svg>", _widget_state_free(text), re.S):
        found.append(("inline svg", m.group(0)))
    for state in re.findall(
        r'<script type="application/vnd.jupyter.widget-state\+json">(.*?)</script>', text, re.S
    ):
        models = json.loads(state).get("state", {})
        for model_id, model in models.items():
            value = model.get("state", {}).get("value")
            if isinstance(value, str) and ("<svg" in value or "<table" in value):
                found.append((f"frame {model_id[:8]}", value))
    for src in re.findall(r'<img[^>]+src="([^"]+\.svg)"', text):
        path = (page.parent / src).resolve()
        if path.exists():
            found.append((f"img {path.name}", path.read_text(encoding="utf-8")))
    return found


def _widget_state_free(text: str) -> str:
    return re.sub(r"<script\b.*?</script>", " ", text, flags=re.S)


def check_page(page: Path) -> list[str]:
    """Problems of one page: figures with English words or glyph outlines."""
    problems = []
    for where, fragment in fragments_of(page):
        words = english_words(fragment)
        if words:
            problems.append(f"{page.name}: {where}: English words {sorted(set(words))[:12]}")
        if glyph_paths(fragment):
            problems.append(f"{page.name}: {where}: text drawn as glyph outlines")
    return problems


def main(argv: list[str]) -> int:
    root = Path(argv[0] if argv else "_build/html")
    pages = sorted((root / "chapters").glob("*.html"))
    problems = [p for page in pages for p in check_page(page)]
    n = sum(len(fragments_of(page)) for page in pages)
    print("\n".join(problems) or f"figure text: {n} figures and frames, all in Chinese")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
