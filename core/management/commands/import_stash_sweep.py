"""python manage.py import_stash_sweep: delete checked uploads that nobody confirmed before they expired."""

from django.core.management.base import BaseCommand

from core.imports import stash_sweep


class Command(BaseCommand):
    help = "删除已过期、未确认的导入文件"

    def handle(self, *args, **options):
        self.stdout.write(f"已删除 {stash_sweep()} 个过期的待确认导入")
