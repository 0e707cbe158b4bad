"""python manage.py export_roster [--campaign ID] [--year Y] [--honor NAME] [--organization NAME]
    [--rule fullname] [--ethnicity] -o FILE.xlsx

A shortcut for ``python manage.py export roster …``: the same options (derived from
``RosterExporter.Parameters``), the same exporter.
"""

from django.core.management.base import BaseCommand, CommandParser

from awards.exporters import RosterExporter
from core.management.commands.export import run_export


class Command(BaseCommand):
    help = "导出表彰名单（默认按姓氏笔画排序）：export_roster [--campaign 编号] [--year 年度] [--honor 荣誉] -o 文件"

    def add_arguments(self, parser: CommandParser):
        parser.add_argument("-o", "--output", required=True, help="输出文件（.xlsx）")
        RosterExporter.add_arguments(parser)

    def handle(self, *args, **options):
        exporter = run_export(RosterExporter, options, options["output"], self.stderr)
        self.stdout.write(f"已导出 {exporter.heading()} → {options['output']}")
