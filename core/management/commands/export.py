"""python manage.py export NAME [options] -o FILE.xlsx   |   python manage.py export --list

The options of each NAME are derived from its exporter's ``Parameters`` form (core.exports): the
same declaration the web form is made from, validated the same way.
"""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.exports import Exporter, ExportError, exporters
from core.progress import terminal_progress


def cli_error(cls: type[Exporter], exc: ExportError) -> CommandError:
    """A CommandError naming the option of each bad value (``--year：年度应为数字``)."""
    if not exc.fields:
        return CommandError(exc.message)
    positional = cls.Parameters.positional
    parts = []
    for name, messages in exc.fields.items():
        option = name.upper() if name in positional else "--" + name.replace("_", "-")
        label = cls.Parameters.base_fields[name].label if name in cls.Parameters.base_fields else ""
        parts.append(f"{option}（{label}）：{''.join(messages)}" if label else f"{option}：{''.join(messages)}")
    return CommandError("参数有误：" + "；".join(parts))


def run_export(cls: type[Exporter], options: dict, output: str, stderr=None) -> Exporter:
    """Build ``cls`` from parsed options and write ``output`` (a progress bar on ``stderr`` when it
    is a terminal); a bad value raises CommandError."""
    try:
        exporter = cls.from_cli(options)
        with terminal_progress(stderr) as progress:
            exporter.write(output, progress=progress)
    except ExportError as exc:
        raise cli_error(cls, exc) from exc
    return exporter


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
        run_export(cls, options, output, self.stderr)
        self.stdout.write(f"已导出 {cls.verbose_name} → {output}")
