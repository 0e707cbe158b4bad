"""Admin for the honours catalogue and the records.

The catalogue (HonorType with prerequisites) and the holiday arrangements are maintained here.
Statuses of campaigns, nominations, objections and awards are read-only: they change only through
the steps in awards.services (from the web pages), which check roles and record every step.
"""

from django.contrib import admin
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from core.admin import ReadOnlyAdmin, ReadOnlyInline, register_history

from .models import (
    Award,
    AwardStatus,
    AwardTally,
    Campaign,
    CampaignStatusChange,
    CompositionOverride,
    CompositionRule,
    HolidayDate,
    HolidayYear,
    HonorPrerequisite,
    HonorType,
    Nomination,
    NominationTransition,
    Objection,
    Quota,
)


class PrerequisiteInline(admin.TabularInline):
    model = HonorPrerequisite
    extra = 0
    fields = ["required_series", "required_min_level", "description", "hard"]


@admin.register(HonorType)
class HonorTypeAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "series",
        "level",
        "recipient_kind",
        "category",
        "conferring_display",
        "precedence",
        "reaward_years",
        "active_awards",
    ]
    list_editable = ["precedence", "reaward_years"]
    list_filter = ["level", "recipient_kind", "category", "series", "is_demo"]
    search_fields = ["name", "series", "conferring_body_name"]
    autocomplete_fields = ["conferring_body"]
    readonly_fields = ["name_key", "created_at", "updated_at"]
    inlines = [PrerequisiteInline]
    fieldsets = [
        (None, {"fields": ["name", "series", "level", "recipient_kind", "category"]}),
        (_("授予单位"), {"fields": ["conferring_body", "conferring_body_name"]}),
        (_("规则"), {"fields": ["precedence", "reaward_years"]}),
        (_("来源"), {"fields": ["source", "is_demo", "name_key", "created_at", "updated_at"]}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("conferring_body")
            .annotate(_active=Count("awards", filter=Q(awards__status=AwardStatus.ACTIVE)))
        )

    @admin.display(description=_("授予单位"))
    def conferring_display(self, obj):
        return obj.conferring_body.name if obj.conferring_body_id else obj.conferring_body_name

    @admin.display(description=_("有效表彰数"), ordering="_active")
    def active_awards(self, obj):
        return obj._active


@admin.register(HonorPrerequisite)
class HonorPrerequisiteAdmin(admin.ModelAdmin):
    list_display = ["honor_type", "required_series", "required_min_level", "description", "hard"]
    list_filter = ["hard", "required_min_level"]
    search_fields = ["honor_type__name", "description"]
    autocomplete_fields = ["honor_type"]


class HolidayDateInline(admin.TabularInline):
    model = HolidayDate
    extra = 5
    fields = ["date", "kind", "name"]


@admin.register(HolidayYear)
class HolidayYearAdmin(admin.ModelAdmin):
    list_display = ["year", "notice", "holiday_count", "workday_count"]
    search_fields = ["year", "notice"]
    inlines = [HolidayDateInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                _holidays=Count("dates", filter=Q(dates__kind="holiday")),
                _workdays=Count("dates", filter=Q(dates__kind="workday")),
            )
        )

    @admin.display(description=_("放假天数"))
    def holiday_count(self, obj):
        return obj._holidays

    @admin.display(description=_("调休上班天数"))
    def workday_count(self, obj):
        return obj._workdays


class QuotaInline(admin.TabularInline):
    model = Quota
    extra = 0
    autocomplete_fields = ["nominating_org", "honor_type"]


class RuleInline(admin.TabularInline):
    model = CompositionRule
    extra = 0


class CampaignStatusChangeInline(ReadOnlyInline, admin.TabularInline):
    model = CampaignStatusChange
    extra = 0
    fields = ["at", "from_status", "to_status", "by", "comment"]
    readonly_fields = fields


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["name", "conferring_org", "year", "status", "nomination_deadline", "notice_end", "decision_number"]
    list_filter = ["year", "status", "is_demo"]
    search_fields = ["name", "decision_number", "conferring_org__name"]
    autocomplete_fields = ["conferring_org", "honor_types"]
    readonly_fields = ["status", "notice_start", "notice_end", "created_at", "updated_at"]
    inlines = [QuotaInline, RuleInline, CampaignStatusChangeInline]


