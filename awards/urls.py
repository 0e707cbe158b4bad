from django.urls import path

from . import views

app_name = "awards"
urlpatterns = [
    path("awards/", views.award_list, name="award_list"),
]
