"""`core.batches.cyclic_gc_paused`: the cycle collector waits for a batch, then runs again."""

import gc

import pytest

from core.batches import cyclic_gc_paused


@pytest.fixture
def collector_enabled():
    was_enabled = gc.isenabled()
    gc.enable()
    yield
    if not was_enabled:
        gc.disable()


def test_the_collector_waits_for_the_batch_and_runs_again_after(collector_enabled):
    with cyclic_gc_paused():
        assert gc.isenabled() is False
    assert gc.isenabled() is True


def test_the_collector_runs_again_after_a_batch_that_fails(collector_enabled):
    with pytest.raises(ValueError, match="bad row"), cyclic_gc_paused():
        raise ValueError("bad row")
    assert gc.isenabled() is True


def test_a_collector_paused_before_stays_paused(collector_enabled):
    gc.disable()
    with cyclic_gc_paused():
        assert gc.isenabled() is False
    assert gc.isenabled() is False
