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
notebook   figure style, SVG output and glue for the chapters

Conventions: rows are items (a memory is (N, D), row n is m_n; Hopfield
patterns are (P, N)); every random function takes ``rng``; plot functions
return figures and never call ``plt.show()``.
"""

__version__ = "0.1.0"
