"""The spreadsheets of the awards app, one class per spreadsheet.

Each class is registered with ``@core.exports.register`` in its module; core.apps imports this
package at start-up.

- ``roster``      表彰名单   RosterExporter       public layout: 序号 / 姓名(女) / 单位及职务, by 姓氏笔画
- ``notice``      公示名单   NoticeExporter       the same layout for a campaign's 公示; no personal data
- ``nominations`` 推荐汇总表 NominationsExporter  internal: per nominating unit, categories, places, shares
- ``statistics``  统计表     StatisticsExporter   counts by year × level × honour × unit, and shares
"""

from .nominations import NominationsExporter
from .notice import NoticeExporter
from .roster import RosterExporter
from .statistics import StatisticsExporter

__all__ = ["NominationsExporter", "NoticeExporter", "RosterExporter", "StatisticsExporter"]
