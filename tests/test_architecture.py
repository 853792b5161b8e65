"""The import contract of DESIGN §2: the project's packages depend on each other one way.

Every Python module of the project is parsed (migrations and tests included) and every
import in it is read, at module level and inside functions alike, together with
`importlib.import_module("...")` of a literal name. Each import of another of our
packages is an arrow; an arrow the table below does not allow fails the test, with the
file and line that draws it.
"""

import ast
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import pytest

ROOT = Path(__file__).resolve().parent.parent
SKIPPED_DIRECTORIES = {".venv", ".git", "node_modules", "static", "templates", "locale"}

# Which of our packages each package may import (besides itself), every arrow written
# out. DESIGN §2 draws core <- programmes <- indicators <- (dashboards, reports) and
# awards -> programmes; the apps it does not draw sit as follows:
# - care (care models, split from programmes) sits on the frame, under indicators, which
#   sums its reports into fed indicators; care itself calls indicators only through the
#   CARE_REPORTS_CHANGED_HOOK setting, never by import;
# - collection (entry forms, validation rules, completeness) sits on indicators; the
#   figures' workflow reaches its quality checks only through FIGURE_QUALITY_HOOK;
# - dashboards, the pages, sit on top of everything, collection and reports included;
# - jobs (background jobs) runs the reports' documents and the figures' bulk service.
ALLOWED: dict[str, set[str]] = {
    "core": set(),
    "programmes": {"core"},
    "care": {"core", "programmes"},
    "indicators": {"core", "programmes", "care"},
    "awards": {"core", "programmes"},
    "collection": {"core", "programmes", "care", "indicators"},
    "reports": {"core", "programmes", "care", "indicators", "awards"},
    "jobs": {"core", "programmes", "indicators", "reports"},
    "dashboards": {
        "core",
        "programmes",
        "care",
        "indicators",
        "awards",
        "collection",
        "reports",
    },
}
# Wiring, tooling and tests: they may import anything of ours.
UNRESTRICTED = {"config", "demo", "bench", "scripts", "tests", "manage"}
PACKAGES = ALLOWED.keys() | UNRESTRICTED


class Arrow(NamedTuple):
    importer: str
    imported: str
    path: str
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.importer} imports {self.imported}"


def package_of(path: Path) -> str:
    """The top-level package a file belongs to ("manage" for manage.py)."""
    relative = path.relative_to(ROOT)
    return relative.parts[0] if len(relative.parts) > 1 else relative.stem


def project_modules() -> Iterator[Path]:
    for path in sorted(ROOT.rglob("*.py")):
        if not SKIPPED_DIRECTORIES.intersection(path.relative_to(ROOT).parts):
            yield path


