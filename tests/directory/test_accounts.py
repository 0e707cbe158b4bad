"""账号管理: organisers create accounts for their subtree, grant and remove roles there only,
reset passwords (to be changed at next login), deactivate; every change is recorded."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from openpyxl import Workbook

from core.errors import DomainError, NotAllowed
from core.models import ImportRecord
from directory.importers import AccountImporter
from directory.models import AccountAction, AccountLog, AccountProfile, Membership, Role
from directory.selectors import account_list_visible, account_may_manage
from directory.services import (
    account_create,
    account_reset_password,
    account_role_grant,
    account_role_revoke,
    account_set_active,
)
from tests.factories import member_of

pytestmark = pytest.mark.django_db
User = get_user_model()


def xlsx(rows, header=("姓名", "单位", "角色", "手机号", "用户名")) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_organiser_creates_an_account_in_the_subtree_that_must_change_its_password(org_tree):
    boss = member_of(org_tree["a"])
    user, password = account_create(by=boss, name="张 三", organization=org_tree["a1"], role="联络员",
                                    phone="13900001111")
    assert user.username == "13900001111" and user.first_name == "张三"
    assert user.check_password(password) and len(password) == 10
    assert user.account.must_change_password and user.account.organization == org_tree["a1"]
    assert Membership.objects.get(user=user).role == Role.ORGANIZER
    log = AccountLog.objects.get(user=user)
    assert log.by == boss and log.action == AccountAction.CREATE and "甲一公司" in log.detail


def test_organiser_cannot_create_or_grant_outside_the_subtree(org_tree):
    boss = member_of(org_tree["a"])
    with pytest.raises(NotAllowed):
        account_create(by=boss, name="李四", organization=org_tree["b"], role="裁判", phone="13900001112")
    user, _ = account_create(by=boss, name="李四", organization=org_tree["a1"], role="裁判", phone="13900001112")
    with pytest.raises(NotAllowed):
        account_role_grant(by=boss, user=user, organization=org_tree["b"], role=Role.VIEWER)


def test_only_an_admin_grants_the_admin_role(org_tree):
    organiser = member_of(org_tree["a"])
    admin = member_of(org_tree["a"], role=Role.ADMIN)
    user, _ = account_create(by=organiser, name="王五", organization=org_tree["a1"], role="查看", phone="13900001113")
    with pytest.raises(NotAllowed):
        account_role_grant(by=organiser, user=user, organization=org_tree["a1"], role=Role.ADMIN)
    account_role_grant(by=admin, user=user, organization=org_tree["a1"], role=Role.ADMIN)
    assert set(user.memberships.values_list("role", flat=True)) == {Role.VIEWER, Role.ADMIN}


def test_grant_twice_is_refused_and_revoke_is_recorded(org_tree):
    boss = member_of(org_tree["a"])
    user, _ = account_create(by=boss, name="赵六", organization=org_tree["a1"], role="裁判", phone="13900001114")
    with pytest.raises(DomainError, match="已是"):
        account_role_grant(by=boss, user=user, organization=org_tree["a1"], role=Role.JUDGE)
    account_role_revoke(by=boss, membership=user.memberships.get())
    assert not user.memberships.exists()
    assert list(AccountLog.objects.filter(user=user).values_list("action", flat=True)) == [
        AccountAction.REVOKE, AccountAction.CREATE]


def test_taken_username_is_refused(org_tree):
    boss = member_of(org_tree["a"])
    account_create(by=boss, name="赵六", organization=org_tree["a1"], role="裁判", phone="13900001114")
    with pytest.raises(DomainError, match="已被使用"):
        account_create(by=boss, name="钱七", organization=org_tree["a1"], role="裁判", phone="13900001114")


def test_reset_and_deactivate_only_accounts_wholly_in_the_subtree(org_tree):
    boss = member_of(org_tree["a"])
    top = member_of(org_tree["root"], role=Role.ADMIN)
    user, first = account_create(by=boss, name="孙八", organization=org_tree["a1"], role="评审", phone="13900001115")
    AccountProfile.objects.filter(user=user).update(must_change_password=False)
    new = account_reset_password(by=boss, user=user)
    user.refresh_from_db()
    assert new != first and user.check_password(new) and user.account.must_change_password
    account_role_grant(by=top, user=user, organization=org_tree["b"], role=Role.VIEWER)
    assert not account_may_manage(boss, User.objects.get(pk=user.pk))
    with pytest.raises(NotAllowed):
        account_set_active(by=boss, user=User.objects.get(pk=user.pk), active=False)
    account_set_active(by=top, user=user, active=False)
    user.refresh_from_db()
    assert not user.is_active
    assert AccountLog.objects.filter(user=user, action=AccountAction.DEACTIVATE, by=top).exists()


def test_accounts_list_shows_only_the_subtree(org_tree):
    a_boss = member_of(org_tree["a"])
    b_user = member_of(org_tree["b"], role=Role.JUDGE, username="b-judge")
    a1_user = member_of(org_tree["a1"], role=Role.JUDGE, username="a1-judge")
    names = set(account_list_visible(a_boss).values_list("username", flat=True))
    assert a1_user.username in names and b_user.username not in names


def test_account_pages_answer_404_outside_the_subtree_and_403_when_not_manageable(client, org_tree):
    a_boss = member_of(org_tree["a"], username="a-boss")
    b_user = member_of(org_tree["b"], role=Role.JUDGE, username="b-judge")
    shared = member_of(org_tree["a1"], role=Role.JUDGE, username="shared")
    Membership.objects.create(user=shared, organization=org_tree["b"], role=Role.VIEWER)
    client.force_login(a_boss)
    assert client.get(reverse("directory:account_detail", args=[b_user.pk])).status_code == 404
    assert client.get(reverse("directory:account_detail", args=[shared.pk])).status_code == 200
    assert client.post(reverse("directory:account_reset_password", args=[shared.pk])).status_code == 403
    judge = member_of(org_tree["a1"], role=Role.JUDGE, username="plain-judge")
    client.force_login(judge)
    assert client.get(reverse("directory:account_list")).status_code == 404


def test_account_list_query_count_does_not_grow(client, org_tree, django_assert_max_num_queries):
    boss = member_of(org_tree["a"], username="a-boss")
    for i in range(15):
        account_create(by=boss, name="周九", organization=org_tree["a1"], role="裁判", phone=f"139000020{i:02d}")
    client.force_login(boss)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("directory:account_list")).status_code == 200


def test_creating_an_account_on_the_page_shows_its_password_once(client, org_tree):
    boss = member_of(org_tree["a"], username="a-boss")
    client.force_login(boss)
    response = client.post(reverse("directory:account_create"), {
        "name": "吴十", "organization": org_tree["a1"].pk, "role": Role.JUDGE, "phone": "13900003333"})
    assert response.status_code == 302
    page = client.get(reverse("directory:account_passwords")).content.decode()
    assert "13900003333" in page and "初始密码" in page
    assert "13900003333" not in client.get(reverse("directory:account_passwords")).content.decode()


def test_forced_password_change_redirects_until_changed(client, org_tree):
    boss = member_of(org_tree["a"])
    user, password = account_create(by=boss, name="郑一", organization=org_tree["a1"], role="裁判",
                                    phone="13900004444")
    assert client.login(username="13900004444", password=password)
    response = client.get(reverse("portal:home"))
    assert response.status_code == 302 and response["Location"] == reverse("directory:password_change")
    response = client.post(reverse("directory:password_change"), {
        "old_password": password, "new_password1": "Xin-mima-2026", "new_password2": "Xin-mima-2026"})
    assert response.status_code == 302
    assert client.get(reverse("portal:home")).status_code == 200
    assert not AccountProfile.objects.get(user=user).must_change_password
    assert AccountLog.objects.filter(user=user, action=AccountAction.CHANGE_PASSWORD).exists()


def test_import_reports_every_bad_row_and_saves_nothing(org_tree):
    boss = member_of(org_tree["a"])
    member_of(org_tree["a1"], role=Role.JUDGE, username="13900005555")
    data = xlsx([
        ("张三", "甲一公司", "裁判", "13900005551", ""),
        ("", "甲一公司", "裁判", "13900005552", ""),
        ("李四", "乙工会", "裁判", "13900005553", ""),
        ("王五", "甲一公司", "教练", "13900005554", ""),
        ("赵六", "甲一公司", "评审", "13900005555", ""),
        ("钱七", "甲一公司", "评审", "1390000", ""),
        ("孙八", "甲一公司", "管理员", "13900005556", ""),
        ("周九", "甲一公司", "查看", "13900005557", "zhou jiu"),
        ("吴十", "甲一公司", "查看", "13900005551", ""),
    ])
    report = AccountImporter(by=boss).run(data, filename="账号.xlsx")
    messages = [str(e) for e in report.errors]
    assert not report.saved and User.objects.filter(first_name="张三").count() == 0
    assert messages[0].startswith("第3行 姓名：")
    assert any(m.startswith("第4行 单位：找不到") for m in messages)
    assert any(m.startswith("第5行 角色：未知角色“教练”") for m in messages)
    assert any(m.startswith("第6行 手机号：用户名“13900005555”已被使用") for m in messages)
    assert any(m.startswith("第7行 手机号：") for m in messages)
    assert any(m.startswith("第8行 角色：只有管理员") for m in messages)
    assert any(m.startswith("第9行 用户名：") for m in messages)
    assert any(m.startswith("第10行 手机号：用户名“13900005551”与第2行重复") for m in messages)


def test_import_creates_all_accounts_with_passwords_in_fixed_queries(org_tree, django_assert_max_num_queries):
    boss = member_of(org_tree["a"])
    rows = [(f"测{'一二三四五六七八九十'[i % 10]}", "甲一公司", "裁判", f"139000066{i:02d}", "") for i in range(30)]
    rows.append(("陈明", "甲工会", "联络员", "13900007777", "chenming"))
    with django_assert_max_num_queries(20):
        report = AccountImporter(by=boss).run(xlsx(rows), filename="账号.xlsx")
    assert report.saved, [str(e) for e in report.errors]
    assert len(report.passwords) == 31
    chen = User.objects.get(username="chenming")
    assert chen.check_password(report.passwords[-1][4]) and chen.account.must_change_password
    assert chen.memberships.get().role == Role.ORGANIZER
    assert AccountLog.objects.filter(action=AccountAction.IMPORT, by=boss).count() == 31
    record = ImportRecord.objects.get(kind="accounts")
    assert record.created_count == 31 and "password" not in str(record.summary)


def test_import_through_the_web_flow_then_shows_the_printable_list(client, org_tree):
    boss = member_of(org_tree["a"], username="a-boss")
    client.force_login(boss)
    upload = io.BytesIO(xlsx([("陈明", "甲一公司", "查看", "13900008888", "")]))
    upload.name = "账号.xlsx"
    response = client.post(reverse("directory:account_import"), {"file": upload})
    page = response.content.decode()
    assert "确认导入 1 个账号" in page
    token = response.context["token"]
    response = client.post(reverse("directory:account_import_confirm"), {"token": token})
    assert response["Location"] == reverse("directory:account_passwords")
    page = client.get(reverse("directory:account_passwords")).content.decode()
    assert "陈明" in page and "13900008888" in page


def test_template_is_read_by_the_importer(client, org_tree):
    from openpyxl import load_workbook

    boss = member_of(org_tree["a"], username="a-boss")
    client.force_login(boss)
    data = client.get(reverse("directory:account_template")).content
    ws = load_workbook(io.BytesIO(data)).active
    ws.append(["陈明", "甲一公司", "裁判", "13900009999", None])
    buf = io.BytesIO()
    ws.parent.save(buf)
    report = AccountImporter(by=boss).run(buf.getvalue(), filename="t.xlsx", dry_run=True)
    assert report.ok and report.planned() == 1


def test_initial_passwords_are_hashed_cheaply_and_upgraded_at_first_login(client, org_tree, settings):
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    boss = member_of(org_tree["a"])
    user, password = account_create(by=boss, name="冯一", organization=org_tree["a1"], role="裁判",
                                    phone="13900001999")
    assert user.password.startswith("pbkdf2_sha256$20000$")
    assert client.login(username="13900001999", password=password)
    user.refresh_from_db()
    assert user.password.startswith(f"pbkdf2_sha256${PBKDF2PasswordHasher.iterations}$")
