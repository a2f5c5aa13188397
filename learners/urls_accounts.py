from django.urls import path

from learners.views import accounts, data, profile

app_name = "accounts"

urlpatterns = [
    path("accounts/signup/", accounts.signup, name="signup"),
    path("accounts/signup/sent/", accounts.signup_done, name="signup_done"),
    path(
        "accounts/signup/confirm/<uidb64>/<token>/",
        accounts.signup_confirm,
        name="signup_confirm",
    ),
    path("accounts/login/", accounts.login_view, name="login"),
    path("accounts/logout/", accounts.logout_view, name="logout"),
    path("accounts/password/change/", accounts.password_change, name="password_change"),
    path(
        "accounts/password/change/done/",
        accounts.password_change_done,
        name="password_change_done",
    ),
    path("accounts/password/reset/", accounts.password_reset, name="password_reset"),
    path("accounts/password/reset/sent/", accounts.password_reset_done, name="password_reset_done"),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        accounts.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/reset/complete/",
        accounts.password_reset_complete,
        name="password_reset_complete",
    ),
    path("me/settings/", accounts.account_settings, name="settings"),
    path("me/logout-everywhere/", accounts.logout_everywhere, name="logout_everywhere"),
    path("me/export/", data.export, name="export"),
    path("me/export.zip", data.export_csv, name="export_csv"),
    path("me/delete/", data.delete, name="delete"),
    path("u/<slug:handle>/", profile.public_profile, name="profile"),
]
