"""Hostile workbooks cost little: refused (or read) within a few times the CPU of reading an ordinary
20 000-row workbook in the same run, and within 200 MB of memory.

Each file is generated here, fits the upload limit, and goes through the whole reader
(``read_table``: upload checks, then the cell reader). CPU is ``time.process_time`` (this process
only), compared with the baseline measured in the same run rather than with a number of seconds,
so a loaded or slow machine moves both alike; memory is tracemalloc's peak above what was allocated
before the read. The bounds are deliberately generous: before the linear checks, the
unclosed-formula file alone took minutes, hundreds of times the baseline.
"""

import functools
import io
import time
import tracemalloc
import zipfile

import pytest
from openpyxl import Workbook

from core.spreadsheets import ColumnSpec, SpreadsheetError, read_table
from core.spreadsheets.safety import check_xlsx_bytes

MB = 1024 * 1024
# a hostile file may cost at most this many times the CPU of reading the ordinary workbook
BASELINE_FACTOR = 8
MEMORY_BYTES = 200 * MB
COLUMNS = [ColumnSpec("name", "姓名", required=True), ColumnSpec("id_number", "身份证号")]
UPLOAD_LIMIT = 10 * MB


def workbook(rows=(("姓名", "身份证号"), ("张三", "110101199003071234"))) -> bytes:
    wb = Workbook()
    for row in rows:
        wb.active.append(list(row))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def replace_part(data: bytes, part: str, write) -> bytes:
    """The workbook with ``part`` (added if missing) written by ``write(member_file)``, in chunks."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename != part:
                dst.writestr(info, src.read(info.filename))
        member_info = zipfile.ZipInfo(part)
        member_info.compress_type = zipfile.ZIP_DEFLATED
        member_info._compresslevel = 1
        with dst.open(member_info, "w", force_zip64=True) as member:
            write(member)
    return out.getvalue()


def measured(data: bytes):
    """(result or the SpreadsheetError, CPU seconds, peak bytes) of reading ``data``."""
    tracemalloc.start()
    cpu = time.process_time()
    try:
        try:
            outcome = read_table(data, COLUMNS, max_rows=100_000, max_bytes=UPLOAD_LIMIT)
        except SpreadsheetError as exc:
            outcome = exc
        cpu = time.process_time() - cpu
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return outcome, cpu, peak


def ordinary_rows(count: int = 20_000) -> list[tuple[str, str]]:
    return [("姓名", "身份证号")] + [(f"职工{i}", f"11010119900307{i:04d}") for i in range(count)]


@functools.cache
def baseline_cpu() -> float:
    """CPU seconds of reading an ordinary 20 000-row workbook (upload limit size class), the least of
    three reads in this run."""
    data = workbook(ordinary_rows())
    return min(measured(data)[1] for _ in range(3))


def assert_cheap(data: bytes) -> SpreadsheetError:
    assert len(data) <= UPLOAD_LIMIT
    outcome, cpu, peak = measured(data)
    assert isinstance(outcome, SpreadsheetError), outcome
    assert cpu < BASELINE_FACTOR * baseline_cpu(), f"{cpu:.2f} s of CPU, ordinary workbook {baseline_cpu():.2f} s"
    assert peak < MEMORY_BYTES, f"{peak / MB:.0f} MB"
    return outcome


SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
    b'spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>\xe5\xa7\x93\xe5\x90\x8d'
    b"</t></is></c></row>"
)


def test_unclosed_formula_tags_are_scanned_in_linear_time():
    # 400 000 cells that open a formula and never close it: the old pattern searched to the end of
    # the part from each of them. Varied text keeps the ratio normal, so the scan really runs.
    def write(member):
        member.write(SHEET_HEAD + b'<row r="2">')
        for start in range(0, 400_000, 10_000):
            member.write(b"".join(b'<c r="B2"><f>%d' % (i * 7919 % 1_000_003) for i in range(start, start + 10_000)))

    data = replace_part(workbook(), "xl/worksheets/sheet1.xml", write)
    assert_cheap(data)


def test_a_thousand_huge_merged_ranges_are_refused_from_their_references():
    merges = b"".join(b'<mergeCell ref="A%d:XFD1048576"/>' % (i + 2) for i in range(1000))

    def write(member):
        member.write(SHEET_HEAD + b'</sheetData><mergeCells count="1000">' + merges + b"</mergeCells></worksheet>")

    error = assert_cheap(replace_part(workbook(), "xl/worksheets/sheet1.xml", write))
    assert "合并单元格范围过大" in error.message


def nine_million_strings(member):
    chunk = b"<si><t>a</t></si>" * 100_000
    member.write(b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
    for _ in range(90):
        member.write(chunk)
    member.write(b"</sst>")


def test_nine_million_tiny_shared_strings_are_refused_cheaply():
    data = replace_part(workbook(), "xl/sharedStrings.xml", nine_million_strings)
    assert_cheap(data)


def test_shared_strings_are_counted_even_when_size_and_ratio_would_pass():
    data = replace_part(workbook(), "xl/sharedStrings.xml", nine_million_strings)
    with pytest.raises(SpreadsheetError) as info:
        check_xlsx_bytes(data, max_bytes=UPLOAD_LIMIT, max_ratio=10**9, max_uncompressed_bytes=10**10)
    assert "文字条目过多" in info.value.message


def test_shared_strings_cut_between_chunks_are_counted_once():
    # 2 000 001 strings of a length that puts tags across the 1 MB chunk boundaries.
    def write(member):
        member.write(b"<sst>" + b"<si><t>ab</t></si>" * 999_999 + b"</sst>")

    data = replace_part(workbook(), "xl/sharedStrings.xml", write)
    check_xlsx_bytes(data, max_bytes=UPLOAD_LIMIT, max_ratio=10**9, max_shared_strings=999_999)
    with pytest.raises(SpreadsheetError):
        check_xlsx_bytes(data, max_bytes=UPLOAD_LIMIT, max_ratio=10**9, max_shared_strings=999_998)


def with_bad_crc(data: bytes) -> bytes:
    """The workbook with one byte of its (stored, uncompressed) sheet changed behind the CRC's back."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            info.compress_type = zipfile.ZIP_STORED
            dst.writestr(info, body)
    raw = bytearray(out.getvalue())
    at = raw.find(b"110101199003071234")
    assert at != -1
    raw[at] = ord("9")
    return bytes(raw)


