"""The area filter across a reorganisation (DESIGN §4 rule 8): for a year, the units valid
on its last day, the merged province's predecessors' trees before the merger, and
"includes: …" beside a unit that took over others."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation

from dashboards.forms import AreaYearFilter
from programmes.models import AreaSuccession
from programmes.roles import DATA_ENTRY
from tests.factories import AreaFactory, PhaseFactory, ProgrammeFactory, UserFactory

pytestmark = pytest.mark.django_db

CLOSED = datetime.date(2025, 6, 30)
OPENED = datetime.date(2025, 7, 1)


@pytest.fixture
def merged():
    """Fictional provinces Đông and Tây (one district, one commune each) merged on
    2025-07-01 into Đông Tây, whose commune Hòa took over both old communes."""
    units = {}

    def unit(code, name, level, parent=None, old=True):
        span = {"valid_to": CLOSED} if old else {"valid_from": OPENED}
        units[code] = AreaFactory(
            code=code, name=name, level=level, parent=units.get(parent), **span
        )

    unit("DG", "Tỉnh Đông", "province")
    unit("DG-H", "Huyện Đông Một", "district", "DG")
    unit("DG-X", "Xã Đông Một", "commune", "DG-H")
    unit("TY", "Tỉnh Tây", "province")
    unit("TY-H", "Huyện Tây Một", "district", "TY")
    unit("TY-X", "Xã Tây Một", "commune", "TY-H")
    unit("DT", "Tỉnh Đông Tây", "province", old=False)
    unit("DT-HOA", "Xã Hòa", "commune", "DT", old=False)
    unit("DT-AN", "Xã An", "commune", "DT", old=False)
    for old, new in [("DG", "DT"), ("TY", "DT"), ("DG-X", "DT-HOA"), ("TY-X", "DT-HOA")]:
        AreaSuccession.objects.create(predecessor=units[old], successor=units[new], date=OPENED)
    phase = PhaseFactory(
        programme=ProgrammeFactory(area=units["DT"]), start_year=2021, end_year=2025
    )
    return phase, units


def choices(phase, user, year) -> list[tuple[str, str]]:
    form = AreaYearFilter({"year": str(year)}, phase=phase, user=user)
    return [(str(value), label) for value, label in form.fields["area"].choices]


def in_path_order(units, labels: dict[str, str]) -> list[tuple[str, str]]:
    ordered = sorted(labels, key=lambda code: units[code].path)
    return [(code, labels[code]) for code in ordered]


def test_2024_offers_the_predecessors_trees_and_the_merged_province(
    merged, django_assert_max_num_queries
):
    phase, units = merged
    admin = UserFactory(username="root", is_superuser=True)

    with django_assert_max_num_queries(3):  # the units taken over, the choices, their names
        offered = choices(phase, admin, 2024)

    assert offered == in_path_order(
        units,
        {
            "DT": "Tỉnh Đông Tây (includes: Tỉnh Đông, Tỉnh Tây)",
            "DG": "Tỉnh Đông",
            "DG-H": "— Huyện Đông Một",
            "DG-X": "— — Xã Đông Một",
            "TY": "Tỉnh Tây",
            "TY-H": "— Huyện Tây Một",
            "TY-X": "— — Xã Tây Một",
        },
    )


def test_2025_offers_the_units_valid_on_its_last_day(merged):
    phase, units = merged
    admin = UserFactory(username="root", is_superuser=True)

    assert choices(phase, admin, 2025) == in_path_order(
        units,
        {
            "DT": "Tỉnh Đông Tây (includes: Tỉnh Đông, Tỉnh Tây)",
            "DT-HOA": "— — Xã Hòa (includes: Xã Đông Một, Xã Tây Một)",
            "DT-AN": "— — Xã An",
        },
    )


def test_an_officer_of_the_new_commune_is_offered_it_and_its_predecessors(merged):
    phase, units = merged
    officer = UserFactory(username="entry-hoa")
    officer.groups.add(Group.objects.get(name=DATA_ENTRY))
    officer.area_assignments.create(area=units["DT-HOA"])

    assert choices(phase, officer, 2024) == in_path_order(
        units,
        {
            "DG-X": "— — Xã Đông Một",
            "TY-X": "— — Xã Tây Một",
            "DT-HOA": "— — Xã Hòa (includes: Xã Đông Một, Xã Tây Một)",
        },
    )
    assert choices(phase, officer, 2025) == [
        ("DT-HOA", "— — Xã Hòa (includes: Xã Đông Một, Xã Tây Một)")
    ]


def test_the_phase_page_says_gom_in_vietnamese(merged, admin_client):
    phase, _units = merged
    with translation.override("vi"):
        url = reverse("dashboards:phase", args=[phase.pk])

    response = admin_client.get(url, {"year": "2024"}, HTTP_ACCEPT_LANGUAGE="vi")

    html = response.content.decode()
    assert "Tỉnh Đông Tây (gồm: Tỉnh Đông, Tỉnh Tây)" in html
    assert "Xã Đông Một" in html


def test_the_quick_select_writes_what_djangos_select_writes(merged):
    """The filter's selects (`QuickSelect`, written in one pass) give the HTML of
    Django's own template-rendered `Select`: each option, its label with "includes: …",
    the chosen one selected, every text escaped."""
    from django import forms
    from django.test.html import parse_html

    from dashboards.forms import QuickSelect

    phase, units = merged
    units["DT-AN"].name = 'Xã "An" & <Bình>'
    units["DT-AN"].save()
    admin = UserFactory(username="root", is_superuser=True)
    form = AreaYearFilter({"year": "2025", "area": "DT-HOA"}, phase=phase, user=admin)
    assert form.is_valid()
    written = {}
    for name in ("area", "year"):
        quick = form[name]
        assert isinstance(quick.field.widget, QuickSelect)
        written[name] = html = str(quick)
        assert html.count("<option") == {"area": 3, "year": 5}[name]
        quick.field.widget = forms.Select(choices=quick.field.widget.choices)
        assert parse_html(html) == parse_html(str(form[name]))
    assert '<option value="DT-HOA" selected>— — Xã Hòa (includes:' in written["area"]
    assert "Xã &quot;An&quot; &amp; &lt;Bình&gt;</option>" in written["area"]
    assert '<option value="2025" selected>2025</option>' in written["year"]
