"""Spreadsheets of the awards app, registered with core.exports (imported at start-up by core.apps).

The classes live in awards/exporters/; this is the one place they are registered.
"""

from core.exports import register

from .exporters import NominationsExporter, NoticeExporter, RosterExporter, StatisticsExporter

for _exporter in (RosterExporter, NoticeExporter, NominationsExporter, StatisticsExporter):
    register(_exporter)
