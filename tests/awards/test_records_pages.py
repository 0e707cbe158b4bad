"""荣誉目录, 荣誉档案, 表彰记录 list and detail, revoking from the web, the holiday page."""

import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from awards.models import Award, AwardStatus, HolidayYear, HonorPrerequisite
from awards.selectors.holidays import workday_calendar
from tests.factories import AwardFactory, PersonFactory


def test_catalogue_lists_honours_with_rules_and_prerequisites(client, world):
    HonorPrerequisite.objects.create(
        honor_type=world["medal"], required_min_level="county", description="须已获区县级荣誉", hard=False
    )
    client.force_login(world["users"]["a"])
    html = client.get(reverse("awards:honor_catalogue")).content.decode()
    assert "市五一劳动奖章" in html and "5年内" in html and "须已获区县级荣誉" in html and "提示" in html


def test_person_honours_record_lists_every_award_including_revoked_and_historical(client, world):
    person = PersonFactory(name="鲁师傅", employer=world["a_co"])
    AwardFactory(person=person, honor_type=world["medal"], year=2016, source="004_seed.txt", decision_number="")
    AwardFactory(
        person=person,
        honor_type=world["medal"],
        year=2022,
        decision_number="市工发〔2022〕5号",
        status=AwardStatus.REVOKED,
        revoked_reason="材料不实",
    )
    client.force_login(world["users"]["a"])
    html = client.get(reverse("awards:honours_person", args=[person.pk])).content.decode()
    assert "2016" in html and "004_seed.txt" in html
    assert "市工发〔2022〕5号" in html and "已撤销" in html and "材料不实" in html
    assert person.id_number in html  # organisers of the employer see it in full
    client.force_login(world["users"]["other"])
    assert client.get(reverse("awards:honours_person", args=[person.pk])).status_code == 404


def test_person_honours_record_masks_the_id_for_viewers(client, world, organizer_of):
    person = PersonFactory(name="鲁师傅", employer=world["a_co"])
    viewer = organizer_of(world["a"], role="viewer", username="a-viewer")
    client.force_login(viewer)
    html = client.get(reverse("awards:honours_person", args=[person.pk])).content.decode()
    assert person.id_number not in html and person.id_number[-4:] in html


def test_organisation_honours_record(client, world):
    AwardFactory(person=None, organization=world["a_co"], honor_type=world["pioneer"], year=2023)
    client.force_login(world["users"]["a"])
    html = client.get(reverse("awards:honours_organization", args=[world["a_co"].pk])).content.decode()
    assert "市工人先锋号" in html and "2023" in html
    client.force_login(world["users"]["b"])
    assert client.get(reverse("awards:honours_organization", args=[world["a_co"].pk])).status_code == 404


def test_award_list_filters_and_scopes(client, world):
    AwardFactory(person=PersonFactory(name="甲获奖", employer=world["a_co"]), honor_type=world["medal"], year=2020)
    AwardFactory(person=PersonFactory(name="乙获奖", employer=world["b_co"]), honor_type=world["medal"], year=2021)
    client.force_login(world["users"]["a"])
    html = client.get(reverse("awards:award_list")).content.decode()
    assert "甲获奖" in html and "乙获奖" not in html
    client.force_login(world["users"]["city"])
    html = client.get(reverse("awards:award_list"), {"year": 2021}).content.decode()
    assert "乙获奖" in html and "甲获奖" not in html
    assert client.get(reverse("awards:award_list"), {"year": "abc", "q": "x" * 500}).status_code == 200


def test_award_is_revoked_from_its_page_and_stays_listed(client, world):
    award = AwardFactory(
        person=PersonFactory(employer=world["a_co"]), honor_type=world["medal"], year=2020, conferring_org=world["city"]
    )
    client.force_login(world["users"]["a"])
    assert "撤销表彰" not in client.get(reverse("awards:award_detail", args=[award.pk])).content.decode()
    client.post(reverse("awards:award_revoke", args=[award.pk]), {"reason": "冒名"})
    assert Award.objects.get(pk=award.pk).status == AwardStatus.ACTIVE
    client.force_login(world["users"]["city"])
    response = client.post(reverse("awards:award_revoke", args=[award.pk]), {"reason": "经查弄虚作假"}, follow=True)
    assert "已撤销" in response.content.decode()
    award.refresh_from_db()
    assert (award.status, award.revoked_reason) == (AwardStatus.REVOKED, "经查弄虚作假")
    html = client.get(reverse("awards:award_list")).content.decode()
    assert "已撤销" in html


@pytest.fixture
def holiday_admin(world, organizer_of):
    user = organizer_of(world["city"], username="holiday-admin")
    user.user_permissions.add(Permission.objects.get(codename="change_holidayyear"))
    return user


def test_holiday_page_is_for_admins_only(client, world, holiday_admin):
    client.force_login(world["users"]["city"])
    assert client.get(reverse("awards:holiday_list")).status_code == 403
    client.force_login(holiday_admin)
    assert client.get(reverse("awards:holiday_list")).status_code == 200


def test_admin_enters_a_year_with_ranges_and_makeup_days(client, world, holiday_admin):
    client.force_login(holiday_admin)
    response = client.post(
        reverse("awards:holiday_list"),
        {
            "year": 2027,
            "notice": "测试通知",
            "holidays": "2027-01-01 元旦\n2027-02-06~2027-02-13 春节",
            "workdays": "2027-02-14 春节调休",
        },
    )
    assert response.status_code == 302
    arrangement = HolidayYear.objects.get(year=2027)
    assert arrangement.dates.filter(kind="holiday").count() == 9
    assert arrangement.dates.get(kind="workday").date == dt.date(2027, 2, 14)
    assert workday_calendar().add_working_days(dt.date(2027, 2, 4), 5) == dt.date(2027, 2, 16)


@pytest.mark.parametrize(
    "holidays,workdays,error",
    [
        ("2027-13-01", "", "日期不存在"),
        ("2028-01-01", "", "不在2027年"),
        ("明天", "", "格式不正确"),
        ("2027-02-14", "2027-02-14", "既放假又上班"),
    ],
)
def test_holiday_form_rejects_bad_lines_without_error(client, world, holiday_admin, holidays, workdays, error):
    client.force_login(holiday_admin)
    response = client.post(reverse("awards:holiday_list"), {"year": 2027, "holidays": holidays, "workdays": workdays})
    assert response.status_code == 200 and error in response.content.decode()
    assert not HolidayYear.objects.exists()