class TransitionInline(ReadOnlyInline, admin.TabularInline):
    model = NominationTransition
    extra = 0
    fields = ["at", "from_status", "to_status", "by", "comment"]
    readonly_fields = fields


class ObjectionInline(admin.TabularInline):
    model = Objection
    extra = 0
    fields = ["created_at", "name", "contact", "content", "status", "outcome", "answer", "answered_by"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Nomination)
class NominationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "campaign", "nominating_org", "status", "updated_at"]
    list_filter = ["status", "campaign", "honor_type"]
    search_fields = ["person__name", "person__id_number", "organization__name", "nominating_org__name"]
    autocomplete_fields = ["person", "organization", "nominating_org", "honor_type", "campaign"]
    raw_id_fields = ["result"]
    readonly_fields = ["status", "created_by", "created_at", "updated_at"]
    inlines = [TransitionInline, ObjectionInline]


@admin.register(Objection)
class ObjectionAdmin(admin.ModelAdmin):
    list_display = ["nomination", "name", "status", "outcome", "created_at"]
    list_filter = ["status", "outcome"]
    search_fields = ["name", "nomination__person__name", "content"]
    readonly_fields = [
        "nomination",
        "name",
        "contact",
        "content",
        "status",
        "outcome",
        "answer",
        "answered_by",
        "answered_at",
        "client_hash",
        "created_at",
    ]

    def has_add_permission(self, request):
        return False


@admin.register(Award)
class AwardAdmin(admin.ModelAdmin):
    list_display = ["year", "recipient_name", "honor_type", "unit_and_title", "decision_number", "status"]
    list_filter = ["year", "status", "honor_type__level", "honor_type", "is_demo"]
    search_fields = ["recipient_name", "person__name", "person__id_number", "organization__name", "decision_number"]
    autocomplete_fields = ["person", "organization", "honor_type", "conferring_org", "campaign"]
    raw_id_fields = ["nomination"]
    # Revoking goes through the award's page (awards.services.awards.award_revoke), which records it.
    readonly_fields = ["status", "revoked_reason", "revoked_at", "stroke_key", "created_at", "updated_at"]


@admin.register(AwardTally)
class AwardTallyAdmin(admin.ModelAdmin):
    list_display = ["year", "organization", "honor_type", "count", "source"]
    list_filter = ["year", "honor_type"]
    search_fields = ["organization__name", "honor_type__name"]
    autocomplete_fields = ["organization", "honor_type"]


@admin.register(Quota)
class QuotaAdmin(admin.ModelAdmin):
    list_display = ["campaign", "nominating_org", "honor_type", "places"]
    search_fields = ["campaign__name", "nominating_org__name"]
    list_filter = ["campaign"]
    autocomplete_fields = ["nominating_org", "honor_type", "campaign"]


@admin.register(CompositionRule)
class CompositionRuleAdmin(admin.ModelAdmin):
    list_display = ["campaign", "honor_type", "flag", "label", "min_share", "max_share", "hard"]
    list_filter = ["hard", "flag"]
    search_fields = ["campaign__name", "label"]


@admin.register(CompositionOverride)
class CompositionOverrideAdmin(ReadOnlyAdmin):
    list_display = ["campaign", "rule", "stage", "by", "at"]
    search_fields = ["campaign__name", "reason"]
    readonly_fields = ["campaign", "rule", "stage", "reason", "by", "at"]


@admin.register(NominationTransition)
class NominationTransitionAdmin(ReadOnlyAdmin):
    list_display = ["nomination", "from_status", "to_status", "by", "at"]
    list_filter = ["to_status"]
    search_fields = ["nomination__person__name", "comment"]
    readonly_fields = ["nomination", "from_status", "to_status", "by", "at", "comment"]


@admin.register(CampaignStatusChange)
class CampaignStatusChangeAdmin(ReadOnlyAdmin):
    list_display = ["campaign", "from_status", "to_status", "by", "at"]
    list_filter = ["to_status"]
    search_fields = ["campaign__name", "comment"]
    readonly_fields = ["campaign", "from_status", "to_status", "by", "at", "comment"]


@admin.register(HolidayDate)
class HolidayDateAdmin(admin.ModelAdmin):
    list_display = ["date", "kind", "name", "arrangement"]
    list_filter = ["kind", "arrangement"]
    search_fields = ["name", "date"]


register_history(Campaign, Nomination, Objection, Award)
