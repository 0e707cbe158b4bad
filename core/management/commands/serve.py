"""python manage.py serve [ADDRPORT]: the development server and a background-job worker together.

What `make run` starts: runserver in this process and `manage.py db_worker` (the database backend of
Django's task API, settings.TASKS) as a child process, stopped when the server stops. Nothing but
Python. Production runs the two separately (README "Production"): gunicorn, and `db_worker` or
`rqworker` per settings.JIANGXIN_TASKS.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "启动开发服务器和后台任务进程（make run 使用）"

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--no-worker", action="store_true", help="不启动后台任务进程")

    def handle(self, *args, **options):
        worker = None
        # runserver's autoreloader runs this command again in a child (RUN_MAIN=true): one worker only.
        if not options["no_worker"] and os.environ.get("RUN_MAIN") != "true":
            worker = self.start_worker()
        try:
            call_command("runserver", options["addrport"])
        finally:
            if worker is not None and worker.poll() is None:
                worker.terminate()
                try:
                    worker.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    worker.kill()

    def start_worker(self) -> subprocess.Popen | None:
        backend = settings.TASKS["default"]["BACKEND"]
        if backend == "django_tasks_rq.RQBackend":
            command = ["rqworker", "--job-class", "django_tasks_rq.Job", "default"]
        elif backend == "django_tasks_db.DatabaseBackend":
            command = ["db_worker", "--no-reload", "--interval", "1"]
        else:
            return None  # the immediate backend runs jobs inside the request
        manage = Path(settings.BASE_DIR) / "manage.py"
        self.stdout.write(f"后台任务进程：manage.py {' '.join(command)}")
        return subprocess.Popen([sys.executable, str(manage), *command])  # noqa: S603 - fixed arguments
