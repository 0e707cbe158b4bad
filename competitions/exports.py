"""Spreadsheets of the competitions app, registered with core.exports (imported at start-up)."""

from . import export_registration, export_results  # noqa: F401 - modules register their exporters
