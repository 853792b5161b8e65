"""The demo's commendations for the 2016–2020 reviews: two decisions and their recipients.

The provincial chairman's Bằng khen 163/QĐ-UBND (2021) goes to 13 collectives and 12
individuals for child protection and gender equality work in 2016–2020; the director of
the department's Giấy khen 45/QĐ-SLĐTBXH (2021) to 3 collectives and 5 individuals for
gender equality work. Units and people are invented, in the demo's invented districts
and communes. Both were signed in 2021, when the base salary was 1,490,000 VND (Decree
38/2019/NĐ-CP), which `base_salary_on` supplies; the bonuses are rounded up to the next
10,000 VND (Decree 91/2017/NĐ-CP), so a Giấy khen pays 450,000 and 900,000 VND.

Every write goes through `awards.services`, keyed on the decision's issuing body, year
and number and on each recipient's kind and name, so loading twice leaves the same rows.
"""

import datetime
from dataclasses import dataclass

from awards.models import (
    AwardDecision,
    AwardForm,
    IssuerLevel,
    Occasion,
    RecipientKind,
    issuer_key,
    normalise_number,
)
from awards.services import (
    RecipientInput,
    award_decision_create,
    award_decision_update,
    base_salary_on,
    commendation_update,
    commendations_create_many,
)
from demo.areas import ILLUSTRATIVE
from programmes.models import Area, Phase

COLLECTIVE, INDIVIDUAL = RecipientKind.COLLECTIVE, RecipientKind.INDIVIDUAL
SO = "Sở Lao động – Thương binh và Xã hội"
PHONG = "Phòng Lao động – Thương binh và Xã hội"  # the district's office
CHILDREN_AND_GENDER = "Phòng Bảo vệ, chăm sóc trẻ em và Bình đẳng giới"


@dataclass(frozen=True)
class DemoDecision:
    number: str
    signed_on: datetime.date
    issuer_level: str
    issuer_name: str
    signer_name: str
    signer_capacity: str
    form_code: str
    reason: str
    # (kind, name, sex, position, organisation, area code)
    recipients: tuple[tuple[str, str, str, str, str, str], ...]


