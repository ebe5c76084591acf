from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from peersupport.views import accounts, core

urlpatterns = [
    path("", core.home, name="home"),
    path("healthz", core.healthz, name="healthz"),
    path("i18n/setlang/", core.set_language, name="set_language"),
    path("accounts/login/", core.SignInView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/signup/", accounts.signup, name="signup"),
    path("accounts/signup/sent/", accounts.signup_sent, name="signup_sent"),
    path(
        "accounts/signup/confirm/<str:token>/",
        accounts.signup_confirm_view,
        name="signup_confirm",
    ),
    path(
        "accounts/invitation/<str:token>/",
        accounts.invitation_accept_view,
        name="invitation_accept",
    ),
    path("accounts/profile/", accounts.profile, name="profile"),
    path(
        "accounts/password/change/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("accounts/password/reset/", core.PasswordResetView.as_view(), name="password_reset"),
    path(
        "accounts/password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("admin/", admin.site.urls),
    path("", include("programs.urls")),
    path("", include("matching.urls")),
    path("", include("referrals.urls")),
    path("", include("sessions.urls")),
]
