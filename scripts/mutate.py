"""A small AST mutation tester for the pure rules (issue #15 point 9). Not part of `make test`.

Each mutant changes one thing in one module (a comparison, an arithmetic operator, a
boolean or number constant, a returned value), the shipped tests then run against it, and
the mutant is *killed* when they fail. The score is killed / tried.

    python scripts/mutate.py                              # the default modules and tests
    python scripts/mutate.py --sample 40 --seed 1         # a reproducible sample
    python scripts/mutate.py --module indicators/rules.py --tests tests/indicators -x

The module is rewritten in place for each run and always restored (also on Ctrl-C); run it
on a clean checkout, one at a time.
"""

import argparse
import ast
import copy
import json
import random
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Each module with the tests that pin its rules (the fast ones: a mutant runs them all).
DEFAULT_MODULES = {
    "indicators/rules.py": [
        "tests/indicators/test_targets_as_worded.py",
        "tests/indicators/test_selectors.py",
    ],
    "awards/services/money.py": ["tests/awards/test_money.py"],
    "awards/services/decisions.py": [
        "tests/awards/test_decision_rules.py",
        "tests/awards/test_services.py",
    ],
}
COMPARE_SWAPS = {
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
}
BINOP_SWAPS = {ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Div, ast.Div: ast.Mult}


@dataclass
class Mutant:
    module: str
    index: int
    line: int
    description: str
    outcome: str = ""  # killed | survived | timeout | broken


def _sites(tree: ast.AST) -> list[tuple[int, str]]:
    """Every place a mutation applies, as (node number in walk order, description)."""
    sites = []
    for number, node in enumerate(ast.walk(tree)):
        if isinstance(node, ast.Compare) and type(node.ops[0]) in COMPARE_SWAPS:
            sites.append((number, f"compare {type(node.ops[0]).__name__}"))
        elif isinstance(node, ast.BinOp) and type(node.op) in BINOP_SWAPS:
            sites.append((number, f"binop {type(node.op).__name__}"))
        elif isinstance(node, ast.Constant) and isinstance(node.value, bool):
            sites.append((number, f"const {node.value}"))
        elif isinstance(node, ast.Constant) and type(node.value) is int:
            sites.append((number, f"const {node.value}+1"))
        elif isinstance(node, ast.Return) and node.value is not None:
            sites.append((number, "return None"))
    return sites


def _mutate(tree: ast.AST, number: int) -> tuple[ast.AST, int]:
    """A copy of `tree` with the node `number` (in walk order) changed, and its line."""
    tree = copy.deepcopy(tree)
    node = next(n for i, n in enumerate(ast.walk(tree)) if i == number)
    if isinstance(node, ast.Compare):
        node.ops[0] = COMPARE_SWAPS[type(node.ops[0])]()
    elif isinstance(node, ast.BinOp):
        node.op = BINOP_SWAPS[type(node.op)]()
    elif isinstance(node, ast.Constant) and isinstance(node.value, bool):
        node.value = not node.value
    elif isinstance(node, ast.Constant):
        node.value += 1
    elif isinstance(node, ast.Return):
        node.value = ast.Constant(value=None)
    return ast.fix_missing_locations(tree), getattr(node, "lineno", 0)


def _run_tests(tests: list[str], timeout: int, extra: list[str]) -> str:
    command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *extra]
    command += tests
    try:
        result = subprocess.run(command, cwd=ROOT, capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return "timeout"
    return "survived" if result.returncode == 0 else "killed"


def run(
    module: str, tests: list[str], sample: int | None, seed: int, timeout: int, extra: list[str]
) -> list:
    path = ROOT / module
    original = path.read_text(encoding="utf-8")
    tree = ast.parse(original)
    sites = _sites(tree)
    chosen = list(range(len(sites)))
    if sample is not None and sample < len(sites):
        chosen = sorted(random.Random(seed).sample(chosen, sample))
    mutants = []
    try:
        for index in chosen:
            number, description = sites[index]
            mutated, line = _mutate(tree, number)
            mutant = Mutant(module, index, line, description)
            try:
                source = ast.unparse(mutated)
                compile(source, module, "exec")
            except (SyntaxError, ValueError):
                mutant.outcome = "broken"
            else:
                path.write_text(source, encoding="utf-8")
                mutant.outcome = _run_tests(tests, timeout, extra)
                path.write_text(original, encoding="utf-8")
            mutants.append(mutant)
            print(f"{module}:{line} {description}: {mutant.outcome}", flush=True)
    finally:
        path.write_text(original, encoding="utf-8")
    return mutants


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--module", action="append", help="a module to mutate (repeatable)")
    parser.add_argument("--tests", nargs="*", help="the tests to run (default: the module's)")
    parser.add_argument("--sample", type=int, help="mutants per module, chosen at random")
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--timeout", type=int, default=600, help="seconds per test run")
    parser.add_argument("--json", type=Path, help="write every mutant's outcome here")
    parser.add_argument(
        "--pytest-arg",
        action="append",
        default=[],
        help="passed to pytest, e.g. --pytest-arg=--reuse-db (a test database kept between runs)",
    )
    args = parser.parse_args()
    modules = args.module or list(DEFAULT_MODULES)
    started = time.monotonic()
    every = []
    for module in modules:
        tests = args.tests or DEFAULT_MODULES.get(module) or ["tests"]
        every += run(module, tests, args.sample, args.seed, args.timeout, args.pytest_arg)
    tried = [m for m in every if m.outcome != "broken"]
    killed = [m for m in tried if m.outcome in ("killed", "timeout")]
    score = 100 * len(killed) / len(tried) if tried else 0.0
    print(f"\n{len(killed)}/{len(tried)} mutants killed: {score:.1f}%")
    for mutant in tried:
        if mutant.outcome == "survived":
            print(f"  survived: {mutant.module}:{mutant.line} {mutant.description}")
    print(f"({time.monotonic() - started:.0f} s)")
    if args.json:
        args.json.write_text(json.dumps([asdict(m) for m in every], indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
