"""What the figures' workflow asks of the collection app (the setting `FIGURE_QUALITY_HOOK`).

`indicators` may not import `collection`, so its workflow calls `workflow_warnings` by
the setting's name, as care calls the feed: the validation rules broken and the outliers
among the figures being submitted or approved (DESIGN.md §4 rule 10).
"""

from collections.abc import Iterable

from collection.quality import violations_for
from collection.serializers import OutlierSerializer, ViolationSerializer
from indicators.models import Measurement
from indicators.services.quality import QualityWarnings


def workflow_warnings(*, measurements: Iterable[Measurement]) -> QualityWarnings:
    """`violations_for` as the workflow shows it: JSON-ready dicts in the shapes of
    `data-quality/`, with their messages."""
    findings = violations_for(measurements)
    return QualityWarnings(
        violations=[dict(v) for v in ViolationSerializer(findings.violations, many=True).data],
        outliers=[dict(o) for o in OutlierSerializer(findings.outliers, many=True).data],
    )
