"""A review document takes a fixed number of queries, whatever the size of the phase."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from programmes.roles import VIEWER
from reports.snapshot import build_snapshot, default_words
from tests.api_support import api_client
from tests.reports.support import small_review
from tests.users import user_in_role

pytestmark = pytest.mark.django_db

# The scorecard's and the roll-up's (every phase year and the previous phase's end), three
# per phase year for the care models (fifteen of them), and one or two per other part:
# figures not yet approved, figures by sex, children by group, partners, funding,
# decisions, the previous and the next phase; the department that owned the programme
# at the phase's end (the issuing body).
SNAPSHOT_QUERIES = 34
# The user, its permissions (two) and groups, and the phase, on top of the snapshot.
DOCUMENT_QUERIES = SNAPSHOT_QUERIES + 5


def snapshot_queries(phase) -> int:
    with CaptureQueriesContext(connection) as queries:
        build_snapshot(
            phase=phase,
            area=phase.programme.area,
            year=2020,
            approved_only=True,
            words=default_words(phase),
        )
    return len(queries)


@pytest.mark.parametrize("size", [1, 3])
def test_the_snapshot_does_not_grow_with_targets_areas_models_or_recipients(size):
    assert snapshot_queries(small_review(size)) <= SNAPSHOT_QUERIES


@pytest.mark.parametrize("kind", ["docx", "xlsx"])
@pytest.mark.parametrize("size", [1, 3])
def test_the_review_document_takes_a_fixed_number_of_queries(
    django_assert_max_num_queries, size, kind
):
    phase = small_review(size)
    client = api_client(user_in_role("leader", VIEWER))

    with django_assert_max_num_queries(DOCUMENT_QUERIES):
        response = client.get(f"/api/v1/phases/{phase.pk}/review/", {"format": kind})

    assert response.status_code == 200
