"""Signals the programmes app sends so that apps above it can follow its data.

programmes must not import indicators (the dependencies point the other way), yet an
indicator can take its figures from care-model reports. So the services announce what
changed and the indicators app, which knows about its feeds, listens.
"""

from django.dispatch import Signal

# Sent inside the write's transaction, after care-model reports changed (or a care model
# moved to another kind or area). `changes` is a set of (kind, area_id, year): the sums
# of those keys may now differ. A receiver that fails rolls the write back.
care_model_reports_changed = Signal()
