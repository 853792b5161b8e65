"""Errors every app may raise and the API knows how to answer, without knowing the app."""


class Conflict(Exception):
    """A write the current state of a record refuses: the API answers 409 with the message.

    An app subclasses it for its own refusals (an approved figure is locked, someone
    saved it meanwhile...); the exception handler needs no import of that app.
    """
