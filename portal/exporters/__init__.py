"""The spreadsheets of the portal's pages, one class per spreadsheet (``@core.exports.register``).

- ``dashboard``  统计看板  DashboardExporter  every chart's numbers (or one chart's), one sheet each
"""

from .dashboard import DashboardExporter

__all__ = ["DashboardExporter"]
