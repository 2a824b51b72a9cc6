"""End-to-end memory networks (Sukhbaatar et al., 2015) in numpy.

Two levels:

* :func:`multi_hop_read` -- the multi-hop key-value read of nndl section 8.5.1,
  q^(k) = r^(k-1) + q^(k-1),  r^(k) = sum_n softmax((a_n^(k))^T q^(k)) c_n^(k),
  on given key and value vectors.
* :class:`MemN2N` and :func:`train` -- the full model on bAbI-style stories,
  with hand-derived gradients; :meth:`MemN2N.forward` returns a
  :class:`ForwardPass`, :class:`TrainConfig` holds the training hyperparameters.

The model (paper section 2, adjacent weight tying)
--------------------------------------------------
K hops use K + 1 embedding matrices E_0, ..., E_K of shape (V, d), tied as
A^(1) = B = E_0, C^(k) = A^(k+1) = E_k, W^T = C^(K) = E_K.  For a story
x_1..x_S (sentences indexed **most recent first**: slot 1 is the last
sentence told) and a question q, in the symbols of nndl section 8.5.1 (the
paper's in brackets, as in :class:`ForwardPass`),

    a_i^(k) = sum_j l_j * E_(k-1)[x_ij] + T_(k-1)[i]         (keys, A^(k))   [m_i]
    c_i^(k) = sum_j l_j * E_k[x_ij]     + T_k[i]             (values, C^(k)) [c_i]
    q^(1)   = sum_j l_j * E_0[q_j]                                           [u^1]
    alpha^(k) = softmax_i((a_i^(k))^T q^(k))                                 [p]
    r^(k)   = sum_i alpha_i^(k) c_i^(k)                                      [o^k]
    q^(k+1) = r^(k) + q^(k)
    a_hat   = softmax(E_K (r^(K) + q^(K)))  (a distribution over the vocabulary)

The padding word (vocabulary index 0) is never an answer: its logit is -inf,
so the softmax is normalised over the real words only (the reference code
likewise keeps a zero "nil" embedding).  Its embedding rows are zero and get
no gradient.

* **Position encoding** (PE): the paper's formula, 1-based word j of J words in
  the sentence and embedding component k of d,
  l_kj = (1 - j/J) - (k/d)(1 - 2j/J), with J = the sentence's own length.  (The
  official code uses a shifted variant with J fixed to the longest sentence; we
  use the paper's.)  Because l_kj = a_j + (k/d) b_j with a_j = 1 - j/J and
  b_j = 2j/J - 1, a sentence embedding is  X_a E + (k/d) * (X_b E)  where X_a,
  X_b are weighted bags of words: two matrix products instead of a gather.
  Without PE, l_kj = 1 (bag of words).
* **Temporal encoding** (TE): T_0..T_K of shape (memory_size, d), tied like the
  embeddings (T_A^(k+1) = T_C^k).
* **Linear start** (LS): for the first epochs the softmax of every hop is
  replaced by the identity (alpha = scores); the final softmax stays.
* Empty memory slots (stories shorter than the memory) are masked out.

Training
--------
``train(MemN2N(Vocab.build(stories), hops, rng=rng), stories, TrainConfig(...), rng=rng)``:
the model holds what defines it (vocabulary, hops, dimension, memory size,
encodings, initial weights), :class:`TrainConfig` how it is fitted.  The
paper trains with SGD, learning rate 0.01 halved every 25 epochs, 100
epochs, batch 32, gradient norm clipped at 40.  That is too slow for a
notebook, so ``TrainConfig()`` is **Adam** (lr 0.01 halved every 20 epochs,
60 epochs, batch 32, global gradient-norm clipping at 40); all arithmetic is
float64 with a fixed batch order from ``rng`` and matrix products split in a
fixed way, so results are deterministic on a given machine (CPU and BLAS
library).
"""

from __future__ import annotations

from memlib import _lazy
from memlib.memn2n import _core
from memlib.memn2n._core import *  # noqa: F403  (the model, numpy only)

#: Figures and demos, by part: loaded (with matplotlib, ipywidgets) on first use.
PRESENTATION = {
    "_plot": (
        "IMAGES",
        "plot_hop_attention",
        "draw_key_value_attention",
        "draw_multi_hop",
        "plot_toy_hop",
    ),
    "_frames": (
        "hop_frame",
        "story_frame",
    ),
}

__all__ = [*_core.__all__, *_lazy.public_names(PRESENTATION)]
__getattr__, __dir__ = _lazy.presentation(__name__, PRESENTATION, globals())
