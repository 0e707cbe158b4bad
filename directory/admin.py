from django.contrib import admin

from core.admin import register_history

from .models import Membership, Organization, Person


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


register_history(Organization, Person, Membership)