BANG_KHEN = DemoDecision(
    number="163/QĐ-UBND",
    signed_on=datetime.date(2021, 3, 15),
    issuer_level=IssuerLevel.PROVINCE_CHAIRMAN,
    issuer_name=f"Ủy ban nhân dân tỉnh Minh Hòa {ILLUSTRATIVE}",
    signer_name="Lê Quang Vinh",
    signer_capacity="KT. CHỦ TỊCH / PHÓ CHỦ TỊCH",
    form_code="bang_khen_chu_tich_ubnd_tinh",
    reason=(
        "Đã có thành tích xuất sắc trong công tác bảo vệ, chăm sóc trẻ em và bình đẳng giới, "
        "vì sự tiến bộ của phụ nữ giai đoạn 2016–2020 (dữ liệu minh họa)."
    ),
    recipients=(
        (COLLECTIVE, f"{PHONG} thành phố Minh Hòa", "", "", "", "MH-01"),
        (COLLECTIVE, f"{PHONG} huyện Sơn Mây", "", "", "", "MH-02"),
        (COLLECTIVE, f"{PHONG} huyện Đồng Cói", "", "", "", "MH-03"),
        (COLLECTIVE, "Ủy ban nhân dân phường Hoa Sữa", "", "", "", "MH-01-01"),
        (COLLECTIVE, "Ủy ban nhân dân xã Bến Lúa", "", "", "", "MH-01-03"),
        (COLLECTIVE, "Ủy ban nhân dân thị trấn Sơn Mây", "", "", "", "MH-02-01"),
        (COLLECTIVE, "Ủy ban nhân dân xã Suối Ngọc Lam", "", "", "", "MH-02-03"),
        (COLLECTIVE, "Ủy ban nhân dân xã Bãi Lau Hồng", "", "", "", "MH-03-02"),
        (COLLECTIVE, "Ủy ban nhân dân xã Khe Nắng Sớm", "", "", "", "MH-04-02"),
        (COLLECTIVE, "Hội Liên hiệp Phụ nữ huyện Ngàn Thông", "", "", "", "MH-04"),
        (COLLECTIVE, "Trung tâm Công tác xã hội tỉnh Minh Hòa", "", "", "", "MH"),
        (COLLECTIVE, f"{CHILDREN_AND_GENDER}, {SO}", "", "", "", "MH"),
        (COLLECTIVE, "Trường Trung học cơ sở Cồn Cát Trắng", "", "", "", "MH-03-03"),
        (
            INDIVIDUAL,
            "Nguyễn Thị Thu Hà",
            "female",
            "Trưởng phòng",
            f"{CHILDREN_AND_GENDER}, {SO}",
            "MH",
        ),
        (
            INDIVIDUAL,
            "Trần Văn Minh",
            "male",
            "Phó Chủ tịch Ủy ban nhân dân xã",
            "Ủy ban nhân dân xã Đồi Chè Xanh",
            "MH-02-02",
        ),
        (
            INDIVIDUAL,
            "Lê Thị Hồng Nhung",
            "female",
            "Công chức Văn hóa – Xã hội",
            "Ủy ban nhân dân phường Cầu Mây",
            "MH-01-02",
        ),
        (
            INDIVIDUAL,
            "Phạm Thị Lan",
            "female",
            "Chủ tịch Hội Liên hiệp Phụ nữ xã",
            "Hội Liên hiệp Phụ nữ xã Lạch Mây Vàng",
            "MH-03-04",
        ),
        (
            INDIVIDUAL,
            "Hoàng Văn Đức",
            "male",
            "Trưởng phòng",
            f"{PHONG} huyện Ngàn Thông",
            "MH-04",
        ),
        (
            INDIVIDUAL,
            "Vũ Thị Mai Anh",
            "female",
            "Cộng tác viên bảo vệ trẻ em",
            "Thôn Đồng Xuân, xã Ngàn Thông",
            "MH-04-01",
        ),
        (
            INDIVIDUAL,
            "Đặng Thị Thanh Tâm",
            "female",
            "Giám đốc",
            "Trung tâm Công tác xã hội tỉnh Minh Hòa",
            "MH",
        ),
        (
            INDIVIDUAL,
            "Bùi Quang Huy",
            "male",
            "Chuyên viên",
            f"{PHONG} thành phố Minh Hòa",
            "MH-01",
        ),
        (
            INDIVIDUAL,
            "Đỗ Thị Ngọc Ánh",
            "female",
            "Giáo viên",
            "Trường Tiểu học Bến Lúa",
            "MH-01-03",
        ),
        (
            INDIVIDUAL,
            "Ngô Thị Phương",
            "female",
            "Công chức Lao động – Thương binh và Xã hội",
            "Ủy ban nhân dân thị trấn Đồng Cói",
            "MH-03-01",
        ),
        (
            INDIVIDUAL,
            "Dương Văn Thắng",
            "male",
            "Trưởng Công an xã",
            "Ủy ban nhân dân xã Suối Ngọc Lam",
            "MH-02-03",
        ),
        (
            INDIVIDUAL,
            "Lý Thị Hạnh",
            "female",
            "Trưởng ban Công tác Mặt trận khu dân cư số 3",
            "Phường Hoa Sữa",
            "MH-01-01",
        ),
    ),
)

