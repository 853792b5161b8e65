"""Two officers saving the same figure: one wins, the other is told, nothing is lost."""

import threading
from decimal import Decimal

import pytest
from django.db import connection, connections
from django.urls import reverse

from indicators.models import Measurement
from indicators.services import FigureConflict, FigureInput, measurements_save
from tests.access.support import build_world
from tests.api_support import api_client


@pytest.mark.django_db
def test_the_second_of_two_api_updates_from_the_same_version_gets_409():
    world = build_world()
    first = api_client(world.users["provincial_officer"])
    second = api_client(world.users["superuser"])
    url = f"/api/v1/measurements/{world.own_figure.pk}/"
    read = first.get(url)
    assert read["ETag"] == '"1"'

    won = first.patch(url, {"value": "20", "version": 1}, format="json")
    lost = second.patch(url, {"value": "30"}, format="json", HTTP_IF_MATCH='"1"')

    assert (won.status_code, won["ETag"]) == (200, '"2"')
    assert lost.status_code == 409
    assert lost.json() == {
        "detail": "Someone else saved the figure for Huyện Một, 2020, total after you opened "
        "it; reload it, check their change and enter yours again."
    }
    world.own_figure.refresh_from_db()
    assert (world.own_figure.value, world.own_figure.version) == (Decimal("20"), 2)


@pytest.mark.django_db
def test_an_update_without_the_version_read_is_refused_with_428():
    world = build_world()
    client = api_client(world.users["provincial_officer"])

    response = client.patch(
        f"/api/v1/measurements/{world.own_figure.pk}/", {"value": "20"}, format="json"
    )

    assert response.status_code == 428
    world.own_figure.refresh_from_db()
    assert world.own_figure.value == Decimal("10")


@pytest.mark.django_db
def test_the_admin_says_so_when_someone_saved_the_figure_meanwhile(client):
    world = build_world()
    officer = world.users["provincial_officer"]
    client.force_login(officer)
    url = reverse("admin:indicators_measurement_change", args=[world.own_figure.pk])
    client.get(url)
    measurements_save(
        figures=[FigureInput(world.indicator, world.own, "2020", value=Decimal("20"), version=1)],
        user=world.users["superuser"],
    )

    response = client.post(
        url, {"value": "30", "numerator": "", "denominator": "", "note": "", "read_version": "1"}
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == [
        "Someone else saved the figure for Huyện Một, 2020, total after you opened it; "
        "reload it, check their change and enter yours again."
    ]
    world.own_figure.refresh_from_db()
    assert world.own_figure.value == Decimal("20")


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises whole-database writes, so two connections cannot race a row.",
)
# serialized_rollback: the data migrations' rows (roles, award forms) come back for the
# next transactional test, and the flush after this one leaves no re-created roles behind
# with new ids (which a later serialized restore would collide with).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_connections_saving_the_same_version_at_once_one_wins_one_gets_a_conflict():
    world = build_world()
    barrier = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def save(name: str, value: str, user) -> None:
        try:
            figure = FigureInput(
                world.indicator, world.own, "2020", value=Decimal(value), version=1
            )
            barrier.wait(timeout=10)
            measurements_save(figures=[figure], user=user)
            outcomes[name] = "saved"
        except FigureConflict as error:
            outcomes[name] = error
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=save, args=("a", "20", world.users["provincial_officer"])),
        threading.Thread(target=save, args=("b", "30", world.users["superuser"])),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(type(o).__name__ if o != "saved" else o for o in outcomes.values()) == [
        "FigureConflict",
        "saved",
    ]
    winner = next(name for name, outcome in outcomes.items() if outcome == "saved")
    figure = Measurement.objects.get(pk=world.own_figure.pk)
    assert (figure.value, figure.version) == ({"a": Decimal("20"), "b": Decimal("30")}[winner], 2)
    assert figure.history.filter(history_type="~").count() == 1
