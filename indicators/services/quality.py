"""Rule 10 in the workflow (DESIGN.md §4): what the data-quality checks say about the
figures someone submits or approves.

The checks (validation rules as data, outliers) live in `collection`, above this app;
`indicators` may not import it, so the setting `FIGURE_QUALITY_HOOK` names the call,
as `CARE_REPORTS_CHANGED_HOOK` does for care. It gets the figures and answers with
`QualityWarnings`: plain data any door can show (the API as JSON, the admin as
messages). Nothing here blocks entry or submission; approving figures that break a rule
needs a comment, which the workflow keeps in their history.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from indicators.models import Measurement

APPROVAL_NEEDS_COMMENT = _(
    "These figures break %(count)s validation rule(s): %(rules)s. Say why you approve them "
    "anyway; the comment is kept in their history."
)


@dataclass(frozen=True)
class QualityWarnings:
    """Rules broken and outlying values among some figures, as JSON-ready dicts.

    A violation: {"rule", "rule_name", "importance", "area", "period", "left", "right",
    "message"}; an outlier: {"measurement", "indicator_code", "area", "period", "sex",
    "value", "low", "high", "method", "message"} (the shapes of `data-quality/`).
    """

    violations: list[dict] = field(default_factory=list)
    outliers: list[dict] = field(default_factory=list)

    @property
    def needs_comment(self) -> bool:
        """Approving figures that break a rule needs a comment (rule 10); outliers do not."""
        return bool(self.violations)

    @property
    def messages(self) -> list[str]:
        """Every warning's sentence, rules broken first."""
        return [item["message"] for item in (*self.violations, *self.outliers)]

    def approval_refusal(self, comment: str) -> str | None:
        """The message refusing an approval without a comment, or None when it may go on."""
        if not self.needs_comment or (comment or "").strip():
            return None
        names = list(dict.fromkeys(v["rule_name"] for v in self.violations))
        return str(APPROVAL_NEEDS_COMMENT % {"count": len(names), "rules": "; ".join(names)})


def quality_warnings(measurements: Sequence[Measurement]) -> QualityWarnings:
    """What `FIGURE_QUALITY_HOOK` says about `measurements` (nothing without a hook)."""
    hook = getattr(settings, "FIGURE_QUALITY_HOOK", "")
    if not hook or not measurements:
        return QualityWarnings()
    return import_string(hook)(measurements=list(measurements))