GIAY_KHEN = DemoDecision(
    number="45/QĐ-SLĐTBXH",
    signed_on=datetime.date(2021, 1, 25),
    issuer_level=IssuerLevel.DEPARTMENT_DIRECTOR,
    issuer_name=f"{SO} tỉnh Minh Hòa {ILLUSTRATIVE}",
    signer_name="Phạm Thị Thanh Huyền",
    signer_capacity="GIÁM ĐỐC",
    form_code="giay_khen_giam_doc_so",
    reason=(
        "Đã có thành tích trong thực hiện Chương trình bình đẳng giới giai đoạn 2016–2020 "
        "(dữ liệu minh họa)."
    ),
    recipients=(
        (COLLECTIVE, f"{PHONG} huyện Ngàn Thông", "", "", "", "MH-04"),
        (COLLECTIVE, "Ủy ban nhân dân xã Cồn Cát Trắng", "", "", "", "MH-03-03"),
        (COLLECTIVE, "Hội Liên hiệp Phụ nữ thành phố Minh Hòa", "", "", "", "MH-01"),
        (
            INDIVIDUAL,
            "Trịnh Thị Kim Oanh",
            "female",
            "Chuyên viên",
            f"{CHILDREN_AND_GENDER}, {SO}",
            "MH",
        ),
        (
            INDIVIDUAL,
            "Mai Văn Tuấn",
            "male",
            "Công chức Lao động – Thương binh và Xã hội",
            "Ủy ban nhân dân xã Khe Nắng Sớm",
            "MH-04-02",
        ),
        (
            INDIVIDUAL,
            "Cao Thị Diệu Linh",
            "female",
            "Phó Chủ tịch Hội Liên hiệp Phụ nữ huyện",
            "Hội Liên hiệp Phụ nữ huyện Đồng Cói",
            "MH-03",
        ),
        (
            INDIVIDUAL,
            "Phan Thị Bích Ngọc",
            "female",
            "Công chức Văn hóa – Xã hội",
            "Ủy ban nhân dân xã Đồi Chè Xanh",
            "MH-02-02",
        ),
        (
            INDIVIDUAL,
            "Lương Văn Khánh",
            "male",
            "Trưởng thôn Bãi Giữa",
            "Xã Bãi Lau Hồng",
            "MH-03-02",
        ),
    ),
)


def build_awards(*, child_protection_phase: Phase, gender_phase: Phase) -> list[AwardDecision]:
    """Create or update the two decisions and their recipients."""
    return [
        _upsert_decision(BANG_KHEN, child_protection_phase),
        _upsert_decision(GIAY_KHEN, gender_phase),
    ]


def _upsert_decision(data: DemoDecision, phase: Phase) -> AwardDecision:
    fields = {
        "number": data.number,
        "signed_on": data.signed_on,
        "issuer_level": data.issuer_level,
        "issuer_name": data.issuer_name,
        "signer_name": data.signer_name,
        "signer_capacity": data.signer_capacity,
        "form": AwardForm.objects.get(code=data.form_code),
        "reason": data.reason,
        "occasion": Occasion.PHASE_REVIEW,
        "programme": phase.programme,
        "phase": phase,
        "base_salary": base_salary_on(data.signed_on),
    }
    decision = AwardDecision.objects.filter(
        issuer_key=issuer_key(data.issuer_name),
        year=data.signed_on.year,
        number=normalise_number(data.number),
    ).first()
    if decision is None:
        decision = award_decision_create(**fields)
    else:
        decision = award_decision_update(decision=decision, **fields)
    _sync_recipients(decision, data)
    return decision


def _sync_recipients(decision: AwardDecision, data: DemoDecision) -> None:
    codes = {row[5] for row in data.recipients}
    areas = Area.objects.in_bulk(codes, field_name="code")
    wanted = {
        (kind, name): RecipientInput(
            recipient_kind=kind,
            name=name,
            sex=sex,
            position=position,
            organisation=organisation,
            area=areas[code],
        )
        for kind, name, sex, position, organisation, code in data.recipients
    }
    existing = {(c.recipient_kind, c.name): c for c in decision.commendations.all()}
    for key, commendation in existing.items():
        if key not in wanted:
            commendation.delete()
        else:
            commendation_update(commendation=commendation, recipient=wanted[key])
    missing = [recipient for key, recipient in wanted.items() if key not in existing]
    if missing:
        commendations_create_many(decision=decision, rows=missing)
