"""Create (or reset) the demo accounts on top of the loaded fixtures and print their logins."""

import os

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from directory.models import Membership, Organization, Role

DEMO_ACCOUNTS = [
    # username, full name, organisation, role, staff
    ("demo", "演示组织者", "中华全国总工会", Role.ORGANIZER, True),
    ("tianjin", "天津市总工会组织者", "天津市总工会", Role.ORGANIZER, False),
    ("langfang", "廊坊市总工会组织者", "廊坊市总工会", Role.ORGANIZER, False),
]


class Command(BaseCommand):
    help = "创建演示账号（需先加载 fixtures）并打印登录信息"

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            default=os.environ.get("JIANGXIN_DEMO_PASSWORD", "jiangxin-demo"),
            help="演示账号密码（默认 jiangxin-demo，可用环境变量 JIANGXIN_DEMO_PASSWORD 设置）",
        )

    @transaction.atomic
    def handle(self, *args, password, **options):
        User = get_user_model()
        for username, full_name, org_name, role, staff in DEMO_ACCOUNTS:
            try:
                org = Organization.objects.get(name=org_name, parent__isnull=(org_name == "中华全国总工会"))
            except Organization.DoesNotExist as exc:
                raise CommandError(f"找不到组织“{org_name}”：请先运行 loaddata 加载 fixtures。") from exc
            user, _ = User.objects.get_or_create(username=username)
            user.first_name = full_name
            user.is_staff = staff
            user.is_superuser = False
            user.set_password(password)
            user.save()
            Membership.objects.get_or_create(user=user, organization=org, role=role)
            if staff:
                # The demo organiser may browse the admin: give it every model permission.
                user.user_permissions.set(
                    Permission.objects.filter(content_type__app_label__in=["directory", "competitions", "awards"])
                )
        self.stdout.write("演示账号（登录 http://127.0.0.1:8000/login/）：")
        for username, full_name, org_name, _role, _staff in DEMO_ACCOUNTS:
            self.stdout.write(f"  用户名 {username:<10} 密码 {password}   {full_name}（{org_name}）")
