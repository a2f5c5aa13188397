from django.contrib.auth import views as auth_views
from django.urls import path

from learners.views import accounts

app_name = "accounts"

urlpatterns = [
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/signup/", accounts.signup, name="signup"),
    path("me/settings/", accounts.account_settings, name="settings"),
]
