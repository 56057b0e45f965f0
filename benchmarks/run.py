"""Time alliancegame's solvers against the peer libraries on the same games, in one run.

Usage (from the repository root, in the development environment)::

    python benchmarks/run.py                  # every case, full size (a few minutes)
    python benchmarks/run.py vertex pure      # selected cases
    python benchmarks/run.py --quick          # a smoke run in seconds (tests/test_benchmarks.py)
    python benchmarks/run.py --all            # also the slow peers (nashpy at 8x8 and 9x9, ...)

Cases
-----
``vertex``
    All equilibria of random integer games from 5x5 to 9x9: ours (vertex enumeration, float and
    exact) against QuantEcon's ``vertex_enumeration``, pygambit's ``enummixed_solve`` (float and
    exact) and nashpy's support enumeration. Counts the equilibria each finds against pygambit's
    exact answer.
``lemke-howson``
    One equilibrium of random games up to 200x200 by Lemke–Howson: ours against QuantEcon's
    ``lemke_howson``, pygambit's ``lcp_solve`` and nashpy's ``lemke_howson``; every answer is
    checked with our regret (a verified answer has regret at most 1e-6).
``pure``
    Pure equilibria of a 5-player game with 10 strategies each (10^5 profiles): ours against
    pygambit's ``enumpure_solve``.
``backward``
    Backward induction on a tree with 10^6 leaves against a plain recursive Python solver, and a
    batch of 10^4 parameter points on a 10^3-node parameterised tree.
``mixed-sweep``
    All extreme equilibria of a 3x3 game whose payoffs are affine in two parameters, at every
    point of a 100x100 grid: ours (``nash_batch``, and ``sweep`` with its outcome labels) against
    loops of QuantEcon's ``vertex_enumeration``, pygambit's ``enummixed_solve`` (exact; the
    reference) and nashpy's support enumeration (``--all``: about 20 s).

Each timing is the best of ``--repeat`` passes over the case's games, after one warm-up call (so
QuantEcon's numba compilation is not counted); building the games for each library is not
counted either. Peers that are not installed, and our solvers that a build lacks, are reported as
"not available" rather than failing. Results are printed as tables with the ratios and the target
for each case (pass/fail), and written to ``benchmarks/results/`` as JSON and Markdown.

pygambit must be importable by the interpreter that runs this script (``pip install pygambit``).
"""

from __future__ import annotations

import argparse
import datetime
import importlib
import json
import math
import platform
import signal
import sys
import time
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np

import alliancegame as ag

RESULTS = Path(__file__).resolve().parent / "results"
VERIFY_TOL = 1e-6


# ------------------------------------------------------------------------------------ records
@dataclass
class Row:
    """One solver timed on one group of games."""

    case: str
    group: str
    solver: str
    games: int
    seconds: float | None = None  # best pass over the whole group
    found: int | None = None  # equilibria returned, summed over the games
    verified: int | None = None  # games whose answer(s) passed our regret check
    agree: int | None = None  # games where the count matches the reference (pygambit exact)
    status: str = "ok"  # "ok", "not available", "skipped", "timeout", "error: ..."
    note: str = ""


@dataclass
class Target:
    """A speed or correctness target and whether this run met it."""

    case: str
    description: str
    value: float | None
    threshold: str
    passed: bool | None
    detail: str = ""


@dataclass
class Report:
    rows: list[Row] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)

    def add(self, row: Row) -> Row:
        self.rows.append(row)
        return row

    def total(self, case: str, solver: str) -> float | None:
        rows = [r for r in self.rows if r.case == case and r.solver == solver]
        if not rows or any(r.seconds is None for r in rows):
            return None
        return float(sum(r.seconds for r in rows if r.seconds is not None))

    def common_total(self, case: str, a: str, b: str) -> tuple[float | None, float | None]:
        """Total times of two solvers over the groups both completed."""
        ta = {r.group: r.seconds for r in self.rows if r.case == case and r.solver == a}
        tb = {r.group: r.seconds for r in self.rows if r.case == case and r.solver == b}
        groups = [g for g in ta if ta[g] is not None and tb.get(g) is not None]
        if not groups:
            return None, None
        return (
            float(sum(ta[g] or 0.0 for g in groups)),
            float(sum(tb[g] or 0.0 for g in groups)),
        )


class Timeout(Exception):
    """A peer took longer than its time limit on one game."""


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Interrupt the body after ``seconds`` (SIGALRM; the main thread of a POSIX process)."""
    if not seconds or not hasattr(signal, "setitimer"):
        yield
        return

    def handler(signum: int, frame: Any) -> None:
        raise Timeout

    old = signal.signal(signal.SIGALRM, handler)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def best_time(
    run: Callable[[Any], Any],
    inputs: Sequence[Any],
    repeat: int,
    limit: float | None = None,
    budget: float = 20.0,
) -> tuple[float, list[Any]]:
    """Best wall time of ``repeat`` passes of ``run`` over ``inputs`` (one warm-up call first).

    A pass that takes longer than ``budget`` seconds is not repeated. ``limit`` bounds each call.
    """
    with time_limit(limit):
        run(inputs[0])  # warm-up: imports, JIT compilation, caches
    best = math.inf
    outputs: list[Any] = []
    for _ in range(max(1, repeat)):
        start = time.perf_counter()
        outs = []
        for item in inputs:
            with time_limit(limit):
                outs.append(run(item))
        elapsed = time.perf_counter() - start
        best = min(best, elapsed)
        outputs = outs
        if elapsed > budget:
            break
    return best, outputs


def _child(conn: Any, run: Callable[[Any], Any], item: Any, repeat: int) -> None:
    try:
        seconds, (out,) = best_time(run, [item], repeat, None, budget=5.0)
        conn.send(("ok", seconds, profiles_of(out)))
    except Exception as exc:  # reported to the parent as the peer's failure
        conn.send(("error", None, f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


def best_time_isolated(
    run: Callable[[Any], Any], item: Any, repeat: int, limit: float
) -> tuple[float, list[list[np.ndarray]]]:
    """:func:`best_time` on one input in a forked child process that is killed after ``limit``
    seconds: for peers whose compiled code can loop without end (no signal interrupts C++)."""
    import multiprocessing as mp

    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(child, run, item, repeat), daemon=True)
    proc.start()
    child.close()
    try:
        if not parent.poll(limit):
            raise Timeout
        status, seconds, payload = parent.recv()
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join()
        parent.close()
    if status != "ok":
        raise RuntimeError(payload)
    return float(seconds), payload


def optional(module: str) -> Any | None:
    """Import a peer library, or ``None`` if it is not installed."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return importlib.import_module(module)
    except ImportError:
        return None


