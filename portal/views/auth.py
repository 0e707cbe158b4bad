"""Log out with a word said: the home page then shows “您已退出登录”."""

from django.contrib import messages
from django.contrib.auth import views as auth_views


class LogoutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        was_in = request.user.is_authenticated
        response = super().post(request, *args, **kwargs)
        if was_in:
            messages.success(request, "您已退出登录")
        return response
