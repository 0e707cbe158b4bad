from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from portal.forms.login import LoginForm
from portal.views.auth import LogoutView

admin.site.site_header = "匠心 · 竞赛与表彰管理"
admin.site.site_title = "匠心管理后台"
admin.site.index_title = "数据管理"

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(authentication_form=LoginForm), name="login"),
    path("logout/", LogoutView.as_view(), name="logout"),
    # browsers ask for /favicon.ico whatever the page says
    path("favicon.ico", RedirectView.as_view(url=static("favicon.svg"), permanent=True)),
    path("admin/", admin.site.urls),
    # portal: the home page and the pages that span apps (profiles, the people list)
    path("", include("portal.urls")),
    path("", include("directory.urls")),
    path("", include("competitions.urls")),
    path("", include("awards.urls")),
]
