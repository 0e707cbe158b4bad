"""python manage.py import_stash_sweep: delete checked uploads that nobody confirmed before they expired,
the files of background jobs past their download time, and mark jobs whose worker died as failed
(run it hourly from cron in production)."""

from django.core.management.base import BaseCommand

from core.imports import stash_sweep
from core.jobs import jobs_sweep


class Command(BaseCommand):
    help = "删除已过期、未确认的导入文件和过期的后台任务文件"

    def handle(self, *args, **options):
        self.stdout.write(f"已删除 {stash_sweep()} 个过期的待确认导入")
        self.stdout.write(f"已删除 {jobs_sweep()} 个一周前结束的后台任务")
