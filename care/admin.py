"""Admin: the treatment settings and rules may be edited; the ledger is read-only (never deleted)."""

from django.contrib import admin

from .models import CareEvent, CareProfile, EntitlementRule, HonourTreatment, RecuperationBatch


@admin.register(HonourTreatment)
class HonourTreatmentAdmin(admin.ModelAdmin):
    list_display = ("honor_type", "carries", "note")
    autocomplete_fields = ()


@admin.register(EntitlementRule)
class EntitlementRuleAdmin(admin.ModelAdmin):
    list_display = ("organization", "kind", "honour_level", "life_status", "enabled", "every_years", "amount")
    list_filter = ("kind",)


@admin.register(CareProfile)
class CareProfileAdmin(admin.ModelAdmin):
    list_display = ("person", "responsible_org", "life_status", "is_demo")
    raw_id_fields = ("person", "responsible_org")
    readonly_fields = ("updated_by",)


@admin.register(RecuperationBatch)
class RecuperationBatchAdmin(admin.ModelAdmin):
    list_display = ("name", "organization", "base", "start_date", "places", "status")


@admin.register(CareEvent)
class CareEventAdmin(admin.ModelAdmin):
    list_display = ("profile", "kind", "date", "amount", "superseded", "void", "recorded_by")
    list_filter = ("kind", "superseded", "void")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