def ours(concept: str, method: str) -> Callable[..., Any] | None:
    """Our solver for a concept and method via :func:`alliancegame.solve`, if this build has it."""
    if method not in ag.METHODS.get(concept, {}):
        return None

    def run(game: Any, **options: Any) -> Any:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ag.DegenerateGameWarning)
            return ag.solve(game, concept, method=method, **options)

    return run


def verified(game: ag.NormalFormGame, profile: Sequence[Any]) -> bool:
    """Whether a profile is an equilibrium of ``game`` by our float regret, to ``VERIFY_TOL``."""
    try:
        xs = [np.asarray(x, dtype=float).ravel() for x in profile]
        if any(x.shape != (s,) for x, s in zip(xs, game.shape, strict=True)):
            return False
        if any(abs(x.sum() - 1) > VERIFY_TOL or x.min() < -VERIFY_TOL for x in xs):
            return False
        scale = max(1.0, float(np.abs(game.payoff_array()).max()))
        return max(ag.regret(game, xs)) <= VERIFY_TOL * scale
    except (ValueError, TypeError):
        return False


def profiles_of(result: Any) -> list[list[np.ndarray]]:
    """Equilibria as lists of float arrays, from our results or any peer's."""
    if isinstance(result, ag.SolverResult):
        return [[np.asarray(x, dtype=float) for x in e.as_arrays()] for e in result]
    if hasattr(result, "equilibria"):  # pygambit
        return [
            [np.array([float(eq[s]) for s in p.strategies]) for p in result.game.players]
            for eq in result.equilibria
        ]
    return [[np.asarray(x, dtype=float) for x in eq] for eq in result]


# ------------------------------------------------------------------------------------ (a) vertex
def case_vertex(report: Report, args: argparse.Namespace) -> None:
    """All equilibria of random integer games, 5x5 to 9x9."""
    gbt, qe, nashpy = optional("pygambit"), optional("quantecon.game_theory"), optional("nashpy")
    vertex = ours("nash", "vertex")
    sizes = [5] if args.quick else [5, 6, 7, 8, 9]
    count = 2 if args.quick else args.games
    rng = np.random.default_rng(args.seed)
    for n in sizes:
        data = [rng.integers(0, 100, size=(2, n, n)) for _ in range(count)]
        exact_games = [ag.NormalFormGame(d.tolist()) for d in data]
        float_games = [ag.NormalFormGame(d.astype(float)) for d in data]
        group = f"{n}x{n}"
        reference: list[int] | None = None
        solvers: list[tuple[str, Callable[[Any], Any] | None, list[Any], float | None, str]] = []
        if vertex is not None:
            solvers.append(("ours vertex (float)", lambda g: vertex(g), float_games, None, ""))
            solvers.append(
                ("ours vertex (exact)", lambda g: vertex(g, exact=True), exact_games, None, "")
            )
        else:
            solvers += [("ours vertex (float)", None, [], None, ""),
                        ("ours vertex (exact)", None, [], None, "")]  # fmt: skip
        if qe is not None:
            qe_games = [
                qe.NormalFormGame([qe.Player(d[0].astype(float)), qe.Player(d[1].T.astype(float))])
                for d in data
            ]
            solvers.append(("QuantEcon vertex_enumeration", qe.vertex_enumeration, qe_games,
                            None, ""))  # fmt: skip
        else:
            solvers.append(("QuantEcon vertex_enumeration", None, [], None, ""))
        if gbt is not None:
            exact_g = [gbt.Game.from_arrays(d[0].astype(object), d[1].astype(object)) for d in data]
            float_g = [gbt.Game.from_arrays(d[0].astype(float), d[1].astype(float)) for d in data]
            solvers.append(("pygambit enummixed (exact)",
                            lambda g: gbt.nash.enummixed_solve(g, rational=True), exact_g, None,
                            ""))  # fmt: skip
            solvers.append(("pygambit enummixed (float)",
                            lambda g: gbt.nash.enummixed_solve(g, rational=False), float_g, None,
                            ""))  # fmt: skip
        else:
            solvers += [("pygambit enummixed (exact)", None, [], None, ""),
                        ("pygambit enummixed (float)", None, [], None, "")]  # fmt: skip
        if nashpy is None:
            solvers.append(("nashpy support_enumeration", None, [], None, ""))
        elif n > 7 and not args.all:
            solvers.append(("nashpy support_enumeration", None, [], None, "skip"))
        else:
            np_games = [nashpy.Game(d[0].astype(float), d[1].astype(float)) for d in data]
            solvers.append(("nashpy support_enumeration", lambda g: list(g.support_enumeration()),
                            np_games, 60.0, ""))  # fmt: skip

        # pygambit exact first: its counts are the reference
        solvers.sort(key=lambda s: s[0] != "pygambit enummixed (exact)")
        for name, run, inputs, limit, flag in solvers:
            row = report.add(Row("vertex", group, name, count))
            if run is None:
                row.status = "skipped" if flag == "skip" else "not available"
                row.note = "above 7x7 (use --all)" if flag == "skip" else ""
                continue
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    row.seconds, outs = best_time(run, inputs, args.repeat, limit)
            except Timeout:
                row.status = "timeout"
                continue
            found = [profiles_of(o) for o in outs]
            row.found = sum(len(f) for f in found)
            row.verified = sum(
                all(verified(g, p) for p in f) and bool(f)
                for g, f in zip(float_games, found, strict=True)
            )
            if name == "pygambit enummixed (exact)":
                reference = [len(f) for f in found]
            if reference is not None:
                row.agree = sum(len(f) == r for f, r in zip(found, reference, strict=True))
        print_group(report, "vertex", group)

    our_f, qe_t = report.common_total(
        "vertex", "ours vertex (float)", "QuantEcon vertex_enumeration"
    )
    report.targets.append(ratio_target(
        "vertex", "ours vertex (float) time / QuantEcon vertex_enumeration", our_f, qe_t,
        at_most=1.5))  # fmt: skip
    our_e, gbt_e = report.common_total(
        "vertex", "ours vertex (exact)", "pygambit enummixed (exact)"
    )
    report.targets.append(speedup_target(
        "vertex", "pygambit enummixed (exact) time / ours vertex (exact)", gbt_e, our_e,
        at_least=10.0))  # fmt: skip


