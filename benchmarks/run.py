"""memlib's benchmark suite: `make bench` prints one table.

Each case times memlib and its comparison in the same run, on the same
inputs (fixed seeds), with ``timeit``-style repeats; the table reports the
median and the ratio.  Benchmarks are not tests: nothing here asserts a time,
but every case first checks that memlib and its comparison compute the same
result, so the ratio compares equal work.

Usage: python benchmarks/run.py [--quick] [--no-book]

Without --no-book the last case rebuilds the book from a clean _build (it
replaces an existing build and its screenshots).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import queue as queue_module
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks" / ".deps"))

from memlib import attention, babi, hopfield, memn2n  # noqa: E402

ROWS: list[dict] = []


def median_time(fn: Callable[[], object], repeat: int = 5, number: int = 1) -> float:
    """Median over ``repeat`` runs of the time of ``number`` calls, per call."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        times.append((time.perf_counter() - start) / number)
    return statistics.median(times)


def row(case: str, memlib_s: float | None, other: str, other_s: float | None,
        target: str = "", note: str = "") -> None:
    ratio = other_s / memlib_s if memlib_s and other_s else None
    ROWS.append(dict(case=case, memlib_s=memlib_s, other=other, other_s=other_s,
                     ratio=ratio, target=target, note=note))


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _run_case(name: str, quick: bool, queue: object) -> None:
    ROWS.clear()
    try:
        globals()[name](quick)
    except BaseException as exc:  # report, so that the parent never waits forever
        queue.put(("error", f"{type(exc).__name__}: {exc}"))
        raise
    queue.put((ROWS[:], peak_rss_mb()))


def in_child(case: Callable[[bool], None], quick: bool) -> None:
    """Run a case in a fresh process; its rows get the peak RSS of that process."""
    import multiprocessing as mp

    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=_run_case, args=(case.__name__, quick, queue))
    proc.start()
    while True:
        try:
            rows, rss = queue.get(timeout=5)
            break
        except queue_module.Empty:
            if not proc.is_alive():
                msg = f"benchmark case {case.__name__} died (exit {proc.exitcode})"
                raise SystemExit(msg) from None
    proc.join()
    if rows == "error" or proc.exitcode:
        raise SystemExit(f"benchmark case {case.__name__} failed: {rss}")
    for r in rows:
        r.setdefault("rss", rss)
    ROWS.extend(rows)


# ----------------------------------------------------------------------------- case 1


def python_loop_hopfield(patterns: np.ndarray, cues: np.ndarray, steps: int) -> np.ndarray:
    """Storage and synchronous recall written neuron by neuron (one dot product each)."""
    p, n = patterns.shape
    w = np.zeros((n, n))
    for i in range(n):
        w[i] = patterns[:, i] @ patterns
        w[i, i] = 0.0
    out = np.empty_like(cues)
    for c, cue in enumerate(cues):
        s = cue.copy()
        for _ in range(steps):
            new = np.empty_like(s)
            for i in range(n):
                new[i] = 1.0 if w[i] @ s >= 0 else -1.0
            if np.array_equal(new, s):
                break
            s = new
        out[c] = s
    return out


def case_hopfield(quick: bool) -> None:
    from neurodynex3.hopfield_network import network as ndx

    n, p, n_cues, steps = 400, 40, 100, 10
    rng = np.random.default_rng(0)
    patterns = rng.choice([-1.0, 1.0], size=(p, n))
    cues = hopfield.corrupt(patterns[rng.integers(0, p, n_cues)], 0.1, rng)

    def run_memlib():
        net = hopfield.HopfieldNetwork(hopfield.hebbian_weights(patterns))
        return net.recall(cues, mode="sync", max_sweeps=steps)

    def run_ndx():
        net = ndx.HopfieldNetwork(n)
        net.store_patterns(list(patterns))
        net.set_dynamics_sign_sync()
        out = np.empty_like(cues)
        for c, cue in enumerate(cues):
            net.set_state_from_pattern(cue)
            for _ in range(steps):
                before = net.state.copy()
                net.iterate()
                if np.array_equal(before, net.state):
                    break
            out[c] = net.state
        return out

    mine = run_memlib()
    assert np.array_equal(mine, run_ndx()), "memlib and neurodynex3 disagree"
    assert np.array_equal(mine, python_loop_hopfield(patterns, cues, steps))
    t_mem = median_time(run_memlib, repeat=7, number=5)
    t_ndx = median_time(run_ndx, repeat=1 if quick else 3)
    t_loop = median_time(
        lambda: python_loop_hopfield(patterns, cues, steps), repeat=1 if quick else 3
    )
    label = f"Hopfield store+sync recall N={n} P={p}, {n_cues} cues"
    row(label, t_mem, "neurodynex3 1.0.4", t_ndx, ">= 50x")
    row(label, t_mem, "per-neuron Python loop", t_loop)


