"""memlib: the small library behind the book on memory in neural networks.

Modules
-------
memory     8.4  address-based and content-based lookup, time scales of memory
attention  8.5  scoring functions, soft attention read, key-value read
memn2n     8.5.1 multi-hop reads and an end-to-end memory network in numpy
babi       8.5.1 bAbI-style stories: generate, parse, format
turing     8.5.2 a small Turing machine
ntm        8.5.2 neural Turing machine addressing, read and write
hopfield   8.6  discrete Hopfield networks, capacity, modern Hopfield update
widgets    kernel-free interactive demos from precomputed frames
html       inline SVG of a figure, tables and rows of the demo frames
notebook   figure style, SVG output and glue for the chapters

Each topic with figures is a package: ``_core`` is the model and needs numpy
only; ``_plot`` (figures, matplotlib) and ``_frames`` (frame builders and demo
data) load on first use, so ``import memlib.hopfield`` works with numpy alone
and ``memlib.hopfield.plot_capacity`` still finds its figure.  Install
``memlib[book]`` for matplotlib and ipywidgets.

Conventions: rows are items (a memory is (N, D), row n is m_n; Hopfield
patterns are (P, N)); every random function takes ``rng``; plot functions
return figures and never call ``plt.show()``.
"""

__version__ = "0.1.0"
