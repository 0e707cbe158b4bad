"""python manage.py import_entries COMPETITION FILE.xlsx [--dry-run] [--create-units] [--force] [--user NAME]

Imports a registration sheet (报名表) into a competition (slug or id), all rows or none.
Success: exit 0 and one summary line. Failure: exit 1 with one line per problem (第N行 列名：原因).
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from competitions.importers.entries import EntryImporter
from competitions.models import Competition
from core.progress import terminal_progress


class Command(BaseCommand):
    help = "导入报名表（.xlsx）：全部行无误才保存，否则逐行列出错误"

    def add_arguments(self, parser):
        parser.add_argument("competition", help="竞赛标识（slug）或编号（id）")
        parser.add_argument("file", help="报名表 .xlsx 文件")
        parser.add_argument("--dry-run", action="store_true", help="只检查并列出将要导入的内容，不保存")
        parser.add_argument(
            "--create-units", action="store_true", help="表中的工作单位/代表队在系统中不存在时，在主办单位下新建"
        )
        parser.add_argument(
            "--force", action="store_true", help="不受报名时间和竞赛状态限制（成绩公布后仍不可导入）"
        )
        parser.add_argument("--user", help="记为导入人的用户名（写入导入记录和报名的登记人）")

    def handle(self, *args, competition, file, dry_run, create_units, force, user, **options):
        target = Competition.objects.filter(slug=competition).select_related("organizer").first()
        if target is None and competition.isdigit():
            target = Competition.objects.filter(pk=int(competition)).select_related("organizer").first()
        if target is None:
            raise CommandError(f"找不到竞赛“{competition}”（请填写竞赛标识或编号）")
        importer_user = None
        if user:
            importer_user = get_user_model().objects.filter(username=user).first()
            if importer_user is None:
                raise CommandError(f"找不到用户“{user}”")
        try:
            with terminal_progress(self.stderr) as progress:
                result = EntryImporter(target, user=importer_user, create_units=create_units, force=force).run(
                    file, filename=file, dry_run=dry_run, progress=progress
                )
        except FileNotFoundError:
            raise CommandError(f"找不到文件“{file}”") from None
        except IsADirectoryError:
            raise CommandError(f"“{file}”是目录，不是文件") from None
        if not result.ok:
            lines = [f"导入失败，共 {len(result.errors)} 处问题，未保存任何数据："]
            lines += [str(e) for e in result.errors]
            raise CommandError("\n".join(lines))
        if options.get("verbosity", 1) > 1:
            for notice in result.notices:
                self.stdout.write(f"提示 {notice}")
            for entry in result.entries:
                action = "沿用" if entry.person is not None else "新建"
                self.stdout.write(
                    f"第{entry.row}行 {entry.bib} {entry.name} {entry.event.name} "
                    f"{entry.delegation_name}（{action}人员）"
                )
        self.stdout.write(result.summary_line())
