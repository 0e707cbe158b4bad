"""Upload checks that run before openpyxl sees the file."""

import io
import os
import tracemalloc
import zipfile

import pytest
from openpyxl import Workbook

from core.spreadsheets import ColumnSpec, read_table
from core.spreadsheets.safety import SpreadsheetError, check_xlsx_bytes

MB = 1024 * 1024


def xlsx_bytes() -> bytes:
    wb = Workbook()
    wb.active.append(["姓名", "身份证号"])
    wb.active.append(["张三", "110101199003071234"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def refused(data: bytes, **kwargs) -> str:
    kwargs.setdefault("max_bytes", 10 * MB)
    with pytest.raises(SpreadsheetError) as info:
        check_xlsx_bytes(data, **kwargs)
    err = info.value
    assert str(err) == err.message
    return err.message


def zip_of(members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def test_real_xlsx_passes():
    check_xlsx_bytes(xlsx_bytes(), max_bytes=10 * MB)


def test_empty_file():
    assert "文件为空" in refused(b"")


def test_over_max_bytes():
    data = xlsx_bytes()
    message = refused(data, max_bytes=len(data) - 1)
    assert "上限" in message
    assert "MB" in message


def test_old_xls_magic():
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2048 + "Workbook".encode("utf-16-le")
    message = refused(data)
    assert "旧版 .xls" in message
    assert "另存为" in message


def test_password_protected_xlsx_is_an_ole_file_too():
    data = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\x00" * 1024
        + "EncryptionInfo".encode("utf-16-le")
        + b"\x00" * 64
        + "EncryptedPackage".encode("utf-16-le")
    )
    message = refused(data)
    assert "密码" in message


@pytest.mark.parametrize(
    "data",
    [
        b"<html><body><table><tr><td>\xe5\xa7\x93\xe5\x90\x8d</td></tr></table></body></html>",
        b"\xef\xbb\xbf\r\n  <!DOCTYPE html><html></html>",
        b"\n\n<table border=1><tr><td>1</td></tr></table>",
        "<html><table></table></html>".encode("utf-16"),  # with a UTF-16 BOM
    ],
)
def test_html_page_saved_as_xls(data):
    message = refused(data)
    assert "网页文件" in message
    assert "另存为" in message


def test_xml_spreadsheet_2003():
    data = b'<?xml version="1.0"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">'
    assert "XML" in refused(data)


@pytest.mark.parametrize(
    "data",
    [
        "姓名,身份证号\n张三,110101199003071234\n".encode(),
        "姓名,身份证号\r\n张三,110101199003071234\r\n".encode("gbk"),
        "\ufeff姓名\t身份证号\n张三\t110101199003071234\n".encode(),
        "姓名\t身份证号\n".encode("utf-16"),
    ],
)
def test_renamed_csv_or_text(data):
    message = refused(data)
    assert "CSV/文本" in message
    assert ".xlsx" in message


def test_unknown_binary():
    message = refused(bytes(range(256)) * 4)
    assert "无法识别" in message


def test_truncated_zip():
    data = xlsx_bytes()
    message = refused(data[: len(data) // 2])
    assert "损坏或不完整" in message


def test_zip_that_is_not_a_workbook():
    message = refused(zip_of({"readme.txt": b"hello"}))
    assert "压缩包" in message


def test_word_document():
    data = zip_of({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
    assert "Word" in refused(data)


def test_zip_bomb_by_ratio_with_small_data():
    # 2 MB of zeros compresses about 1000:1.
    data = zip_of({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"\0" * (2 * MB)})
    message = refused(data)
    assert "压缩炸弹" in message


def test_small_members_may_compress_well():
    # Under ~1 MB the ratio is not checked: styles and strings compress very well.
    data = zip_of({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b" " * (512 * 1024)})
    check_xlsx_bytes(data, max_bytes=10 * MB)


def test_total_uncompressed_size_limit():
    members = {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}
    members["xl/worksheets/sheet1.xml"] = os.urandom(2 * MB)  # incompressible: ratio ~1
    message = refused(zip_of(members), max_uncompressed_bytes=1 * MB)
    assert "解压后超过" in message


def big_zero_bomb(size: int) -> bytes:
    """A real .xlsx-shaped zip with one member of ``size`` zero bytes, built in 1 MB chunks."""
    buf = io.BytesIO()
    chunk = b"\0" * MB
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr("[Content_Types].xml", b"<Types/>")
        zf.writestr("xl/workbook.xml", b"<workbook/>")
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            for _ in range(size // MB):
                member.write(chunk)
    return buf.getvalue()


def test_300_mb_bomb_refused_from_the_directory_alone():
    data = big_zero_bomb(300 * MB)
    assert len(data) < 2 * MB
    tracemalloc.start()
    try:
        with pytest.raises(SpreadsheetError) as info:
            read_table(data, [ColumnSpec("name", "姓名")], max_rows=10, max_bytes=10 * MB)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "压缩炸弹" in info.value.message
    # Nothing was inflated: memory stays near the size of the upload itself.
    assert peak < 10 * MB


def test_bomb_under_ratio_but_over_total_with_defaults():
    # With the ratio check relaxed, the 200 MB total limit still catches it.
    message = refused(big_zero_bomb(201 * MB), max_ratio=10**9)
    assert "解压后超过 200 MB" in message
