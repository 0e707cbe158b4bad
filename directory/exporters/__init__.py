"""The directory's spreadsheets; each module registers its exporters with ``core.exports.register``."""

from . import people  # noqa: F401 - the module registers its exporter