# ------------------------------------------------------------------------------ (b) Lemke-Howson
def case_lemke_howson(report: Report, args: argparse.Namespace) -> None:
    """One equilibrium by Lemke–Howson on random games up to 200x200."""
    gbt, qe, nashpy = optional("pygambit"), optional("quantecon.game_theory"), optional("nashpy")
    lh = ours("nash", "lemke-howson")
    sizes = [10] if args.quick else [10, 25, 50, 100, 200]
    count = 2 if args.quick else args.games
    rng = np.random.default_rng(args.seed + 1)
    for n in sizes:
        data = [rng.random((2, n, n)) for _ in range(count)]
        games = [ag.NormalFormGame(d) for d in data]
        group = f"{n}x{n}"
        solvers: list[tuple[str, Callable[[Any], Any] | None, list[Any], float | None]] = [
            ("ours lemke-howson", (lambda g: lh(g)) if lh else None, games, None),
        ]
        if qe is not None:
            qe_games = [qe.NormalFormGame([qe.Player(d[0]), qe.Player(d[1].T)]) for d in data]
            solvers.append(("QuantEcon lemke_howson", lambda g: [qe.lemke_howson(g)], qe_games,
                            None))  # fmt: skip
        else:
            solvers.append(("QuantEcon lemke_howson", None, [], None))
        if gbt is not None:
            g_games = [gbt.Game.from_arrays(d[0], d[1]) for d in data]
            solvers.append(("pygambit lcp_solve",
                            lambda g: gbt.nash.lcp_solve(g, rational=False, stop_after=1),
                            g_games, 30.0))  # fmt: skip
        else:
            solvers.append(("pygambit lcp_solve", None, [], None))
        if nashpy is not None and (n <= 25 or args.all):
            np_games = [nashpy.Game(d[0], d[1]) for d in data]
            solvers.append(("nashpy lemke_howson",
                            lambda g: [tuple(g.lemke_howson(initial_dropped_label=0))],
                            np_games, 5.0 if not args.all else 120.0))  # fmt: skip
        else:
            solvers.append(("nashpy lemke_howson", None, [], None))
        for name, run, inputs, limit in solvers:
            row = report.add(Row("lemke-howson", group, name, count))
            if run is None:
                skipped = name.startswith("nashpy") and nashpy is not None
                row.status = "skipped" if skipped else "not available"
                row.note = "above 25x25 (use --all): it often does not stop" if skipped else ""
                continue
            outs, total = [], 0.0
            timeouts = errors = 0
            # time game by game: a peer may fail or hang on one game only
            for item in inputs:
                try:
                    with warnings.catch_warnings():
                        warnings.simplefilter("ignore")
                        if limit is None:
                            t, out = best_time(run, [item], args.repeat, None, budget=5.0)
                            found_here = profiles_of(out[0])
                        else:
                            t, found_here = best_time_isolated(run, item, args.repeat, limit)
                    total += t
                    outs.append(found_here)
                except Timeout:
                    timeouts += 1
                    outs.append(None)
                except Exception as exc:  # a peer's failure is a result
                    errors += 1
                    outs.append(None)
                    row.note = f"{type(exc).__name__}"
            row.seconds = total if not timeouts and not errors else None
            found = [o if o is not None else [] for o in outs]
            row.found = sum(len(f) for f in found)
            row.verified = sum(
                len(f) >= 1 and all(verified(g, p) for p in f)
                for g, f in zip(games, found, strict=True)
            )
            if timeouts or errors:
                row.status = "timeout" if timeouts else "error"
                parts = [f"{timeouts} timeout(s) at {limit:g} s"] if timeouts else []
                parts += [f"{errors} error(s) {row.note}".strip()] if errors else []
                row.note = "; ".join(parts)
        print_group(report, "lemke-howson", group)

    ours_t, qe_t = report.common_total(
        "lemke-howson", "ours lemke-howson", "QuantEcon lemke_howson"
    )
    report.targets.append(ratio_target(
        "lemke-howson", "ours lemke-howson time / QuantEcon lemke_howson", ours_t, qe_t,
        at_most=2.0))  # fmt: skip
    mine = [r for r in report.rows if r.case == "lemke-howson" and r.solver == "ours lemke-howson"]
    n_games = sum(r.games for r in mine)
    n_ok = sum(r.verified or 0 for r in mine)
    report.targets.append(Target(
        "lemke-howson", "ours lemke-howson: verified answers", float(n_ok),
        f"= {n_games} games", (n_ok == n_games) if mine and mine[0].status == "ok" else None,
        f"{n_ok}/{n_games}"))  # fmt: skip


