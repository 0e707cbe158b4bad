"""python manage.py export_results COMPETITION [EVENT] -o FILE.xlsx

The results book (成绩册): one sheet per event, ranked entries by rank, withdrawn and disqualified
after them. The same as ``python manage.py export results COMPETITION [EVENT] -o FILE.xlsx`` (options
derived from ``ResultsBookExporter.Parameters``).
"""

from django.core.management.base import BaseCommand

from competitions.exporters.results import ResultsBookExporter
from core.management.commands.export import run_export


class Command(BaseCommand):
    help = "导出成绩册：export_results 竞赛标识 [赛项] -o 文件.xlsx"

    def add_arguments(self, parser):
        ResultsBookExporter.add_arguments(parser)
        parser.add_argument("-o", "--output", required=True, help="输出文件（.xlsx）")

    def handle(self, *args, **options):
        exporter = run_export(ResultsBookExporter, options, options["output"], self.stderr)
        what = f"{exporter.competition.name}" + (f" / {exporter.event.name}" if exporter.event else "")
        self.stdout.write(f"已导出成绩册（{what}）→ {options['output']}")