def test_a_corrupt_member_is_a_clear_message():
    error = assert_cheap(with_bad_crc(workbook()))
    assert "文件已损坏" in error.message and "校验" in error.message


@pytest.mark.django_db
def test_a_corrupt_member_uploaded_to_an_import_is_a_message_not_a_500(client, django_user_model):
    from directory.models import Organization, Role
    from tests.factories import member_of

    root = Organization.objects.create(name="全国总工会")
    user = member_of(root, role=Role.ORGANIZER)
    client.force_login(user)
    upload = io.BytesIO(with_bad_crc(workbook()))
    upload.name = "历史表彰.xlsx"
    response = client.post("/awards/import/", {"file": upload})
    assert response.status_code == 200
    assert "文件已损坏" in response.content.decode()


def test_an_ordinary_workbook_is_read_within_the_memory_bound():
    outcome, _cpu, peak = measured(workbook(ordinary_rows()))
    assert not isinstance(outcome, SpreadsheetError)
    assert len(outcome.rows) == 20_000
    assert peak < MEMORY_BYTES


def test_formula_scan_is_linear_even_when_the_tags_balance():
    # Each cell opens <f> and closes some other tag, so the nesting stays flat and the scan runs
    # over the whole part: 400 000 unclosed formulas, every one a dead end for the old pattern.
    from core.spreadsheets.sheetxml import SheetScanner

    def scan_cpu(cells: int) -> tuple[float, SheetScanner]:
        body = b"".join(b'<c r="B2"><f>%d</g></c>' % i for i in range(cells))
        scanner = SheetScanner()
        cpu = time.process_time()
        for at in range(0, len(body), MB):
            scanner.feed(body[at : at + MB])
        scanner.close()
        return time.process_time() - cpu, scanner

    quarter = min(scan_cpu(100_000)[0] for _ in range(3))
    whole, scanner = scan_cpu(400_000)
    # four times the cells: about four times the CPU when linear, sixteen when quadratic
    assert whole < 8 * quarter, f"{whole:.2f} s for 400 000 cells, {quarter:.2f} s for 100 000"
    assert scanner.close().uncalculated_formulas == {} and scanner.max_depth <= 2


def test_a_sheet_stored_outside_the_worksheets_folder_meets_the_same_limits():
    merges = b"".join(b'<mergeCell ref="A%d:XFD1048576"/>' % (i + 2) for i in range(1000))
    src = zipfile.ZipFile(io.BytesIO(workbook()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            name = info.filename
            if name == "xl/worksheets/sheet1.xml":
                name = "xl/elsewhere/sheet1.xml"
                body = body.replace(b"</sheetData>", b"</sheetData><mergeCells>" + merges + b"</mergeCells>", 1)
            body = body.replace(b"worksheets/sheet1.xml", b"elsewhere/sheet1.xml")
            dst.writestr(name, body)
    error = assert_cheap(out.getvalue())
    assert "合并单元格范围过大" in error.message
