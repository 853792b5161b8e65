"""The review's terminology (issue #15 point 8; ../shared/reviews/domain.md §1), one word
per concept in Vietnamese."""

import pytest
from django.utils import translation

from care.choices import CareModelKind
from indicators.rules import TargetStatus
from programmes.models import AreaLevel


@pytest.mark.parametrize(
    ("label", "vietnamese"),
    [
        # Levels, not unit kinds: a "Phường" is not a "Xã" (Luật Tổ chức chính quyền địa
        # phương 2015 speaks of "cấp tỉnh, cấp huyện, cấp xã").
        (AreaLevel.PROVINCE.label, "Cấp tỉnh"),
        (AreaLevel.DISTRICT.label, "Cấp huyện"),
        (AreaLevel.COMMUNE.label, "Cấp xã"),
        # Luật Trẻ em 2016, Điều 50(2)(a): "trị liệu tâm lý".
        (CareModelKind.PSYCHOTHERAPY.label, "Trị liệu tâm lý"),
        # Review reports write "đạt" / "chưa đạt" (DOMAIN.md §5).
        (TargetStatus.NOT_ACHIEVED.label, "chưa đạt"),
    ],
)
def test_the_vietnamese_terms_are_the_reviews(label, vietnamese):
    with translation.override("vi"):
        assert str(label) == vietnamese


def test_children_reached_are_supported_everywhere():
    """One word for the concept: "được hỗ trợ", never also "được tiếp cận"."""
    with translation.override("vi"):
        words = [
            translation.gettext(m)
            for m in ("children reached", "girls reached", "boys reached", "Children reached")
        ]
    assert all("được hỗ trợ" in w for w in words), words
