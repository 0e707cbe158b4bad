from django.contrib import admin

from core.admin import ReadOnlyAdmin, ReadOnlyInline, register_history

from .models import (
    Competition,
    CompetitionStatusChange,
    Entry,
    Event,
    InnovationSettings,
    JudgeAssignment,
    Mark,
    Project,
    ProjectAttachment,
    ProjectMember,
    Recusal,
    RegistrationChange,
    Result,
    ScoreChange,
    ScoreComponent,
    Team,
    Vote,
    Voter,
    VoterCode,
)
from .services.common import registered_count_refresh


class EventInline(admin.TabularInline):
    model = Event
    extra = 0
    fields = ["name", "trade", "kind", "team_size", "places_per_delegation"]
    show_change_link = True


class StatusChangeInline(ReadOnlyInline, admin.TabularInline):
    model = CompetitionStatusChange
    extra = 0
    readonly_fields = ["from_status", "to_status", "changed_by", "changed_at", "comment"]


@admin.register(Competition)
class CompetitionAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "level", "competition_class", "year", "organizer", "status"]
    list_filter = ["kind", "level", "competition_class", "year", "status", "is_demo"]
    search_fields = ["name", "slug", "organizer__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["organizer", "co_organizers"]
    inlines = [EventInline, StatusChangeInline]


class ComponentInline(admin.TabularInline):
    model = ScoreComponent
    extra = 0


class JudgeInline(admin.TabularInline):
    model = JudgeAssignment
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["name", "competition", "trade", "kind", "scores_locked", "results_published"]
    list_filter = ["kind", "scores_locked", "results_published", "competition__year"]
    search_fields = ["name", "trade", "competition__name"]
    autocomplete_fields = ["competition"]
    inlines = [ComponentInline, JudgeInline]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "event", "delegation"]
    search_fields = ["name", "delegation__name", "event__name"]
    autocomplete_fields = ["event", "delegation"]


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin):
    list_display = ["bib", "person", "event", "delegation", "status"]
    list_filter = ["status", "event__competition", "is_demo"]
    search_fields = ["person__name", "person__id_number", "bib", "delegation__name"]
    autocomplete_fields = ["event", "person", "delegation", "team"]
    list_select_related = ["person", "event", "delegation"]

    # Entries changed here bypass the entry services: count their events' 报名人数 again.
    def save_model(self, request, obj, form, change):
        before = Entry.objects.filter(pk=obj.pk).values_list("event_id", flat=True).first() if change else None
        super().save_model(request, obj, form, change)
        registered_count_refresh({obj.event_id, before} - {None})

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        registered_count_refresh([obj.event_id])

    def delete_queryset(self, request, queryset):
        events = set(queryset.values_list("event_id", flat=True))
        super().delete_queryset(request, queryset)
        registered_count_refresh(events)


@admin.register(Mark)
class MarkAdmin(admin.ModelAdmin):
    list_display = ["entry", "component", "judge", "value", "version", "updated_at"]
    search_fields = ["entry__person__name", "entry__bib"]
    list_filter = ["component__name"]
    raw_id_fields = ["entry"]


@admin.register(ScoreChange)
class ScoreChangeAdmin(ReadOnlyAdmin):
    list_display = ["event", "entry", "component", "field", "old_value", "new_value", "changed_by", "changed_at"]
    search_fields = ["entry__person__name", "entry__bib"]
    list_filter = ["field"]
    raw_id_fields = ["entry"]


@admin.register(RegistrationChange)
class RegistrationChangeAdmin(ReadOnlyAdmin):
    list_display = ["competition", "event", "entry", "action", "old_value", "new_value", "changed_by", "changed_at"]
    search_fields = ["entry__person__name", "entry__bib", "competition__name"]
    list_filter = ["action"]
    raw_id_fields = ["entry", "event", "competition"]


@admin.register(Result)
class ResultAdmin(admin.ModelAdmin):
    list_display = ["entry", "total", "rank", "tied", "prize"]
    list_filter = ["prize", "entry__event__competition"]
    search_fields = ["entry__person__name", "entry__person__id_number", "entry__bib"]
    raw_id_fields = ["entry"]


@admin.register(ScoreComponent)
class ScoreComponentAdmin(admin.ModelAdmin):
    list_display = ["name", "event", "weight", "max_score"]
    search_fields = ["name", "event__name"]


@admin.register(JudgeAssignment)
class JudgeAssignmentAdmin(admin.ModelAdmin):
    list_display = ["event", "user", "is_chief"]
    list_filter = ["is_chief"]
    search_fields = ["user__username", "event__name"]


@admin.register(CompetitionStatusChange)
class CompetitionStatusChangeAdmin(ReadOnlyAdmin):
    list_display = ["competition", "from_status", "to_status", "changed_by", "changed_at"]
    list_filter = ["to_status"]
    search_fields = ["competition__name"]


@admin.register(InnovationSettings)
class InnovationSettingsAdmin(admin.ModelAdmin):
    list_display = ["competition", "submission_deadline", "voting_opens", "voting_closes", "votes_per_day"]
    search_fields = ["competition__name"]


class ProjectMemberInline(admin.TabularInline):
    model = ProjectMember
    extra = 0
    autocomplete_fields = ["person"]


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["title", "competition", "category", "unit", "status", "rank", "prize", "is_demo"]
    list_filter = ["status", "is_demo"]
    search_fields = ["title", "unit__name", "competition__name"]
    # The combined result and the vote count are written by the services only.
    readonly_fields = ["review_score", "vote_score", "votes", "combined_score", "rank", "tied", "prize", "entry"]
    inlines = [ProjectMemberInline]


@admin.register(ProjectMember)
class ProjectMemberAdmin(admin.ModelAdmin):
    list_display = ["project", "person", "is_lead"]
    search_fields = ["project__title", "person__name"]


@admin.register(ProjectAttachment)
class ProjectAttachmentAdmin(ReadOnlyAdmin):
    list_display = ["name", "project", "content_type", "size"]
    search_fields = ["name", "project__title"]


@admin.register(VoterCode)
class VoterCodeAdmin(ReadOnlyAdmin):
    list_display = ["competition", "unit", "created_at"]
    search_fields = ["competition__name", "unit__name"]


@admin.register(Voter)
class VoterAdmin(ReadOnlyAdmin):
    list_display = ["key", "competition", "kind", "created_at"]
    search_fields = ["key", "competition__name"]


@admin.register(Vote)
class VoteAdmin(ReadOnlyAdmin):
    """Votes are never edited by hand: voided on the 投票管理 page, with a reason."""

    list_display = ["project", "cast_at", "origin_hash", "voided", "void_reason"]
    list_filter = ["voided"]
    search_fields = ["project__title", "origin_hash"]


@admin.register(Recusal)
class RecusalAdmin(ReadOnlyAdmin):
    list_display = ["judge", "entry", "reason", "created_at"]
    search_fields = ["judge__username", "entry__person__name", "reason"]


register_history(Competition, Event, Entry, Mark, Result)
register_history(InnovationSettings, Project, ProjectMember, ProjectAttachment, Vote, Recusal)
