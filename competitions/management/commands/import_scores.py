"""python manage.py import_scores COMPETITION EVENT FILE.xlsx [--dry-run] [--user USERNAME]

Imports a filled score sheet (成绩登记表) into one event, all or nothing: every problem of every row
is printed and nothing is stored unless there is none. Imported scores are the component's final
score for that entry (marks without a judge, shown as “导入”) and take precedence over the judges'
own marks for that component. EVENT is the event's name (as typed, 繁/简 and spacing tolerated)
or its id.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from competitions.importers.scores import ScoreImporter
from competitions.models import Competition, Event
from core.text import match_key


def find_event(competition: Competition, raw: str) -> Event:
    events = list(competition.events.all())
    if raw.isdigit():
        for event in events:
            if event.pk == int(raw):
                return event
    matches = [e for e in events if e.name_key == match_key(raw)]
    if len(matches) == 1:
        return matches[0]
    names = "、".join(f"{e.name}（{e.pk}）" for e in events) or "无"
    raise CommandError(f"竞赛“{competition.name}”中没有赛项“{raw}”。可选：{names}")


def find_competition(raw: str) -> Competition:
    competition = Competition.objects.filter(slug=raw).first()
    if competition is None and raw.isdigit():
        competition = Competition.objects.filter(pk=int(raw)).first()
    if competition is None:
        raise CommandError(f"找不到竞赛“{raw}”（请用竞赛标识 slug，如 haihe-cup-2023）")
    return competition


class Command(BaseCommand):
    help = "导入赛项成绩表（.xlsx）：import_scores 竞赛标识 赛项 文件.xlsx [--dry-run]"

    def add_arguments(self, parser):
        parser.add_argument("competition", help="竞赛标识（slug）")
        parser.add_argument("event", help="赛项名称或编号")
        parser.add_argument("file", help="成绩表 .xlsx")
        parser.add_argument("--dry-run", action="store_true", help="只检查并报告将做的修改，不保存")
        parser.add_argument("--user", help="记为导入人的用户名（默认不记录用户）")

    def handle(self, *args, competition, event, file, dry_run, user, **options):
        competition = find_competition(competition)
        event = find_event(competition, event)
        by = None
        if user:
            by = get_user_model().objects.filter(username=user).first()
            if by is None:
                raise CommandError(f"找不到用户“{user}”")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"找不到文件 {file}")
        report = ScoreImporter(event, by=by).run(path, filename=path.name, dry_run=dry_run)
        for notice in report.notices:
            self.stdout.write(f"提示：{notice}")
        if report.errors:
            if all(e.row is None for e in report.errors):
                raise CommandError("\n".join(str(e) for e in report.errors))
            for error in report.errors:
                self.stderr.write(str(error))
            raise CommandError(f"成绩表有 {len(report.errors)} 处错误，未导入任何成绩。")
        prefix = "检查通过（未保存）：将" if dry_run else "已导入："
        times = f"，用时 {report.times} 项" if event.uses_time else ""
        replaced = f"，将取代 {report.judge_marks} 条裁判评分" if dry_run and report.judge_marks else ""
        self.stdout.write(
            f"{prefix}{report.planned()} 行，新增 {report.created} 项成绩，修改 {report.updated} 项，"
            f"未变 {report.unchanged} 项{times}{replaced}（{competition.name} / {event.name}）"
        )
