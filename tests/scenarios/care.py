"""The 劳模关爱 tests' world: a union tree with honourees carrying 劳模待遇 and some who do not.

    测试市总工会 (root)
      ├─ 甲区总工会 ─ 甲区机械厂 (employer): 王伟, 丁一, 欧阳修 — 测试市劳动模范 (provincial)
      └─ 乙区总工会 ─ 乙区研究院 (employer): 李娜 (女) — 全国先进工作者; 张三 — 测试市五一劳动奖章 (city:
         no 劳模待遇 by default)

Users: ``root_org`` (organiser of the root), ``a_org`` / ``b_org`` (organisers of the districts),
``a_viewer`` (查看 in district A: not an organiser).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from competitions.models import Level
from directory.models import Gender, OrgKind, Role
from tests.factories import AwardFactory, HonorTypeFactory, OrganizationFactory, PersonFactory, demo_id, member_of


@dataclass
class CareWorld:
    root: Any
    district_a: Any
    district_b: Any
    factory_a: Any
    institute_b: Any
    model_worker: Any
    advanced: Any
    city_medal: Any
    people: dict = field(default_factory=dict)
    awards: dict = field(default_factory=dict)
    users: dict = field(default_factory=dict)


def care_world() -> CareWorld:
    root = OrganizationFactory(name="测试市总工会", kind=OrgKind.UNION)
    a = OrganizationFactory(name="甲区总工会", parent=root, kind=OrgKind.UNION)
    b = OrganizationFactory(name="乙区总工会", parent=root, kind=OrgKind.UNION)
    fa = OrganizationFactory(name="甲区机械厂", parent=a, kind=OrgKind.EMPLOYER)
    ib = OrganizationFactory(name="乙区研究院", parent=b, kind=OrgKind.EMPLOYER)
    model_worker = HonorTypeFactory(name="测试市劳动模范", series="劳动模范", level=Level.PROVINCIAL)
    advanced = HonorTypeFactory(name="全国先进工作者", series="先进工作者", level=Level.NATIONAL)
    city_medal = HonorTypeFactory(name="测试市五一劳动奖章", series="五一劳动奖章", level=Level.CITY)
    world = CareWorld(root, a, b, fa, ib, model_worker, advanced, city_medal)
    births = {"王伟": date(1960, 3, 5), "丁一": date(1950, 7, 1), "欧阳修": date(1970, 1, 9)}
    for name in ("王伟", "丁一", "欧阳修"):
        person = PersonFactory(
            name=name, employer=fa, birth_date=births[name], id_number=demo_id(Gender.MALE, births[name])
        )
        world.people[name] = person
        world.awards[name] = AwardFactory(person=person, honor_type=model_worker, year=2015)
    li = PersonFactory(name="李娜", gender=Gender.FEMALE, employer=ib, birth_date=date(1948, 2, 29),
                       id_number=demo_id(Gender.FEMALE, date(1948, 2, 29)))
    world.people["李娜"] = li
    world.awards["李娜"] = AwardFactory(person=li, honor_type=advanced, year=2005)
    zhang = PersonFactory(name="张三", employer=ib)
    world.people["张三"] = zhang
    world.awards["张三"] = AwardFactory(person=zhang, honor_type=city_medal, year=2020)
    world.users = {
        "root_org": member_of(root, username="care-root"),
        "a_org": member_of(a, username="care-a"),
        "b_org": member_of(b, username="care-b"),
        "a_viewer": member_of(a, Role.VIEWER, username="care-a-viewer"),
    }
    return world
