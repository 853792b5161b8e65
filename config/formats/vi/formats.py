"""Vietnamese number formats: Django's own `vi` locale does not group thousands.

Vietnamese writes 1.234.567 and 32,9; everything else comes from Django's locale.
"""

from django.conf.locale.vi.formats import *  # noqa: F403

DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
