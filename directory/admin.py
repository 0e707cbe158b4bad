from django.contrib import admin

from core.admin import register_history

from .models import AccountLog, AccountProfile, Membership, Organization, Person


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "union_level", "region", "ownership", "parent", "is_demo"]
    list_filter = ["kind", "union_level", "ownership", "region", "is_demo"]
    search_fields = ["name", "short_name", "region"]
    autocomplete_fields = ["parent"]
    readonly_fields = ["path", "depth"]
    inlines = [MembershipInline]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "gender", "employer", "job_title", "trade", "skill_level", "is_demo"]
    list_filter = [
        "gender",
        "skill_level",
        "political_status",
        "is_industrial_worker",
        "is_migrant_worker",
        "is_frontline",
        "is_professional",
        "is_science_education",
        "is_enterprise_leader",
        "is_new_employment",
        "is_demo",
    ]
    search_fields = ["name", "id_number", "phone", "employer__name"]
    autocomplete_fields = ["employer"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organization", "role"]
    list_filter = ["role"]
    search_fields = ["user__username", "organization__name"]
    autocomplete_fields = ["user", "organization"]


@admin.register(AccountProfile)
class AccountProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "organization", "phone", "must_change_password"]
    list_filter = ["must_change_password"]
    search_fields = ["user__username", "user__first_name", "organization__name", "phone"]
    autocomplete_fields = ["user", "organization"]


@admin.register(AccountLog)
class AccountLogAdmin(admin.ModelAdmin):
    """The record of account changes (made on the 账号管理 pages): to read, never to edit."""

    list_display = ["at", "by", "user", "action", "detail"]
    list_filter = ["action"]
    search_fields = ["user__username", "by__username", "detail"]
    readonly_fields = [f.name for f in AccountLog._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


register_history(Organization, Person, Membership)
