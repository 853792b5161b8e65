"""`core.batches.older_objects_frozen`: while a batch runs, the cycle collector leaves out what
existed before it; afterwards it collects everything again."""

import gc

import pytest

from core.batches import older_objects_frozen


@pytest.fixture
def nothing_frozen():
    gc.unfreeze()
    yield
    gc.unfreeze()


def test_what_existed_before_the_batch_is_left_out_until_it_ends(nothing_frozen):
    with older_objects_frozen():
        assert gc.get_freeze_count() > 0
        assert gc.isenabled() is True  # the batch's own cycles are still collected
    assert gc.get_freeze_count() == 0


def test_everything_is_collected_again_after_a_batch_that_fails(nothing_frozen):
    with pytest.raises(ValueError, match="bad row"), older_objects_frozen():
        raise ValueError("bad row")
    assert gc.get_freeze_count() == 0
