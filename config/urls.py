from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

from peersupport.views import accounts, core, privacy, two_factor

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
    path("my/privacy/", privacy.privacy, name="privacy"),
    path("my/privacy/data.json", privacy.export_json, name="privacy_export_json"),
    path("my/privacy/data/", privacy.export_html, name="privacy_export_html"),
    path("my/privacy/withdraw-consent/", privacy.withdraw_consent, name="privacy_withdraw"),
    path("my/privacy/erasure/", privacy.ask_erasure, name="privacy_erasure"),
    path("accounts/two-factor/", two_factor.verify, name="two_factor_verify"),
    path("accounts/two-factor/setup/", two_factor.setup, name="two_factor_setup"),
    path(
        "accounts/two-factor/recovery-codes/",
        two_factor.recovery_codes,
        name="two_factor_recovery_codes",
    ),
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
    # The admin signs in through the product's sign-in (lockout, audit, second factor).
    path("admin/login/", RedirectView.as_view(pattern_name="login", query_string=True)),
    path("admin/", admin.site.urls),
    path("", include("programs.urls")),
    path("", include("matching.urls")),
    path("", include("referrals.urls")),
    path("", include("sessions.urls")),
    path("", include("dashboard.urls")),
]