# ----------------------------------------------------------------------------- case 2


def case_capacity(quick: bool) -> None:
    n, p = 2000, 276
    rng = np.random.default_rng(1)
    x = rng.choice([-1.0, 1.0], size=(p, n))

    def textbook():
        w = x.T @ x
        np.fill_diagonal(w, 0.0)
        return x @ w

    def fast():
        return hopfield.one_step_local_fields(x)

    np.testing.assert_array_equal(fast(), textbook())
    t_fields = median_time(fast, repeat=9)
    t_text = median_time(textbook, repeat=9)
    row(f"one-step local fields N={n} P={p} (given X)", t_fields,
        "numpy X^T X then X W (float64)", t_text, ">= 1x")
    t_rate = median_time(lambda: hopfield.one_step_error_rate(n, p, 1, 0), repeat=9)
    row(f"one_step_error_rate N={n} P={p}, 1 trial (incl. sampling)", t_rate,
        "numpy X^T X then X W (float64)", t_text, ">= 1x")


# ----------------------------------------------------------------------------- case 3


def matmul_gflops(m: int, k: int, n: int) -> float:
    a = np.random.default_rng(0).standard_normal((m, k))
    b = np.random.default_rng(1).standard_normal((k, n))
    t = median_time(lambda: a @ b, repeat=7, number=3)
    return 2 * m * k * n / t / 1e9


def case_attention(quick: bool) -> None:
    rng = np.random.default_rng(2)
    n_mem, d, q_count, hops = 1000, 64, 512, 3
    memory = rng.standard_normal((n_mem, d)) / np.sqrt(d)
    queries = rng.standard_normal((q_count, d))

    batch = lambda: attention.attention_read(memory, queries)  # noqa: E731
    loop = lambda: [attention.attention_read(memory, q) for q in queries]  # noqa: E731
    np.testing.assert_allclose(batch()[0], np.array([r for r, _ in loop()]), atol=1e-12)
    t_batch = median_time(batch, repeat=7)
    t_loop = median_time(loop, repeat=3)
    flops = 4 * q_count * n_mem * d  # scores Q x N x D and the weighted sum, 2 flops each
    peak = matmul_gflops(q_count, d, n_mem)
    rate = flops / t_batch / 1e9
    row(f"attention_read Q={q_count} N={n_mem} D={d}", t_batch, "per-query loop", t_loop,
        note=f"{rate:.1f} GFLOP/s = {rate / peak:.0%} of numpy matmul ({peak:.1f} GFLOP/s)")

    keys = [rng.standard_normal((n_mem, d)) / np.sqrt(d) for _ in range(hops)]
    values = [rng.standard_normal((n_mem, d)) / np.sqrt(d) for _ in range(hops)]
    mbatch = lambda: memn2n.multi_hop_read(keys, values, queries, hops)  # noqa: E731
    mloop = lambda: [memn2n.multi_hop_read(keys, values, q, hops) for q in queries]  # noqa: E731
    np.testing.assert_allclose(mbatch()[-1].read, np.array([h[-1].read for h in mloop()]),
                               atol=1e-12)
    t_mb = median_time(mbatch, repeat=7)
    t_ml = median_time(mloop, repeat=3)
    rate = hops * flops / t_mb / 1e9
    row(f"multi_hop_read {hops} hops, Q={q_count} N={n_mem} D={d}", t_mb, "per-query loop", t_ml,
        note=f"{rate:.1f} GFLOP/s = {rate / peak:.0%} of numpy matmul")


# ----------------------------------------------------------------------------- case 4


def case_memn2n(quick: bool) -> None:
    train_set = babi.generate(1, 1000, rng=10)
    test_set = babi.generate(1, 1000, rng=11)
    n_examples = sum(len(s.questions) for s in train_set)
    vocab = memn2n.Vocab.build(train_set)
    epochs = 20
    rng = np.random.default_rng(0)  # initial weights, then batch order and noise
    model = memn2n.MemN2N(vocab, hops=3, rng=rng)
    start = time.perf_counter()
    memn2n.train(model, train_set, memn2n.TrainConfig(epochs=epochs), rng=rng)
    elapsed = time.perf_counter() - start
    acc = model.accuracy(test_set)
    row("MemN2N training, task 1, 3 hops", elapsed, "", None,
        note=f"{n_examples * epochs / elapsed:,.0f} examples/s ({epochs} epochs, "
             f"{n_examples} questions from 1000 stories); test accuracy {acc:.1%}")

    # seconds of training (evaluation time excluded) until the test accuracy,
    # measured after every epoch once linear start is over, first reaches 95 %
    config = memn2n.TrainConfig()  # the book's setting: 60 epochs, 15 of linear start
    linear_start = config.linear_start
    clock = {"eval": 0.0, "hit": None}

    def check(epoch: int, model: memn2n.MemN2N) -> bool:
        if epoch < linear_start:
            return False
        t0 = time.perf_counter()
        reached = model.accuracy(test_set) >= 0.95
        clock["eval"] += time.perf_counter() - t0
        if reached:
            clock["hit"] = epoch + 1
        return reached

    rng = np.random.default_rng(0)
    model = memn2n.MemN2N(vocab, hops=3, rng=rng)
    start = time.perf_counter()
    memn2n.train(model, train_set, config, rng=rng, on_epoch=check)
    seconds = time.perf_counter() - start - clock["eval"]
    if clock["hit"] is None:
        row("MemN2N seconds to 95% test accuracy, task 1", None, "", None, note="not reached")
    else:
        row("MemN2N seconds to 95% test accuracy, task 1", seconds, "", None,
            note=f"after epoch {clock['hit']} ({linear_start} of them linear start)")


