"""Checks on an uploaded file before any spreadsheet parser sees it.

First the raw bytes and the zip central directory (a few KB): a mistaken upload (people rename
.xls, .csv and "Excel" web exports to .xlsx all the time) or a declared bomb is refused with a
message the organiser can act on. Then every member is inflated once, one chunk at a time, with a
running count (never trusting the directory): a bad CRC or broken deflate stream, the real total
size and ratio, the shared-strings part's size and number of strings, and every worksheet's merged
ranges (count and covered area, never expanded) and formulas — all in time linear in the file and
memory of one chunk, before openpyxl parses anything. ``check_xlsx_bytes`` returns what the sheet
scans found, so the reader does not read the sheets a second time for it.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field

from core.errors import DomainError

from .sheetxml import CHUNK_BYTES, SheetScan, SheetScanner

__all__ = [
    "DEFAULT_MAX_RATIO",
    "DEFAULT_MAX_UNCOMPRESSED_BYTES",
    "SpreadsheetError",
    "WorkbookScan",
    "check_xlsx_bytes",
    "too_big_message",
]

DEFAULT_MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
DEFAULT_MAX_RATIO = 100
# Small members (styles, shared strings of a short sheet) legitimately compress very well.
_RATIO_MIN_MEMBER_BYTES = 1024 * 1024
# A real workbook has tens of parts; thousands means something else (or a bomb of tiny files).
_MAX_MEMBERS = 10_000
# openpyxl keeps every shared string in a Python list (about 60 bytes each, however short): these
# bound the memory it takes. 100 000 rows × 10 distinct texts is the most a real import needs.
MAX_SHARED_STRINGS = 1_000_000
MAX_SHARED_STRINGS_BYTES = 64 * 1024 * 1024
# Merged ranges: how many per sheet, and how many cells they cover together (computed from the
# references, never expanded). A unit merged down over its people covers one cell per person.
MAX_MERGED_RANGES = 50_000
MAX_MERGED_AREA = 4_000_000
# Formulas without a cached value are each reported; more than this is a generated file.
MAX_UNCALCULATED_FORMULAS = 20_000

# Tags left open (counted, not parsed): a worksheet nests about five deep.
MAX_XML_DEPTH = 100

_SHARED_STRING_RE = re.compile(rb"<(?:\w+:)?si[\s>/]")
_WORKSHEET_PART_RE = re.compile(r"xl/worksheets/[^/]+\.xml", re.I)
_CORRUPT_MEMBER = (
    "文件已损坏（压缩数据校验失败，可能上传或下载中断），无法读取。请用 Excel/WPS 打开确认无误后另存为新的 .xlsx 再上传"
)
_CORRUPT_SHEET = "工作表内容格式异常（大量标记未闭合），无法读取。请用 Excel/WPS 打开后另存为新的 .xlsx 再上传"
_INFLATE_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError, RuntimeError)

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_SAVE_AS_XLSX = "请在 Excel/WPS 中打开后“另存为”Excel 工作簿（.xlsx）再上传"


class SpreadsheetError(DomainError):
    """A problem with the uploaded file as a whole, with a Chinese message for the organiser."""


@dataclass
class WorkbookScan:
    """What inflating every member found: each worksheet part's merged ranges and formulas."""

    sheets: dict[str, SheetScan] = field(default_factory=dict)


def _mb(n: int) -> str:
    value = n / (1024 * 1024)
    return f"{value:.0f}" if value >= 10 or value.is_integer() else f"{value:.1f}"


def too_big_message(max_bytes: int, size: int | None = None) -> str:
    actual = f"（本文件 {_mb(size)} MB）" if size is not None else ""
    return f"文件超过 {_mb(max_bytes)} MB 上限{actual}。请删除多余的工作表、图片后再上传，或分成几个文件上传"


def check_xlsx_bytes(
    data: bytes,
    *,
    max_bytes: int,
    max_uncompressed_bytes: int = DEFAULT_MAX_UNCOMPRESSED_BYTES,
    max_ratio: float = DEFAULT_MAX_RATIO,
    max_shared_strings: int = MAX_SHARED_STRINGS,
    max_merged_ranges: int = MAX_MERGED_RANGES,
    max_merged_area: int = MAX_MERGED_AREA,
) -> WorkbookScan:
    """Raise SpreadsheetError unless ``data`` looks like a genuine, reasonably sized .xlsx.

    Returns the scans of its worksheet parts (merged ranges, uncalculated formulas)."""
    if not data:
        raise SpreadsheetError("文件为空（0 字节），请选择填好的 .xlsx 文件重新上传")
    if len(data) > max_bytes:
        raise SpreadsheetError(too_big_message(max_bytes, len(data)))

    if not data.startswith(_ZIP_MAGICS):
        raise SpreadsheetError(_describe_non_zip(data))

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
        raise SpreadsheetError(
            "文件已损坏或不完整（可能上传或下载中断），请用 Excel/WPS 打开确认无误后重新保存上传"
        ) from exc
    with archive:
        infos = archive.infolist()
        _check_members(infos, max_uncompressed_bytes=max_uncompressed_bytes, max_ratio=max_ratio)
        return _inflate_members(
            archive,
            infos,
            max_uncompressed_bytes=max_uncompressed_bytes,
            max_ratio=max_ratio,
            max_shared_strings=max_shared_strings,
            max_merged_ranges=max_merged_ranges,
            max_merged_area=max_merged_area,
        )