# ------------------------------------------------------------------------------------ (c) pure
def case_pure(report: Report, args: argparse.Namespace) -> None:
    """Pure equilibria of a 5-player, 10-strategy game (10^5 profiles)."""
    gbt = optional("pygambit")
    n, s = (4, 5) if args.quick else (5, 10)
    count = 1 if args.quick else max(1, args.games // 2)
    rng = np.random.default_rng(args.seed + 2)
    data = [rng.integers(0, 100, size=(n,) + (s,) * n) for _ in range(count)]
    float_games = [ag.NormalFormGame(d.astype(float)) for d in data]
    group = f"{n} players x {s} strategies"
    reference: list[int] | None = None
    solvers: list[tuple[str, Callable[[Any], Any] | None, list[Any]]] = []
    if gbt is not None:
        g_games = [gbt.Game.from_arrays(*[d[i].astype(float) for i in range(n)]) for d in data]
        solvers.append(("pygambit enumpure_solve", gbt.nash.enumpure_solve, g_games))
    else:
        solvers.append(("pygambit enumpure_solve", None, []))
    pure = ours("pure", "enumpure")
    solvers.append(("ours pure_nash (float)", pure, float_games))
    solvers.append(("ours pure_nash_mask (float array)",
                    lambda d: ag.pure_nash_mask(d), [d.astype(float) for d in data]))  # fmt: skip
    for name, run, inputs in solvers:
        row = report.add(Row("pure", group, name, count))
        if run is None:
            row.status = "not available"
            continue
        row.seconds, outs = best_time(run, inputs, args.repeat)
        if name.endswith("mask (float array)"):
            counts = [int(np.count_nonzero(o)) for o in outs]
            row.note = "the boolean test only, no result objects"
        else:
            counts = [len(profiles_of(o)) for o in outs]
            row.verified = sum(
                all(verified(g, p) for p in profiles_of(o))
                for g, o in zip(float_games, outs, strict=True)
            )
        row.found = sum(counts)
        if name == "pygambit enumpure_solve":
            reference = counts
        if reference is not None:
            row.agree = sum(c == r for c, r in zip(counts, reference, strict=True))
    print_group(report, "pure", group)
    gbt_t, ours_t = (
        report.total("pure", "pygambit enumpure_solve"),
        report.total("pure", "ours pure_nash (float)"),
    )
    report.targets.append(speedup_target(
        "pure", "pygambit enumpure_solve time / ours pure_nash", gbt_t, ours_t, at_least=100.0
    ))  # fmt: skip


# --------------------------------------------------------------------------------- (d) backward
def random_tree(rng: np.random.Generator, branching: int, depth: int) -> Any:
    """A random tree as nested tuples: ``("d", player, children)``, ``("c", probs, children)``,
    ``("t", payoffs)``. Two players alternate; the third level is a chance move."""
    leaves = iter(rng.random((branching**depth, 2)).tolist())

    def node(level: int) -> Any:
        if level == depth:
            return ("t", tuple(next(leaves)))
        kids = [node(level + 1) for _ in range(branching)]
        if level == 2:
            w = rng.integers(1, 5, size=branching)
            return ("c", tuple((w / w.sum()).tolist()), kids)
        return ("d", level % 2, kids)

    return node(0)


def recursive_solve(node: Any) -> tuple[float, ...]:
    """The plain recursive backward induction the batched solver is compared with."""
    kind = node[0]
    if kind == "t":
        return node[1]  # type: ignore[no-any-return]
    values = [recursive_solve(c) for c in node[2]]
    if kind == "d":
        i = node[1]
        return max(values, key=lambda v: v[i])
    return tuple(sum(p * v[k] for p, v in zip(node[1], values, strict=True)) for k in range(2))


def to_game(tree: Any, players: Sequence[str] = ("P1", "P2")) -> Any:
    """The same tree as an :class:`alliancegame.ExtensiveGame`."""

    def node(t: Any) -> Any:
        if t[0] == "t":
            return ag.terminal(*t[1])
        kids = [node(c) for c in t[2]]
        if t[0] == "c":
            return ag.chance(
                {f"o{k}": (p, c) for k, (p, c) in enumerate(zip(t[1], kids, strict=True))}
            )
        return ag.decision(players[t[1]], {f"a{k}": c for k, c in enumerate(kids)})

    return ag.ExtensiveGame(list(players), node(tree))


def parameterised_tree(rng: np.random.Generator, branching: int, depth: int) -> Any:
    """A tree whose payoffs are ``c + k*x`` in a parameter ``x`` (about 10^3 nodes)."""
    leaves = iter(range(branching**depth))
    cs = rng.integers(-9, 10, size=(branching**depth, 2))
    ks = rng.integers(-3, 4, size=(branching**depth, 2))

    def node(level: int) -> Any:
        if level == depth:
            j = next(leaves)
            return ag.terminal(*(f"{cs[j, p]} + {ks[j, p]}*x" for p in range(2)))
        kids = {f"a{k}": node(level + 1) for k in range(branching)}
        if level == 1:
            return ag.chance({f"o{k}": (Fraction(1, branching), c) for k, c in
                              enumerate(kids.values())})  # fmt: skip
        return ag.decision("P1" if level % 2 == 0 else "P2", kids)

    return ag.ExtensiveGame(["P1", "P2"], node(0), parameters=[ag.Parameter("x", 0, -5, 5)])


def case_backward(report: Report, args: argparse.Namespace) -> None:
    """Backward induction: a 10^6-leaf tree, and 10^4 points on a 10^3-node tree."""
    batch_fn = getattr(ag, "backward_induction_batch", None)
    branching, depth = (10, 3) if args.quick else (10, 6)
    rng = np.random.default_rng(args.seed + 3)
    tree = random_tree(rng, branching, depth)
    group = f"{branching**depth:,} leaves"
    start = time.perf_counter()
    game = to_game(tree) if batch_fn is not None else None
    build = time.perf_counter() - start
    rec = report.add(Row("backward", group, "recursive Python", 1))
    rec.seconds, (value,) = best_time(recursive_solve, [tree], args.repeat)
    rec.found = 1
    mine = report.add(Row("backward", group, "ours backward_induction_batch (flat form ready)", 1))
    flat_row = report.add(Row("backward", group, "ours game.flat() (once per tree)", 1))
    if batch_fn is None or game is None:
        mine.status = flat_row.status = "not available"
    else:
        start = time.perf_counter()
        flat = game.flat()
        flat_row.seconds = time.perf_counter() - start
        flat_row.note = f"building the ExtensiveGame took {build:.1f} s (not timed)"
        mine.seconds, (res,) = best_time(lambda f: batch_fn(f), [flat], args.repeat)
        got = np.asarray(res.payoffs, dtype=float).ravel()
        mine.found = 1
        mine.verified = int(np.allclose(got, value, rtol=1e-12, atol=1e-12))
        mine.note = "root value equals the recursive solver's" if mine.verified else "MISMATCH"
    print_group(report, "backward", group)
    if batch_fn is not None and rec.seconds and mine.seconds and flat_row.seconds is not None:
        speed = speedup_target(
            "backward", "recursive Python time / ours (flat form ready)", rec.seconds,
            mine.seconds, at_least=2.5)  # fmt: skip
        if not mine.verified:
            speed.passed, speed.detail = False, speed.detail + " but the values differ"
        report.targets.append(speed)
        report.targets.append(speedup_target(
            "backward", "recursive Python time / ours including game.flat()", rec.seconds,
            mine.seconds + flat_row.seconds, at_least=None))  # fmt: skip
    else:
        report.targets.append(Target("backward", "recursive / ours", None, ">= 2.5", None,
                                     "not available"))  # fmt: skip

    # a batch of parameter points on a ~10^3-node tree
    points = 1_000 if args.quick else 10_000
    b2, d2 = (4, 4) if args.quick else (6, 4)  # 341 or 1555 nodes
    group2 = f"{points:,} points"
    row = report.add(Row("backward", group2, "ours backward_induction_batch (parameterised)", 1))
    if batch_fn is None:
        row.status = "not available"
        report.targets.append(Target("backward", "batch", None, "< 1 s", None, "not available"))
    else:
        ptree = parameterised_tree(np.random.default_rng(args.seed + 4), b2, d2)
        flat2 = ptree.flat()
        xs = np.linspace(-5, 5, points)
        row.seconds, (res2,) = best_time(lambda f: batch_fn(f, x=xs), [flat2], args.repeat)
        row.found = points
        row.note = f"{len(flat2.kind):,} nodes"
        # spot check five points against the single-game solver
        check = np.linspace(0, points - 1, 5).astype(int)
        agree = 0
        for i in check:
            spe = ag.solve(ptree.at(x=float(xs[i])), "spe")
            agree += int(np.allclose(np.asarray(spe[0].payoffs_, dtype=float),
                                     res2.payoffs[i], atol=1e-9))  # fmt: skip
        row.note += f"; {agree}/5 spot checks equal ag.solve(tree.at(x), 'spe')"
        report.targets.append(Target(
            "backward", f"batch of {points:,} points on a {len(flat2.kind):,}-node tree (s)",
            row.seconds, "< 1 s and 5/5 spot checks", row.seconds < 1.0 and agree == 5,
            f"{row.seconds:.3f} s, {agree}/5 checks"))  # fmt: skip
    print_group(report, "backward", group2)


def case_flagship(report: Report, args: argparse.Namespace) -> None:
    """Subgame-perfect equilibria of the Russia-Iran scenario over 10^6 parameter points."""
    import resource
    from concurrent.futures import ProcessPoolExecutor

    side = 100 if args.quick else 1000
    game = ag.load("russia-iran").game
    u = np.linspace(0, 10, side)
    G = np.linspace(0, 10, side)
    group = f"{side * side:,} points (u x G)"
    ag.sweep(game, u=u[:10], G=G[:10])  # warm-up: kernels compiled and specialised
    serial = report.add(Row("flagship", group, "ours sweep, one process", 1))
    start = time.perf_counter()
    sw = ag.sweep(game, u=u, G=G, progress=False)
    serial.seconds = time.perf_counter() - start
    serial.found = len(sw.labels)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    serial.note = f"peak RSS of this process so far {peak:.0f} MiB; {len(sw.labels)} outcomes"
    pool_row = report.add(Row("flagship", group, "ours sweep, 2 worker processes", 1))
    with ProcessPoolExecutor(max_workers=2) as ex:
        ag.sweep(game, u=u[:10], G=G[:10], executor=ex)  # start the workers
        start = time.perf_counter()
        chunk = max(1, min(20_000, side * side // 4))
        sw2 = ag.sweep(game, u=u, G=G, executor=ex, chunk_size=chunk, progress=False)
        pool_row.seconds = time.perf_counter() - start
    same = bool(np.array_equal(sw.codes, sw2.codes) and sw.labels == sw2.labels)
    pool_row.found = len(sw2.labels)
    pool_row.verified = int(same)
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    pool_row.note = (
        "identical to the serial run" if same else "DIFFERS from the serial run"
    ) + f"; peak RSS of a worker {children:.0f} MiB"
    # spot checks against the single-game solver
    agree = 0
    for i, j in ((0, 0), (side // 3, side // 2), (side - 1, side - 1), (side // 10, 5)):
        spe = ag.backward_induction(game.at(u=float(u[i]), G=float(G[j])))
        path = " → ".join(f"{s.player}: {s.action}" for s in spe[0].path)
        agree += int(path == sw.outcome(int(sw.codes[i, j])))
    serial.verified = int(agree == 4)
    serial.note += f"; {agree}/4 spot checks equal backward_induction(game.at(...))"
    print_group(report, "flagship", group)
    best = min(t for t in (serial.seconds, pool_row.seconds) if t is not None)
    report.targets.append(Target(
        "flagship", f"SPE of russia-iran at {side * side:,} points (best of serial / 2 workers, s)",
        best, "< 10 s", best < 10.0 and same and agree == 4,
        f"{best:.2f} s (serial {serial.seconds:.2f} s, 2 workers {pool_row.seconds:.2f} s; "
        f"peak {peak:.0f} MiB)"))  # fmt: skip


# ------------------------------------------------------------------------------ (f) mixed sweep
def affine_game(rng: np.random.Generator, m: int, n: int) -> tuple[Any, np.ndarray]:
    """A two-player game with payoffs ``c + k_u*u + k_G*G`` (integer coefficients in [-5, 5]),
    and the coefficients, shape ``(3, 2, m, n)``."""
    coef = rng.integers(-5, 6, size=(3, 2, m, n))
    cells = np.empty((2, m, n), dtype=object)
    for idx in np.ndindex(2, m, n):
        c, ku, kg = (int(coef[(k, *idx)]) for k in range(3))
        cells[idx] = f"{c} + {ku}*u + {kg}*G"
    params = [ag.Parameter("u", 5, 0, 10), ag.Parameter("G", 5, 0, 10)]
    return ag.NormalFormGame(cells, parameters=params), coef


def same_equilibria(a: list[list[np.ndarray]], b: list[list[np.ndarray]]) -> bool:
    """Whether two lists of equilibria are the same set, to 1e-6."""
    flat_a = [np.concatenate(e) for e in a]
    flat_b = [np.concatenate(e) for e in b]
    return len(flat_a) == len(flat_b) and all(
        any(x.shape == y.shape and np.abs(x - y).max() <= 1e-6 for y in flat_b) for x in flat_a
    )


def case_mixed_sweep(report: Report, args: argparse.Namespace) -> None:
    """All extreme equilibria of a 3x3 game affine in two parameters, at every grid point."""
    gbt, qe, nashpy = optional("pygambit"), optional("quantecon.game_theory"), optional("nashpy")
    side = 20 if args.quick else 100
    game, coef = affine_game(np.random.default_rng(args.seed + 5), 3, 3)
    # steps of 0.1 (0.5 in quick mode): short decimals, which put grid points on the lines where
    # the game is degenerate (ties), as grids that people write do
    u = np.arange(side) / (side / 10)
    G = np.arange(side) / (side / 10)
    U, GG = (a.ravel() for a in np.meshgrid(u, G, indexing="ij"))
    points = side * side
    group = f"3x3 game, {side}x{side} grid"
    pay = game.evaluate(u=U, G=GG)  # the float games of the float peers (not timed)
    games = [ag.NormalFormGame(p) for p in pay]  # for our regret check only
    # exact games at the grid's decimal values, as pygambit reads floats and nash_batch re-solves
    fu = [ag.core.expr.to_fraction(float(v)) for v in U]
    fg = [ag.core.expr.to_fraction(float(v)) for v in GG]
    reference: list[list[list[np.ndarray]]] | None = None

    def labelled(_: Any) -> Any:
        return ag.sweep(game, u=u, G=G, concept="nash", progress=False)

    solvers: list[tuple[str, Callable[[Any], Any] | None, list[Any], str]] = [
        ("ours nash_batch", lambda _: ag.nash_batch(game, u=U, G=GG), [None], "batch"),
        ("ours sweep(concept='nash'), with labels", labelled, [None], "sweep"),
    ]
    if gbt is not None:
        g_games = []
        for k in range(points):
            exact = coef[0].astype(object) + coef[1].astype(object) * fu[k] + coef[2].astype(
                object) * fg[k]  # fmt: skip
            g_games.append(gbt.Game.from_arrays(exact[0], exact[1]))
        solvers.insert(0, ("pygambit enummixed (exact) loop",
                           lambda g: gbt.nash.enummixed_solve(g, rational=True), g_games,
                           "loop"))  # fmt: skip
    else:
        solvers.insert(0, ("pygambit enummixed (exact) loop", None, [], ""))
    if qe is not None:
        qe_games = [qe.NormalFormGame([qe.Player(p[0]), qe.Player(p[1].T)]) for p in pay]
        solvers.append(("QuantEcon vertex_enumeration loop", qe.vertex_enumeration, qe_games,
                        "loop"))  # fmt: skip
    else:
        solvers.append(("QuantEcon vertex_enumeration loop", None, [], ""))
    if nashpy is None:
        solvers.append(("nashpy support_enumeration loop", None, [], ""))
    elif not args.all:
        solvers.append(("nashpy support_enumeration loop", None, [], "skip"))
    else:
        np_games = [nashpy.Game(p[0], p[1]) for p in pay]
        solvers.append(("nashpy support_enumeration loop",
                        lambda g: list(g.support_enumeration()), np_games, "loop"))  # fmt: skip
    for name, run, inputs, kind in solvers:
        row = report.add(Row("mixed-sweep", group, name, points))
        if run is None:
            row.status = "skipped" if kind == "skip" else "not available"
            row.note = "about 20 s (use --all)" if kind == "skip" else ""
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            row.seconds, outs = best_time(run, inputs, args.repeat, budget=10.0)
        if kind == "sweep":
            sw = outs[0]
            row.found = int(sw.n_equilibria.sum())
            if reference is not None:
                counts = [len(r) for r in reference]
                row.agree = int(sum(int(a) == b for a, b in
                                    zip(sw.n_equilibria.ravel(), counts, strict=True)))  # fmt: skip
                row.note = "= gambit counts the equilibria only"
            row.note = f"{len(sw.labels)} outcome labels; " + row.note
            continue
        if kind == "batch":
            res = outs[0]
            found = [
                [[np.asarray(x, dtype=float) for x in e.probabilities] for e in res.equilibria(k)]
                for k in range(points)
            ]
            row.note = f"{int(res.exact.sum())} point(s) looked degenerate and were solved exactly"
        else:
            found = [profiles_of(o) for o in outs]
        row.found = sum(len(f) for f in found)
        row.verified = sum(
            bool(f) and all(verified(g, p) for p in f) for g, f in zip(games, found, strict=True)
        )
        if name.startswith("pygambit"):
            reference = found
        if reference is not None:
            row.agree = sum(same_equilibria(f, r) for f, r in zip(found, reference, strict=True))
    print_group(report, "mixed-sweep", group)
    ours_t = report.total("mixed-sweep", "ours nash_batch")
    mine = next(r for r in report.rows if r.case == "mixed-sweep" and r.solver == "ours nash_batch")
    report.targets.append(speedup_target(
        "mixed-sweep", "QuantEcon vertex_enumeration loop time / ours nash_batch",
        report.total("mixed-sweep", "QuantEcon vertex_enumeration loop"), ours_t,
        at_least=3.0))  # fmt: skip
    report.targets.append(speedup_target(
        "mixed-sweep", "pygambit enummixed (exact) loop time / ours nash_batch",
        report.total("mixed-sweep", "pygambit enummixed (exact) loop"), ours_t,
        at_least=None))  # fmt: skip
    report.targets.append(Target(
        "mixed-sweep", "ours nash_batch: points whose equilibria equal pygambit's enummixed",
        None if mine.agree is None else float(mine.agree), f"= {points} points",
        None if mine.agree is None else mine.agree == points,
        "not available" if mine.agree is None else f"{mine.agree}/{points}"))  # fmt: skip


# -------------------------------------------------------------------------------------- (g) qre
def case_qre(report: Report, args: argparse.Namespace) -> None:
    """The limit of the logit QRE branch on random generic games (two and three players)."""
    gbt = optional("pygambit")
    count = 2 if args.quick else max(2, args.games)
    rng = np.random.default_rng(args.seed + 7)
    shapes = [(4, 4)] if args.quick else [(4, 4), (8, 8), (3, 3, 3)]
    for shape in shapes:
        data = [rng.uniform(-10, 10, size=(len(shape), *shape)) for _ in range(count)]
        games = [ag.NormalFormGame(d) for d in data]
        group = "x".join(map(str, shape)) + f" ({len(shape)} players)"
        reference: list[list[np.ndarray]] | None = None
        solvers: list[tuple[str, Callable[[Any], Any] | None, list[Any]]] = []
        if gbt is not None:
            g_games = [gbt.Game.from_arrays(*d) for d in data]
            solvers.append(("pygambit logit_solve", gbt.nash.logit_solve, g_games))
        else:
            solvers.append(("pygambit logit_solve", None, []))
        solvers.append(("ours logit_solve", lambda g: ag.logit_solve(g), games))
        for name, run, inputs in solvers:
            row = report.add(Row("qre", group, name, count))
            if run is None:
                row.status = "not available"
                continue
            row.seconds, outs = best_time(run, inputs, args.repeat)
            found = [profiles_of(o)[0] for o in outs]
            row.found = len(found)
            row.verified = sum(verified(g, f) for g, f in zip(games, found, strict=True))
            if name.startswith("pygambit"):
                reference = [np.concatenate(f) for f in found]
            if reference is not None:
                row.agree = sum(
                    float(np.abs(np.concatenate(f) - r).max()) <= 1e-5
                    for f, r in zip(found, reference, strict=True)
                )
        print_group(report, "qre", group)
    report.targets.append(speedup_target(
        "qre", "pygambit logit_solve time / ours logit_solve",
        report.total("qre", "pygambit logit_solve"), report.total("qre", "ours logit_solve"),
        at_least=None))  # fmt: skip


# ------------------------------------------------------------------------------------ output
def ratio_target(case: str, what: str, ours_t: float | None, peer_t: float | None,
                 at_most: float) -> Target:  # fmt: skip
    if ours_t is None or peer_t is None or peer_t == 0:
        return Target(case, what, None, f"<= {at_most:g}", None, "not available")
    r = ours_t / peer_t
    return Target(case, what, r, f"<= {at_most:g}", r <= at_most, f"{r:.2f}x")


def speedup_target(case: str, what: str, peer_t: float | None, ours_t: float | None,
                   at_least: float | None) -> Target:  # fmt: skip
    if ours_t is None or peer_t is None or ours_t == 0:
        return Target(case, what, None, f">= {at_least:g}" if at_least else "-", None,
                      "not available")  # fmt: skip
    r = peer_t / ours_t
    passed = None if at_least is None else r >= at_least
    return Target(case, what, r, f">= {at_least:g}" if at_least else "(info)", passed,
                  f"{r:.1f}x")  # fmt: skip


def fmt_seconds(s: float | None) -> str:
    if s is None:
        return "-"
    return f"{s * 1e3:.2f} ms" if s < 1 else f"{s:.2f} s"


def row_cells(row: Row, baseline: float | None) -> list[str]:
    ratio = "-"
    if row.seconds is not None and baseline:
        ratio = f"{row.seconds / baseline:.2f}"
    return [
        row.solver,
        fmt_seconds(row.seconds),
        ratio,
        "-" if row.found is None else str(row.found),
        "-" if row.verified is None else f"{row.verified}/{row.games}",
        "-" if row.agree is None else f"{row.agree}/{row.games}",
        row.status,
        row.note,
    ]


HEAD = ["solver", "time", "x ours", "found", "verified", "= gambit", "status", "note"]


def print_group(report: Report, case: str, group: str) -> None:
    rows = [r for r in report.rows if r.case == case and r.group == group]
    base = next((r.seconds for r in rows if r.solver.startswith("ours") and r.seconds), None)
    cells = [HEAD] + [row_cells(r, base) for r in rows]
    widths = [max(len(c[i]) for c in cells) for i in range(len(HEAD))]
    print(f"\n[{case}] {group}")
    for c in cells:
        print("  " + "  ".join(x.ljust(w) for x, w in zip(c, widths, strict=True)).rstrip())
    sys.stdout.flush()


def markdown(report: Report, meta: dict[str, Any]) -> str:
    lines = [f"# Benchmarks ({meta['date']})", "", f"- machine: {meta['machine']}",
             f"- python {meta['python']}; " + ", ".join(f"{k} {v}" for k, v in
                                                         meta["versions"].items()),
             f"- options: {meta['options']}", ""]  # fmt: skip
    for case in dict.fromkeys(r.case for r in report.rows):
        for group in dict.fromkeys(r.group for r in report.rows if r.case == case):
            rows = [r for r in report.rows if r.case == case and r.group == group]
            base = next((r.seconds for r in rows if r.solver.startswith("ours") and r.seconds),
                        None)  # fmt: skip
            lines += [f"## {case}: {group}", "", "| " + " | ".join(HEAD) + " |",
                      "|" + "---|" * len(HEAD)]  # fmt: skip
            lines += ["| " + " | ".join(row_cells(r, base)) + " |" for r in rows]
            lines.append("")
    lines += [
        "## Targets",
        "",
        "| case | measure | value | target | result |",
        "|---|---|---|---|---|",
    ]
    for t in report.targets:
        verdict = {True: "pass", False: "FAIL", None: "n/a"}[t.passed]
        lines.append(f"| {t.case} | {t.description} | {t.detail} | {t.threshold} | {verdict} |")
    return "\n".join(lines) + "\n"


CASES: dict[str, Callable[[Report, argparse.Namespace], None]] = {
    "vertex": case_vertex,
    "lemke-howson": case_lemke_howson,
    "pure": case_pure,
    "backward": case_backward,
    "mixed-sweep": case_mixed_sweep,
    "qre": case_qre,
    "flagship": case_flagship,
}


def _shown(path: Path) -> str:
    """A path relative to the working directory when it is below it (no machine paths)."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return path.name


def versions() -> dict[str, str]:
    out = {"alliancegame": ag.__version__, "numpy": np.__version__}
    for name in ("quantecon", "pygambit", "nashpy"):
        mod = optional(name)
        out[name] = getattr(mod, "__version__", "?") if mod is not None else "not installed"
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Time alliancegame's solvers against nashpy, QuantEcon and pygambit."
    )
    parser.add_argument("cases", nargs="*", metavar="case",
                        help=f"cases to run (default: all): {', '.join(CASES)}")  # fmt: skip
    parser.add_argument("--quick", action="store_true", help="tiny sizes: a smoke run")
    parser.add_argument("--all", action="store_true", help="also run the slow peers everywhere")
    parser.add_argument("--games", type=int, default=5, help="games per size (default 5)")
    parser.add_argument("--repeat", type=int, default=3, help="timed passes; the best is kept")
    parser.add_argument("--seed", type=int, default=20240611)
    parser.add_argument("--out", type=Path, default=RESULTS, help="where to write the results")
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args(argv)
    unknown = [c for c in args.cases if c not in CASES]
    if unknown:
        parser.error(f"unknown case(s) {', '.join(unknown)}; choose from {', '.join(CASES)}")
    if args.quick:
        args.repeat = 1
    cases = args.cases or list(CASES)
    report = Report()
    start = time.perf_counter()
    for name in cases:
        CASES[name](report, args)
    print("\nTargets" + (" (quick mode: the sizes are too small for the targets)" if args.quick
                          else ""))  # fmt: skip
    for t in report.targets:
        verdict = {True: "PASS", False: "FAIL", None: "n/a "}[t.passed]
        print(f"  [{verdict}] {t.case}: {t.description} = {t.detail} (target {t.threshold})")
    meta = {
        "date": datetime.datetime.now().isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {platform.system()}, {platform.processor() or '?'}",
        "python": platform.python_version(),
        "versions": versions(),
        "options": {k: (_shown(v) if isinstance(v, Path) else v) for k, v in vars(args).items()},
        "seconds": round(time.perf_counter() - start, 2),
    }
    if not args.no_write:
        args.out.mkdir(parents=True, exist_ok=True)
        stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
        doc = {"meta": meta, "rows": [asdict(r) for r in report.rows],
               "targets": [asdict(t) for t in report.targets]}  # fmt: skip
        for name in (f"{stamp}.json", "latest.json"):
            (args.out / name).write_text(json.dumps(doc, indent=1) + "\n", encoding="utf-8")
        for name in (f"{stamp}.md", "latest.md"):
            (args.out / name).write_text(markdown(report, meta), encoding="utf-8")
        where = _shown(args.out / f"{stamp}.json")
        print(f"\nwrote {where} and the .md beside it ({meta['seconds']} s in all)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
