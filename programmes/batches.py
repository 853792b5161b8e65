"""What every all-or-nothing batch write raises when some of its rows are bad.

Lives in `programmes`, the app every other app may import, so that indicators and
awards share one exception without depending on each other.
"""

from django.core.exceptions import ValidationError


class BatchInvalid(ValidationError):
    """A batch was refused whole; `row_errors` maps each bad row's index to its messages."""

    def __init__(self, row_errors: dict[int, dict[str, list[str]]]) -> None:
        self.row_errors = row_errors
        super().__init__([f"{index}: {messages}" for index, messages in sorted(row_errors.items())])
