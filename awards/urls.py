from django.urls import path

from .views import campaigns, exports, imports, nominations, public, records

app_name = "awards"
urlpatterns = [
    # 表彰记录与荣誉档案
    path("awards/", records.award_list, name="award_list"),
    path("awards/import/", imports.history_import, name="history_import"),
    path("awards/import/confirm/", imports.history_import_confirm, name="history_import_confirm"),
    path("awards/<int:pk>/", records.award_detail, name="award_detail"),
    path("awards/<int:pk>/revoke/", records.award_revoke, name="award_revoke"),
    path("honours/", records.honor_catalogue, name="honor_catalogue"),
    path("honours/person/<int:pk>/", records.honours_person, name="honours_person"),
    path("honours/organization/<int:pk>/", records.honours_organization, name="honours_organization"),
    path("holidays/", records.holiday_list, name="holiday_list"),
    # 评选批次
    path("campaigns/", campaigns.campaign_list, name="campaign_list"),
    path("campaigns/new/", campaigns.campaign_create, name="campaign_create"),
    path("campaigns/<int:pk>/", campaigns.campaign_detail, name="campaign_detail"),
    path("campaigns/<int:pk>/edit/", campaigns.campaign_edit, name="campaign_edit"),
    path("campaigns/<int:pk>/step/<str:step>/", campaigns.campaign_step, name="campaign_step"),
    path("campaigns/<int:pk>/national-rules/", campaigns.campaign_national_rules, name="campaign_national_rules"),
    path("campaigns/<int:pk>/override/", campaigns.campaign_override, name="campaign_override"),
    path("campaigns/<int:pk>/notice/", campaigns.campaign_start_notice, name="campaign_start_notice"),
    path("campaigns/<int:pk>/confer/", campaigns.campaign_confer, name="campaign_confer"),
    path("campaigns/<int:pk>/from-results/", campaigns.from_results, name="from_results"),
    # 推荐
    path("campaigns/<int:pk>/nominate/<str:kind>/", nominations.nomination_create, name="nomination_create"),
    path("campaigns/<int:pk>/bulk/", nominations.nomination_bulk, name="nomination_bulk"),
    path("nominations/<int:pk>/", nominations.nomination_detail, name="nomination_detail"),
    path("nominations/<int:pk>/edit/", nominations.nomination_edit, name="nomination_edit"),
    path("nominations/<int:pk>/transition/", nominations.nomination_transition, name="nomination_transition"),
    path("objections/<int:pk>/answer/", nominations.objection_answer, name="objection_answer"),
    # 公示（无需登录）
    path("notices/", public.notice_list, name="notice_list"),
    path("notices/<int:pk>/", public.notice_detail, name="notice_detail"),
    path("notices/receipt/", public.objection_receipt, name="objection_receipt"),
    path("notices/<int:pk>/objection/<int:nomination_pk>/", public.objection_create, name="objection_create"),
    # 导出
    path("awards/export/", exports.award_export, name="award_export"),
    path("awards/statistics/", exports.statistics, name="statistics"),
    path("awards/statistics/export/", exports.statistics_export, name="statistics_export"),
    path("campaigns/<int:pk>/export/<slug:name>/", exports.campaign_export, name="campaign_export"),
]
