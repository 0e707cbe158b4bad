"""python manage.py import_awards FILE.xlsx [--dry-run] [--create-units --parent 组织名称]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from awards.importers import HistoryImporter
from core.progress import terminal_progress
from core.text import match_key
from directory.models import Organization


class Command(BaseCommand):
    help = "导入历史表彰名单（全部成功才保存；有错误时逐行列出，不保存任何记录）"

    def add_arguments(self, parser):
        parser.add_argument("file", help="Excel 文件（.xlsx）")
        parser.add_argument("--dry-run", action="store_true", help="只检查，不保存")
        parser.add_argument("--create-units", action="store_true", help="自动新建名单中不存在的工作单位")
        parser.add_argument("--parent", default="", help="新建单位的上级组织名称（与 --create-units 一起使用）")

    def handle(self, *args, file, dry_run, create_units, parent, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"找不到文件：{file}")
        parent_org = None
        if parent:
            matches = list(Organization.objects.filter(name_key=match_key(parent)))
            if len(matches) != 1:
                raise CommandError(
                    f"找不到组织“{parent}”" if not matches else f"有{len(matches)}个名为“{parent}”的组织，无法确定"
                )
            parent_org = matches[0]
        elif create_units:
            raise CommandError("使用 --create-units 时须用 --parent 指定新单位的上级组织")
        with terminal_progress(self.stderr) as progress:
            report = HistoryImporter(create_units=create_units, parent=parent_org).run(
                path, filename=path.name, dry_run=dry_run, progress=progress
            )
        if not report.ok:
            for error in report.errors:
                self.stderr.write(str(error))
            raise CommandError(f"发现{len(report.errors)}处错误，未导入任何记录")
        for line in report.summary_lines():
            self.stdout.write(line)
        if dry_run:
            self.stdout.write("检查通过（--dry-run，未保存）")
        else:
            self.stdout.write(self.style.SUCCESS(f"导入完成（导入记录 #{report.record.pk}）"))
