"""Spreadsheets of the competitions app; each class is ``@core.exports.register``-ed on import.

core.apps imports this package at start-up, so the registry is complete.
"""

from . import entries, innovation, results  # noqa: F401 - the modules register their exporters
