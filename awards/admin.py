from django.contrib import admin

from .models import (
    Award,
    AwardTally,
    Campaign,
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


@admin.register(HonorType)
class HonorTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "series", "level", "recipient_kind", "category", "precedence", "reaward_years"]
    list_filter = ["level", "recipient_kind", "category", "series"]
    search_fields = ["name", "series", "conferring_body_name"]
    autocomplete_fields = ["conferring_body"]
    inlines = [PrerequisiteInline]


class HolidayDateInline(admin.TabularInline):
    model = HolidayDate
    extra = 3


@admin.register(HolidayYear)
class HolidayYearAdmin(admin.ModelAdmin):
    list_display = ["year", "notice"]
    search_fields = ["year", "notice"]
    inlines = [HolidayDateInline]


class QuotaInline(admin.TabularInline):
    model = Quota
    extra = 0
    autocomplete_fields = ["nominating_org", "honor_type"]


class RuleInline(admin.TabularInline):
    model = CompositionRule
    extra = 0


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["name", "conferring_org", "year", "status", "nomination_deadline", "decision_number"]
    list_filter = ["year", "status"]
    search_fields = ["name", "decision_number", "conferring_org__name"]
    autocomplete_fields = ["conferring_org", "honor_types"]
    inlines = [QuotaInline, RuleInline]


class TransitionInline(admin.TabularInline):
    model = NominationTransition
    extra = 0
    readonly_fields = ["from_status", "to_status", "by", "at", "comment"]
    can_delete = False


class ObjectionInline(admin.TabularInline):
    model = Objection
    extra = 0


@admin.register(Nomination)
class NominationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "campaign", "nominating_org", "status"]
    list_filter = ["status", "campaign", "honor_type"]
    search_fields = ["person__name", "person__id_number", "organization__name", "nominating_org__name"]
    autocomplete_fields = ["person", "organization", "nominating_org", "honor_type", "campaign"]
    raw_id_fields = ["result"]
    inlines = [TransitionInline, ObjectionInline]


@admin.register(Objection)
class ObjectionAdmin(admin.ModelAdmin):
    list_display = ["nomination", "name", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["name", "nomination__person__name", "content"]


@admin.register(Award)
class AwardAdmin(admin.ModelAdmin):
    list_display = ["year", "recipient_name", "honor_type", "unit_and_title", "decision_number", "status"]
    list_filter = ["year", "status", "honor_type__level", "honor_type", "is_demo"]
    search_fields = ["recipient_name", "person__name", "person__id_number", "organization__name", "decision_number"]
    autocomplete_fields = ["person", "organization", "honor_type", "conferring_org", "campaign"]
    raw_id_fields = ["nomination"]


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


@admin.register(CompositionRule)
class CompositionRuleAdmin(admin.ModelAdmin):
    list_display = ["campaign", "flag", "min_share", "max_share", "hard"]
    list_filter = ["hard", "flag"]
    search_fields = ["campaign__name", "label"]


@admin.register(CompositionOverride)
class CompositionOverrideAdmin(admin.ModelAdmin):
    list_display = ["campaign", "rule", "stage", "by", "at"]
    search_fields = ["campaign__name", "reason"]


@admin.register(NominationTransition)
class NominationTransitionAdmin(admin.ModelAdmin):
    list_display = ["nomination", "from_status", "to_status", "by", "at"]
    list_filter = ["to_status"]
    search_fields = ["nomination__person__name", "comment"]


@admin.register(HonorPrerequisite)
class HonorPrerequisiteAdmin(admin.ModelAdmin):
    list_display = ["honor_type", "required_series", "required_min_level", "description"]
    search_fields = ["honor_type__name", "description"]
