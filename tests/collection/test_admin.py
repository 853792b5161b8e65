"""The collection admin: calendars, rules and ranges, and the import page with its preview."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from collection.admin import SESSION_KEY
from collection.entry_form import FIRST_ROW
from collection.models import FigureImport, ValidationRule
from indicators.models import Measurement
from tests.collection.support import build_province, clerk, officer, viewer
from tests.factories import MeasurementFactory

pytestmark = pytest.mark.django_db

IMPORT = "admin:collection_figureimport_add"


@pytest.fixture
def world():
    return build_province()


def filled_form(client, world, **cells) -> bytes:
    """The D1 form for 2020 from the admin's download, with `cells` typed in C12's C row."""
    response = client.get(
        reverse("admin:collection_figureimport_form"),
        {"phase": world.phase.pk, "area": "D1", "period": "2020"},
    )
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook["C12"]
    keys = {cell.value: cell.column for cell in sheet[6] if cell.value}
    for key, value in cells.items():
        sheet.cell(row=FIRST_ROW, column=keys[key.replace("_", ".")], value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_the_preview_shows_what_the_file_does_and_the_import_writes_it(
    client, world, django_assert_max_num_queries
):
    client.force_login(officer())
    MeasurementFactory(indicator=world.count, area=world.c11, period="2020", value=7)
    content = filled_form(client, world, total_value="1.234", female_value=634, male_value=600)

    with django_assert_max_num_queries(30):
        preview = client.post(
            reverse(IMPORT), {"preview": "1", "file": SimpleUploadedFile("bieu.xlsx", content)}
        )

    assert preview.status_code == 200
    outcome = preview.context["outcome"]
    assert (outcome.created, outcome.updated, outcome.unchanged) == (3, 0, 1)
    assert [(p.sheet, p.row, p.sex, p.action, p.value) for p in outcome.planned] == [
        ("C11", FIRST_ROW, "total", "unchanged", 7),
        ("C12", FIRST_ROW, "total", "create", 1234),
        ("C12", FIRST_ROW, "female", "create", 634),
        ("C12", FIRST_ROW, "male", "create", 600),
    ]
    assert b"would create 3 figures, change 0 and leave 1 as they are" in preview.content
    assert Measurement.objects.count() == 1

    done = client.post(reverse(IMPORT), {"import": "1", "sha256": preview.context["sha256"]})

    assert done.status_code == 302
    assert Measurement.objects.filter(area=world.c12).count() == 3
    assert FigureImport.objects.get().created == 3
    assert SESSION_KEY not in client.session


def test_errors_are_listed_by_sheet_and_row_and_nothing_is_held(client, world):
    client.force_login(officer())
    content = filled_form(client, world, total_value="1,234.5", female_value=3)
    response = client.post(
        reverse(IMPORT), {"preview": "1", "file": SimpleUploadedFile("bieu.xlsx", content)}
    )
    assert [
        (sheet, [(p.row, p.field) for p in problems])
        for sheet, problems in response.context["errors_by_sheet"]
    ] == [("C12", [(FIRST_ROW, "total.value")])]
    assert b"Nothing was saved: bieu.xlsx has errors" in response.content
    assert SESSION_KEY not in client.session
    # An import without a preview held refuses, and writes nothing.
    refused = client.post(reverse(IMPORT), {"import": "1", "sha256": "0" * 64})
    assert refused.status_code == 200
    assert Measurement.objects.count() == 0


def test_the_import_page_is_for_those_who_may_import(client, world):
    client.force_login(viewer())
    assert client.get(reverse(IMPORT)).status_code == 403
    client.force_login(clerk(world.d1))
    page = client.get(reverse(IMPORT))
    assert page.status_code == 200
    assert b"1. Download the entry form" in page.content


def test_the_download_refuses_an_area_outside_the_users_scope(client, world):
    client.force_login(clerk(world.d1))
    response = client.get(
        reverse("admin:collection_figureimport_form"),
        {"phase": world.phase.pk, "area": "D2", "period": "2020"},
    )
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert "No area with this code among yours." in page.content.decode()


def test_calendar_and_rule_pages_render_in_a_fixed_number_of_queries(
    admin_client, world, django_assert_max_num_queries
):
    ValidationRule.objects.create(phase=world.phase, name="R1", left="A", operator="lte", right="C")
    pages = [
        reverse("admin:collection_reportingcalendar_changelist"),
        reverse("admin:collection_reportingcalendar_change", args=[world.calendar.pk]),
        reverse("admin:collection_validationrule_changelist"),
        reverse("admin:collection_validationrule_add"),
        reverse("admin:collection_valuebounds_changelist"),
        reverse("admin:collection_figureimport_changelist"),
    ]
    for url in pages:
        with django_assert_max_num_queries(25):
            assert admin_client.get(url).status_code == 200


def test_a_rule_saved_in_the_admin_is_checked(admin_client, world):
    response = admin_client.post(
        reverse("admin:collection_validationrule_add"),
        {
            "phase": world.phase.pk,
            "name": "Sai",
            "left": "A",
            "operator": "lte",
            "right": "CP.9",
            "importance": "high",
        },
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "right": ['No indicator with the code "CP.9" in this phase.']
    }
    assert not ValidationRule.objects.exists()
