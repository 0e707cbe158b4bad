"""URL patterns of the competitions app (namespace "competitions")."""

from django.urls import path

from .views import base, eligibility, imports, innovation, public, registration, scoring

app_name = "competitions"

_event = "competitions/<slug:slug>/scoring/<int:event_pk>/"

urlpatterns = [
    path("competitions/", base.competition_list, name="competition_list"),
    # registration
    path("competitions/new/", registration.competition_create, name="competition_create"),
    path("competitions/<slug:slug>/edit/", registration.competition_edit, name="competition_edit"),
    path("competitions/<slug:slug>/eligibility/", eligibility.eligibility_edit, name="eligibility_edit"),
    path("competitions/<slug:slug>/status/", registration.competition_status, name="competition_status"),
    path("competitions/<slug:slug>/registration/", registration.registration_manage, name="registration_manage"),
    path("competitions/<slug:slug>/events/new/", registration.event_create, name="event_create"),
    path("competitions/<slug:slug>/events/<int:pk>/edit/", registration.event_edit, name="event_edit"),
    path("competitions/<slug:slug>/entries/", registration.entry_list, name="entry_list"),
    path("competitions/<slug:slug>/entries/withdraw/", registration.entry_bulk_withdraw, name="entry_bulk_withdraw"),
    path("competitions/<slug:slug>/entries/new/", registration.entry_create, name="entry_create"),
    path("competitions/<slug:slug>/entries/<int:pk>/status/", registration.entry_status, name="entry_status"),
    path("competitions/<slug:slug>/import/", imports.import_upload, name="import_upload"),
    path("competitions/<slug:slug>/import/confirm/", imports.import_confirm, name="import_confirm"),
    path("competitions/<slug:slug>/import/template.xlsx", imports.import_template, name="import_template"),
    # scoring
    path("scoring/", scoring.scoring_tasks, name="scoring_tasks"),
    path("competitions/<slug:slug>/scoring/", scoring.competition_scoring, name="competition_scoring"),
    path("competitions/<slug:slug>/judges/", scoring.competition_judges, name="competition_judges"),
    path(_event + "marks/", scoring.mark_sheet, name="mark_sheet"),
    path(_event + "recuse/", scoring.recuse, name="recuse"),
    path(_event + "results/", scoring.event_results, name="event_results"),
    path(_event + "compute/", scoring.event_compute, name="event_compute"),
    path(_event + "lock/", scoring.event_lock, name="event_lock"),
    path(_event + "reopen/", scoring.event_reopen, name="event_reopen"),
    path(_event + "publish/", scoring.event_publish, name="event_publish"),
    path(_event + "unpublish/", scoring.event_unpublish, name="event_unpublish"),
    path(_event + "entries/<int:entry_pk>/", scoring.entry_scores, name="entry_scores"),
    path(_event + "import/", imports.score_import, name="score_import"),
    path(_event + "import/confirm/", imports.score_import_confirm, name="score_import_confirm"),
    path(_event + "template.xlsx", imports.score_template, name="score_template"),
    path(_event + "settings/", scoring.scoring_settings, name="scoring_settings"),
    path(_event + "judges/", scoring.judges, name="event_judges"),
    path(_event + "judges/<int:assignment_pk>/remove/", scoring.judge_remove, name="judge_remove"),
    path("competitions/<slug:slug>/results.xlsx", scoring.results_book, name="results_book"),
    path("competitions/<slug:slug>/standings/", scoring.standings, name="standings"),
    path("competitions/<slug:slug>/eligible/", scoring.eligible_list, name="eligible_list"),
    # innovation contests (群众性创新)
    path("competitions/<slug:slug>/innovation/", innovation.contest_home, name="innovation_contest"),
    path("competitions/<slug:slug>/innovation/new/", innovation.project_edit, name="innovation_project_create"),
    path("competitions/<slug:slug>/innovation/<int:pk>/", innovation.project_detail, name="innovation_project"),
    path("competitions/<slug:slug>/innovation/<int:pk>/edit/", innovation.project_edit, name="innovation_project_edit"),
    path(
        "competitions/<slug:slug>/innovation/<int:pk>/<str:action>/",
        innovation.project_action,
        name="innovation_project_action",
    ),
    path(
        "competitions/<slug:slug>/innovation/<int:pk>/files/<int:attachment_pk>/",
        innovation.attachment_download,
        name="innovation_attachment",
    ),
    path(
        "competitions/<slug:slug>/innovation/<int:pk>/files/<int:attachment_pk>/remove/",
        innovation.attachment_remove,
        name="innovation_attachment_remove",
    ),
    path("competitions/<slug:slug>/screening/", innovation.screening, name="innovation_screening"),
    path("competitions/<slug:slug>/innovation-settings/", innovation.contest_settings, name="innovation_settings"),
    path("competitions/<slug:slug>/votes/", innovation.votes_review, name="innovation_votes"),
    path("competitions/<slug:slug>/innovation-results/", innovation.results_manage, name="innovation_results"),
    path("competitions/<slug:slug>/innovation-roster.xlsx", innovation.roster_export, name="innovation_roster"),
    path("vote/<slug:slug>/", innovation.public_vote, name="innovation_vote"),
    path("vote/<slug:slug>/<int:pk>/", innovation.public_vote_cast, name="innovation_vote_cast"),
    path("innovation-results/<slug:slug>/", innovation.public_results, name="innovation_public_results"),
    # public, no login
    path("results/", public.public_index, name="public_results_index"),
    path("results/<slug:slug>/", public.public_competition, name="public_results"),
    path("results/<slug:slug>/<int:event_pk>/", public.public_event, name="public_event_results"),
    path("results/<slug:slug>/<int:event_pk>/results.xlsx", public.public_event_download,
         name="public_event_results_xlsx"),
    # last: the catch-all slug must not shadow the paths above
    path("competitions/<slug:slug>/", base.competition_detail, name="competition_detail"),
]