# ----------------------------------------------------------------------------- case 5


def _make_book(queue: object) -> None:
    """In a fresh process: the time of a clean ``make book`` and its peak RSS."""
    start = time.perf_counter()
    done = subprocess.run(["make", "-s", "book"], cwd=ROOT, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode:
        queue.put(("error", done.stderr[-2000:]))
        return
    queue.put((elapsed, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024))


def case_book() -> None:
    """Notebook execution times, then a clean make book (it replaces _build)."""
    import multiprocessing as mp

    import nbformat
    from nbclient import NotebookClient

    for path in sorted((ROOT / "chapters").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        start = time.perf_counter()
        NotebookClient(nb, timeout=600, kernel_name="python3",
                       resources={"metadata": {"path": str(path.parent)}}).execute()
        row(f"execute {path.name} (kernel start included)", time.perf_counter() - start, "", None)
    # in its own process, so that RUSAGE_CHILDREN sees make book and nothing else
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=_make_book, args=(queue,))
    proc.start()
    elapsed, peak = queue.get()
    proc.join()
    if elapsed == "error":
        raise SystemExit(f"make book failed:\n{peak}")
    row("make book (clean _build, .venv present)", elapsed, "", None,
        note="peak RSS: its largest process (the notebook kernels run inside it)")
    ROWS[-1]["rss"] = peak


def machine() -> str:
    cfg = np.show_config(mode="dicts") if "mode" in np.show_config.__code__.co_varnames else {}
    blas = cfg.get("Build Dependencies", {}).get("blas", {})
    return (f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
            f"Python {platform.python_version()}, numpy {np.__version__}, "
            f"BLAS {blas.get('name', '?')} {blas.get('version', '')}")


def verdict(r: dict) -> str:
    """The target and whether this run met it ("≥ 50x met")."""
    if not r["target"]:
        return "-"
    need = float(r["target"].strip(">= x"))
    met = r["ratio"] is not None and r["ratio"] >= need
    return f"{r['target']} {'met' if met else 'MISSED'}"


def fmt(s: float | None) -> str:
    if s is None:
        return "-"
    return f"{s * 1e3:.2f} ms" if s < 1 else f"{s:.2f} s"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="fewer repeats of the slow comparisons")
    ap.add_argument("--no-book", action="store_true", help="skip notebook and make-book timing")
    args = ap.parse_args()
    print(f"machine: {machine()}", flush=True)
    for case in (case_hopfield, case_capacity, case_attention, case_memn2n):
        in_child(case, args.quick)
    if not args.no_book:
        case_book()
    headers = ["case", "memlib", "comparison", "its time", "ratio", "target", "peak RSS", "note"]
    table = [[r["case"], fmt(r["memlib_s"]), r["other"] or "-", fmt(r["other_s"]),
              f"{r['ratio']:.1f}x" if r["ratio"] else "-", verdict(r),
              f"{r['rss']:.0f} MB" if r.get("rss") else "-", r["note"]]
             for r in ROWS]
    widths = [max(len(str(x)) for x in col) for col in zip(headers, *table)]
    line = " | ".join(h.ljust(w) for h, w in zip(headers, widths))
    print("\n" + line + "\n" + "-|-".join("-" * w for w in widths))
    for t in table:
        print(" | ".join(str(x).ljust(w) for x, w in zip(t, widths)))
    print("\npeak RSS: of the fresh process that ran the case (imports included); "
          "for make book, of its largest process.")
    print("Each comparison checks first that both sides compute the same result.")
    out = ROOT / "benchmarks" / "results"
    out.mkdir(exist_ok=True)
    (out / "latest.json").write_text(json.dumps({"machine": machine(), "rows": ROWS}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
