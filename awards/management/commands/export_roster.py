"""python manage.py export_roster [--campaign ID] [--year Y] [--honor NAME] [--organization NAME] -o FILE.xlsx

A shortcut for ``python manage.py export roster …`` (same options, same exporter).
"""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from awards.exporters import RosterExporter
from core.exports import ExportError


class Command(BaseCommand):
    help = "导出表彰名单（按姓氏笔画排序）：export_roster [--campaign 编号] [--year 年度] [--honor 荣誉] -o 文件.xlsx"

    def add_arguments(self, parser: CommandParser):
        parser.add_argument("-o", "--output", required=True, help="输出文件（.xlsx）")
        RosterExporter.add_arguments(parser)

    def handle(self, *args, **options):
        params = {k: options[k] for k in ("campaign", "year", "honor", "organization", "title")}
        try:
            exporter = RosterExporter.from_cli(params)
            exporter.write(options["output"])
        except ExportError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"已导出 {exporter.heading()} → {options['output']}")
