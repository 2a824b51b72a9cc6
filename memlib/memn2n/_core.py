"""memlib.memn2n, the model: numpy only.

Part of :mod:`memlib.memn2n`: import its names from there.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from memlib import babi
from memlib._checks import (
    RngLike,
    as_array,
    as_rng,
    check_choice,
    check_int,
    check_positive,
    check_real,
)
from memlib.attention import key_value_read

__all__ = [
    "Encoded",
    "FactPeaks",
    "ForwardPass",
    "Hop",
    "MemN2N",
    "TOY_KEYS",
    "TOY_QUERY",
    "TOY_VALUES",
    "TrainConfig",
    "Vocab",
    "attention_table",
    "fact_peaks",
    "fact_roles",
    "last_location",
    "last_location_accuracy",
    "multi_hop_read",
    "object_with_answer",
    "position_encoding",
    "train",
]


# ----------------------------------------------------------------------------- multi-hop read


@dataclass(frozen=True)
class Hop:
    """One hop of a multi-hop read.

    Attributes
    ----------
    query : numpy.ndarray
        q^(k), the query of this hop.
    alpha : numpy.ndarray
        softmax((a_n^(k))^T q^(k)) over the N slots.
    read : numpy.ndarray
        r^(k) = sum_n alpha_n c_n^(k).
    """

    query: np.ndarray
    alpha: np.ndarray
    read: np.ndarray


def _per_hop(x: object, name: str, hops: int) -> list[np.ndarray]:
    """One (N, D) array used at every hop, or a sequence of ``hops`` such arrays."""
    if isinstance(x, (str, bytes)) or x is None:
        raise TypeError(f"{name} must be an (N, D) array or a sequence of them, got {x!r}")
    try:
        regular = np.asarray(x, dtype=float).ndim in (2, 3)
    except (TypeError, ValueError):  # ragged: a sequence of arrays of different shapes
        regular = False
    if regular or not isinstance(x, Sequence):
        arr = as_array(x, name, ndim=(2, 3))
        if arr.ndim == 2:
            return [arr] * hops
        items = list(arr)
    else:
        items = [as_array(a, f"{name}[{i}]", ndim=2) for i, a in enumerate(x)]
    if len(items) != hops:
        raise ValueError(f"{name} must hold one array per hop ({hops}), got {len(items)}")
    shapes = {a.shape for a in items}
    if len(shapes) != 1:
        raise ValueError(f"{name} arrays must all have the same shape, got {sorted(shapes)}")
    return items


def multi_hop_read(keys: object, values: object, query: object, hops: int) -> list[Hop]:
    """Multi-hop key-value read (nndl section 8.5.1; Sukhbaatar et al., 2015).

    Book equations: eq-851-hop-query, eq-851-hop-read (section 8.5.1).

    q^(1) = query;  r^(k) = sum_n softmax((a_n^(k))^T q^(k)) c_n^(k);
    q^(k) = r^(k-1) + q^(k-1).

    Parameters
    ----------
    keys, values : array_like
        Either one (N, D) array used at every hop or a sequence of ``hops``
        arrays (A^(k) and C^(k)); row n is a_n^(k) (resp. c_n^(k)).  Values
        have the query's dimension D, since r is added to q.
    query : array_like, shape (D,) or (Q, D)
    hops : int
        Number of hops K >= 1.

    Returns
    -------
    list of Hop
        One record per hop, hop 1 first.
    """
    hops = check_int(hops, "hops", low=1)
    a = _per_hop(keys, "keys", hops)
    c = _per_hop(values, "values", hops)
    q = as_array(query, "query", ndim=(1, 2))
    if c[0].shape != a[0].shape:
        raise ValueError(f"values must have the shape of keys {a[0].shape}, got {c[0].shape}")
    out = []
    for k in range(hops):
        r, alpha = key_value_read(a[k], c[k], q)
        out.append(Hop(q, alpha, r))
        q = r + q
    return out


# ----------------------------------------------------------------------------- vocabulary


@dataclass(frozen=True)
class Vocab:
    """Words of a set of stories; index 0 is reserved for padding ("")."""

    words: tuple[str, ...]
    index: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.words or self.words[0] != "":
            raise ValueError('words must start with the padding word ""')
        if len(set(self.words)) != len(self.words):
            raise ValueError("words must be distinct")
        object.__setattr__(self, "index", {w: i for i, w in enumerate(self.words)})

    @classmethod
    def build(cls, stories: Iterable[babi.Story]) -> Vocab:
        """All words of the sentences, questions and answers, sorted."""
        words: set[str] = set()
        for story in babi._check_stories(stories):
            for s in story.sentences:
                words.update(babi.tokenize(s))
            for q in story.questions:
                words.update(babi.tokenize(q.text))
                words.update(babi.tokenize(q.answer))
        return cls(("", *sorted(words)))

    def __len__(self) -> int:
        return len(self.words)

    def encode(self, sentence: str) -> list[int]:
        """Word ids of a sentence; words not in the vocabulary are skipped."""
        return [self.index[w] for w in babi.tokenize(sentence) if w in self.index]


def position_encoding(length: int, dim: int) -> np.ndarray:
    """Position-encoding weights l_kj = (1 - j/J) - (k/d)(1 - 2j/J).

    Book equation: eq-851-pe (section 8.5.1).

    Sukhbaatar et al. (2015), section 4.1, with 1-based word j in 1..J and
    embedding component k in 1..d.

    Returns
    -------
    numpy.ndarray, shape (J, d)
        Row j-1 holds l_j (the weights of word j).
    """
    J = check_int(length, "length", low=1)
    d = check_int(dim, "dim", low=1)
    j = np.arange(1, J + 1)[:, None]
    k = np.arange(1, d + 1)[None, :]
    return (1 - j / J) - (k / d) * (1 - 2 * j / J)


@dataclass(frozen=True)
class Encoded:
    """A batch of examples as arrays (memory slots most recent first).

    ``story_a`` and ``story_b`` (B, S, V) are weighted bags of words with
    weights a_j = 1 - j/J and b_j = 2j/J - 1 (position encoding: the embedding
    of a sentence is ``story_a @ E + (k/d) * (story_b @ E)``; without it
    ``story_a`` holds word counts and ``story_b`` zeros); likewise
    ``question_a``, ``question_b`` (B, V).  ``mask`` (B, S) marks real
    sentences, ``answers`` (B,) holds answer ids (-1 if not in the vocabulary),
    ``lengths`` (B,) the number of sentences of each story in memory.
    """

    story_a: np.ndarray
    story_b: np.ndarray
    mask: np.ndarray
    question_a: np.ndarray
    question_b: np.ndarray
    answers: np.ndarray
    lengths: np.ndarray

    def __len__(self) -> int:
        return int(self.answers.shape[0])

    def take(self, idx: np.ndarray) -> Encoded:
        """The examples ``idx`` (a batch)."""
        return Encoded(
            self.story_a[idx],
            self.story_b[idx],
            self.mask[idx],
            self.question_a[idx],
            self.question_b[idx],
            self.answers[idx],
            self.lengths[idx],
        )


def _bag(ids: list[int], V: int, pe: bool) -> tuple[np.ndarray, np.ndarray]:
    a = np.zeros(V)
    b = np.zeros(V)
    J = len(ids)
    if J == 0:
        return a, b
    if pe:
        j = np.arange(1, J + 1)
        np.add.at(a, ids, 1 - j / J)
        np.add.at(b, ids, 2 * j / J - 1)
    else:
        np.add.at(a, ids, 1.0)
    return a, b


# ----------------------------------------------------------------------------- the model

#: Largest product size M*N*K of one matrix product in the model.  Products
#: are split into row blocks below it, so BLAS runs them single-threaded: with
#: matrices this small, threads cost more than they save, and the results do
#: not depend on the number of BLAS threads.
_BLOCK = 131072


def _mm(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """a @ b for 2-D arrays, computed in blocks of rows of ``a``."""
    rows = max(1, _BLOCK // max(1, a.shape[1] * b.shape[1]))
    if a.shape[0] <= rows:
        return a @ b
    out = np.empty((a.shape[0], b.shape[1]))
    for i in range(0, a.shape[0], rows):
        np.matmul(a[i : i + rows], b, out=out[i : i + rows])
    return out


def _mm_t(a: np.ndarray, g: np.ndarray) -> np.ndarray:
    """a.T @ g for 2-D arrays, summed over blocks of rows in a fixed order."""
    rows = max(1, _BLOCK // max(1, a.shape[1] * g.shape[1]))
    out = a[:rows].T @ g[:rows]
    for i in range(rows, a.shape[0], rows):
        out += a[i : i + rows].T @ g[i : i + rows]
    return out


def _readonly(a: np.ndarray) -> np.ndarray:
    """``a`` itself, made read-only (results are not to be edited in place)."""
    a.setflags(write=False)
    return a


def _masked_softmax(s: np.ndarray, mask: np.ndarray) -> np.ndarray:
    smax = np.max(np.where(mask, s, -np.inf), axis=1, keepdims=True)
    smax = np.where(np.isfinite(smax), smax, 0.0)
    e = np.exp(np.where(mask, s - smax, -np.inf))
    z = e.sum(axis=1, keepdims=True)
    return e / np.where(z > 0, z, 1.0)


@dataclass(frozen=True)
class ForwardPass:
    """Every quantity of one forward pass of :class:`MemN2N` (:meth:`MemN2N.forward`).

    The fields carry the symbols of nndl section 8.5.1 (the names of
    Sukhbaatar et al. 2015 in brackets).  B is the number of examples, S the
    number of memory slots (slot i = 1 is the most recent sentence), K the
    number of hops, d the embedding dimension and V the vocabulary size.  Hop k
    of the book (1-based) is index k - 1 of the hop axis, which comes first;
    along the other axes rows are items (examples, then slots).  The arrays are
    read-only.

    Attributes
    ----------
    a : numpy.ndarray, shape (K, B, S, d)
        Keys: row i of ``a[k - 1, b]`` is a_i^(k) = sum_j l_j * A^(k) x_ij + T_A^(k)(i)
        of example b, the first line of Eq. (eq-851-embed) [m_i].
    c : numpy.ndarray, shape (K, B, S, d)
        Values: row i of ``c[k - 1, b]`` is c_i^(k) = sum_j l_j * C^(k) x_ij + T_C^(k)(i),
        the second line of Eq. (eq-851-embed) [c_i].  Adjacent weight tying
        (A^(k+1) = C^(k)) makes ``c[k - 1]`` equal to ``a[k]``: ``a`` and ``c``
        are two views of one array of K + 1 embeddings of the memory.
    q : numpy.ndarray, shape (K + 1, B, d)
        Queries: ``q[0]`` is q^(1) = sum_j l_j * B q_j (Eq. (eq-851-embed)),
        ``q[k]`` is q^(k+1) = r^(k) + q^(k) (Eq. (eq-851-hop-query)) [u^k];
        ``q[K]`` = r^(K) + q^(K) is the input of the answer layer.
    alpha : numpy.ndarray, shape (K, B, S)
        Attention: ``alpha[k - 1, b, i]`` = softmax_i((a_i^(k))^T q^(k)), the
        weights of Eq. (eq-851-hop-read) [p_i]; 0 on empty slots.  With
        ``linear`` (linear start) the scores (a_i^(k))^T q^(k) themselves.
    r : numpy.ndarray, shape (K, B, d)
        Reads: ``r[k - 1]`` is r^(k) = sum_i alpha_i^(k) c_i^(k)
        (Eq. (eq-851-hop-read)) [o^k].
    logits : numpy.ndarray, shape (B, V)
        Answer scores W (r^(K) + q^(K)) with W = E_K, the argument of the
        softmax of Eq. (eq-851-answer); column 0 (the padding word) is -inf, so
        that softmax runs over the real words only.
    linear : bool
        Whether the hops used the scores instead of the softmax (linear start).
    """

    a: np.ndarray
    c: np.ndarray
    q: np.ndarray
    alpha: np.ndarray
    r: np.ndarray
    logits: np.ndarray
    linear: bool


class MemN2N:
    """End-to-end memory network with adjacent weight tying (numpy, float64).

    Parameters
    ----------
    vocab : Vocab
        The words; :meth:`Vocab.build` collects those of the training stories.
    hops : int, default 3
        Number of hops K >= 1.
    dim : int, default 30
        Embedding dimension d (the paper uses 20; 30 made 3-hop training on
        task 2 much less sensitive to the seed).
    memory_size : int, default 50
        Memory slots; longer stories keep their most recent sentences.
    position_encoding : bool, default True
        Sentence embeddings with the weights l_j of :func:`position_encoding`
        (PE); without it, bags of words.
    temporal_encoding : bool, default True
        Learned vectors T(i) added to the memory slot i (TE).
    rng : numpy.random.Generator or int, default 0
        Initial weights ~ N(0, init_std^2) as in the paper.
    init_std : float, default 0.1
        Standard deviation of the initial weights (> 0).

    Notes
    -----
    The defaults are the book's setting.  The training hyperparameters are not
    part of the model: they are the fields of :class:`TrainConfig`, given to
    :func:`train`.

    The padding word (vocabulary index 0) takes no part in the model.  It
    never occurs in a sentence or question, and it is not a possible answer:
    its logit is -inf (:meth:`forward`), so the answer softmax is normalised
    over the real words only and never predicts it, and its gradient is zero.
    Row 0 of every E_k (the "nil" word of the reference code) is set to zero
    and stays zero in training.

    Raises
    ------
    TypeError
        If ``vocab`` is not a :class:`Vocab` or a number has the wrong type.
    ValueError
        If ``hops``, ``dim`` or ``memory_size`` is < 1, ``init_std`` <= 0, or
        ``vocab`` holds no word besides the padding word.

    Attributes
    ----------
    params : dict of numpy.ndarray
        ``"E"`` (K+1, V, d): E_0 = A^1 = B, E_k = C^k = A^(k+1), E_K = W^T;
        ``"T"`` (K+1, memory_size, d) temporal encodings (only with TE).
    history : list of float
        Training loss per epoch (filled by :func:`train`).
    """

    def __init__(
        self,
        vocab: Vocab,
        hops: int = 3,
        *,
        dim: int = 30,
        memory_size: int = 50,
        position_encoding: bool = True,
        temporal_encoding: bool = True,
        rng: RngLike = 0,
        init_std: float = 0.1,
    ) -> None:
        if not isinstance(vocab, Vocab):
            raise TypeError(f"vocab must be a Vocab, got {type(vocab).__name__}")
        if len(vocab) < 2:
            raise ValueError("vocab must hold at least one word besides the padding word")
        self.vocab = vocab
        self.hops = check_int(hops, "hops", low=1)
        self.dim = check_int(dim, "dim", low=1)
        self.memory_size = check_int(memory_size, "memory_size", low=1)
        self.position_encoding = bool(position_encoding)
        self.temporal_encoding = bool(temporal_encoding)
        init_std = check_positive(init_std, "init_std")
        rng = as_rng(rng)
        V, K, d = len(vocab), self.hops, self.dim
        self.params: dict[str, np.ndarray] = {"E": rng.normal(0.0, init_std, (K + 1, V, d))}
        self.params["E"][:, 0] = 0.0  # the padding word (see Notes)
        if self.temporal_encoding:
            self.params["T"] = rng.normal(0.0, init_std, (K + 1, self.memory_size, d))
        self._kvec = np.arange(1, d + 1) / d
        self.history: list[float] = []

    # -- data -----------------------------------------------------------------------------

    def encode(self, data: Iterable[babi.Story] | Iterable[babi.Example]) -> Encoded:
        """Arrays of the examples of ``data`` (stories, or babi.Example objects).

        Each question of a story gives one example (see :func:`memlib.babi.examples`);
        its memory is the last ``memory_size`` sentences before the question, most
        recent first.
        """
        items = list(data)  # type: ignore[arg-type]
        if items and all(isinstance(x, babi.Example) for x in items):
            exs: list[babi.Example] = items  # type: ignore[assignment]
        else:
            exs = babi.examples(items)  # type: ignore[arg-type]
        if not exs:
            raise ValueError("data must contain at least one question")
        V, pe = len(self.vocab), self.position_encoding
        S = max(1, min(self.memory_size, max(len(e.context) for e in exs)))
        B = len(exs)
        sa = np.zeros((B, S, V))
        sb = np.zeros((B, S, V))
        mask = np.zeros((B, S), dtype=bool)
        qa = np.zeros((B, V))
        qb = np.zeros((B, V))
        answers = np.full(B, -1, dtype=np.int64)
        lengths = np.zeros(B, dtype=np.int64)
        cache: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        for b, ex in enumerate(exs):
            recent = ex.context[::-1][:S]
            lengths[b] = len(recent)
            for i, sentence in enumerate(recent):
                if sentence not in cache:
                    cache[sentence] = _bag(self.vocab.encode(sentence), V, pe)
                sa[b, i], sb[b, i] = cache[sentence]
                mask[b, i] = True
            qa[b], qb[b] = _bag(self.vocab.encode(ex.question), V, pe)
            answer = self.vocab.index.get(ex.answer.lower(), -1)
            answers[b] = answer if answer > 0 else -1  # the padding word is no answer
        return Encoded(sa, sb, mask, qa, qb, answers, lengths)

    # -- forward and backward ---------------------------------------------------------------

    def _embed(self, a: np.ndarray, b: np.ndarray, E: np.ndarray) -> np.ndarray:
        """sum_j l_j * E[x_j] = a @ E + (k/d) * (b @ E) for the last axis of a, b."""
        shape = (*a.shape[:-1], E.shape[-1])
        V = a.shape[-1]
        out = _mm(a.reshape(-1, V), E)
        if self.position_encoding:
            out += _mm(b.reshape(-1, V), E) * np.tile(self._kvec, E.shape[-1] // self.dim)
        return out.reshape(shape)

    def forward(self, enc: Encoded, *, linear: bool = False) -> ForwardPass:
        """Forward pass: keys, values, queries, attention, reads and answer scores.

        Book equations: eq-851-embed, eq-851-hop-query, eq-851-hop-read, eq-851-answer.

        Eqs. (eq-851-embed), (eq-851-hop-query), (eq-851-hop-read) and the
        scores of Eq. (eq-851-answer) of nndl section 8.5.1, for a batch.

        Parameters
        ----------
        enc : Encoded
            The examples (:meth:`encode`).
        linear : bool, default False
            Every hop uses the scores instead of their softmax (linear start).

        Returns
        -------
        ForwardPass
            ``logits`` (B, V) are the answer scores before the softmax, with
            column 0 (the padding word) set to -inf: it is excluded from the
            answer softmax.  See :class:`ForwardPass` for the other fields.
        """
        E = self.params["E"]
        K, d = self.hops, self.dim
        B, S, V = enc.story_a.shape
        E_cat = E.transpose(1, 0, 2).reshape(V, (K + 1) * d)  # (V, (K+1) d)
        mem = self._embed(enc.story_a, enc.story_b, E_cat).reshape(B, S, K + 1, d)
        if self.temporal_encoding:
            mem = mem + self.params["T"][:, :S].transpose(1, 0, 2)[None]
        mem.setflags(write=False)
        a = mem[:, :, :K].transpose(2, 0, 1, 3)  # a[k] is mem[:, :, k]: A^(k+1) = E_k
        c = mem[:, :, 1:].transpose(2, 0, 1, 3)  # c[k] is mem[:, :, k + 1]: C^(k+1) = E_(k+1)
        q = self._embed(enc.question_a, enc.question_b, E[0])
        qs, alphas, rs = [q], [], []
        for k in range(K):
            s = np.einsum("bsd,bd->bs", a[k], q)
            alpha = s * enc.mask if linear else _masked_softmax(s, enc.mask)
            r = np.einsum("bs,bsd->bd", alpha, c[k])
            q = q + r
            qs.append(q)
            alphas.append(alpha)
            rs.append(r)
        logits = q @ E[K].T
        logits[:, 0] = -np.inf  # the padding word is never an answer
        return ForwardPass(
            a=a,
            c=c,
            q=_readonly(np.stack(qs)),
            alpha=_readonly(np.stack(alphas)),
            r=_readonly(np.stack(rs)),
            logits=_readonly(logits),
            linear=bool(linear),
        )

    def loss_and_gradients(
        self, enc: Encoded, *, linear: bool = False
    ) -> tuple[float, dict[str, np.ndarray]]:
        """Mean cross-entropy loss and its gradient for every parameter (backprop by hand).

        L = -(1/B) sum_b log a_hat_b[y_b], where a_hat is the softmax of
        :meth:`forward`'s logits over the words other than padding.  Examples
        whose answer is not in the vocabulary (id -1) are not allowed here.
        """
        if np.any(enc.answers < 1):
            raise ValueError("enc has answers that are not words of the vocabulary")
        fp = self.forward(enc, linear=linear)
        E = self.params["E"]
        K, d = self.hops, self.dim
        B, S, V = enc.story_a.shape
        logits = fp.logits
        z = logits - logits.max(axis=1, keepdims=True)
        logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))  # logp[:, 0] = -inf
        rows = np.arange(B)
        loss = float(-logp[rows, enc.answers].mean())
        dlogits = np.exp(logp)  # column 0 is 0: no gradient reaches the padding row
        dlogits[rows, enc.answers] -= 1.0
        dlogits /= B
        dE = np.zeros_like(E)
        dE[K] += dlogits.T @ fp.q[K]
        dq = dlogits @ E[K]
        dmem = np.zeros((B, S, K + 1, d))  # gradient of the embedded memory (a and c)
        for k in range(K - 1, -1, -1):
            q, alpha = fp.q[k], fp.alpha[k]
            # r = sum_s alpha_s c_s ; q_next = q + r
            dalpha = np.einsum("bsd,bd->bs", fp.c[k], dq)
            dmem[:, :, k + 1] += alpha[:, :, None] * dq[:, None, :]
            if linear:
                ds = dalpha * enc.mask
            else:
                ds = alpha * (dalpha - np.sum(alpha * dalpha, axis=1, keepdims=True))
            dmem[:, :, k] += ds[:, :, None] * q[:, None, :]
            dq = dq + np.einsum("bs,bsd->bd", ds, fp.a[k])
        # q^(1) = embed(question, E_0)
        dE[0] += self._embed_grad(enc.question_a, enc.question_b, dq)
        grads: dict[str, np.ndarray] = {}
        g_flat = dmem.reshape(B, S, (K + 1) * d)
        dE_cat = self._embed_grad(enc.story_a, enc.story_b, g_flat)
        dE += dE_cat.reshape(V, K + 1, d).transpose(1, 0, 2)
        grads["E"] = dE
        if self.temporal_encoding:
            dT = np.zeros_like(self.params["T"])
            dT[:, :S] = dmem.sum(axis=0).transpose(1, 0, 2)
            grads["T"] = dT
        return loss, grads

    def _embed_grad(self, a: np.ndarray, b: np.ndarray, g: np.ndarray) -> np.ndarray:
        """Gradient w.r.t. E of sum(g * embed(a, b, E)), summed over leading axes."""
        V = a.shape[-1]
        a2 = a.reshape(-1, V)
        g2 = g.reshape(-1, g.shape[-1])
        out = _mm_t(a2, g2)
        if self.position_encoding:
            kv = np.tile(self._kvec, g2.shape[1] // self.dim)
            out += _mm_t(b.reshape(-1, V), g2 * kv)
        return out

    # -- inference --------------------------------------------------------------------------

    def _answers_of(self, enc: Encoded) -> np.ndarray:
        return np.argmax(self.forward(enc).logits, axis=1)  # padding: -inf

    def predict(self, stories: Iterable[babi.Story]) -> list[str]:
        """The predicted answer of every question, stories in order."""
        enc = self.encode(babi._check_stories(stories))
        return [self.vocab.words[i] for i in self._answers_of(enc)]

    def accuracy(self, stories: Iterable[babi.Story]) -> float:
        """Fraction of questions answered correctly."""
        enc = self.encode(babi._check_stories(stories))
        return float(np.mean(self._answers_of(enc) == enc.answers))

    def attention(self, story: babi.Story, question: int = -1) -> np.ndarray:
        """Attention of each hop over the sentences told before a question.

        Parameters
        ----------
        story : babi.Story
        question : int, default -1
            Index into ``story.questions``.

        Returns
        -------
        numpy.ndarray, shape (hops, n_sentences)
            Row k is p^(k+1) over ``story.sentences[:position]`` in story order
            (oldest first); sentences that no longer fit in memory get 0.
        """
        q = _check_question(story, question)
        ex = babi.Example(story.sentences[: q.position], q.text, q.answer, q.supporting)
        enc = self.encode([ex])
        p = self.forward(enc).alpha[:, 0, :]  # (hops, S), most recent first
        n = q.position
        out = np.zeros((self.hops, n))
        m = int(enc.lengths[0])
        out[:, n - m :] = p[:, :m][:, ::-1]
        return out


# ----------------------------------------------------------------------------- training


def _add_noise(batch: Encoded, rate: float, memory_size: int, rng: np.random.Generator) -> Encoded:
    """Random noise (RN) of the paper: insert empty memories at random.

    Before each sentence an empty slot is inserted with probability ``rate``;
    later (older) sentences shift back, so temporal encodings cannot be learned
    by rote.  Empty slots are real memory slots (they take part in the softmax).
    Sentences pushed beyond ``memory_size`` are dropped.
    """
    B, S, V = batch.story_a.shape
    empties = (rng.random((B, S)) < rate) & batch.mask
    new_pos = np.arange(S)[None, :] + np.cumsum(empties, axis=1)
    S_new = int(min(memory_size, new_pos[batch.mask].max() + 1 if batch.mask.any() else 1))
    keep = batch.mask & (new_pos < S_new)
    b_idx, s_idx = np.nonzero(keep)
    sa = np.zeros((B, S_new, V))
    sb = np.zeros((B, S_new, V))
    sa[b_idx, new_pos[b_idx, s_idx]] = batch.story_a[b_idx, s_idx]
    sb[b_idx, new_pos[b_idx, s_idx]] = batch.story_b[b_idx, s_idx]
    last = np.where(batch.mask.any(axis=1), np.max(np.where(keep, new_pos, -1), axis=1), -1)
    mask = np.arange(S_new)[None, :] <= last[:, None]
    return Encoded(
        sa, sb, mask, batch.question_a, batch.question_b, batch.answers, mask.sum(axis=1)
    )


def _clip(grads: dict[str, np.ndarray], max_norm: float) -> None:
    """Scale all gradients in place so that their global norm is at most ``max_norm``."""
    norm = math.sqrt(sum(float(np.sum(g * g)) for g in grads.values()))
    if norm > max_norm:
        for g in grads.values():
            g *= max_norm / norm


#: The optimizers of :class:`TrainConfig`.
_OPTIMIZERS = ("adam", "sgd")
#: Adam's constants (Kingma & Ba 2015, Algorithm 1): beta1, beta2, epsilon.
_ADAM = (0.9, 0.999, 1e-8)


@dataclass(frozen=True)
class TrainConfig:
    """The training hyperparameters of :func:`train`; the defaults are the book's setting.

    What defines the model (vocabulary, hops, dimension, memory size,
    encodings, initial weights) belongs to :class:`MemN2N`; everything about
    how it is fitted is here.  The paper (Sukhbaatar et al. 2015, section 4.2)
    trains with SGD, learning rate 0.01 halved every 25 epochs, 100 epochs,
    batch 32 and gradient norm clipped at 40:
    ``TrainConfig(optimizer="sgd", epochs=100, decay_every=25)``.  That is too
    slow for a notebook, so the book uses Adam for 60 epochs, halving the
    rate every 20.

    Attributes
    ----------
    epochs : int, default 60
        Passes over the training examples (>= 1).
    batch_size : int, default 32
        Examples per gradient step (>= 1).
    lr : float, default 0.01
        Learning rate (> 0); epoch e (0-based) uses lr * 0.5 ** (e // decay_every).
    decay_every : int, default 20
        Epochs between two halvings of the learning rate (>= 1).
    optimizer : {"adam", "sgd"}, default "adam"
        Adam (Kingma & Ba 2015; beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8) or
        plain stochastic gradient descent.
    linear_start : int, default 15
        Number of first epochs (>= 0) trained without the hop softmax (linear
        start, LS); the answer softmax stays.
    clip : float, default 40.0
        Threshold (>= 0) of the global gradient norm, above which all gradients
        are scaled down together; 0 turns clipping off.
    noise : float, default 0.1
        Random noise (RN): probability in [0, 1] of inserting an empty memory
        slot before each sentence of a training batch (the paper adds 10 %).

    Raises
    ------
    TypeError
        If a number has the wrong type (e.g. ``epochs=2.5``, ``lr="0.1"``) or
        ``optimizer`` is not a str.
    ValueError
        If ``epochs``, ``batch_size`` or ``decay_every`` is < 1,
        ``linear_start`` < 0, ``lr`` <= 0 or not finite, ``clip`` < 0,
        ``noise`` outside [0, 1], or ``optimizer`` is unknown.
    """

    epochs: int = 60
    batch_size: int = 32
    lr: float = 0.01
    decay_every: int = 20
    optimizer: str = "adam"
    linear_start: int = 15
    clip: float = 40.0
    noise: float = 0.1

    def __post_init__(self) -> None:
        checked = {
            "epochs": check_int(self.epochs, "epochs", low=1),
            "batch_size": check_int(self.batch_size, "batch_size", low=1),
            "lr": check_positive(self.lr, "lr"),
            "decay_every": check_int(self.decay_every, "decay_every", low=1),
            "optimizer": check_choice(self.optimizer, "optimizer", _OPTIMIZERS),
            "linear_start": check_int(self.linear_start, "linear_start", low=0),
            "clip": check_real(self.clip, "clip", low=0.0),
            "noise": check_real(self.noise, "noise", low=0.0, high=1.0),
        }
        for name, value in checked.items():
            object.__setattr__(self, name, value)  # normalised: int, float, str

    def learning_rate(self, epoch: int) -> float:
        """The step size of epoch ``epoch`` (0-based): lr * 0.5 ** (epoch // decay_every)."""
        epoch = check_int(epoch, "epoch", low=0)
        return self.lr * 0.5 ** (epoch // self.decay_every)


def train(
    model: MemN2N,
    stories: Sequence[babi.Story],
    config: TrainConfig | None = None,
    *,
    rng: RngLike = 0,
    on_epoch: Callable[[int, MemN2N], object] | None = None,
) -> MemN2N:
    """Fit ``model`` in place to stories (one example per question).

    Minimises the mean cross-entropy of :meth:`MemN2N.loss_and_gradients` by
    minibatch steps of ``config.optimizer``, in float64 with a fixed batch
    order from ``rng`` and matrix products split in a fixed way, so the result
    is deterministic on a given machine (CPU and BLAS library).

    Parameters
    ----------
    model : MemN2N
        The model, e.g. ``MemN2N(Vocab.build(stories), hops=3, rng=rng)``; its
        vocabulary must hold every answer of ``stories``.
    stories : sequence of babi.Story
        Training stories.
    config : TrainConfig, optional
        The hyperparameters; by default ``TrainConfig()``, the book's setting.
    rng : numpy.random.Generator or int, default 0
        Draws the batch order and the random noise.  Giving the Generator that
        initialised ``model`` continues its stream, so one seed fixes the whole
        run (initial weights, then batches).
    on_epoch : callable, optional
        Called as ``on_epoch(epoch, model)`` after each epoch (0-based); a true
        return value stops training early (e.g. once a validation accuracy is
        reached).  During linear start the model still predicts with softmax,
        so accuracies measured then are not meaningful.

    Returns
    -------
    MemN2N
        ``model`` itself, fitted; ``model.history`` gains the mean loss of each
        epoch.  Training again continues from the current weights (with a new
        optimizer state).

    Raises
    ------
    TypeError
        If ``model`` is not a MemN2N, ``stories`` not a sequence of Story
        objects, ``config`` not a TrainConfig, ``rng`` not a Generator or int,
        or ``on_epoch`` not callable.
    ValueError
        If ``stories`` has no question, or an answer that is not a word of
        ``model.vocab``.
    """
    if not isinstance(model, MemN2N):
        raise TypeError(
            f"model must be a MemN2N (e.g. MemN2N(Vocab.build(stories))), "
            f"got {type(model).__name__}"
        )
    stories = babi._check_stories(stories)
    if not stories:
        raise ValueError("stories must not be empty")
    if config is None:
        config = TrainConfig()
    elif not isinstance(config, TrainConfig):
        raise TypeError(f"config must be a TrainConfig, got {type(config).__name__}")
    if on_epoch is not None and not callable(on_epoch):
        raise TypeError(f"on_epoch must be callable, got {type(on_epoch).__name__}")
    rng = as_rng(rng)
    data = model.encode(stories)
    if np.any(data.answers < 1):
        raise ValueError("stories have answers that are not words of model.vocab")
    n = len(data)
    m = {k: np.zeros_like(v) for k, v in model.params.items()}
    v2 = {k: np.zeros_like(v) for k, v in model.params.items()}
    beta1, beta2, eps = _ADAM
    step = 0
    for epoch in range(config.epochs):
        rate = config.learning_rate(epoch)
        linear = epoch < config.linear_start
        order = rng.permutation(n)
        total = 0.0
        for start in range(0, n, config.batch_size):
            batch = data.take(order[start : start + config.batch_size])
            if config.noise > 0:
                batch = _add_noise(batch, config.noise, model.memory_size, rng)
            loss, grads = model.loss_and_gradients(batch, linear=linear)
            total += loss * len(batch)
            if config.clip > 0:
                _clip(grads, config.clip)
            step += 1
            for key, g in grads.items():
                if config.optimizer == "sgd":
                    model.params[key] -= rate * g
                    continue
                m[key] = beta1 * m[key] + (1 - beta1) * g
                v2[key] = beta2 * v2[key] + (1 - beta2) * g * g
                mhat = m[key] / (1 - beta1**step)
                vhat = v2[key] / (1 - beta2**step)
                model.params[key] -= rate * mhat / (np.sqrt(vhat) + eps)
        model.history.append(total / n)
        if on_epoch is not None and on_epoch(epoch, model):
            break
    return model


# ----------------------------------------------------------------------------- toy example

#: A toy memory of four 2-D slots whose 3-hop read visits slots 1, 2, 3 in turn.
TOY_KEYS = np.array([[2.0, 0.0], [0.0, 2.0], [-2.0, 0.0], [0.0, -2.0]])
TOY_VALUES = np.array([[-1.0, 3.0], [-4.0, -2.5], [1.0, -1.0], [0.5, 0.5]])
TOY_QUERY = np.array([1.5, 0.2])


# ----------------------------------------------------------------------------- stories


def attention_table(
    model: MemN2N, story: babi.Story, question: int = -1
) -> tuple[list[str], np.ndarray, list[int]]:
    """Sentences before a question, the attention of each hop over them, supports.

    Returns
    -------
    sentences : list of str
    attention : numpy.ndarray, shape (hops, n_sentences)
    supporting : list of int
        0-based indices of the supporting facts.
    """
    if not isinstance(model, MemN2N):
        raise TypeError(f"model must be a MemN2N, got {type(model).__name__}")
    att = model.attention(story, question)
    q = story.questions[question]
    return list(story.sentences[: q.position]), att, list(q.supporting)


# ----------------------------------------------------------------------------- analysis


def _check_question(story: object, question: object) -> babi.Question:
    """``story.questions[question]`` after checking both arguments."""
    if not isinstance(story, babi.Story):
        raise TypeError(f"story must be a babi.Story, got {type(story).__name__}")
    if not story.questions:
        raise ValueError("story has no questions")
    n = len(story.questions)
    return story.questions[check_int(question, "question", low=-n, high=n - 1)]


def fact_roles(story: babi.Story, question: int = -1) -> tuple[int, int]:
    """The two supporting facts of a "Where is the <object>?" question, by role.

    In task 2 the answer needs two facts: the *object fact*, the sentence that
    names the object (someone got or dropped it), and the *move fact*, where
    that person went.

    Parameters
    ----------
    story : babi.Story
    question : int, default -1
        Index into ``story.questions``.

    Returns
    -------
    object_fact, move_fact : int
        0-based indices into ``story.sentences``.

    Raises
    ------
    TypeError
        If ``story`` is not a Story or ``question`` not an int.
    ValueError
        If ``question`` is out of range, or the question does not have exactly
        two supporting facts of which exactly one names its last word (the
        object).
    """
    q = _check_question(story, question)
    if len(q.supporting) != 2:
        raise ValueError(
            f"question {q.text!r} must have two supporting facts, got {len(q.supporting)}"
        )
    obj = babi.tokenize(q.text)[-1]
    naming = [i for i in q.supporting if obj in babi.tokenize(story.sentences[i])]
    if len(naming) != 1:
        raise ValueError(
            f"exactly one supporting fact of {q.text!r} must name {obj!r}, got {len(naming)}"
        )
    obj_fact = naming[0]
    move_fact = next(i for i in q.supporting if i != obj_fact)
    return obj_fact, move_fact


@dataclass(frozen=True)
class FactPeaks:
    """Where each hop looks, question by question (see :func:`fact_peaks`).

    Attributes
    ----------
    story, question : numpy.ndarray of int, shape (Q,)
        Index of the story and of the question within it.
    object_fact, move_fact : numpy.ndarray of int, shape (Q,)
        The supporting facts by role (:func:`fact_roles`), 0-based sentence indices.
    peak : numpy.ndarray of int, shape (Q, hops)
        The sentence (0-based, story order) with the largest attention of each hop.
    position : numpy.ndarray of int, shape (Q,)
        Number of sentences told before the question.
    correct : numpy.ndarray of bool, shape (Q,)
        Whether the model answered the question correctly.
    """

    story: np.ndarray
    question: np.ndarray
    object_fact: np.ndarray
    move_fact: np.ndarray
    peak: np.ndarray
    position: np.ndarray
    correct: np.ndarray

    def __len__(self) -> int:
        return int(self.story.shape[0])

    def hit_rates(self) -> np.ndarray:
        """Fraction of questions whose peak is on each fact, shape (hops, 2).

        Row k is hop k + 1; column 0 is the object fact, column 1 the move fact.
        """
        hits = np.stack(
            [self.peak == self.object_fact[:, None], self.peak == self.move_fact[:, None]],
            axis=-1,
        )  # (Q, hops, 2)
        return hits.sum(axis=0) / len(self)


def fact_peaks(model: MemN2N, stories: Iterable[babi.Story]) -> FactPeaks:
    """The sentence each hop attends to most, for every question of task-2 stories.

    Parameters
    ----------
    model : MemN2N
    stories : iterable of babi.Story
        Stories whose questions all have an object fact and a move fact
        (:func:`fact_roles`), e.g. generated task-2 stories.

    Returns
    -------
    FactPeaks
        One entry per question, stories and questions in order.

    Raises
    ------
    TypeError
        If ``model`` is not a MemN2N or ``stories`` not Story objects.
    ValueError
        If the stories have no question, or a question lacks the two roles.
    """
    if not isinstance(model, MemN2N):
        raise TypeError(f"model must be a MemN2N, got {type(model).__name__}")
    stories = babi._check_stories(stories)
    rows: list[tuple[int, ...]] = []
    peaks: list[np.ndarray] = []
    for s_index, story in enumerate(stories):
        if not story.questions:
            continue
        answers = model.predict([story])
        for q_index, q in enumerate(story.questions):
            obj_fact, move_fact = fact_roles(story, q_index)
            peaks.append(model.attention(story, q_index).argmax(axis=1))
            correct = answers[q_index] == q.answer
            rows.append((s_index, q_index, obj_fact, move_fact, q.position, correct))
    if not rows:
        raise ValueError("stories must contain at least one question")
    cols = np.array(rows, dtype=np.int64).T
    return FactPeaks(
        story=cols[0],
        question=cols[1],
        object_fact=cols[2],
        move_fact=cols[3],
        peak=np.stack(peaks),
        position=cols[4],
        correct=cols[5].astype(bool),
    )


def last_location(sentences: Iterable[str]) -> str | None:
    """The location (one of ``babi.LOCATIONS``) mentioned last, or None if there is none.

    Raises
    ------
    TypeError
        If ``sentences`` is a single str or holds something other than str.
    """
    if isinstance(sentences, (str, bytes)):
        raise TypeError("sentences must be a sequence of str, not a single str")
    found = None
    for sentence in sentences:
        for word in babi.tokenize(sentence):
            if word in babi.LOCATIONS:
                found = word
    return found


def _questions(stories: Iterable[babi.Story]) -> list[tuple[babi.Story, babi.Question]]:
    pairs = [(s, q) for s in babi._check_stories(stories) for q in s.questions]
    if not pairs:
        raise ValueError("stories must contain at least one question")
    return pairs


def last_location_accuracy(stories: Iterable[babi.Story]) -> float:
    """Accuracy of the baseline "answer the location mentioned last before the question".

    Raises
    ------
    TypeError
        If ``stories`` are not Story objects.
    ValueError
        If the stories have no question.
    """
    pairs = _questions(stories)
    hits = sum(last_location(s.sentences[: q.position]) == q.answer for s, q in pairs)
    return hits / len(pairs)


def object_with_answer(stories: Iterable[babi.Story]) -> int:
    """Number of questions for which one sentence told before names both object and answer.

    The object is the question's last word ("Where is the milk?" asks about
    "milk").  In generated task-2 stories the count is 0: the sentences naming
    an object never name a place.

    Raises
    ------
    TypeError
        If ``stories`` are not Story objects.
    ValueError
        If the stories have no question.
    """
    count = 0
    for s, q in _questions(stories):
        obj = babi.tokenize(q.text)[-1]
        told = (babi.tokenize(x) for x in s.sentences[: q.position])
        count += any(obj in words and q.answer in words for words in told)
    return count
