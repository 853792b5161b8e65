"""Vietnamese number formats: Django's own `vi` locale does not group thousands.

Vietnamese writes 1.234.567 and 32,9 and dates 05/03/2021; the rest comes from Django's locale.
"""

from django.conf.locale.vi.formats import *  # noqa: F403

DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3

# Dates as Vietnamese forms write them: "05/03/2021" is 5 March. The first format is the
# one a date input is filled with; ISO stays accepted (the API only speaks ISO).
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
]
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
