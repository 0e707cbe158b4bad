"""Forms of the records pages: the history import and the holiday arrangements."""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.forms import CrispyForm
from core.imports import UploadForm
from directory.models import Organization

from ..selectors.roles import conferring_orgs_for
from .common import OrgChoiceField


class HistoryImportForm(UploadForm):
    create_units = forms.BooleanField(
        label=_("自动新建名单中不存在的工作单位"), required=False, help_text=_("默认不新建：单位名称不符的行会报错")
    )
    parent = OrgChoiceField(label=_("新建单位的上级"), queryset=Organization.objects.none(), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = conferring_orgs_for(user).order_by("path")
        self.fields["file"].label = _("历史表彰名单（.xlsx）")

    def clean(self):
        data = super().clean()
        if data.get("create_units") and not data.get("parent"):
            self.add_error("parent", _("自动新建单位时须选择新单位的上级"))
        return data


class HolidayYearForm(CrispyForm, forms.Form):
    year = forms.IntegerField(label=_("年份"), min_value=2000, max_value=2100)
    notice = forms.CharField(label=_("依据"), max_length=200, required=False)
    holidays = forms.CharField(
        label=_("放假日期"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("每行一个日期或日期范围，可加节日名称，如：2027-01-01 元旦；2027-02-06~2027-02-13 春节"),
    )
    workdays = forms.CharField(
        label=_("调休上班日期"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("每行一个日期，可加说明，如：2027-02-14 春节调休"),
    )

    @staticmethod
    def parse_lines(text: str, year: int | None, label: str) -> list[tuple[dt.date, str]]:
        out: list[tuple[dt.date, str]] = []
        for number, raw in enumerate((text or "").splitlines(), start=1):
            line = raw.strip()
            if not line:
                continue
            m = re.match(r"^(\d{4}-\d{1,2}-\d{1,2})(?:\s*[~～至]\s*(\d{4}-\d{1,2}-\d{1,2}))?\s*(.*)$", line)
            if not m:
                raise ValidationError(
                    _("%(label)s第%(n)s行格式不正确：%(line)s") % {"label": label, "n": number, "line": line}
                )
            try:
                first = dt.date.fromisoformat(_pad(m.group(1)))
                last = dt.date.fromisoformat(_pad(m.group(2))) if m.group(2) else first
            except ValueError as exc:
                raise ValidationError(
                    _("%(label)s第%(n)s行日期不存在：%(line)s") % {"label": label, "n": number, "line": line}
                ) from exc
            if last < first or (last - first).days > 40:
                raise ValidationError(_("%(label)s第%(n)s行日期范围不正确") % {"label": label, "n": number})
            day = first
            while day <= last:
                if year is not None and day.year != year:
                    raise ValidationError(
                        _("%(label)s第%(n)s行的日期不在%(year)s年") % {"label": label, "n": number, "year": year}
                    )
                out.append((day, m.group(3).strip()[:50]))
                day += dt.timedelta(days=1)
        return out

    def clean(self):
        data = super().clean()
        year = data.get("year")
        data["holiday_dates"] = self.parse_lines(data.get("holidays", ""), year, "放假日期")
        data["workday_dates"] = self.parse_lines(data.get("workdays", ""), year, "调休上班日期")
        clash = {d for d, _n in data["holiday_dates"]} & {d for d, _n in data["workday_dates"]}
        if clash:
            raise ValidationError(_("同一天不能既放假又上班：%(d)s") % {"d": "、".join(sorted(str(d) for d in clash))})
        return data


def _pad(text: str) -> str:
    y, m, d = text.split("-")
    return f"{int(y):04d}-{int(m):02d}-{int(d):02d}"