def _check_members(infos: list[zipfile.ZipInfo], *, max_uncompressed_bytes: int, max_ratio: float) -> None:
    if len(infos) > _MAX_MEMBERS:
        raise SpreadsheetError("文件内部结构异常（包含的部件过多），不是正常的 Excel 工作簿。" + _SAVE_AS_XLSX)

    names = {info.filename.lower() for info in infos}
    if "[content_types].xml" not in names or not any(n.endswith("workbook.xml") for n in names):
        raise SpreadsheetError(_describe_other_zip(names))

    # Declared sizes: Python's zipfile stops at the declared size and then fails the CRC check,
    # so a member cannot inflate beyond what the directory says. Checking the directory is enough.
    total = 0
    for info in infos:
        size = info.file_size
        total += size
        if size > _RATIO_MIN_MEMBER_BYTES and size > max_ratio * max(info.compress_size, 1):
            raise _bomb()
    if total > max_uncompressed_bytes:
        raise _too_much_content(max_uncompressed_bytes)


def _too_much_content(max_uncompressed_bytes: int) -> SpreadsheetError:
    return SpreadsheetError(
        f"文件解压后超过 {_mb(max_uncompressed_bytes)} MB 上限，内容过多。"
        "请删除多余的工作表、空白格式行或图片，或分成几个文件上传"
    )


def _bomb() -> SpreadsheetError:
    return SpreadsheetError(
        "文件压缩比异常（疑似“压缩炸弹”），已拒绝处理。如果这是正常的报名表，请在 Excel/WPS 中另存为新的 .xlsx 后再上传"
    )


def _inflate_members(
    archive: zipfile.ZipFile,
    infos: list[zipfile.ZipInfo],
    *,
    max_uncompressed_bytes: int,
    max_ratio: float,
    max_shared_strings: int,
    max_merged_ranges: int,
    max_merged_area: int,
) -> WorkbookScan:
    """Inflate every member once, in chunks, counting as it goes; refuse at the first limit passed.

    zipfile checks each member's CRC when its end is read and stops at the declared size, so a
    damaged member is found here, and a lying directory cannot make a member inflate further."""
    result = WorkbookScan()
    total = 0
    for info in infos:
        if info.is_dir():
            continue
        name = info.filename.lower()
        scanner = SheetScanner() if _WORKSHEET_PART_RE.fullmatch(name) else None
        shared = name.endswith("sharedstrings.xml")
        strings = 0
        tail = b""
        size = 0
        try:
            with archive.open(info) as fh:
                while chunk := fh.read(CHUNK_BYTES):
                    size += len(chunk)
                    total += len(chunk)
                    if total > max_uncompressed_bytes:
                        raise _too_much_content(max_uncompressed_bytes)
                    if size > _RATIO_MIN_MEMBER_BYTES and size > max_ratio * max(info.compress_size, 1):
                        raise _bomb()
                    if shared:
                        if size > MAX_SHARED_STRINGS_BYTES:
                            raise _too_many_strings(max_shared_strings)
                        # a tag cut between two chunks is counted with the next one
                        window = tail + chunk
                        strings += len(_SHARED_STRING_RE.findall(window))
                        last = window.rfind(b"<", max(0, len(window) - 16))
                        incomplete = last != -1 and _SHARED_STRING_RE.match(window, last) is None
                        tail = window[last:] if incomplete else b""
                        if strings > max_shared_strings:
                            raise _too_many_strings(max_shared_strings)
                    if scanner is not None:
                        scanner.feed(chunk)
                        _check_scan(scanner, max_merged_ranges, max_merged_area)
        except SpreadsheetError:
            raise
        except _INFLATE_ERRORS as exc:
            raise SpreadsheetError(_CORRUPT_MEMBER) from exc
        if scanner is not None:
            result.sheets[info.filename] = scanner.close()
            _check_scan(scanner, max_merged_ranges, max_merged_area)
    return result


def scan_sheet_outside_worksheets(archive: zipfile.ZipFile, part: str) -> SheetScan:
    """A worksheet stored outside xl/worksheets/ (odd generators, or a file made to dodge the checks):
    scanned when the reader meets it, under the same limits."""
    scanner = SheetScanner()
    try:
        with archive.open(part) as fh:
            while chunk := fh.read(CHUNK_BYTES):
                scanner.feed(chunk)
                _check_scan(scanner, MAX_MERGED_RANGES, MAX_MERGED_AREA)
    except _INFLATE_ERRORS as exc:
        raise SpreadsheetError(_CORRUPT_MEMBER) from exc
    scan = scanner.close()
    _check_scan(scanner, MAX_MERGED_RANGES, MAX_MERGED_AREA)
    return scan


