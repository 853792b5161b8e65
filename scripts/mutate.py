"""A small AST mutation tester for the pure rules (issue #15 point 9). Not part of `make test`.

Each mutant changes one thing in one module (a comparison, an arithmetic operator, a
boolean or number constant, a returned value), the shipped tests then run against it, and
the mutant is *killed* when they fail. The score is killed / tried.

    python scripts/mutate.py                              # the default modules and tests
    python scripts/mutate.py --sample 40 --seed 1         # a reproducible sample
    python scripts/mutate.py --module indicators/rules.py --tests tests/indicators -x
    python scripts/mutate.py --json run.json --report docs/mutation.md   # score per module
    python scripts/mutate.py --from-json a.json b.json --report docs/mutation.md

Mutants that change no behaviour (EQUIVALENT below, each with its reason) are left out
of the score: score = killed / (tried − equivalent), per module.

The module is rewritten in place for each run and always restored (also on Ctrl-C); run it
on a clean checkout, one at a time.
"""

import argparse
import ast
import copy
import datetime
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
        "tests/indicators/test_rules.py",
        "tests/indicators/test_targets_as_worded.py",
        "tests/indicators/test_selectors.py",
    ],
    "awards/services/money.py": ["tests/awards/test_money.py"],
    "awards/services/decisions.py": [
        "tests/awards/test_decision_rules.py",
        "tests/awards/test_services.py",
        "tests/awards/test_money.py",  # the base salary a decision may carry
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


# Surviving mutants that do not change behaviour, by (module, the line's source, the
# mutation), with the reason. A survivor not listed here is a gap in the tests.
EQUIVALENT: dict[tuple[str, str, str], str] = {
    (
        "awards/services/decisions.py",
        "decision.full_clean(validate_unique=False, validate_constraints=False)",
        "const False",
    ): (
        "either flag True re-checks in Python what award_decision_clean already refused "
        "(the number taken by the body that year, a positive base salary, the derived year "
        "and regime): more queries, the same outcome on every decision the service builds"
    ),
    ("indicators/rules.py", "return False", "return None"): (
        "_beats ends with `return False` for the comparators that cannot be exceeded (eq, "
        "between); its callers only test it for truth, and None is as false"
    ),
    ("indicators/rules.py", "if actual > target.value_max:", "compare Gt"): (
        "_line_for sees a range target only when the actual lies outside it (target_status "
        "and status_explanation take an actual inside the range first); value_max is inside"
    ),
}


@dataclass
class Mutant:
    module: str
    index: int
    line: int
    description: str
    outcome: str = ""  # killed | survived | timeout | broken
    source: str = ""  # the mutated line as written

    @property
    def equivalent(self) -> str:
        return EQUIVALENT.get((self.module, self.source, self.description), "")


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
        elif isinstance(node, ast.Return) and not (
            node.value is None
            or (isinstance(node.value, ast.Constant) and node.value.value is None)
        ):  # `return None` → `return None` would be no mutant at all
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
    lines = original.splitlines()
    sites = _sites(tree)
    chosen = list(range(len(sites)))
    if sample is not None and sample < len(sites):
        chosen = sorted(random.Random(seed).sample(chosen, sample))
    mutants = []
    try:
        for index in chosen:
            number, description = sites[index]
            mutated, line = _mutate(tree, number)
            mutant = Mutant(module, index, line, description, source=lines[line - 1].strip())
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
    parser.add_argument("--report", type=Path, help="write the scores here (markdown)")
    parser.add_argument(
        "--from-json", nargs="+", type=Path, help="report on earlier runs' --json, run nothing"
    )
    parser.add_argument(
        "--pytest-arg",
        action="append",
        default=[],
        help="passed to pytest, e.g. --pytest-arg=--reuse-db (a test database kept between runs)",
    )
    args = parser.parse_args()
    if args.from_json:
        every = [Mutant(**row) for path in args.from_json for row in json.loads(path.read_text())]
        for mutant in every:  # runs before `source` was recorded: read it (same checkout)
            if not mutant.source and mutant.line:
                text = (ROOT / mutant.module).read_text(encoding="utf-8").splitlines()
                mutant.source = text[mutant.line - 1].strip()
        print(summary(every))
        if args.report:
            args.report.write_text(report(every), encoding="utf-8")
        return
    modules = args.module or list(DEFAULT_MODULES)
    started = time.monotonic()
    every = []
    for module in modules:
        tests = args.tests or DEFAULT_MODULES.get(module) or ["tests"]
        every += run(module, tests, args.sample, args.seed, args.timeout, args.pytest_arg)
    print(summary(every))
    print(f"({time.monotonic() - started:.0f} s)")
    if args.json:
        args.json.write_text(json.dumps([asdict(m) for m in every], indent=1), encoding="utf-8")
    if args.report:
        args.report.write_text(report(every), encoding="utf-8")


def _scores(mutants: list[Mutant]) -> dict[str, dict[str, int]]:
    scores: dict[str, dict[str, int]] = {}
    for mutant in mutants:
        counts = scores.setdefault(
            mutant.module, {"tried": 0, "killed": 0, "equivalent": 0, "survived": 0}
        )
        if mutant.outcome == "broken":
            continue
        counts["tried"] += 1
        if mutant.outcome in ("killed", "timeout"):
            counts["killed"] += 1
        elif mutant.equivalent:
            counts["equivalent"] += 1
        else:
            counts["survived"] += 1
    return scores


def _score(counts: dict[str, int]) -> float:
    behaviour = counts["tried"] - counts["equivalent"]
    return 100 * counts["killed"] / behaviour if behaviour else 100.0


def summary(mutants: list[Mutant]) -> str:
    """The score per module, then every survivor (equivalent ones with their reason)."""
    out = []
    for module, counts in _scores(mutants).items():
        out.append(
            f"{module}: {counts['killed']}/{counts['tried'] - counts['equivalent']} "
            f"behaviour-changing mutants killed: {_score(counts):.1f}% "
            f"({counts['equivalent']} equivalent left out)"
        )
    for mutant in mutants:
        if mutant.outcome == "survived":
            why = f" [equivalent: {mutant.equivalent}]" if mutant.equivalent else ""
            out.append(f"  survived: {mutant.module}:{mutant.line} {mutant.description}{why}")
    return "\n".join(out)


def report(mutants: list[Mutant]) -> str:
    """docs/mutation.md: the date, the counts per module, the survivors and the reasons."""
    rows = [
        f"| `{module}` | {c['tried']} | {c['killed']} | {c['equivalent']} | {c['survived']} "
        f"| {_score(c):.1f}% |"
        for module, c in _scores(mutants).items()
    ]
    survivors = [
        f"| `{m.module}:{m.line}` | {m.description} | `{m.source}` | "
        f"{('equivalent: ' + m.equivalent) if m.equivalent else '**not killed**'} |"
        for m in mutants
        if m.outcome == "survived"
    ]
    return "\n".join(
        [
            "# Mutation score of the pure rules (issue #15 point 9)",
            "",
            f"Run on {datetime.date.today():%Y-%m-%d} by `scripts/mutate.py` (each module "
            "against the test modules listed in its DEFAULT_MODULES). Score = killed / "
            "(tried − equivalent).",
            "",
            "| module | tried | killed | equivalent | survived | score |",
            "|---|---|---|---|---|---|",
            *rows,
            "",
            "## Survivors",
            "",
            "| where | mutation | line | verdict |",
            "|---|---|---|---|",
            *(survivors or ["| – | – | – | none |"]),
            "",
        ]
    )


if __name__ == "__main__":
    main()
