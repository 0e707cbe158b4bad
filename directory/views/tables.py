"""django-tables2 table of the people list; ID numbers and phones masked unless ``may_see(employer)``."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from core.idcard import mask_id_number, mask_phone
from core.links import RowUrl

from ..models import Person

PERSON_URL = RowUrl("portal:person_detail")


class PersonTable(tables.Table):
    name = tables.Column(verbose_name=_("姓名"), order_by=("stroke_key",),
                         linkify=lambda record: PERSON_URL(record.pk))
    gender = tables.Column(verbose_name=_("性别"))
    ethnicity = tables.Column(verbose_name=_("民族"))
    id_number = tables.Column(verbose_name=_("身份证号"), orderable=False)
    phone = tables.Column(verbose_name=_("手机号"), orderable=False)
    employer = tables.Column(verbose_name=_("工作单位"), accessor="employer__name", order_by=("employer__stroke_key",))
    job_title = tables.Column(verbose_name=_("职务"))
    skill_level = tables.Column(verbose_name=_("技能等级"))
    categories = tables.Column(verbose_name=_("人员类别"), empty_values=(), orderable=False)

    class Meta:
        model = Person
        fields = ["name", "gender", "ethnicity", "id_number", "phone", "employer", "job_title", "skill_level"]
        attrs = {"class": "table table-sm table-hover"}
        empty_text = _("没有符合条件的人员")

    def __init__(self, *args, may_see=lambda org: False, **kwargs):
        self.may_see = may_see
        super().__init__(*args, **kwargs)

    def _full(self, record) -> bool:
        return record.employer_id is not None and self.may_see(record.employer)

    def render_id_number(self, value, record):
        return value if self._full(record) else mask_id_number(value)

    def render_phone(self, value, record):
        return value if self._full(record) else mask_phone(value)

    def render_categories(self, record):
        return "、".join(record.category_labels()) or "—"
