from django.urls import path

from . import views

app_name = "care"
urlpatterns = [
    path("care/", views.care_home, name="home"),
    path("care/people/<int:pk>/", views.person_care, name="person"),
    path("care/people/<int:pk>/profile/", views.profile_edit, name="profile_edit"),
    path("care/people/<int:pk>/responsible/", views.responsible_edit, name="responsible_edit"),
    path("care/people/<int:pk>/allowance-stop/", views.allowance_stop, name="allowance_stop"),
    path("care/people/<int:pk>/hardship/", views.hardship_apply_view, name="hardship_apply"),
    path("care/hardship/<int:pk>/", views.hardship_decide_view, name="hardship_decide"),
    path("care/events/<int:pk>/correct/", views.event_correct, name="event_correct"),
    path("care/rules/", views.rules_page, name="rules"),
    path("care/batches/", views.batch_list, name="batch_list"),
    path("care/batches/new/", views.batch_create_view, name="batch_create"),
    path("care/batches/<int:pk>/", views.batch_detail, name="batch"),
    path("care/import/", views.ledger_import, name="import"),
    path("care/import/confirm/", views.ledger_import_confirm, name="import_confirm"),
    path("care/import/template/", views.ledger_template, name="import_template"),
    path("care/export/<str:name>/", views.export, name="export"),
]
