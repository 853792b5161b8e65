"""API v1 of the indicators app: `resources` (indicators, targets), `measurements` (figures,
their workflow and history), `bulk` (the all-or-nothing upload), `read_models` (the phase
scorecard, an indicator's progress). Routes in `indicators.urls`."""
