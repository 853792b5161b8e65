"""The floor every app stands on: what they all share and that knows no domain.

API plumbing, the base `Conflict` error, the admin toolkit, shared filters, periods,
numbers, text, the area tree rule, batches and the security plumbing the settings point
to. Nothing here imports an app of the project (tests/test_architecture.py checks it).
"""