def imported_names(tree: ast.AST) -> Iterator[tuple[str, int]]:
    """Each absolute module name imported anywhere in `tree`, with its line."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            # A relative import stays inside its own package: no arrow between ours.
            if node.level == 0 and node.module:
                yield node.module, node.lineno
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute | ast.Name)
            and getattr(node.func, "attr", getattr(node.func, "id", None)) == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            yield node.args[0].value, node.lineno


def arrows(source: str, package: str, path: str) -> list[Arrow]:
    """The arrows from `package` to another of our packages that `source` draws."""
    found = []
    for name, line in imported_names(ast.parse(source, filename=path)):
        imported = name.split(".")[0]
        if imported in PACKAGES and imported != package:
            found.append(Arrow(package, imported, path, line))
    return found


def back_arrows(found: list[Arrow]) -> list[Arrow]:
    """The arrows the contract does not allow; a package it does not know is refused too."""
    refused = []
    for arrow in found:
        if arrow.importer in UNRESTRICTED:
            continue
        if arrow.imported not in ALLOWED.get(arrow.importer, set()):
            refused.append(arrow)
    return refused


def project_arrows() -> list[Arrow]:
    found = []
    for path in project_modules():
        found += arrows(
            path.read_text(encoding="utf-8"), package_of(path), str(path.relative_to(ROOT))
        )
    return found


def test_every_package_of_the_project_is_in_the_contract():
    unknown = {package_of(path) for path in project_modules()} - PACKAGES
    assert unknown == set(), f"add these packages and their allowed arrows to ALLOWED: {unknown}"


def test_the_project_imports_run_one_way():
    found = project_arrows()
    # The scan reads the tree: arrows every layout of the project draws are among them.
    drawn = {(arrow.importer, arrow.imported) for arrow in found}
    assert {("programmes", "core"), ("indicators", "programmes"), ("awards", "programmes")} <= drawn
    assert [str(arrow) for arrow in back_arrows(found)] == []


@pytest.mark.parametrize(
    ("source", "line"),
    [
        ("from indicators.services import FigureRefused\n", 1),
        ("import indicators.models\n", 1),
        ('"""Doc."""\n\n\ndef handler():\n    from indicators import services\n', 5),
        ('import importlib\n\nx = importlib.import_module("indicators.formatting")\n', 3),
    ],
    ids=["from-import", "import", "function-level", "import_module"],
)
def test_a_back_arrow_is_reported_with_its_file_and_line(source, line):
    found = back_arrows(arrows(source, "core", "core/synthetic.py"))
    assert found == [Arrow("core", "indicators", "core/synthetic.py", line)]


@pytest.mark.parametrize(
    ("package", "source"),
    [
        ("programmes", "from indicators.feeds import on_care_model_reports_changed\n"),
        ("programmes", "from awards.models import Commendation\n"),
        ("programmes", "from care.models import CareModel\n"),
        ("care", "from indicators.feeds import on_reports_changed\n"),
        ("awards", "from indicators.models import Measurement\n"),
        ("awards", "from care.models import CareModel\n"),
        ("indicators", "from dashboards.selectors import phase_cards\n"),
        ("indicators", "from collection.workflow import workflow_warnings\n"),
        ("indicators", "from awards.models import Commendation\n"),
        ("indicators", "from jobs.models import Job\n"),
        ("indicators", "from reports.models import ReviewReport\n"),
        ("collection", "from reports.models import ReviewReport\n"),
        ("collection", "from dashboards.selectors import phase_cards\n"),
        ("collection", "from jobs.services import job_start\n"),
        ("reports", "from collection.quality import data_quality\n"),
        ("reports", "from dashboards.selectors import phase_cards\n"),
        ("reports", "from jobs.models import Job\n"),
        ("jobs", "from dashboards.selectors import phase_cards\n"),
        ("jobs", "from collection.models import ValidationRule\n"),
        ("dashboards", "from jobs.models import Job\n"),
        ("dashboards", "from demo.helpers import vietnamese_number\n"),
        ("programmes", "from config.settings import DEBUG\n"),
        ("reporting", "from core.api import ModelSerializer\n"),
    ],
)
def test_every_arrow_against_the_design_is_refused(package, source):
    path = f"{package}/migrations/0099_synthetic.py"
    found = arrows(source, package, path)
    assert back_arrows(found) == found != []


def test_arrows_the_design_allows_pass():
    sources = {
        "programmes": "from core.periods import period_year\n",
        "indicators": "from programmes.models import Area\nfrom care.models import CareModel\n",
        "dashboards": "from indicators.selectors import Actuals\nfrom awards.models import Award\n",
        "config": "from indicators import urls\nfrom core.authtoken import TokenObtainView\n",
        "tests": "from demo.helpers import vietnamese_number\n",
    }
    found = [arrow for package, source in sources.items() for arrow in arrows(source, package, "x")]
    assert len(found) == 8
    assert back_arrows(found) == []


@pytest.mark.parametrize("imported", sorted(PACKAGES - {"core"}))
def test_core_imports_no_app(imported):
    found = arrows(f"import {imported}\n", "core", "core/synthetic.py")
    assert back_arrows(found) == found != []


def test_the_allowed_arrows_point_one_way():
    """No cycle: each package can be placed above every package it may import."""
    placed: list[str] = []
    waiting = dict(ALLOWED)
    while waiting:
        ready = [name for name, needs in waiting.items() if needs <= set(placed)]
        assert ready, f"these packages may import each other in a cycle: {sorted(waiting)}"
        for name in sorted(ready):
            placed.append(name)
            del waiting[name]
    assert placed[0] == "core"
