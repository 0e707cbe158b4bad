"""Registration workbooks builder: sheets as units really send them, generated with openpyxl."""

from __future__ import annotations

import io
import zipfile
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from core.idcard import make_demo_id_number

HEADER = ["序号", "姓名", "性别", "民族", "身份证号", "手机号", "工作单位", "职务", "赛项", "代表队", "技能等级"]

_seq = iter(range(10_000_000))


def new_id(gender: str = "M", birth: date = date(1990, 5, 17), area: str = "120101") -> str:
    """A fresh well-formed (fictitious) ID number, different on every call."""
    n = next(_seq)
    area = str(int(area) + n // 500)
    return make_demo_id_number(area, birth, n % 500, gender)


UNIT = "天津市计量监督检测科学研究院"


def row(
    name="张伟",
    *,
    gender="男",
    ethnicity="汉族",
    id_number=None,
    phone="13800138000",
    unit=UNIT,
    job="技术员",
    event="焊工",
    delegation=None,
    skill="高级工",
    seq=None,
):
    if id_number is None:
        id_number = new_id("M" if gender in ("男", None, "") else "F")
    return [seq, name, gender, ethnicity, id_number, phone, unit, job, event, delegation, skill]


def line(name, id_number, unit="某市第一机床厂", event="焊工", **kw):
    """A data row for the 某市 registration world (``registration_world()``): blank where units leave it blank."""
    values = {
        "gender": "",
        "ethnicity": "汉族",
        "phone": "13800138000",
        "job": "",
        "delegation": None,
        "skill": "",
        **kw,
    }
    return [
        None,
        name,
        values["gender"],
        values["ethnicity"],
        id_number,
        values["phone"],
        unit,
        values["job"],
        event,
        values["delegation"],
        values["skill"],
    ]


def workbook(
    rows,
    *,
    header=HEADER,
    title="2023年“海河工匠杯”报名表",
    note=None,
    merges=(),
    text_id_format=True,
    extra_header=None,
) -> bytes:
    """Title row (merged), optional note row, header, rows; ID and phone cells formatted as text."""
    wb = Workbook()
    ws = wb.active
    ws.title = "报名表"
    width = len(header)
    if title:
        ws.append([title])
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
        ws["A1"].font = Font(bold=True, size=16)
        ws["A1"].alignment = Alignment(horizontal="center")
    if note:
        ws.append([note])
    ws.append(list(header))
    for r in rows:
        ws.append(list(r))
    if text_id_format:
        for col in ("E", "F"):
            for cell in ws[col]:
                if isinstance(cell.value, str):
                    cell.number_format = "@"
    for ref in merges:
        ws.merge_cells(ref)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def rewrite_sheet(data: bytes, change) -> bytes:
    """The workbook ``data`` with its first sheet's XML passed through ``change`` (str → str): hand-made
    sheets no writer would produce (fake dimensions, far cells, cached formulas, huge shared strings)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                body = change(body.decode()).encode()
            dst.writestr(info, body)
    return out.getvalue()
