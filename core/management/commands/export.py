"""python manage.py export NAME [options] -o FILE.xlsx   |   python manage.py export --list"""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.exports import ExportError, exporters


class Command(BaseCommand):
    help = "导出表格：export NAME [选项] -o 文件.xlsx；export --list 列出全部导出"

    def add_arguments(self, parser: CommandParser):
        parser.add_argument("--list", action="store_true", help="列出全部导出")
        sub = parser.add_subparsers(dest="exporter_name", metavar="NAME", parser_class=CommandParser)
        for name, cls in exporters().items():
            p = sub.add_parser(name, help=cls.verbose_name, called_from_command_line=parser.called_from_command_line)
            p.add_argument("-o", "--output", required=True, help="输出文件（.xlsx）")
            cls.add_arguments(p)

    def handle(self, *args, **options):
        if options["list"] or not options.get("exporter_name"):
            for name, cls in exporters().items():
                self.stdout.write(f"{name:<14}{cls.verbose_name}{'（公开）' if cls.public else ''}")
            return
        cls = exporters()[options["exporter_name"]]
        output = options["output"]
        params = {
            k: v
            for k, v in options.items()
            if k not in {"list", "exporter_name", "output", "verbosity", "settings", "pythonpath", "traceback",
                         "no_color", "force_color", "skip_checks"}
        }
        try:
            exporter = cls.from_cli(params)
            exporter.write(output)
        except ExportError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"已导出 {cls.verbose_name} → {output}")
