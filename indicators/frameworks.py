"""National frameworks as data: objectives, targets, milestone years and legal wording.

A province plans its phase under a national framework (the gender-equality strategy
2021–2030, Nghị quyết 28/NQ-CP: 6 objectives, 20 targets, milestones 2025 and 2030).
Each framework is a JSON file the project owns in `data/frameworks/` (its name is the
framework's code), read once and kept; `framework_target_adopt` turns one of its
targets into a phase's targets. Each target says whether its wording was checked
against the official text (`verified`) and whether only part of it could be read
(`partial`): the strategy's file was built from secondary sources, and an unverified
wording must be checked before it is quoted in an official document.
"""

import json
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

from indicators.models import Comparator, Unit

DATA_DIR = Path(__file__).resolve().parent / "data" / "frameworks"

# The frameworks' units in ours.
UNITS = {
    "percent": Unit.PERCENT,
    "ratio_female_to_male": Unit.TIMES,
    "boys_per_100_girls": Unit.PER_100,
    "per_1000_women": Unit.PER_1000,
    "per_100000_live_births": Unit.PER_100000,
    "count": Unit.COUNT,
    "milestone": Unit.MILESTONE,
}


@dataclass(frozen=True)
class FrameworkTarget:
    code: str  # as the framework numbers it: "2.3"
    objective: int
    wording: str  # the legal wording, Vietnamese
    wording_en: str
    unit: str  # one of ours
    comparators: dict[int, str]  # milestone year -> comparator
    values: dict[int, Decimal]  # milestone year -> value
    verified: bool
    partial: bool
    notes: str

    @property
    def years(self) -> list[int]:
        return sorted(self.values)


@dataclass(frozen=True)
class FrameworkObjective:
    number: int
    name: str
    name_en: str


@dataclass(frozen=True)
class Framework:
    code: str
    name: str
    name_en: str
    legal_basis: str
    start_year: int
    end_year: int
    milestones: tuple[int, ...]
    status: str  # how complete and how checked the file is, in its own words
    objectives: tuple[FrameworkObjective, ...]
    targets: tuple[FrameworkTarget, ...]

    def target(self, code: str) -> FrameworkTarget | None:
        return next((t for t in self.targets if t.code == code), None)


def framework_codes() -> list[str]:
    """The codes of the frameworks the project ships."""
    return sorted(path.stem for path in DATA_DIR.glob("*.json"))


@cache
def framework(code: str) -> Framework | None:
    """The framework `code` as its file describes it, or None when there is no such file."""
    if code not in framework_codes():
        return None
    with (DATA_DIR / f"{code}.json").open(encoding="utf-8") as file:
        data = json.load(file)
    head = data["framework"]
    objectives, targets = [], []
    for objective in data["objectives"]:
        objectives.append(
            FrameworkObjective(objective["number"], objective["name_vi"], objective["name_en"])
        )
        targets += [_target(objective["number"], item) for item in objective["targets"]]
    return Framework(
        code=head["code"],
        name=head["name_vi"],
        name_en=head["name_en"],
        legal_basis=head["legal_basis"],
        start_year=head["start_year"],
        end_year=head["end_year"],
        milestones=tuple(head["milestones"]),
        status=data.get("status", ""),
        objectives=tuple(objectives),
        targets=tuple(targets),
    )


def _target(objective: int, item: dict) -> FrameworkTarget:
    by_year = item.get("comparator_by_year", {})
    comparator = item["comparator"]
    # "ở mức 111 bé trai/100 bé gái" is monitored as a ceiling (the file says so).
    if comparator == Comparator.EQ and item.get("monitoring_direction") == "lower_is_better":
        comparator = Comparator.LTE
    values = {int(year): _number(value) for year, value in item["values"].items()}
    return FrameworkTarget(
        code=item["code"],
        objective=objective,
        wording=item["text_vi"],
        wording_en=item["text_en"],
        unit=UNITS[item["unit"]],
        comparators={year: by_year.get(str(year), comparator) for year in values},
        values=values,
        verified=bool(item.get("verified_against_official_text")),
        partial=bool(item.get("partial")),
        notes=item.get("notes", ""),
    )


def _number(value) -> Decimal:
    if isinstance(value, bool):  # a milestone: reached
        return Decimal(int(value))
    return Decimal(str(value))