def _too_many_strings(limit: int) -> SpreadsheetError:
    return SpreadsheetError(
        f"文件中的文字条目过多（超过 {limit} 条），不是正常的报名表。"
        "请删除多余的工作表和空白行，或分成几个文件上传"
    )


def _check_scan(scanner: SheetScanner, max_ranges: int, max_area: int) -> None:
    if scanner.max_depth > MAX_XML_DEPTH:
        raise SpreadsheetError(_CORRUPT_SHEET)
    scan = scanner.scan
    if len(scan.merged) > max_ranges:
        raise SpreadsheetError(
            f"合并单元格过多（超过 {max_ranges} 处），不是正常的报名表。请取消合并单元格后另存为新的 .xlsx 再上传"
        )
    if scan.merged_area > max_area:
        raise SpreadsheetError(
            "合并单元格范围过大（合并了整列或整张表），不是正常的报名表。请取消合并单元格后另存为新的 .xlsx 再上传"
        )
    if len(scan.uncalculated_formulas) > MAX_UNCALCULATED_FORMULAS:
        raise SpreadsheetError(
            f"表格中有超过 {MAX_UNCALCULATED_FORMULAS} 个没有计算结果的公式。"
            "请在 Excel/WPS 中打开、保存（让公式算出结果），或把公式转换为数值后再上传"
        )


def _describe_other_zip(names: set[str]) -> str:
    if any(n.endswith("workbook.bin") for n in names):
        return "这是 .xlsb（二进制工作簿）文件，暂不支持。" + _SAVE_AS_XLSX
    if "word/document.xml" in names:
        return "这是 Word 文档，不是 Excel 表格。请上传 .xlsx 报名表"
    if any(n.startswith("ppt/") for n in names):
        return "这是 PowerPoint 演示文稿，不是 Excel 表格。请上传 .xlsx 报名表"
    if "content.xml" in names and "mimetype" in names:
        return "这是 OpenDocument（.ods/.odt）文件。" + _SAVE_AS_XLSX
    return "这是一个压缩包（.zip），不是 Excel 工作簿。请解压后上传其中的 .xlsx 文件"


def _describe_non_zip(data: bytes) -> str:
    if data.startswith(_OLE_MAGIC):
        return _describe_ole(data)
    head = data[:4096]
    if _looks_like_markup(head):
        return _describe_markup(head)
    if _looks_like_text(head):
        return "这是 CSV/文本文件（只是改了扩展名），不是真正的 Excel 工作簿。" + _SAVE_AS_XLSX
    if head.startswith(b"%PDF"):
        return "这是 PDF 文件，不是 Excel 表格。请上传 .xlsx 报名表"
    return "无法识别的文件格式，不是 Excel 工作簿（.xlsx）。" + _SAVE_AS_XLSX


def _describe_ole(data: bytes) -> str:
    # OLE2 stream names are UTF-16LE in the directory sectors. Office wraps a password-protected
    # .xlsx in an OLE file with "EncryptionInfo" and "EncryptedPackage" streams.
    if "EncryptedPackage".encode("utf-16-le") in data or "EncryptionInfo".encode("utf-16-le") in data:
        return (
            "文件设置了打开密码（已加密），无法读取。请在 Excel/WPS 中取消密码"
            "（文件 → 信息 → 保护工作簿 → 用密码进行加密，清空密码）后另存为 .xlsx 再上传"
        )
    return "这是旧版 .xls 文件（或设置了密码保护的文件），" + _SAVE_AS_XLSX + "；如有打开密码请先取消"


def _strip_leading(head: bytes) -> bytes:
    for bom in (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"):
        if head.startswith(bom):
            head = head[len(bom) :]
            break
    if head[:1] == b"\x00" or head[1:2] == b"\x00":
        # UTF-16 text: drop the zero bytes so the ASCII tag checks below still work.
        head = head.replace(b"\x00", b"")
    return head.lstrip()


def _looks_like_markup(head: bytes) -> bool:
    lower = _strip_leading(head)[:200].lower()
    return lower.startswith((b"<html", b"<!doctype", b"<table", b"<head", b"<meta", b"<?xml", b"<body"))


def _describe_markup(head: bytes) -> str:
    lower = _strip_leading(head).lower()
    if lower.startswith(b"<?xml") and b"<html" not in lower:
        if b"urn:schemas-microsoft-com:office:spreadsheet" in lower or b"<workbook" in lower:
            return "这是 XML 表格（Excel 2003 XML）文件。" + _SAVE_AS_XLSX
        return "这是 XML 文件，不是 Excel 工作簿。" + _SAVE_AS_XLSX
    return "这是网页文件（HTML，常见于从网站“导出 Excel”得到的 .xls），不是真正的 Excel 工作簿。" + _SAVE_AS_XLSX


def _looks_like_text(head: bytes) -> bool:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True  # UTF-16 "Unicode text" as Excel exports it
    if b"\x00" in head:
        return False
    # Binary formats are full of control bytes; text (UTF-8 or GBK) has almost none besides
    # tab, line breaks and form feed.
    controls = sum(head.count(bytes([b])) for b in range(32) if b not in (9, 10, 12, 13))
    return controls * 100 <= len(head)
